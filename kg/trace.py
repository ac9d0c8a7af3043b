"""Tracing one entity up to the goals it serves, each step with the quote behind it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from kg.errors import UsageError
from kg.graph import UP_LINKS as _UP_LINKS
from kg.graph import AnyGraph, kind_of, label_in, labels
from kg.namespaces import KGO

__all__ = ["Step", "trace", "render_tree", "UP_LINKS"]

#: Links followed upwards, with how each reads in a tree: :data:`kg.graph.UP_LINKS` as rdflib terms,
#: for code that walks an rdflib graph as trace does (a text IRI finds nothing in one).
UP_LINKS: dict[URIRef, str] = {URIRef(link): reads for link, reads in _UP_LINKS.items()}


@dataclass
class Step:
    """One entity in a trace: how it links to its parent step, its label and the quote behind it."""

    iri: str
    kind: str
    label: str
    relation: str | None = None
    quote: str | None = None
    source: str | None = None
    offsets: tuple[int, int] | None = None
    #: True when this entity's own links are already shown earlier in the tree.
    repeated: bool = False
    children: list["Step"] = field(default_factory=list)


def _label(graph: AnyGraph, node: Node, lang: str) -> str:
    return label_in(labels(graph, node), lang) or str(node).rsplit("/", 1)[-1]


def _kind(graph: AnyGraph, node: URIRef) -> str:
    kind = kind_of(graph, node)
    if kind is not None:
        return kind.replace("_", " ")
    types = sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type) if str(t).startswith(str(KGO)))
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", types[0]).lower() if types else "thing"


def _step(graph: AnyGraph, node: URIRef, lang: str, relation: str | None, seen: set[URIRef]) -> Step:
    passages = sorted(graph.objects(node, PROV.wasDerivedFrom), key=str)
    step = Step(str(node), _kind(graph, node), _label(graph, node, lang), relation)
    if passages:
        p = passages[0]
        step.quote = str(graph.value(p, KGO.quote))
        source = graph.value(p, DCTERMS.isPartOf)
        step.source = _label(graph, source, lang) if source is not None else None
        start, end = graph.value(p, KGO.startOffset), graph.value(p, KGO.endOffset)
        if isinstance(start, Literal) and isinstance(end, Literal):
            step.offsets = (start.toPython(), end.toPython())
    if node in seen:
        step.repeated = any(True for link in UP_LINKS for _ in graph.objects(node, link))
        return step
    seen.add(node)
    for link, reads in UP_LINKS.items():
        for parent in sorted(graph.objects(node, link), key=str):
            if isinstance(parent, URIRef):
                step.children.append(_step(graph, parent, lang, reads, seen))
    return step


def trace(graph: AnyGraph, entity: str, lang: str = "en") -> Step:
    """The tree of links from ``entity`` (an id or IRI) up to the goals."""
    from kg.graph import resolve_entity

    node = resolve_entity(graph, entity)
    if (node, RDF.type, None) not in graph:
        raise UsageError(f"no entity '{entity}' in the graph")
    return _step(graph, node, lang, None, set())


def render_tree(step: Step) -> str:
    """The trace as an indented tree, each step followed by its quote."""
    lines: list[str] = []

    def walk(s: Step, prefix: str, last: bool, top: bool) -> None:
        head = "" if top else prefix + ("└─ " if last else "├─ ")
        what = s.relation if s.relation else s.kind
        more = "  (its links are shown above)" if s.repeated else ""
        lines.append(f"{head}{what} {s.label}  [{s.iri.rsplit('/', 1)[-1]}]{more}")
        body = prefix if top else prefix + ("   " if last else "│  ")
        if s.quote:
            where = f" — {s.source}" + (f" [{s.offsets[0]}–{s.offsets[1]}]" if s.offsets else "")
            lines.append(f"{body}{'│  ' if s.children else '   '}“{s.quote}”{where}")
        for i, child in enumerate(s.children):
            walk(child, body, i == len(s.children) - 1, False)

    walk(step, "", True, True)
    return "\n".join(lines) + "\n"
