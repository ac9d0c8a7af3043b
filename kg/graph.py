"""Reading a built graph: one interface over a pyoxigraph store for query, trace, view, analyze and
export, with what they all need derived from the model in one place: each entity's kind, its label
in a language, and the links that lead up towards the goals.

The read methods mirror rdflib's (``objects``, ``subjects``, ``value``, ``triples``) and return
rdflib terms, so code and notebooks written against an rdflib graph read a store unchanged. rdflib
is imported by those methods only: the build and the view read the store's own terms, and importing
rdflib would take longer than building a small corpus. For the same reason the constants below
hold IRIs as text (from :mod:`kg.vocab`, as the model does): wrap one in ``URIRef`` to look it up
in an rdflib graph, where a text IRI finds nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Union

import pyoxigraph as ox

from kg.errors import UsageError
from kg.iri import check_iri
from kg.model import KINDS
from kg.reading import TurtleReading
from kg.vocab import DCTERMS, KGO, PREFIXES, RDF, RDFS, SKOS, VANN

if TYPE_CHECKING:
    from rdflib import Graph, URIRef
    from rdflib.term import Node

__all__ = ["StoreGraph", "as_store_graph", "open_graph", "read_turtle", "iri_of", "ENTITY_KINDS", "NETWORK_KINDS", "KIND_OF_CLASS", "LABEL_PREDICATES",
           "kind_of", "label_in", "labels", "resolve_entity", "dataset_iri", "AnyGraph", "UP_LINKS", "SERVE_LINKS", "ENTITY_LINKS",
           "SOURCE_LINKS", "NETWORK_LINKS", "NAME_OF_KIND"]

#: The kinds of entity the documents state (goals, measures, named things ...): every kind but sources.
ENTITY_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k != "source")
#: The kinds that are nodes of the network: the entities and the sources they are quoted from
#: (passages and periods are context).
NETWORK_KINDS: tuple[str, ...] = (*ENTITY_KINDS, "source")
#: Each kind's OWL class -> the kind.
KIND_OF_CLASS: dict[str, str] = {k.cls: k.name for k in KINDS.values()}
#: Kinds from the bottom of the tree to its top.
_BOTTOM_UP = ("observation", "indicator", "measure", "work_area", "battle", "goal")
#: Links that lead up towards the goals -> how each reads ("serves goal"), from the bottom up.
UP_LINKS: dict[str, str] = {f.predicate: f.up for kind in _BOTTOM_UP for f in KINDS[kind].fields
                               if f.up and f.predicate is not None}
#: The up links along which a measure serves a goal (measure -> broader measure -> work area or
#: battle -> goal -> broader goal).
SERVE_LINKS: tuple[str, ...] = tuple(dict.fromkeys(
    f.predicate for kind in ("measure", "work_area", "battle", "goal") for f in KINDS[kind].fields
    if f.up and f.predicate is not None))
#: Links between two entities (the network's edges): the up links, and every other reference
#: between entities except an observation's place and rank scope, which are context.
ENTITY_LINKS: tuple[str, ...] = tuple(dict.fromkeys([*UP_LINKS, *(
    f.predicate for kind in ENTITY_KINDS if kind != "observation" for f in KINDS[kind].fields
    if f.type.reference and f.predicate is not None)]))
#: The links of the sources, all from the model: from an entity to each source it is quoted from
#: (its citations' ``prov:hadPrimarySource``), and a source's references (the source it is part of,
#: its publisher).
SOURCE_LINKS: tuple[str, ...] = tuple(dict.fromkeys(
    f.predicate for kind in NETWORK_KINDS for f in KINDS[kind].fields if f.predicate is not None
    and ("source" in f.targets or (kind == "source" and f.type.reference))))
#: The network's edges: the links between entities and the links of the sources.
NETWORK_LINKS: tuple[str, ...] = tuple(dict.fromkeys([*ENTITY_LINKS, *SOURCE_LINKS]))
#: Each kind's name predicate (``skos:prefLabel``; a source's title, ``dcterms:title``).
NAME_OF_KIND: dict[str, str] = {k.name: f.predicate for k in KINDS.values() for f in k.fields
                               if f.name == "label" and f.predicate is not None}
#: Where a node's name is found, in order of preference.
LABEL_PREDICATES: tuple[str, ...] = (SKOS.prefLabel, DCTERMS.title, RDFS.label)
_TYPE = ox.NamedNode(RDF.type)

AnyGraph = Union["Graph", "StoreGraph"]


def iri_of(node: object) -> str | None:
    """``node``'s IRI when it names one: a ``str``, or an rdflib ``URIRef`` (not a literal or a
    blank node, which are ``str`` too); else ``None``."""
    if type(node) is str:
        return node
    rdflib = sys.modules.get("rdflib")  # not imported: no rdflib term can have been made
    return str(node) if rdflib is not None and isinstance(node, rdflib.URIRef) else None


def _ox(node: Node | str | None) -> Any:
    """A pyoxigraph term, or None for "any": an IRI given as text, or an rdflib term. Any: like
    rdflib's, the read methods take any term in any place, and pyoxigraph checks the places (a
    literal predicate is its TypeError)."""
    if node is None:
        return None
    iri = iri_of(node)
    if iri is not None:
        return ox.NamedNode(iri)
    from kg.terms import to_oxigraph

    return to_oxigraph(node)  # type: ignore[arg-type]


def _rdflib(term: Any) -> Any:
    from kg.terms import from_oxigraph

    return from_oxigraph(term)


def label_in(labels: dict[str, str], lang: str) -> str | None:
    """The text for ``lang`` from a language -> text mapping, else any (the first), else ``None``.

    >>> label_in({"zh": "目标", "en": "Goal"}, "en"), label_in({"zh": "目标"}, "en"), label_in({}, "en")
    ('Goal', '目标', None)
    """
    return labels.get(lang) or next(iter(labels.values()), None)


class StoreGraph:
    """A built graph in a pyoxigraph store (in memory, or a store folder opened read-only)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._prefixes = dict(PREFIXES)
        for q in store.quads_for_pattern(None, ox.NamedNode(VANN.preferredNamespacePrefix), None):
            self._prefixes[q.object.value] = q.subject.value  # type: ignore[union-attr]  # written by the build: the one prefix rule

    # -- rdflib's read methods -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.store)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return self.triples((None, None, None))

    def __contains__(self, triple: tuple[Node | str | None, Node | str | None, Node | str | None]) -> bool:
        s, p, o = (_ox(t) for t in triple)
        return next(iter(self.store.quads_for_pattern(s, p, o)), None) is not None

    def triples(self, pattern: tuple[Node | str | None, Node | str | None, Node | str | None]
                ) -> Iterator[tuple[Node, Node, Node]]:
        s, p, o = (_ox(t) for t in pattern)
        for q in self.store.quads_for_pattern(s, p, o):
            yield _rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)

    def objects(self, subject: Node | str | None = None, predicate: Node | str | None = None) -> Iterator[Node]:
        for q in self.store.quads_for_pattern(_ox(subject), _ox(predicate), None):
            yield _rdflib(q.object)

    def subjects(self, predicate: Node | str | None = None, object: Node | str | None = None) -> Iterator[Node]:  # noqa: A002
        for q in self.store.quads_for_pattern(None, _ox(predicate), _ox(object)):
            yield _rdflib(q.subject)

    def subject_objects(self, predicate: Node | str | None = None) -> Iterator[tuple[Node, Node]]:
        for q in self.store.quads_for_pattern(None, _ox(predicate), None):
            yield _rdflib(q.subject), _rdflib(q.object)

    def value(self, subject: Node | str | None = None, predicate: Node | str | None = None) -> Node | None:
        """One object of ``subject predicate`` (the least, so the answer is the same every time)."""
        if subject is None:
            return None
        found = sorted(self.objects(subject, predicate), key=str)
        return found[0] if found else None

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        from rdflib import URIRef

        for prefix, ns in self._prefixes.items():
            yield prefix, URIRef(ns)

    # -- what kg reads ---------------------------------------------------------------------------
    def update(self, text: str) -> None:
        """Run a SPARQL update on the store (only an in-memory one: a store folder is opened read-only)."""
        try:
            self.store.update(text)
        except (OSError, RuntimeError) as e:  # pyoxigraph: "only possible on read-write instances"
            raise UsageError(f"this store is read-only: {e}") from None

    def labels(self, node: Node | str, *predicates: str) -> dict[str, str]:
        """See :func:`labels`."""
        return labels(self, node, *predicates)

    def label(self, node: Node | str, lang: str = "en") -> str | None:
        """``node``'s name in ``lang``, else in any language, else ``None``."""
        return label_in(labels(self, node), lang)

    def kind(self, node: Node | str) -> str | None:
        """The kind (``goal``, ``measure``, ...) of an entity, or ``None`` for anything else."""
        return kind_of(self, node)

    def entities(self, kind: str) -> Iterator[URIRef]:
        """Every entity of ``kind``, in no particular order."""
        from rdflib import URIRef

        for iri in self.entity_iris(kind):
            yield URIRef(iri)

    def entity_iris(self, kind: str) -> Iterator[str]:
        """The IRI of every entity of ``kind``, in no particular order."""
        for q in self.store.quads_for_pattern(None, _TYPE, ox.NamedNode(KINDS[kind].cls)):
            yield q.subject.value  # type: ignore[union-attr]

    def prefixes(self) -> dict[str, str]:
        return dict(self._prefixes)

    def to_rdflib(self) -> Graph:
        """A copy as an rdflib graph, for what only rdflib does (pyshacl, compacted JSON-LD)."""
        from rdflib import Graph

        g = Graph(bind_namespaces="none")
        for prefix, ns in self._prefixes.items():
            g.bind(prefix, ns)
        g.addN((s, p, o, g) for s, p, o in self)
        return g


