"""RDF vocabularies used by kg; ``KGO`` fails on misspelt terms."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

__all__ = ["KGO", "QB", "SDMX_DIM", "SDMX_ATTR", "SDMX_MEASURE", "QUDT_UNIT", "CUR", "PERIOD", "PREFIXES"]


class KGO(DefinedNamespace):
    """The kg policy ontology (``ontology/kg.ttl``)."""

    _NS = Namespace("https://w3id.org/kg-policy/ontology#")
    _fail = True

    # classes
    Dataset: URIRef
    Goal: URIRef
    Battle: URIRef
    WorkArea: URIRef
    Measure: URIRef
    Indicator: URIRef
    Observation: URIRef
    Source: URIRef
    Passage: URIRef
    NamedThing: URIRef
    Programme: URIRef
    IndustrialCluster: URIRef
    Place: URIRef
    Organisation: URIRef
    Role: URIRef
    Person: URIRef
    Sector: URIRef
    Document: URIRef
    Principle: URIRef
    Period: URIRef
    ObservationStatus: URIRef
    Comparator: URIRef
    ValueKind: URIRef
    SourceKind: URIRef
    Speech: URIRef
    Summary: URIRef
    FAQ: URIRef
    Plan: URIRef
    Report: URIRef
    Article: URIRef
    OtherText: URIRef
    # individuals
    Actual: URIRef
    Target: URIRef
    Allocation: URIRef
    Exactly: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    About: URIRef
    Nearly: URIRef
    AtMost: URIRef
    LessThan: URIRef
    Level: URIRef
    Change: URIRef
    GrowthRate: URIRef
    Share: URIRef
    Multiple: URIRef
    # object properties
    contributesTo: URIRef
    servesGoal: URIRef
    inWorkArea: URIRef
    inBattle: URIRef
    partOfMeasure: URIRef
    relatedMeasure: URIRef
    tracks: URIRef
    mentions: URIRef
    indicator: URIRef
    rankScope: URIRef
    status: URIRef
    comparator: URIRef
    sourceKind: URIRef
    inDataset: URIRef
    basePeriod: URIRef
    expresses: URIRef
    leadAgency: URIRef
    supportingAgency: URIRef
    implements: URIRef
    respondsTo: URIRef
    # datatype properties
    statedAim: URIRef
    absoluteValue: URIRef
    rank: URIRef
    rankWithin: URIRef
    quote: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sourceFile: URIRef
    startDate: URIRef
    endDate: URIRef
    note: URIRef
    cumulative: URIRef
    asOf: URIRef


QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
CUR = Namespace("http://qudt.org/vocab/currency/")
PERIOD = Namespace("https://w3id.org/kg-policy/period/")

#: Prefixes bound in every graph kg writes, so Turtle output is stable and readable.
PREFIXES: dict[str, str] = {
    "kgo": str(KGO._NS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-attribute": str(SDMX_ATTR),
    "sdmx-measure": str(SDMX_MEASURE),
    "org": "http://www.w3.org/ns/org#",
    "unit": str(QUDT_UNIT),
    "cur": str(CUR),
    "period": str(PERIOD),
    "owl": "http://www.w3.org/2002/07/owl#",
    "vann": "http://purl.org/vocab/vann/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
