"""A checked corpus -> its triples, as pyoxigraph quads made directly (no rdflib term per value).

IRIs derive deterministically from ids, so the same YAML gives the same triples in the same order.
A sink takes them from here: pyoxigraph's Turtle/N-Triples/N-Quads writers, a pyoxigraph store,
or (only where rdflib is needed) an rdflib graph.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox

from kg.errors import UsageError
from kg.fields import Choice, FieldType, decimal_literal, integer_literal
from kg.model import DATASET_FIELDS, DATASET_LINKS, KINDS, SCALES, UNIT_EXPRESSES, Citation, Dataset, Period, Record, graph_for
from kg.records import CheckedCorpus
from kg.vocab import DCTERMS, KGO, PERIOD, PREFIXES, PROV, QB, RDF, RDFS, SDMX_DIM, VANN, XSD

__all__ = ["quads", "in_named_graphs", "prefixes", "period_iri", "passage_iri", "decimal_literal", "Seen", "Emitter", "SHARED_GRAPH"]

_N = ox.NamedNode
_DATE, _TYPE, _LABEL, _TITLE, _DESCRIPTION, _PART_OF, _DERIVED, _PREFIX = (_N(t) for t in (
    XSD.date, RDF.type, RDFS.label, DCTERMS.title, DCTERMS.description, DCTERMS.isPartOf, PROV.wasDerivedFrom,
    VANN.preferredNamespacePrefix))
(_DATASET, _QB_DATASET, _IN_DATASET, _PASSAGE, _PERIOD, _QUOTE, _START, _END, _START_DATE, _END_DATE,
 _OBS_DATASET, _REF_AREA, _STATUS, _ACTUAL, _COMPARATOR, _EXACTLY, _ABSOLUTE) = (_N(t) for t in (
    KGO.Dataset, QB.DataSet, KGO.inDataset, KGO.Passage, KGO.Period, KGO.quote, KGO.startOffset,
    KGO.endOffset, KGO.startDate, KGO.endDate, QB.dataSet, SDMX_DIM.refArea, KGO.status, KGO.Actual,
    KGO.comparator, KGO.Exactly, KGO.absoluteValue))


_EXPRESSES = _N(KGO.expresses)


def _implied_value_kinds() -> dict[str, ox.NamedNode]:
    """Unit -> the individual of what a value in it expresses when the data does not say."""
    f = KINDS["observation"].field("expresses")
    assert f is not None and isinstance(f.type, Choice)
    return {unit: f.type.node(word) for unit, word in UNIT_EXPRESSES.items()}


_IMPLIED_VALUE_KIND = _implied_value_kinds()

#: The predicate of each relation between data sets (``implements: [national-plan]``).
_LINKS = {f.name: _N(f.predicate) for f in DATASET_FIELDS if f.name in DATASET_LINKS and f.predicate is not None}


class _Plan:
    """One kind's classes and fields as pyoxigraph terms, made once."""

    def __init__(self, kind: str) -> None:
        k = KINDS[kind]
        self.types = [_N(k.cls), *(_N(t) for t in k.extra_types)]
        self.fields: list[tuple[str, FieldType, ox.NamedNode]] = [
            (f.name, f.type, _N(f.predicate) if f.predicate is not None else _TYPE)  # _TYPE: unused
            for f in k.fields if f.predicate is not None or f.type.own_predicates]


_PLANS = {name: _Plan(name) for name in KINDS}


def period_iri(period: Period) -> ox.NamedNode:
    """Periods are shared across data sets, so one IRI per period text: ``period:2024-01_2024-04``."""
    return _N(f"{PERIOD}{period.text.replace('/', '_')}")


def passage_iri(source: str, citation: Citation) -> ox.NamedNode:
    """An RFC 5147 fragment of the source: ``<source#char=start,end>``."""
    return _N(f"{source}#char={citation.start},{citation.end}")