def as_store_graph(graph: AnyGraph) -> StoreGraph:
    """``graph`` itself when it is a :class:`StoreGraph`; a store copy of an rdflib graph (made
    afresh each time: no cache can miss an update)."""
    if isinstance(graph, StoreGraph):
        return graph
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    out = StoreGraph(store)
    for prefix, ns in graph.namespaces():
        out._prefixes.setdefault(prefix, str(ns))
    return out


def open_graph(paths: Iterable[str | Path] | None = None,
               turtle: str | Path | TurtleReading | None = None) -> StoreGraph:
    """The graph of the data sets under ``paths`` (default: the bundled data; checked, SHACL is
    ``--shacl``'s), or of a built ``turtle`` file (or one already being read), in an in-memory store."""
    if turtle is not None:
        return read_turtle(turtle)
    from kg.pipeline import build_store

    return build_store(paths)


def read_turtle(path: str | Path | TurtleReading) -> StoreGraph:
    """A built graph from a Turtle file, parsed by pyoxigraph into an in-memory store."""
    reading = path if isinstance(path, TurtleReading) else TurtleReading(path)
    return StoreGraph(reading.store())


def labels(graph: AnyGraph, node: Node | str, *predicates: str) -> dict[str, str]:
    """Language -> text of ``node`` under the first of ``predicates`` that gives any (default: the
    name predicates, :data:`LABEL_PREDICATES`); the least text per language, so the answer is the
    same every time; a text without a language is under ``""``. The one place labels are picked."""
    for p in predicates or LABEL_PREDICATES:
        out: dict[str, str] = {}
        for text, lang in sorted(_texts(graph, node, p)):
            out.setdefault(lang, text)
        if out:
            return out
    return {}


