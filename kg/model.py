"""The data model: which entity kinds exist, their YAML fields, and how each maps to RDF.

One table drives the loader, the JSON Schema (``kg schema``) and the RDF build, so the
three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kg.fields import (
    ID_PATTERN, LANGS, Boolean, Choice, Citations, Date, ExternalIris, FieldType, Labels, Nested, Number, PeriodType, Ref, Refs, Scale, Span,
    Text, Unit, Whole,
)
from kg.vocab import CUR, DCTERMS, KGO, ORG, OWL, PROV, QB, QUDT_UNIT, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, SKOS
from kg.records import Citation, Corpus, Dataset, Loc, Period, Record, dataset_prefix, graph_for

__all__ = [
    "Loc", "Field", "Kind", "Citation", "Period", "Record", "Dataset", "Corpus",
    "dataset_prefix", "graph_for", "KINDS", "KIND_BY_KEY", "DATASET_FIELDS", "DATASET_LINKS", "UNIT_BOUNDS", "UNIT_EXPRESSES",
    "NAMED_THING_KINDS", "SCALES", "UNITS", "ID_PATTERN", "LANGS",
]


#: Chinese number scales -> power of ten (``sdmx-attribute:unitMult``).
SCALES: dict[str, int] = Scale.POWERS

#: Unit codes accepted in YAML -> QUDT unit IRIs.
UNITS: dict[str, str] = {
    "CNY": CUR.CNY,
    "USD": CUR.USD,
    "percent": QUDT_UNIT.PERCENT,
    "share": QUDT_UNIT.PERCENT,
    "percentage-point": QUDT_UNIT.PERCENT,
    "count": QUDT_UNIT.NUM,
    "year": QUDT_UNIT.YR,
    "index": QUDT_UNIT.UNITLESS,
    "tonne": QUDT_UNIT.TONNE,
    "kWh": QUDT_UNIT.term_named("KiloW-HR"),
    "times": QUDT_UNIT.UNITLESS,
}

#: What a value in a unit states when the data does not say (``expresses``): a share is a part of a
#: whole, a percentage point a change, "times" a multiple; every other unit leaves it unsaid.
UNIT_EXPRESSES: dict[str, str] = {"share": "share", "percentage-point": "change", "times": "multiple"}


#: Bounds a value must keep for its unit: (minimum, maximum, whole numbers only).
UNIT_BOUNDS: dict[str, tuple[int | None, int | None, bool]] = {
    "count": (0, None, True),       # "378家": a count is a whole number, never negative
    "share": (0, 100, False),       # a part of a whole, in per cent; growth rates use "percent"
    "year": (0, None, False),
    "times": (0, None, False),      # a multiple of the base is never negative
}


@dataclass(frozen=True)
class Field:
    """One YAML key of an entity kind."""

    name: str
    type: FieldType
    doc: str
    required: bool = False
    predicate: str | None = None
    #: The kinds a reference (or a citation) may name.
    targets: tuple[str, ...] = ()
    #: For a link that leads up towards the goals: how it reads ("serves goal").
    up: str | None = None


@dataclass(frozen=True)
class Kind:
    """An entity kind: its YAML key, its OWL class and its fields."""

    name: str
    key: str
    cls: str
    doc: str
    fields: tuple[Field, ...]
    extra_types: tuple[str, ...] = ()
    #: Keys of which at least one must be given.
    one_of: tuple[str, ...] = ()

    @cached_property
    def fields_by_name(self) -> dict[str, Field]:
        """Each field by its name, the key it is written under (made once: every entity read asks)."""
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field | None:
        return self.fields_by_name.get(name)

    @cached_property
    def reference_fields(self) -> tuple[Field, ...]:
        """The fields whose values name other entities (made once: every entity checked asks)."""
        return tuple(f for f in self.fields if f.type.reference)


_TEXT, _LABELS, _REF, _REFS = Text(), Labels(), Ref(), Refs()
_UNIT = Unit(UNITS)
_EXTERNAL = ExternalIris()


def _common(kind: str, *extra: Field) -> tuple[Field, ...]:
    """The fields every entity kind has, ``extra`` among them; ``same_as``, ``exact_match`` and
    ``close_match`` may name an entity of the same kind in another data set."""
    same = (kind,)
    return (
        Field("id", _TEXT, "Stable identifier; the entity's IRI is the data set's base followed by it.", True),
        Field("label", _LABELS, "Name in each language, e.g. {zh: 集群培育, en: Cluster cultivation}.", True, SKOS.prefLabel),
        Field("alt_label", Labels(lists=True), "Other names or abbreviations, per language.", False, SKOS.altLabel),
        Field("definition", _LABELS, "What the text says this is, per language.", False, SKOS.definition),
        Field("note", _TEXT, "Analyst's note, e.g. where the text is ambiguous.", False, SKOS.editorialNote),
        Field("notation", _TEXT, "Its code in an official scheme, e.g. an administrative division code "
                                 "(GB/T 2260) such as 330000.", False, SKOS.notation),
        *extra,
        Field("same_as", _EXTERNAL, "The same thing elsewhere (an IRI or another data set's dataset:id; one or a "
                                    "list), e.g. its Wikidata item.", False, OWL.sameAs, same),
        Field("exact_match", _EXTERNAL, "A concept elsewhere that means exactly this (an IRI or dataset:id), e.g. "
                                        "an official indicator or code.", False, SKOS.exactMatch, same),
        Field("close_match", _EXTERNAL, "A concept elsewhere that means nearly this (an IRI or dataset:id).",
              False, SKOS.closeMatch, same),
        Field("mentions", _REFS, "Named things (programmes, clusters, sectors, places, organisations, people, roles, "
                                 "documents, principles) it mentions.",
              False, KGO.mentions, NAMED_THING_KINDS),
        Field("source", Citations(), "Passage(s) it comes from: {ref: SOURCE_ID, quote: exact text}.", False,
              PROV.hadPrimarySource, ("source",)),
    )


NAMED_THING_KINDS: tuple[str, ...] = ("programme", "cluster", "sector", "place", "organisation", "person", "role",
                                      "document", "principle")
_AGENCY = ("organisation",)
_TRACKABLE = ("goal", "battle", "work_area", "measure", *NAMED_THING_KINDS)

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("source", "sources", KGO.Source, "A document, or a part of one, that statements come from.", (
        Field("id", _TEXT, "Stable identifier.", True),
        Field("label", _LABELS, "Title in each language.", True, DCTERMS.title),
        Field("kind", Choice({
            "speech": KGO.Speech, "summary": KGO.Summary, "faq": KGO.FAQ, "plan": KGO.Plan,
            "report": KGO.Report, "article": KGO.Article, "other": KGO.OtherText}),
            "What sort of text it is.", True, KGO.sourceKind),
        Field("file", _TEXT, "Text file holding it, relative to the data set folder (UTF-8).", True, KGO.sourceFile),
        Field("span", Span(), "[start, end) character offsets of this source within the file.", False),
        Field("part_of", _REF, "The source this one is a part of.", False, DCTERMS.isPartOf, ("source",)),
        Field("date", Date(), "Date given or published, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).", False, DCTERMS.date),
        Field("publisher", _REF, "The organisation that issued or published it.", False, DCTERMS.publisher,
              ("organisation",)),
        Field("url", _EXTERNAL, "Where the text was taken from (an http(s) IRI).", False, DCTERMS.source, ("source",)),
        Field("note", _TEXT, "Analyst's note.", False, SKOS.editorialNote),
    )),
    Kind("goal", "goals", KGO.Goal, "An end the document sets out to reach.", _common("goal",
        Field("broader", _REFS, "Goals this one contributes to.", False, KGO.contributesTo, ("goal",), "contributes to"),
    )),
    Kind("battle", "battles", KGO.Battle, "A campaign fought for one or more goals.", _common("battle",
        Field("serves", _REFS, "Goals it is fought for.", False, KGO.servesGoal, ("goal",), "serves goal"),
    )),
    Kind("work_area", "work_areas", KGO.WorkArea, "An area that measures are organised in.", _common("work_area",
        Field("aim", _LABELS, "The area's stated aim, per language.", False, KGO.statedAim),
        Field("serves", _REFS, "Goals it serves.", False, KGO.servesGoal, ("goal",), "serves goal"),
    )),
    Kind("measure", "measures", KGO.Measure, "A concrete action or policy the document commits to.", _common("measure",
        Field("part_of", _REF, "Broader measure this one is a concrete action of.", False, KGO.partOfMeasure,
              ("measure",), "is part of"),
        Field("work_area", _REF, "Work area it belongs to.", False, KGO.inWorkArea, ("work_area",), "is in work area"),
        Field("battles", _REFS, "Battles it is part of.", False, KGO.inBattle, ("battle",), "is in battle"),
        Field("serves", _REFS, "Goals it serves directly.", False, KGO.servesGoal, ("goal",), "serves goal"),
        Field("related", _REFS, "Measures it works together with.", False, KGO.relatedMeasure, ("measure",)),
        Field("lead", _REFS, "Organisations that lead it (牵头).", False, KGO.leadAgency, _AGENCY),
        Field("support", _REFS, "Organisations that work on it with the lead (配合).", False, KGO.supportingAgency,
              _AGENCY),
        Field("implements", _REFS, "Measures or programmes it carries out, typically another document's "
                                   "(dataset:id), e.g. a provincial measure implementing a national one.",
              False, KGO.implements, ("measure", "programme"), "implements"),
    )),
    Kind("indicator", "indicators", KGO.Indicator, "A quantity that shows progress.", _common("indicator",
        Field("tracks", _REFS, "What it shows progress of.", False, KGO.tracks, _TRACKABLE, "tracks"),
        Field("unit", _UNIT, f"The unit its values are given in: one of {', '.join(UNITS)}, or a full IRI.", False,
              SDMX_ATTR.unitMeasure),
        Field("publisher", _REF, "The organisation that compiles and publishes it (its statistical source), "
                                 "e.g. the national statistics bureau.", False, DCTERMS.publisher, ("organisation",)),
        Field("observations", Nested("observation"), "Its values, each an observation.", False),
    )),
    Kind("observation", "observations", KGO.Observation, "One value of an indicator.", (
        Field("id", _TEXT, "Stable identifier.", True),
        Field("indicator", _REF, "The indicator (implied when nested under one).", True, KGO.indicator, ("indicator",),
              "is a value of"),
        Field("label", _LABELS, "Optional label per language.", False, SKOS.prefLabel),
        Field("value", Number(), "The number as written, e.g. 2.94 for 2.94万亿 (may be left out when only a rank is "
                                  "stated).", False, SDMX_MEASURE.obsValue),
        Field("scale", Scale(), f"Scale word the number is written with: {', '.join(SCALES)}.", False, SDMX_ATTR.unitMult),
        Field("unit", _UNIT, f"Unit: one of {', '.join(UNITS)}, or a full IRI.", True, SDMX_ATTR.unitMeasure),
        Field("period", PeriodType(), "Reference period: 2023, 2024-04, or a range 2024-01/2024-04.", True, SDMX_DIM.refPeriod),
        Field("base_period", PeriodType(), "Period the value is compared with: 2023 for 较2023年增长25%; "
                                           "the previous year for 同比.", False, KGO.basePeriod),
        Field("expresses", Choice({"level": KGO.Level, "change": KGO.Change, "growth-rate": KGO.GrowthRate,
                                   "share": KGO.Share, "multiple": KGO.Multiple}),
              "What the value states: a level, a change, a growth rate (增长6%), a share of a whole (占比), or a "
              "multiple of the base (翻一番 = 2). Implied by the units share, percentage-point and times.",
              False, KGO.expresses),
        Field("cumulative", Boolean(), "True when the value adds up several periods (累计), not its period alone.",
              False, KGO.cumulative),
        Field("as_of", Date(), "The date the value stands at: 2024-04-30 for 截至4月底.", False, KGO.asOf),
        Field("area", _REF, "Place it refers to (defaults to the data set's area).", False, SDMX_DIM.refArea, ("place",)),
        Field("rank", Whole(), "Rank stated in the text, 1 = first.", False, KGO.rank),
        Field("rank_within", Boolean(), "True when the text says 'within the top N' rather than 'N-th'.", False, KGO.rankWithin),
        Field("rank_scope", _REF, "Place the rank is among, e.g. the country.", False, KGO.rankScope, ("place",)),
        Field("status", Choice({"actual": KGO.Actual, "target": KGO.Target, "allocation": KGO.Allocation}),
              "Whether the value is an actual figure, a target, or money allocated (安排, 下达: a budget, bonds).",
              False, KGO.status),
        Field("comparator", Choice({"exactly": KGO.Exactly, "at-least": KGO.AtLeast, "more-than": KGO.MoreThan,
                                    "about": KGO.About, "nearly": KGO.Nearly, "at-most": KGO.AtMost,
                                    "less-than": KGO.LessThan}),
              "How the value bounds the quantity, as the text says: 以上/不低于 at-least, 超/突破 more-than, "
              "约/左右 about, 近 nearly, 不超过/以内 at-most, 低于/不到 less-than.", False, KGO.comparator),
        Field("note", _TEXT, "Analyst's note.", False, SKOS.editorialNote),
        Field("source", Citations(), "Passage(s) it comes from.", False, PROV.hadPrimarySource, ("source",)),
    ), extra_types=(QB.Observation,), one_of=("value", "rank")),
    Kind("programme", "programmes", KGO.Programme, "A named programme, project, action or slogan.", _common("programme")),
    Kind("cluster", "clusters", KGO.IndustrialCluster, "A named industrial cluster.", _common("cluster")),
    Kind("sector", "sectors", KGO.Sector, "A sector or industry (行业, 产业), as against a cluster of firms.", _common("sector",
        Field("broader", _REFS, "Wider sectors it belongs to.", False, SKOS.broader, ("sector",)),
    )),
    Kind("place", "places", KGO.Place, "A named place or zone.", _common("place"), extra_types=(DCTERMS.Location,)),
    Kind("organisation", "organisations", KGO.Organisation, "A named organisation or kind of enterprise.",
         _common("organisation"), extra_types=(ORG.Organization,)),
    Kind("person", "people", KGO.Person, "A person the text names, e.g. an official who speaks.", _common("person",
        Field("member_of", _REFS, "Organisations the person belongs to.", False, ORG.memberOf, _AGENCY),
    ), extra_types=(PROV.Person,)),
    Kind("role", "roles", KGO.Role, "A named role, e.g. a chain leader.", _common("role"), extra_types=(ORG.Role,)),
    Kind("document", "documents", KGO.Document, "A document the text names, e.g. a plan or its implementation plan.",
         _common("document",
             Field("issued", Date(), "Date issued, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).", False, DCTERMS.issued),
             Field("issued_by", _REFS, "Organisations that issued it.", False, DCTERMS.publisher, _AGENCY),
         ), extra_types=(DCTERMS.BibliographicResource,)),
    Kind("principle", "principles", KGO.Principle, "A principle the document sets for the work, e.g. 三个坚持.",
         _common("principle")),
)}

KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS.values()}

#: The keys allowed in a data set's ``dataset:`` block.
DATASET_FIELDS: tuple[Field, ...] = (
    Field("id", _TEXT, "Identifier of the data set (the document).", True),
    Field("base", _TEXT, "Base IRI for entity IRIs; ends with / or #.", True),
    Field("label", _LABELS, "Title in each language.", True),
    Field("description", _LABELS, "What the document is, per language.", False),
    Field("area", _REF, "Default place for observations (an id, or another data set's dataset:id).", False, None,
          ("place",)),
    *(Field(name, _REFS, doc, False, predicate, ("dataset",)) for name, (predicate, doc) in {
        "references": (DCTERMS.references, "Data sets (ids) whose documents this one refers to."),
        "replaces": (DCTERMS.replaces, "Data sets whose documents this one supersedes (an earlier year's plan)."),
        "implements": (KGO.implements, "Data sets whose documents this one was issued to carry out "
                                       "(a provincial plan implementing a national one)."),
        "responds_to": (KGO.respondsTo, "Data sets whose documents this one answers or takes up "
                                        "(a speech taking up a national plan)."),
    }.items()),
)

#: The ``dataset:`` keys that relate the data set to others (each a list of data set ids).
DATASET_LINKS: tuple[str, ...] = ("references", "replaces", "implements", "responds_to")