class Seen:
    """Shared nodes already emitted, so each is described once: periods across every data set of a
    run; passages within one data set. With ``aside``, a period's description is kept in
    :attr:`described` (period IRI -> its quads) instead of being yielded with the data set's own
    triples: a worker writes each apart, since another worker may describe the same period."""

    def __init__(self, aside: bool = False) -> None:
        self.periods: set[str] = set()
        self.described: dict[str, list[ox.Quad]] | None = {} if aside else None


class Emitter:
    """The triples of one data set; IRIs made once per id."""

    def __init__(self, ds: Dataset, seen: Seen, bases: Mapping[str, str] | None = None) -> None:
        self.ds = ds
        self.seen = seen
        self.bases = bases or {}
        self.top = _N(ds.base)
        self.iris: dict[str, ox.NamedNode] = {}
        self.passages: set[str] = set()

    def iri(self, entity_id: str) -> ox.NamedNode:
        """The IRI of an id of this data set, or of ``other:id`` in another (checked to exist)."""
        node = self.iris.get(entity_id)
        if node is None:
            prefix, sep, local = entity_id.partition(":")
            base = self.ds.base if not sep or prefix == self.ds.id else self.bases[prefix]
            node = self.iris[entity_id] = _N(base + (local if sep else entity_id))
        return node

    def labels(self, node: ox.NamedNode, predicate: ox.NamedNode, labels: dict) -> Iterator[ox.Quad]:
        for lang, text in labels.items():
            for t in text if isinstance(text, list) else (text,):
                yield ox.Quad(node, predicate, ox.Literal(t, language=lang))

    def dataset(self) -> Iterator[ox.Quad]:
        ds, top = self.ds, self.top
        yield ox.Quad(top, _TYPE, _DATASET)
        yield ox.Quad(top, _TYPE, _QB_DATASET)
        yield from self.labels(top, _TITLE, ds.label)
        yield from self.labels(top, _DESCRIPTION, ds.description)
        if ds.prefix:  # so that a reader of the graph alone (a store, a Turtle file) finds the same prefix
            yield ox.Quad(top, _PREFIX, ox.Literal(ds.prefix))
        for name, targets in ds.links.items():  # checked: every one is in the build
            for target in targets:
                yield ox.Quad(top, _LINKS[name], _N(self.bases[target]))

    def period(self, period: Period) -> Iterator[ox.Quad]:
        node = period_iri(period)
        if node.value not in self.seen.periods:
            self.seen.periods.add(node.value)
            described = [ox.Quad(node, _TYPE, _PERIOD), ox.Quad(node, _LABEL, ox.Literal(period.text)),
                         ox.Quad(node, _START_DATE, ox.Literal(period.start.isoformat(), datatype=_DATE)),
                         ox.Quad(node, _END_DATE, ox.Literal(period.end.isoformat(), datatype=_DATE))]
            if self.seen.described is None:
                yield from described
            else:
                self.seen.described[node.value] = described

    def period_iri(self, period: Period) -> ox.NamedNode:
        return period_iri(period)

    def offsets(self, node: ox.NamedNode, start: int, end: int) -> Iterator[ox.Quad]:
        yield ox.Quad(node, _START, integer_literal(start))
        yield ox.Quad(node, _END, integer_literal(end))

    def citations(self, node: ox.NamedNode, citations: list[Citation], primary: ox.NamedNode) -> Iterator[ox.Quad]:
        """Each passage quoted (stated once), ``node`` derived from it, and ``node``'s ``primary``
        source (``prov:hadPrimarySource``, the citation field's predicate in the model) once per source."""
        sources: set[str] = set()
        for c in citations:
            source = self.iri(c.source)
            passage = passage_iri(source.value, c)
            if passage.value not in self.passages:
                self.passages.add(passage.value)
                yield ox.Quad(passage, _TYPE, _PASSAGE)
                yield ox.Quad(passage, _PART_OF, source)
                yield ox.Quad(passage, _QUOTE, ox.Literal(c.quote))
                yield from self.offsets(passage, c.start, c.end)  # type: ignore[arg-type]
            yield ox.Quad(node, _DERIVED, passage)
            if source.value not in sources:
                sources.add(source.value)
                yield ox.Quad(node, primary, source)

    def record(self, rec: Record) -> Iterator[ox.Quad]:
        plan = _PLANS[rec.kind]
        node = self.iri(rec.id)
        values = rec.values
        for cls in plan.types:
            yield ox.Quad(node, _TYPE, cls)
        yield ox.Quad(node, _IN_DATASET, self.top)
        for name, ftype, p in plan.fields:
            value = values.get(name)
            if value is not None:
                yield from ftype.emit(self, node, p, value)
        if rec.kind == "observation":
            yield from self.observation(node, rec)

    def observation(self, node: ox.NamedNode, rec: Record) -> Iterator[ox.Quad]:
        """What an observation states without saying: its data set, area, status and comparator by
        default, and its value times its scale."""
        values = rec.values
        yield ox.Quad(node, _OBS_DATASET, self.top)
        if "area" not in values and self.ds.area:
            yield ox.Quad(node, _REF_AREA, self.iri(self.ds.area))
        if "status" not in values:
            yield ox.Quad(node, _STATUS, _ACTUAL)
        if "comparator" not in values:
            yield ox.Quad(node, _COMPARATOR, _EXACTLY)
        unit = values.get("unit")
        if "expresses" not in values and isinstance(unit, str) and unit in UNIT_EXPRESSES:
            yield ox.Quad(node, _EXPRESSES, _IMPLIED_VALUE_KIND[unit])
        value = values.get("value")
        if isinstance(value, Decimal):
            scale = values.get("scale")
            absolute = value.scaleb(SCALES.get(scale, 0) if isinstance(scale, str) else 0)
            yield ox.Quad(node, _ABSOLUTE, decimal_literal(absolute))


