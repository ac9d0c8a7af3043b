"""Records -> an rdflib Graph, with IRIs derived deterministically from ids."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, VANN
from rdflib.term import Node

from kg.errors import DataError, UsageError
from kg.loader import read
from kg.model import KINDS, SCALES, UNITS, Citation, Corpus, Dataset, Period, Record
from kg.namespaces import KGO, PERIOD, PREFIXES, QB, SDMX_DIM
from kg.checks import check

__all__ = ["build_graph", "build", "iter_triples", "prefixes", "period_iri", "passage_iri", "decimal_literal"]


def period_iri(period: Period) -> URIRef:
    """Periods are shared across data sets, so one IRI per period text: ``period:2024-01_2024-04``."""
    return PERIOD[period.text.replace("/", "_")]


def passage_iri(source: URIRef, citation: Citation) -> URIRef:
    """An RFC 5147 fragment of the source: ``<source#char=start,end>``."""
    return URIRef(f"{source}#char={citation.start},{citation.end}")


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical form (``100.0``, ``2.94``), so Turtle round-trips it unchanged.

    Every digit written is kept: no arithmetic context (28 digits) touches the value.

    >>> str(decimal_literal(Decimal("1.23456789012345678901234567890123")))
    '1.23456789012345678901234567890123'
    >>> str(decimal_literal(Decimal("5.0E+3"))), str(decimal_literal(Decimal("2.940")))
    ('5000.0', '2.94')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text if "." in text else text + ".0",
                   datatype=XSD.decimal)


Triple = tuple[URIRef, URIRef, Node]


def _period_triples(period: Period) -> Iterator[Triple]:
    node = period_iri(period)
    yield node, RDF.type, KGO.Period
    yield node, RDFS.label, Literal(period.text)
    yield node, KGO.startDate, Literal(period.start, datatype=XSD.date)
    yield node, KGO.endDate, Literal(period.end, datatype=XSD.date)


def _labels(node: URIRef, predicate: URIRef, labels: dict[str, object]) -> Iterator[Triple]:
    for lang, text in labels.items():
        for t in text if isinstance(text, list) else [text]:
            yield node, predicate, Literal(t, lang=lang)


def _record_triples(ds: Dataset, rec: Record, periods: set[URIRef], passages: set[URIRef]) -> Iterator[Triple]:
    """The triples of one entity; ``periods`` and ``passages`` hold those already emitted."""
    kind = KINDS[rec.kind]
    node = ds.iri(rec.id)
    yield node, RDF.type, kind.cls
    for extra in kind.extra_types:
        yield node, RDF.type, extra
    yield node, KGO.inDataset, URIRef(ds.base)
    for f in kind.fields:
        value = rec.values.get(f.name)
        if value is None or f.predicate is None and f.type not in ("citations", "span"):
            continue
        p = f.predicate
        if f.type == "labels":
            yield from _labels(node, p, value)  # type: ignore[arg-type]
        elif f.type == "text":
            yield node, p, Literal(value)
        elif f.type in ("ref", "refs"):
            for target in [value] if isinstance(value, str) else value:  # type: ignore[union-attr]
                yield node, p, ds.iri(target)
        elif f.type == "decimal":
            yield node, p, decimal_literal(value)  # type: ignore[arg-type]
        elif f.type == "integer":
            yield node, p, Literal(value, datatype=XSD.integer)
        elif f.type == "boolean":
            yield node, p, Literal(value, datatype=XSD.boolean)
        elif f.type == "choice":
            yield node, p, f.choices[value]  # type: ignore[index]
        elif f.type == "scale":
            yield node, p, Literal(SCALES[value], datatype=XSD.integer)  # type: ignore[index]
        elif f.type == "unit":
            yield node, p, UNITS.get(value, value)  # type: ignore[arg-type, misc]
        elif f.type == "period":
            iri = period_iri(value)  # type: ignore[arg-type]
            if iri not in periods:
                periods.add(iri)
                yield from _period_triples(value)  # type: ignore[arg-type]
            yield node, p, iri
        elif f.type == "span":
            yield node, KGO.startOffset, Literal(value[0], datatype=XSD.integer)  # type: ignore[index]
            yield node, KGO.endOffset, Literal(value[1], datatype=XSD.integer)  # type: ignore[index]
        elif f.type == "citations":
            sources: set[URIRef] = set()
            for c in value:  # type: ignore[union-attr]
                source = ds.iri(c.source)
                passage = passage_iri(source, c)
                if passage not in passages:
                    passages.add(passage)
                    yield passage, RDF.type, KGO.Passage
                    yield passage, DCTERMS.isPartOf, source
                    yield passage, KGO.quote, Literal(c.quote)
                    yield passage, KGO.startOffset, Literal(c.start, datatype=XSD.integer)
                    yield passage, KGO.endOffset, Literal(c.end, datatype=XSD.integer)
                yield node, PROV.wasDerivedFrom, passage
                if source not in sources:
                    sources.add(source)
                    yield node, PROV.hadPrimarySource, source
    if rec.kind == "observation":
        yield node, QB.dataSet, URIRef(ds.base)
        if "area" not in rec.values and ds.area:
            yield node, SDMX_DIM.refArea, ds.iri(ds.area)
        if "status" not in rec.values:
            yield node, KGO.status, KGO.Actual
        if "comparator" not in rec.values:
            yield node, KGO.comparator, KGO.Exactly
        value = rec.values.get("value")
        if isinstance(value, Decimal):
            absolute = value.scaleb(SCALES.get(rec.values.get("scale"), 0))  # type: ignore[arg-type]
            yield node, KGO.absoluteValue, decimal_literal(absolute)


def iter_triples(corpus: Corpus, periods: set[URIRef] | None = None) -> Iterator[Triple]:
    """Every triple of a loaded and checked corpus, as it is produced (no graph is held).

    A shared period or passage is emitted once; pass the same ``periods`` set to calls over
    several corpora so that periods shared between them are emitted once too.
    """
    if not corpus.checked:
        raise UsageError("this corpus has not been checked: kg.check(corpus) resolves its references and "
                         "quotes, and must find no problem before it can be built")
    periods = set() if periods is None else periods
    for ds in corpus.datasets:
        passages: set[URIRef] = set()  # a passage belongs to one data set; periods are shared by all
        top = URIRef(ds.base)
        yield top, RDF.type, KGO.Dataset
        yield top, RDF.type, QB.DataSet
        yield from _labels(top, DCTERMS.title, ds.label)
        yield from _labels(top, DCTERMS.description, ds.description)
        if ds.prefix:  # so that a reader of the graph alone (a store, a Turtle file) finds the same prefix
            yield top, VANN.preferredNamespacePrefix, Literal(ds.prefix)
        for rec in ds.records.values():
            yield from _record_triples(ds, rec, periods, passages)


def prefixes(corpus: Corpus) -> dict[str, str]:
    """kg's prefixes plus one per data set (:func:`kg.model.dataset_prefix`)."""
    out = dict(PREFIXES)
    out.update({ds.prefix: ds.base for ds in corpus.datasets if ds.prefix})
    return out


def build_graph(corpus: Corpus) -> Graph:
    """The RDF graph of a loaded and checked corpus (see :func:`build` for the whole pipeline)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in prefixes(corpus).items():
        g.bind(prefix, ns)
    g.addN((s, p, o, g) for s, p, o in iter_triples(corpus))
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
