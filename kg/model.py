"""The data model: which entity kinds exist, their YAML fields, and how each maps to RDF.

One table drives the loader, the JSON Schema (``kg schema``) and the RDF build, so the
three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Literal

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from kg.namespaces import CUR, KGO, PREFIXES, QB, QUDT_UNIT, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE

__all__ = [
    "Loc", "Field", "Kind", "Citation", "Period", "Record", "Dataset", "Corpus",
    "dataset_prefix", "graph_for", "KINDS", "KIND_BY_KEY", "DATASET_FIELDS", "UNIT_BOUNDS", "NAMED_THING_KINDS", "SCALES", "UNITS", "ID_PATTERN", "LANGS",
]

FieldType = Literal[
    "labels", "text", "ref", "refs", "decimal", "integer", "boolean", "choice",
    "unit", "period", "citations", "nested", "span", "scale",
]

#: Ids are ASCII slugs so that IRIs derived from them need no escaping.
# not ending in "." : a Turtle prefixed name cannot end with one unescaped, and not every reader takes "\."
ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9_-])?$"
#: Languages every entity label must be given in.
LANGS: tuple[str, ...] = ("zh", "en")

#: Chinese number scales -> power of ten (``sdmx-attribute:unitMult``).
SCALES: dict[str, int] = {"十": 1, "百": 2, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8, "万亿": 12}

#: Unit codes accepted in YAML -> QUDT unit IRIs.
UNITS: dict[str, URIRef] = {
    "CNY": CUR.CNY,
    "USD": CUR.USD,
    "percent": QUDT_UNIT.PERCENT,
    "share": QUDT_UNIT.PERCENT,
    "percentage-point": QUDT_UNIT.PERCENT,
    "count": QUDT_UNIT.NUM,
    "year": QUDT_UNIT.YR,
    "index": QUDT_UNIT.UNITLESS,
    "tonne": QUDT_UNIT.TONNE,
    "kWh": QUDT_UNIT["KiloW-HR"],
}


#: Bounds a value must keep for its unit: (minimum, maximum, whole numbers only).
UNIT_BOUNDS: dict[str, tuple[int | None, int | None, bool]] = {
    "count": (0, None, True),       # "378家": a count is a whole number, never negative
    "share": (0, 100, False),       # a part of a whole, in per cent; growth rates use "percent"
    "year": (0, None, False),
}


@dataclass(frozen=True, order=True)
class Loc:
    """Where a value stands in a YAML file (1-based line and column)."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Field:
    """One YAML key of an entity kind."""

    name: str
    type: FieldType
    doc: str
    required: bool = False
    predicate: URIRef | None = None
    targets: tuple[str, ...] = ()
    choices: dict[str, URIRef] = field(default_factory=dict)
    nested: str | None = None


