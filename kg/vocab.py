"""The IRIs of the vocabularies kg writes, as text.

The build, the view and the model need only IRIs, and importing rdflib takes longer than building
a small corpus; so they are here as plain strings. :mod:`kg.namespaces` gives the same terms as
rdflib namespaces, for the code that reads rdflib graphs.
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["Vocabulary", "KGO", "KGO_TERMS", "QB", "SDMX_DIM", "SDMX_ATTR", "SDMX_MEASURE", "QUDT_UNIT", "CUR",
           "PERIOD", "RDF", "RDFS", "OWL", "XSD", "SKOS", "DCTERMS", "PROV", "ORG", "VANN", "PREFIXES"]


class Vocabulary:
    """A vocabulary's namespace IRI (``str(V)``); ``V.term`` (or ``V.term_named("x-y")``) is a
    term's IRI, as text. Given its ``terms``, a vocabulary refuses any other: a misspelt term fails
    at once, as rdflib's ``DefinedNamespace`` with ``_fail`` does. Not a ``str`` itself, so that no
    term is taken for a method of ``str`` (``DCTERMS.title``).

    >>> DCTERMS.title
    'http://purl.org/dc/terms/title'
    >>> KGO.Mesure
    Traceback (most recent call last):
    AttributeError: 'Mesure' is not a term of https://w3id.org/kg-policy/ontology#
    """

    __slots__ = ("iri", "terms")

    def __init__(self, iri: str, terms: Iterable[str] | None = None) -> None:
        self.iri = iri
        self.terms = frozenset(terms) if terms is not None else None

    def __getattr__(self, name: str) -> str:  # asked only for what is not a slot or a method
        if name.startswith("__"):  # copy, pickle and the like ask for special names
            raise AttributeError(name)
        return self.term_named(name)

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Vocabulary({self.iri!r})"

    def term_named(self, name: str) -> str:
        """The IRI of the term ``name`` (which need not be a Python name: ``KiloW-HR``)."""
        if self.terms is not None and name not in self.terms:
            raise AttributeError(f"{name!r} is not a term of {self.iri}")
        return self.iri + name


#: The terms of the kg policy ontology (``ontology/kg.ttl``).
KGO_TERMS: tuple[str, ...] = (
    # classes
    "Dataset", "Goal", "Battle", "WorkArea", "Measure", "Indicator", "Observation", "Source", "Passage",
    "NamedThing", "Programme", "IndustrialCluster", "Place", "Organisation", "Role", "Person", "Sector",
    "Document", "Principle", "Period", "ObservationStatus", "Comparator", "ValueKind", "SourceKind", "Speech",
    "Summary", "FAQ", "Plan", "Report", "Article", "OtherText",
    # individuals
    "Actual", "Target", "Allocation", "Exactly", "AtLeast", "MoreThan", "About", "Nearly", "AtMost",
    "LessThan", "Level", "Change", "GrowthRate", "Share", "Multiple",
    # object properties
    "contributesTo", "servesGoal", "inWorkArea", "inBattle", "partOfMeasure", "relatedMeasure", "tracks",
    "mentions", "indicator", "rankScope", "status", "comparator", "sourceKind", "inDataset", "basePeriod",
    "expresses", "leadAgency", "supportingAgency", "implements", "respondsTo",
    # datatype properties
    "statedAim", "absoluteValue", "rank", "rankWithin", "quote", "startOffset", "endOffset", "sourceFile",
    "startDate", "endDate", "note", "cumulative", "asOf",
)

KGO = Vocabulary("https://w3id.org/kg-policy/ontology#", KGO_TERMS)
QB = Vocabulary("http://purl.org/linked-data/cube#")
SDMX_DIM = Vocabulary("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTR = Vocabulary("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Vocabulary("http://purl.org/linked-data/sdmx/2009/measure#")
QUDT_UNIT = Vocabulary("http://qudt.org/vocab/unit/")
CUR = Vocabulary("http://qudt.org/vocab/currency/")
PERIOD = Vocabulary("https://w3id.org/kg-policy/period/")
RDF = Vocabulary("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Vocabulary("http://www.w3.org/2000/01/rdf-schema#")
OWL = Vocabulary("http://www.w3.org/2002/07/owl#")
XSD = Vocabulary("http://www.w3.org/2001/XMLSchema#")
SKOS = Vocabulary("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Vocabulary("http://purl.org/dc/terms/")
PROV = Vocabulary("http://www.w3.org/ns/prov#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
VANN = Vocabulary("http://purl.org/vocab/vann/")

#: Prefixes bound in every graph kg writes, so Turtle output is stable and readable.
PREFIXES: dict[str, str] = {
    "kgo": str(KGO),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-attribute": str(SDMX_ATTR),
    "sdmx-measure": str(SDMX_MEASURE),
    "org": str(ORG),
    "unit": str(QUDT_UNIT),
    "cur": str(CUR),
    "period": str(PERIOD),
    "owl": str(OWL),
    "vann": str(VANN),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
