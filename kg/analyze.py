"""The graph as networkx, and the analyses analysts ask for: how measures reach goals,
work area × battle coverage, orphans, central measures, connected components.

The network holds the entities and the sources they are quoted from, so that it is as connected as
the graph (an organisation that only publishes a source hangs from that source). Analyses of the
plan's structure (the routes to the goals, centrality) read the links between entities alone.

Every function returns plain data (dicts and lists) that a notebook can tabulate and the CLI prints.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.graph import ENTITY_KINDS, NAME_OF_KIND, NETWORK_KINDS, SERVE_LINKS, AnyGraph, as_store_graph
from kg.namespaces import KGO
from kg.terms import term_value

__all__ = ["link_name", "to_networkx", "entity_network", "datasets", "goal_reach", "coverage", "orphans", "central_measures", "components", "report"]


def link_name(predicate: str) -> str:
    """An edge's key: the property's local name (``servesGoal``, ``exactMatch``, ``publisher``).

    >>> link_name("http://purl.org/dc/terms/publisher"), link_name("https://w3id.org/kg-policy/ontology#tracks")
    ('publisher', 'tracks')
    """
    return re.split(r"[#/]", predicate)[-1]


def to_networkx(graph: AnyGraph) -> nx.MultiDiGraph:
    """Entities and sources as nodes (``kind``, ``label_zh``, ``label_en``, ``dataset``), every link
    between two of them as an edge keyed by property: among them each entity's link to the sources
    it is quoted from (``hadPrimarySource``) and each source's to its publisher and the source it is
    part of. :func:`entity_network` leaves the sources out."""
    store = as_store_graph(graph)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    in_dataset = ox.NamedNode(str(KGO.inDataset))
    for kind in NETWORK_KINDS:
        for node in sorted(store.entities(kind)):
            labels = store.labels(node, NAME_OF_KIND[kind])
            home = next(iter(store.store.quads_for_pattern(ox.NamedNode(str(node)), in_dataset, None)), None)
            g.add_node(str(node), kind=kind, label_zh=labels.get("zh", ""), label_en=labels.get("en", ""),
                       dataset=term_value(home.object) if home is not None else "")
    rdf_type = str(RDF.type)
    # added in order: a path search breaks ties by the order edges were added, and a store's order
    # follows how it was filled (an rdflib graph's, with Python's hash seed)
    edges = sorted((term_value(q.subject), q.object.value, link_name(q.predicate.value))
                   for q in store.store.quads_for_pattern(None, None, None)  # read from the store: no rdflib term per triple
                   if isinstance(q.object, ox.NamedNode) and term_value(q.subject) in g and q.object.value in g
                   and q.predicate.value != rdf_type)
    for s, o, key in edges:
        g.add_edge(s, o, key=key)
    return g


def entity_network(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The links between entities alone: ``g`` without the sources (a view, not a copy). A source
    is quoted by most entities of its document, so it would lie on nearly every shortest path."""
    return g.subgraph(n for n, d in g.nodes(data=True) if d["kind"] in ENTITY_KINDS)


def _serve_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    keys = {link_name(str(p)) for p in SERVE_LINKS}
    h: nx.DiGraph[str] = nx.DiGraph()
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from((u, v) for u, v, k in g.edges(keys=True) if k in keys)
    return h


def goal_reach(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """For each goal, the measures that reach it and the shortest path by which each does."""
    h = _serve_graph(g)
    goals = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "goal")
    out: dict[str, list[dict[str, Any]]] = {goal: [] for goal in goals}
    for m in sorted(n for n, d in g.nodes(data=True) if d["kind"] == "measure"):
        paths = nx.single_source_shortest_path(h, m)
        for target, path in paths.items():
            if target in out:
                out[target].append({"measure": m, "path": path})
    return out