@dataclass(frozen=True)
class Kind:
    """An entity kind: its YAML key, its OWL class and its fields."""

    name: str
    key: str
    cls: URIRef
    doc: str
    fields: tuple[Field, ...]
    label_required: bool = True
    extra_types: tuple[URIRef, ...] = ()
    #: Keys of which at least one must be given.
    one_of: tuple[str, ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Citation:
    """A quote from a source passage; offsets are filled in once the source text is read."""

    source: str
    quote: str
    loc: Loc
    at: int | None = None
    start: int | None = None

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + len(self.quote)


@dataclass(frozen=True)
class Period:
    """A reference period: a year, a month, a day, or a range ``start/end`` of those."""

    text: str
    start: date
    end: date


@dataclass
class Record:
    """One entity read from YAML, with the location of the entity and of each of its values."""

    kind: str
    id: str
    dataset: str
    loc: Loc
    values: dict[str, object] = field(default_factory=dict)
    locs: dict[str, Loc] = field(default_factory=dict)

    def at(self, name: str) -> Loc:
        return self.locs.get(name, self.loc)


@dataclass
class Dataset:
    """One source document's folder: its metadata and its entities."""

    id: str
    base: str
    folder: str
    loc: Loc
    label: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    area: str | None = None
    records: dict[str, Record] = field(default_factory=dict)

    def iri(self, entity_id: str) -> URIRef:
        return URIRef(self.base + entity_id)

    @property
    def prefix(self) -> str | None:
        """The data set's prefix in Turtle and query results: see :func:`dataset_prefix`."""
        return dataset_prefix(self.id)


def dataset_prefix(dataset_id: str) -> str | None:
    """The one prefix rule: a data set's prefix is its id, when that is a Turtle prefix name (an id
    that starts with a letter; ``mini.v2`` is one) and is not one of kg's own prefixes.

    >>> dataset_prefix("mini.v2"), dataset_prefix("2024-plan"), dataset_prefix("skos")
    ('mini.v2', None, None)
    """
    if not dataset_id[:1].isascii() or not dataset_id[:1].isalpha() or dataset_id in PREFIXES:
        return None
    return dataset_id


def graph_for(iri: str, bases: Iterable[str]) -> str | None:
    """The one named-graph rule: a term belongs to the data set with the longest base it starts
    with (bases may nest), or to no data set (shared periods and vocabulary).

    >>> graph_for("http://e/a/b/x", ["http://e/a/", "http://e/a/b/"])
    'http://e/a/b/'
    """
    return max((b for b in bases if iri.startswith(b)), key=len, default=None)


@dataclass
class Corpus:
    """Every data set loaded in one run."""

    datasets: list[Dataset] = field(default_factory=list)
    #: Set by :func:`kg.checks.check` when it found no problem: references resolved and quotes
    #: located. Only a checked corpus can be turned into triples.
    checked: bool = field(default=False, compare=False)

    def records(self) -> list[Record]:
        return [r for d in self.datasets for r in d.records.values()]


def _common(*extra: Field) -> tuple[Field, ...]:
    return (
        Field("id", "text", "Stable identifier; the entity's IRI is the data set's base followed by it.", True),
        Field("label", "labels", "Name in each language, e.g. {zh: 集群培育, en: Cluster cultivation}.", True, SKOS.prefLabel),
        Field("alt_label", "labels", "Other names or abbreviations, per language.", False, SKOS.altLabel),
        Field("definition", "labels", "What the text says this is, per language.", False, SKOS.definition),
        Field("note", "text", "Analyst's note, e.g. where the text is ambiguous.", False, SKOS.editorialNote),
        *extra,
        Field("mentions", "refs", "Named things (programmes, clusters, places, organisations, roles) it mentions.",
              False, KGO.mentions, NAMED_THING_KINDS),
        Field("source", "citations", "Passage(s) it comes from: {ref: SOURCE_ID, quote: exact text}.", False),
    )


NAMED_THING_KINDS: tuple[str, ...] = ("programme", "cluster", "place", "organisation", "role")
_TRACKABLE = ("goal", "battle", "work_area", "measure", *NAMED_THING_KINDS)

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("source", "sources", KGO.Source, "A document, or a part of one, that statements come from.", (
        Field("id", "text", "Stable identifier.", True),
        Field("label", "labels", "Title in each language.", True, DCTERMS.title),
        Field("kind", "choice", "What sort of text it is.", True, KGO.sourceKind, choices={
            "speech": KGO.Speech, "summary": KGO.Summary, "faq": KGO.FAQ, "plan": KGO.Plan,
            "report": KGO.Report, "article": KGO.Article, "other": KGO.OtherText}),
        Field("file", "text", "Text file holding it, relative to the data set folder (UTF-8).", True, KGO.sourceFile),
        Field("span", "span", "[start, end) character offsets of this source within the file.", False),
        Field("part_of", "ref", "The source this one is a part of.", False, DCTERMS.isPartOf, ("source",)),
        Field("date", "text", "Date given or published, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD).", False, DCTERMS.date),
        Field("note", "text", "Analyst's note.", False, SKOS.editorialNote),
    )),
    Kind("goal", "goals", KGO.Goal, "An end the document sets out to reach.", _common(
        Field("broader", "refs", "Goals this one contributes to.", False, KGO.contributesTo, ("goal",)),
    )),
    Kind("battle", "battles", KGO.Battle, "A campaign fought for one or more goals.", _common(
        Field("serves", "refs", "Goals it is fought for.", False, KGO.servesGoal, ("goal",)),
    )),
    Kind("work_area", "work_areas", KGO.WorkArea, "An area that measures are organised in.", _common(
        Field("aim", "labels", "The area's stated aim, per language.", False, KGO.statedAim),
        Field("serves", "refs", "Goals it serves.", False, KGO.servesGoal, ("goal",)),
    )),
    Kind("measure", "measures", KGO.Measure, "A concrete action or policy the document commits to.", _common(
        Field("work_area", "ref", "Work area it belongs to.", False, KGO.inWorkArea, ("work_area",)),
        Field("battles", "refs", "Battles it is part of.", False, KGO.inBattle, ("battle",)),
        Field("serves", "refs", "Goals it serves directly.", False, KGO.servesGoal, ("goal",)),
        Field("part_of", "ref", "Broader measure this one is a concrete action of.", False, KGO.partOfMeasure, ("measure",)),
        Field("related", "refs", "Measures it works together with.", False, KGO.relatedMeasure, ("measure",)),
    )),
    Kind("indicator", "indicators", KGO.Indicator, "A quantity that shows progress.", _common(
        Field("tracks", "refs", "What it shows progress of.", False, KGO.tracks, _TRACKABLE),
        Field("observations", "nested", "Its values, each an observation.", False, nested="observation"),
    )),
    Kind("observation", "observations", KGO.Observation, "One value of an indicator.", (
        Field("id", "text", "Stable identifier.", True),
        Field("indicator", "ref", "The indicator (implied when nested under one).", True, KGO.indicator, ("indicator",)),
        Field("label", "labels", "Optional label per language.", False, SKOS.prefLabel),
        Field("value", "decimal", "The number as written, e.g. 2.94 for 2.94万亿 (may be left out when only a rank is "
                                  "stated).", False, SDMX_MEASURE.obsValue),
        Field("scale", "scale", f"Scale word the number is written with: {', '.join(SCALES)}.", False, SDMX_ATTR.unitMult),
        Field("unit", "unit", f"Unit: one of {', '.join(UNITS)}, or a full IRI.", True, SDMX_ATTR.unitMeasure),
        Field("period", "period", "Reference period: 2023, 2024-04, or a range 2024-01/2024-04.", True, SDMX_DIM.refPeriod),
        Field("area", "ref", "Place it refers to (defaults to the data set's area).", False, SDMX_DIM.refArea, ("place",)),
        Field("rank", "integer", "Rank stated in the text, 1 = first.", False, KGO.rank),
        Field("rank_within", "boolean", "True when the text says 'within the top N' rather than 'N-th'.", False, KGO.rankWithin),
        Field("rank_scope", "ref", "Place the rank is among, e.g. the country.", False, KGO.rankScope, ("place",)),
        Field("status", "choice", "Whether the value is an actual figure or a target.", False, KGO.status,
              choices={"actual": KGO.Actual, "target": KGO.Target}),
        Field("comparator", "choice", "How the value bounds the quantity ('超' = more-than).", False, KGO.comparator,
              choices={"exactly": KGO.Exactly, "at-least": KGO.AtLeast, "more-than": KGO.MoreThan, "about": KGO.About}),
        Field("note", "text", "Analyst's note.", False, SKOS.editorialNote),
        Field("source", "citations", "Passage(s) it comes from.", False),
    ), label_required=False, extra_types=(QB.Observation,), one_of=("value", "rank")),
    Kind("programme", "programmes", KGO.Programme, "A named programme, project, action or slogan.", _common()),
    Kind("cluster", "clusters", KGO.IndustrialCluster, "A named industrial cluster or industry.", _common()),
    Kind("place", "places", KGO.Place, "A named place or zone.", _common(), extra_types=(DCTERMS.Location,)),
    Kind("organisation", "organisations", KGO.Organisation, "A named organisation or kind of enterprise.",
         _common(), extra_types=(ORG.Organization,)),
    Kind("role", "roles", KGO.Role, "A named role, e.g. a chain leader.", _common(), extra_types=(ORG.Role,)),
)}

KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS.values()}

#: The keys allowed in a data set's ``dataset:`` block.
DATASET_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "Identifier of the data set (the document).", True),
    Field("base", "text", "Base IRI for entity IRIs; ends with / or #.", True),
    Field("label", "labels", "Title in each language.", True),
    Field("description", "labels", "What the document is, per language.", False),
    Field("area", "ref", "Default place for observations.", False, None, ("place",)),
)
