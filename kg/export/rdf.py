"""RDF formats, written by pyoxigraph from the built graph: Turtle, N-Triples, N-Quads and TriG
(one named graph per source document), RDF/XML; and JSON-LD compacted with kg's @context, the one
format that needs rdflib.

Triples are sorted first, so the same graph always gives the same bytes."""

from __future__ import annotations

import json
from pathlib import Path
import pyoxigraph as ox

from kg.files import atomic_write, write_text
from kg.graph import AnyGraph, StoreGraph, as_store_graph
from kg.resources import ONTOLOGY_DIR
from kg.terms import term_value
from kg.triples import in_named_graphs
from kg.vocab import KGO, RDF

__all__ = ["sorted_quads", "named_quads", "turtle_bytes", "to_turtle", "ntriples_lines", "write_turtle", "write_ntriples", "write_nquads",
           "write_trig", "write_jsonld", "write_rdfxml", "CONTEXT_FILE"]

#: kg's published JSON-LD context; exports embed a copy so that readers need no network.
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
_TYPE = ox.NamedNode(RDF.type)


def sorted_quads(graph: StoreGraph) -> list[ox.Quad]:
    """Every triple of the graph, in one fixed order: that of their N-Triples lines."""
    return sorted(graph.store.quads_for_pattern(None, None, None), key=str)  # N-Triples line order


def named_quads(graph: StoreGraph) -> list[ox.Quad]:
    """Each triple in its data set's named graph (:func:`kg.model.graph_for`); shared periods
    stay in the default graph."""
    bases = sorted(term_value(q.subject) for q in graph.store.quads_for_pattern(None, _TYPE, ox.NamedNode(KGO.Dataset)))
    return sorted(in_named_graphs(sorted_quads(graph), bases), key=str)


def _serialize(graph: AnyGraph, out: Path, fmt: ox.RdfFormat, named: bool = False) -> list[Path]:
    g = as_store_graph(graph)
    quads = named_quads(g) if named else sorted_quads(g)
    prefixes = g.prefixes() if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    with atomic_write(out, "wb") as f:
        ox.serialize(quads, f, fmt, prefixes=prefixes)
    return [out]


def turtle_bytes(graph: AnyGraph) -> bytes:
    """The graph as deterministic Turtle."""
    g = as_store_graph(graph)
    # pyoxigraph's stub says bytes | None for every call; one given no output returns bytes
    return ox.serialize(sorted_quads(g), format=ox.RdfFormat.TURTLE,  # type: ignore[return-value]
                        prefixes=g.prefixes())


def to_turtle(graph: AnyGraph) -> str:
    """The graph (an rdflib graph or a store) as deterministic Turtle text."""
    return turtle_bytes(graph).decode("utf-8")


def ntriples_lines(graph: AnyGraph) -> list[str]:
    """The graph as N-Triples lines (each ending in a newline), in one fixed order."""
    data = ox.serialize(sorted_quads(as_store_graph(graph)), format=ox.RdfFormat.N_TRIPLES)
    text = data.decode("utf-8")  # type: ignore[union-attr]  # bytes, as no output is given: see turtle_bytes
    return text.splitlines(keepends=True)


def write_turtle(graph: AnyGraph, out: Path) -> list[Path]:
    return _serialize(graph, out, ox.RdfFormat.TURTLE)


def write_ntriples(graph: AnyGraph, out: Path) -> list[Path]:
    return _serialize(graph, out, ox.RdfFormat.N_TRIPLES)


def write_nquads(graph: AnyGraph, out: Path) -> list[Path]:
    return _serialize(graph, out, ox.RdfFormat.N_QUADS, named=True)


def write_trig(graph: AnyGraph, out: Path) -> list[Path]:
    return _serialize(graph, out, ox.RdfFormat.TRIG, named=True)


def write_rdfxml(graph: AnyGraph, out: Path) -> list[Path]:
    return _serialize(graph, out, ox.RdfFormat.RDF_XML)


def context() -> dict:
    """kg's JSON-LD @context (``ontology/context.jsonld``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def write_jsonld(graph: AnyGraph, out: Path) -> list[Path]:
    rdflib_graph = as_store_graph(graph).to_rdflib()  # compaction with a @context is rdflib's alone
    text = rdflib_graph.serialize(format="json-ld", context=context(), sort_keys=True, indent=1, auto_compact=True)
    # rdflib lists nodes and values in the order of its graph's sets, which Python's string hashing
    # changes from process to process: sorted here, the same graph gives the same bytes
    data = _in_order(json.loads(text))
    write_text(out, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return [out]


def _in_order(value: object) -> object:
    """A JSON-LD document with every array sorted, except an ``@list``'s (an RDF list, whose order
    is its meaning; kg's context makes no other array ordered) and the ``@context``, left as it is."""
    if isinstance(value, dict):
        return {k: item if k == "@context" else [_in_order(v) for v in item] if k == "@list" and isinstance(item, list)
                else _in_order(item) for k, item in value.items()}
    if isinstance(value, list):
        return sorted((_in_order(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value