def quads(corpus: CheckedCorpus, seen: Seen | None = None, bases: Mapping[str, str] | None = None) -> Iterator[ox.Quad]:
    """Every triple of a checked corpus, as a quad in the default graph (what every sink takes),
    as it is produced (nothing is held).

    Pass the same ``seen`` to calls over several corpora (data sets built one at a time) so that
    the periods they share are described once, and ``bases`` (data set id -> base) for the data
    sets that ``other:id`` references name, when they are not in ``corpus``.
    """
    if not isinstance(corpus, CheckedCorpus):
        raise UsageError("this corpus has not been checked: build what kg.check(corpus) returns (it resolves "
                         "references and quotes, and raises DataError on any problem)")
    seen = seen or Seen()
    every = {**(bases or {}), **{ds.id: ds.base for ds in corpus.datasets}}
    for ds in corpus.datasets:
        emit = Emitter(ds, seen, every)
        yield from emit.dataset()
        for rec in ds.records.values():
            yield from emit.record(rec)


#: The named graph of what no data set owns: the reference periods they share.
SHARED_GRAPH = str(PERIOD)


def in_named_graphs(items: Iterable[ox.Quad], bases: list[str]) -> Iterator[ox.Quad]:
    """Each quad moved into the named graph of its data set (:func:`kg.model.graph_for`), or, for
    the shared periods, into :data:`SHARED_GRAPH`: every quad in a named graph, so that a store
    whose default graph is the union of its named graphs answers every query."""
    from kg.terms import term_value  # with rdflib's conversions: an export's, not the build's

    graphs = {b: _N(b) for b in bases}
    shared = _N(SHARED_GRAPH)
    for t in items:
        base = graph_for(term_value(t.subject), bases)
        yield ox.Quad(t.subject, t.predicate, t.object, graphs[base] if base else shared)


def prefixes(datasets: Iterable[Dataset]) -> dict[str, str]:
    """kg's prefixes plus one per data set (:func:`kg.model.dataset_prefix`)."""
    out = dict(PREFIXES)
    out.update({ds.prefix: ds.base for ds in datasets if ds.prefix})
    return out
