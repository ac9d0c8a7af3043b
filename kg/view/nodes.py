"""What the HTML view shows: entities as nodes with their details, links as edges."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.graph import ENTITY_KINDS, ENTITY_LINKS, SERVE_LINKS, AnyGraph, labels
from kg.model import KINDS
from kg.errors import UsageError
from kg.namespaces import KGO, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE
from kg.terms import sorted_terms

__all__ = ["view_data", "STYLE"]

#: Colour and shape of each kind of node; the legend is drawn from this.
STYLE: dict[str, dict[str, str]] = {
    "goal": {"color": "#d62728", "shape": "star", "zh": "目标", "en": "Goal"},
    "battle": {"color": "#ff7f0e", "shape": "diamond", "zh": "攻坚战", "en": "Battle"},
    "work_area": {"color": "#9467bd", "shape": "hexagon", "zh": "工作领域", "en": "Work area"},
    "measure": {"color": "#1f77b4", "shape": "dot", "zh": "举措", "en": "Measure"},
    "indicator": {"color": "#2ca02c", "shape": "triangle", "zh": "指标", "en": "Indicator"},
    "observation": {"color": "#98df8a", "shape": "square", "zh": "观测值", "en": "Observation"},
    "programme": {"color": "#8c564b", "shape": "box", "zh": "工程/行动", "en": "Programme"},
    "cluster": {"color": "#e377c2", "shape": "triangleDown", "zh": "产业集群", "en": "Cluster"},
    "place": {"color": "#17becf", "shape": "square", "zh": "地点", "en": "Place"},
    "organisation": {"color": "#bcbd22", "shape": "diamond", "zh": "组织", "en": "Organisation"},
    "role": {"color": "#7f7f7f", "shape": "dot", "zh": "角色", "en": "Role"},
}

#: Up links that make a node a member of a work area or battle: all but those that lead to goals.
_MEMBER_LINKS = {str(f.predicate).rsplit("#", 1)[-1] for k in KINDS.values() for f in k.fields
                 if f.up and f.targets != ("goal",)}


def _texts(graph: AnyGraph, node: Node, predicate: URIRef) -> dict[str, str]:
    return labels(graph, node, predicate)


def _vocab_labels(vocabulary: Graph, term: Node) -> dict[str, str]:
    return _texts(vocabulary, term, RDFS.label) or {"en": str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]}


def _observation(graph: AnyGraph, vocabulary: Graph, node: Node) -> dict[str, Any]:
    def value(p: URIRef) -> Any:
        v = graph.value(node, p)
        return None if v is None else (v.toPython() if isinstance(v, Literal) else v)

    period = graph.value(node, SDMX_DIM.refPeriod)
    unit = graph.value(node, SDMX_ATTR.unitMeasure)
    status = graph.value(node, KGO.status)
    comparator = graph.value(node, KGO.comparator)
    area = graph.value(node, SDMX_DIM.refArea)
    scope = graph.value(node, KGO.rankScope)
    return {
        "value": None if value(SDMX_MEASURE.obsValue) is None else str(value(SDMX_MEASURE.obsValue)),
        "unitMult": value(SDMX_ATTR.unitMult),
        "unit": str(unit).rsplit("/", 1)[-1] if unit is not None else None,
        "period": str(graph.value(period, RDFS.label)) if period is not None else None,
        "area": _texts(graph, area, SKOS.prefLabel) if area is not None else {},
        "rank": value(KGO.rank),
        "rankWithin": value(KGO.rankWithin),
        "rankScope": _texts(graph, scope, SKOS.prefLabel) if scope is not None else {},
        "status": _vocab_labels(vocabulary, status) if status is not None else {},
        "comparator": _vocab_labels(vocabulary, comparator) if comparator is not None else {},
    }


def _quotes(graph: AnyGraph, node: URIRef) -> list[dict[str, Any]]:
    out = []
    for p in sorted_terms(graph.objects(node, PROV.wasDerivedFrom)):
        source = graph.value(p, DCTERMS.isPartOf)
        start, end = graph.value(p, KGO.startOffset), graph.value(p, KGO.endOffset)
        out.append({"quote": str(graph.value(p, KGO.quote)),
                    "source": _texts(graph, source, DCTERMS.title) if source is not None else {},
                    "start": start.toPython() if isinstance(start, Literal) else None,
                    "end": end.toPython() if isinstance(end, Literal) else None})
    return out


def _neighbourhood(nodes: set[str], edges: list[tuple[str, str, str]], focus: str, depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = defaultdict(set)
    for s, o, _ in edges:
        adjacent[s].add(o)
        adjacent[o].add(s)
    keep, frontier = {focus}, deque([(focus, 0)])
    while frontier:
        node, d = frontier.popleft()
        if d == depth:
            continue
        for nxt in sorted(adjacent[node] - keep):
            keep.add(nxt)
            frontier.append((nxt, d + 1))
    return keep & nodes


def _memberships(edges: list[tuple[str, str, str]], kinds: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """For each node, the work areas and battles it belongs to (measures through broader measures,
    indicators through what they track, observations through their indicator)."""
    up: dict[str, set[str]] = defaultdict(set)
    for s, o, p in edges:
        if p in _MEMBER_LINKS:
            up[s].add(o)
    member: dict[str, dict[str, set[str]]] = {}

    def resolve(node: str, seen: frozenset[str] = frozenset()) -> dict[str, set[str]]:
        if node in member:
            return member[node]
        out: dict[str, set[str]] = {"work_area": set(), "battle": set()}
        if kinds.get(node) in ("work_area", "battle"):
            out[kinds[node]].add(node)
        for parent in up.get(node, ()):
            if parent not in seen:
                r = resolve(parent, seen | {node})
                out["work_area"] |= r["work_area"]
                out["battle"] |= r["battle"]
        member[node] = out
        return out

    for node in kinds:
        resolve(node)
    return member


def view_data(graph: AnyGraph, vocabulary: Graph, focus: str | None = None, depth: int = 2) -> dict[str, Any]:
    """Nodes (with labels, details and filter memberships) and edges of the view, as JSON-ready data."""
    kinds: dict[str, str] = {}
    for kind in ENTITY_KINDS:
        for node in graph.subjects(RDF.type, KINDS[kind].cls):
            kinds[str(node)] = kind
    edges = sorted((str(s), str(o), str(p).rsplit("#", 1)[-1])
                   for p in ENTITY_LINKS for s, o in graph.subject_objects(p) if str(s) in kinds and str(o) in kinds)
    if focus is not None:
        if focus not in kinds:
            raise UsageError(f"--focus: no entity '{focus}' in the graph")
        keep = _neighbourhood(set(kinds), edges, focus, depth)
        kinds = {n: k for n, k in kinds.items() if n in keep}
        edges = [e for e in edges if e[0] in keep and e[1] in keep]
    member = _memberships(edges, kinds)
    nodes = []
    for iri in sorted(kinds):
        node = URIRef(iri)
        labels = _texts(graph, node, SKOS.prefLabel)
        if not labels:
            ind = graph.value(node, KGO.indicator)
            base = _texts(graph, ind, SKOS.prefLabel) if ind is not None else {}
            period = graph.value(graph.value(node, SDMX_DIM.refPeriod), RDFS.label) if kinds[iri] == "observation" else None
            labels = {lang: f"{text} ({period})" for lang, text in base.items()} if base else {"en": iri.rsplit("/", 1)[-1]}
        entry: dict[str, Any] = {
            "id": iri, "kind": kinds[iri],
            "zh": labels.get("zh", labels.get("en", "")), "en": labels.get("en", labels.get("zh", "")),
            "definition": _texts(graph, node, SKOS.definition),
            "note": _texts(graph, node, SKOS.editorialNote).get("", ""),
            "quotes": _quotes(graph, node),
            "areas": sorted(member[iri]["work_area"]), "battles": sorted(member[iri]["battle"]),
        }
        if kinds[iri] == "observation":
            entry["observations"] = [_observation(graph, vocabulary, node)]
        if kinds[iri] == "indicator":
            entry["observations"] = [_observation(graph, vocabulary, o)
                                     for o in sorted_terms(graph.subjects(KGO.indicator, node))]
        nodes.append(entry)
    serve = {str(p).rsplit("#", 1)[-1] for p in SERVE_LINKS}
    edge_labels = {str(p).rsplit("#", 1)[-1]: _vocab_labels(vocabulary, p) for p in ENTITY_LINKS}
    return {
        "nodes": nodes,
        "edges": [{"from": s, "to": o, "property": p, "serve": p in serve} for s, o, p in edges],
        "edgeLabels": edge_labels,
        "style": STYLE,
        "focus": focus,
    }
