"""Records -> an rdflib Graph, with IRIs derived deterministically from ids."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.errors import DataError
from kg.load import read
from kg.model import KINDS, SCALES, UNITS, Citation, Corpus, Dataset, Period, Record
from kg.namespaces import KGO, PERIOD, PREFIXES, QB, SDMX_DIM
from kg.validate import check

__all__ = ["build_graph", "build", "period_iri", "passage_iri", "new_graph", "decimal_literal"]

_PREFIX_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def new_graph() -> Graph:
    """An empty graph with kg's prefixes bound, and no others."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def period_iri(period: Period) -> URIRef:
    """Periods are shared across data sets, so one IRI per period text: ``period:2024-01_2024-04``."""
    return PERIOD[period.text.replace("/", "_")]


def passage_iri(source: URIRef, citation: Citation) -> URIRef:
    """An RFC 5147 fragment of the source: ``<source#char=start,end>``."""
    return URIRef(f"{source}#char={citation.start},{citation.end}")


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical form (``100.0``, ``2.94``), so Turtle round-trips it unchanged."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _add_period(g: Graph, period: Period) -> URIRef:
    node = period_iri(period)
    g.add((node, RDF.type, KGO.Period))
    g.add((node, RDFS.label, Literal(period.text)))
    g.add((node, KGO.startDate, Literal(period.start, datatype=XSD.date)))
    g.add((node, KGO.endDate, Literal(period.end, datatype=XSD.date)))
    return node


def _literal_labels(g: Graph, node: URIRef, predicate: URIRef, labels: dict[str, object]) -> None:
    for lang, text in labels.items():
        for t in text if isinstance(text, list) else [text]:
            g.add((node, predicate, Literal(t, lang=lang)))


def _add_record(g: Graph, ds: Dataset, rec: Record) -> None:
    kind = KINDS[rec.kind]
    node = ds.iri(rec.id)
    g.add((node, RDF.type, kind.cls))
    for extra in kind.extra_types:
        g.add((node, RDF.type, extra))
    g.add((node, KGO.inDataset, URIRef(ds.base)))
    for f in kind.fields:
        value = rec.values.get(f.name)
        if value is None or f.predicate is None and f.type not in ("citations", "span"):
            continue
        if f.type == "labels":
            _literal_labels(g, node, f.predicate, value)  # type: ignore[arg-type]
        elif f.type == "text":
            g.add((node, f.predicate, Literal(value)))
        elif f.type in ("ref", "refs"):
            for target in [value] if isinstance(value, str) else value:  # type: ignore[union-attr]
                g.add((node, f.predicate, ds.iri(target)))
        elif f.type == "decimal":
            g.add((node, f.predicate, decimal_literal(value)))  # type: ignore[arg-type]
        elif f.type == "integer":
            g.add((node, f.predicate, Literal(value, datatype=XSD.integer)))
        elif f.type == "boolean":
            g.add((node, f.predicate, Literal(value, datatype=XSD.boolean)))
        elif f.type == "choice":
            g.add((node, f.predicate, f.choices[value]))  # type: ignore[index]
        elif f.type == "scale":
            g.add((node, f.predicate, Literal(SCALES[value], datatype=XSD.integer)))  # type: ignore[index]
        elif f.type == "unit":
            g.add((node, f.predicate, UNITS.get(value, value)))  # type: ignore[arg-type]
        elif f.type == "period":
            g.add((node, f.predicate, _add_period(g, value)))  # type: ignore[arg-type]
        elif f.type == "span":
            g.add((node, KGO.startOffset, Literal(value[0], datatype=XSD.integer)))  # type: ignore[index]
            g.add((node, KGO.endOffset, Literal(value[1], datatype=XSD.integer)))  # type: ignore[index]
        elif f.type == "citations":
            for c in value:  # type: ignore[union-attr]
                source = ds.iri(c.source)
                passage = passage_iri(source, c)
                g.add((passage, RDF.type, KGO.Passage))
                g.add((passage, DCTERMS.isPartOf, source))
                g.add((passage, KGO.quote, Literal(c.quote)))
                g.add((passage, KGO.startOffset, Literal(c.start, datatype=XSD.integer)))
                g.add((passage, KGO.endOffset, Literal(c.end, datatype=XSD.integer)))
                g.add((node, PROV.wasDerivedFrom, passage))
                g.add((node, PROV.hadPrimarySource, source))
    if rec.kind == "observation":
        g.add((node, QB.dataSet, URIRef(ds.base)))
        if "area" not in rec.values and ds.area:
            g.add((node, SDMX_DIM.refArea, ds.iri(ds.area)))
        if "status" not in rec.values:
            g.add((node, KGO.status, KGO.Actual))
        if "comparator" not in rec.values:
            g.add((node, KGO.comparator, KGO.Exactly))
        value = rec.values.get("value")
        if isinstance(value, Decimal):
            absolute = value.scaleb(SCALES.get(rec.values.get("scale"), 0))  # type: ignore[arg-type]
            g.add((node, KGO.absoluteValue, decimal_literal(absolute)))


def build_graph(corpus: Corpus) -> Graph:
    """The RDF graph of a loaded and checked corpus (see :func:`build` for the whole pipeline)."""
    g = new_graph()
    for ds in corpus.datasets:
        if _PREFIX_NAME.match(ds.id):
            g.bind(ds.id, ds.base)
        top = URIRef(ds.base)
        g.add((top, RDF.type, KGO.Dataset))
        g.add((top, RDF.type, QB.DataSet))
        _literal_labels(g, top, DCTERMS.title, ds.label)
        _literal_labels(g, top, DCTERMS.description, ds.description)
        for rec in ds.records.values():
            _add_record(g, ds, rec)
    return g


def build(paths: Iterable[str | Path] | None = None, shacl: bool = True) -> tuple[Corpus, Graph]:
    """Load, check, build and (by default) SHACL-validate; raise :class:`DataError` with every problem.

    >>> corpus, graph = build()          # the bundled data
    >>> len(graph) > 0
    True
    """
    corpus, problems = read(paths)
    problems += check(corpus)
    if problems:
        raise DataError(problems)
    graph = build_graph(corpus)
    if shacl:
        from kg.shacl import shacl_problems

        problems = shacl_problems(graph, corpus)
        if problems:
            raise DataError(problems)
    return corpus, graph