def _texts(graph: AnyGraph, node: Node | str, predicate: str) -> Iterator[tuple[str, str]]:
    """(text, language) of each literal of ``node predicate``."""
    iri = iri_of(node)
    if isinstance(graph, StoreGraph) and iri is not None:  # straight from the store's terms
        for q in graph.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None):
            if isinstance(q.object, ox.Literal):
                yield q.object.value, q.object.language or ""
        return
    from rdflib import Literal, URIRef

    for o in graph.objects(URIRef(iri) if iri is not None else node, URIRef(predicate)):  # type: ignore[arg-type]
        if isinstance(o, Literal):
            yield str(o), o.language or ""


def kind_of(graph: AnyGraph, node: Node | str) -> str | None:
    """The kind of ``node`` in either sort of graph."""
    from rdflib import URIRef

    iri = iri_of(node)
    return next((KIND_OF_CLASS[str(t)] for t in graph.objects(URIRef(iri) if iri is not None else node,  # type: ignore[arg-type]
                                                              URIRef(RDF.type))
                 if isinstance(t, URIRef) and str(t) in KIND_OF_CLASS), None)


def resolve_entity(graph: AnyGraph, value: str, what: str = "entity") -> URIRef:
    """The IRI named by ``value``: a full IRI, a prefixed name, or an entity id in any data set.

    The IRI is checked (:func:`kg.iri.check_iri`, a :class:`UsageError` naming ``what``), as it
    may be bound into a query.
    """
    from rdflib import URIRef

    if re.match(r"^https?://", value):
        check_iri(value, what)
        return URIRef(value)
    if ":" in value:
        prefix, _, local = value.partition(":")
        for p, ns in graph.namespaces():
            if p == prefix:
                check_iri(str(ns) + local, what)
                return URIRef(str(ns) + local)
    candidates = {URIRef(str(ds) + value) for ds in graph.subjects(URIRef(RDF.type), URIRef(KGO.Dataset))}
    for iri in candidates:  # before looking them up: a store cannot even look up an invalid IRI
        check_iri(str(iri), what)
    hits = sorted(iri for iri in candidates if (iri, None, None) in graph)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise UsageError(f"no entity with id '{value}' in the graph")
    raise UsageError(f"id '{value}' is in several data sets; give it as dataset:id or as the full IRI: "
                     f"{', '.join(hits)}")


def dataset_iri(graph: AnyGraph, value: str) -> str:
    """The base IRI of the data set named by ``value``: its id (the prefix of its entities) or its IRI."""
    from rdflib import URIRef

    found = sorted(str(d) for d in graph.subjects(URIRef(RDF.type), URIRef(KGO.Dataset)))
    prefixes = dict(graph.namespaces())
    for ds in found:
        if value in (ds, ds.rstrip("/")) or str(prefixes.get(value, "")) == ds or ds.rstrip("/").rsplit("/", 1)[-1] == value:
            return ds
    import difflib

    ids = [ds.rstrip("/").rsplit("/", 1)[-1] for ds in found]
    close = difflib.get_close_matches(value, ids, n=1)
    raise UsageError(f"no data set '{value}' in the graph" + (f"; did you mean '{close[0]}'?" if close else
                                                              f"; it holds {', '.join(ids)}"))
