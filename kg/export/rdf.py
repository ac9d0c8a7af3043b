"""RDF formats: Turtle, N-Triples, N-Quads and TriG (one named graph per source document),
JSON-LD with kg's @context, RDF/XML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.files import atomic_write, write_text
from kg.namespaces import KGO
from kg.model import graph_for
from kg.resources import ONTOLOGY_DIR
from kg.turtle import to_turtle

__all__ = ["nt_lines", "nquad_lines", "graph_of", "write_turtle", "write_ntriples", "write_nquads", "write_trig",
           "write_jsonld", "write_rdfxml", "CONTEXT_FILE"]

#: kg's published JSON-LD context; exports embed a copy so that readers need no network.
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(node: Node) -> str:
    """One term in N-Triples syntax (rdflib's n3() writes multi-line literals as \"\"\"...\"\"\", which
    N-Triples does not allow)."""
    if isinstance(node, Literal):
        text = f'"{str(node).translate(_ESCAPES)}"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    return node.n3()


def nt_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
    """N-Triples lines of ``triples``, one at a time, in the order given (streams: holds nothing)."""
    for s, p, o in triples:
        yield f"{_nt(s)} {_nt(p)} {_nt(o)} .\n"


def graph_of(graph: Graph) -> dict[str, URIRef]:
    """Which named graph each subject goes to: its data set (the source document), by IRI prefix."""
    bases = [str(ds) for ds in graph.subjects(RDF.type, KGO.Dataset)]
    out: dict[str, URIRef] = {}
    for s in set(graph.subjects()):
        base = graph_for(str(s), bases)
        if base is not None:
            out[str(s)] = URIRef(base)
    return out


def nquad_lines(graph: Graph) -> Iterator[str]:
    """N-Quads lines: each triple in its data set's named graph (shared periods in the default graph)."""
    named = graph_of(graph)
    for s, p, o in graph:
        g = named.get(str(s))
        yield f"{_nt(s)} {_nt(p)} {_nt(o)}{' ' + _nt(g) if g is not None else ''} .\n"


def _write_lines(out: Path, lines: Iterable[str]) -> list[Path]:
    with atomic_write(out) as f:
        _copy(lines, f)
    return [out]


def _copy(lines: Iterable[str], f: IO[str]) -> None:
    for line in lines:
        f.write(line)


def write_turtle(graph: Graph, out: Path) -> list[Path]:
    write_text(out, to_turtle(graph))
    return [out]


def write_ntriples(graph: Graph, out: Path) -> list[Path]:
    return _write_lines(out, sorted(nt_lines(graph)))  # sorted lines: same graph, same bytes


def write_nquads(graph: Graph, out: Path) -> list[Path]:
    return _write_lines(out, sorted(nquad_lines(graph)))


def _dataset(graph: Graph) -> Dataset:
    ds = Dataset()
    for prefix, ns in graph.namespaces():
        ds.bind(prefix, ns)
    named = graph_of(graph)
    for s, p, o in graph:
        g = named.get(str(s))
        (ds.graph(g) if g is not None else ds.default_graph).add((s, p, o))
    return ds


def write_trig(graph: Graph, out: Path) -> list[Path]:
    write_text(out, _dataset(graph).serialize(format="trig"))
    return [out]


def context() -> dict:
    """kg's JSON-LD @context (``ontology/context.jsonld``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def write_jsonld(graph: Graph, out: Path) -> list[Path]:
    text = graph.serialize(format="json-ld", context=context(), sort_keys=True, indent=1, auto_compact=True)
    write_text(out, text)
    return [out]


def write_rdfxml(graph: Graph, out: Path) -> list[Path]:
    g = Graph()  # rdflib's RDF/XML writer needs its default bindings (xml: for xml:lang)
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True)
    g += graph
    write_text(out, g.serialize(format="pretty-xml"))
    return [out]