def coverage(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Work area -> battle -> number of measures in that area serving that battle (via broader measures too)."""
    table: dict[str, Counter[str]] = {n: Counter() for n, d in g.nodes(data=True) if d["kind"] == "work_area"}
    for m, d in g.nodes(data=True):
        if d["kind"] != "measure":
            continue
        areas = [v for _, v, k in g.out_edges(m, keys=True) if k == "inWorkArea"]
        chain = [m] + [v for v in nx.descendants(_parts(g), m)]
        battles = {v for x in chain for _, v, k in g.out_edges(x, keys=True) if k == "inBattle"}
        for area in areas:
            table[area].update(battles)
    return {area: dict(sorted(c.items())) for area, c in sorted(table.items())}


def _parts(g: nx.MultiDiGraph) -> nx.DiGraph:
    h: nx.DiGraph[str] = nx.DiGraph()
    h.add_nodes_from(g)
    h.add_edges_from((u, v) for u, v, k in g.edges(keys=True) if k == "partOfMeasure")
    return h


def orphans(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Measures that reach no goal; indicators that track nothing; named things nothing mentions."""
    reach = goal_reach(g)
    reaching = {r["measure"] for rs in reach.values() for r in rs}
    kinds = nx.get_node_attributes(g, "kind")
    return {
        "measures_reaching_no_goal": sorted(n for n, k in kinds.items() if k == "measure" and n not in reaching),
        "indicators_tracking_nothing": sorted(
            n for n, k in kinds.items() if k == "indicator" and not any(e[2] == "tracks" for e in g.out_edges(n, keys=True))),
        "goals_no_measure_reaches": sorted(goal for goal, rs in reach.items() if not rs),
    }


def central_measures(g: nx.MultiDiGraph, top: int = 10) -> list[dict[str, Any]]:
    """Measures ranked by betweenness on the undirected links between entities (sources left out):
    those that bridge parts of the plan."""
    u: nx.Graph[str] = nx.Graph(entity_network(g).to_undirected())
    between = nx.betweenness_centrality(u)
    degree = dict(u.degree())
    measures = [n for n, d in g.nodes(data=True) if d["kind"] == "measure"]
    ranked = sorted(measures, key=lambda n: (-between[n], -degree[n], n))[:top]
    return [{"measure": n, "betweenness": round(between[n], 4), "degree": degree[n]} for n in ranked]


def components(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Weakly connected components of the whole network (sources and their links included), largest
    first, with their size, kinds of node, and ``entity_parts``: how many pieces its entities fall
    into when the sources are left out (1 when the entities are linked to each other, more when some
    hang together only through a source they are quoted from or that they publish)."""
    comps = sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c)))
    kinds = nx.get_node_attributes(g, "kind")
    entities = entity_network(g)
    return [{"size": len(c), "kinds": dict(sorted(Counter(kinds[n] for n in c).items())), "example": min(c),
             "entity_parts": nx.number_weakly_connected_components(entities.subgraph(n for n in c if n in entities))}
            for c in comps]


def datasets(graph: AnyGraph, g: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    """Each data set (document) of the graph: its title, entities and sources by kind, and how many
    links lead from them to each other data set's (cross-document links), by data set IRI."""
    store = as_store_graph(graph)
    g = to_networkx(graph) if g is None else g
    out = []
    for ds in sorted(str(d) for d in store.subjects(RDF.type, KGO.Dataset)):
        titles = store.labels(URIRef(ds), DCTERMS.title)
        mine = [n for n, d in g.nodes(data=True) if d["dataset"] == ds]
        links: Counter[str] = Counter(g.nodes[v]["dataset"] for n in mine for _, v in g.out_edges(n)
                                      if g.nodes[v]["dataset"] != ds)
        out.append({"dataset": ds, "label_zh": titles.get("zh", ""), "label_en": titles.get("en", ""),
                    "kinds": dict(sorted(Counter(g.nodes[n]["kind"] for n in mine).items())),
                    "links_to": dict(sorted(links.items()))})
    return out


def report(graph: AnyGraph, dataset: str | None = None) -> dict[str, Any]:
    """Every analysis at once, as JSON-ready data: for the whole corpus, with a summary of each data
    set and the links between them; or, given a data set's IRI, within that document alone."""
    g = to_networkx(graph)
    summary = datasets(graph, g)
    if dataset is not None:
        if dataset not in {d["dataset"] for d in summary}:
            from kg.errors import UsageError

            raise UsageError(f"no data set <{dataset}> in the graph; it holds {', '.join(d['dataset'] for d in summary)}")
        g = nx.MultiDiGraph(g.subgraph(n for n, d in g.nodes(data=True) if d["dataset"] == dataset))
        summary = [d for d in summary if d["dataset"] == dataset]
    reach = goal_reach(g)
    return {
        "datasets": summary,
        "nodes": g.number_of_nodes(),
        "sources": sum(1 for _, d in g.nodes(data=True) if d["kind"] == "source"),
        "edges": g.number_of_edges(),
        "goals": {goal: {"label_zh": g.nodes[goal]["label_zh"], "label_en": g.nodes[goal]["label_en"],
                         "measures": rs} for goal, rs in reach.items()},
        "coverage": coverage(g),
        "orphans": orphans(g),
        "central_measures": central_measures(g),
        "components": components(g),
    }
