"""networkx analyses agree with the equivalent SPARQL queries on the real data."""

from __future__ import annotations

import networkx as nx
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.analyze import central_measures, components, coverage, entity_network, goal_reach, orphans, to_networkx
from kg.graph import read_turtle
from kg.model import KINDS
from kg.namespaces import KGO
from kg.query import named_queries, run_query

QUERIES = named_queries()


def _q(graph, name):
    q = QUERIES[name]
    return run_query(graph, q.text, {}, declared=q.params)


def test_goal_reach_matches_sparql(bundled):
    _, graph = bundled
    g = to_networkx(graph)
    reach = goal_reach(g)
    from_networkx = {(goal, r["measure"]) for goal, rs in reach.items() for r in rs}
    from_sparql = {(str(row[0]), str(row[1])) for row in _q(graph, "measures-for-goal").rows}
    assert from_networkx == from_sparql
    for goal, rs in reach.items():
        for r in rs:
            assert r["path"][0] == r["measure"] and r["path"][-1] == goal


def test_orphans_match_sparql(bundled):
    _, graph = bundled
    o = orphans(to_networkx(graph))
    assert set(o["goals_no_measure_reaches"]) == {str(row[0]) for row in _q(graph, "goals-without-measure").rows}
    assert o["measures_reaching_no_goal"] == []


def test_coverage_matches_sparql(bundled):
    _, graph = bundled
    cov = coverage(to_networkx(graph))
    from_networkx = {(a, b): n for a, row in cov.items() for b, n in row.items()}
    from_sparql = {(str(r[0]), str(r[1])): r[2].toPython() for r in _q(graph, "coverage-matrix").rows}
    assert from_networkx == from_sparql
    assert len(cov) == 6


def test_central_measures_over_the_links_between_entities(bundled):
    _, graph = bundled
    g = to_networkx(graph)
    top = central_measures(g, top=5)
    assert len(top) == 5
    assert top[0]["betweenness"] >= top[-1]["betweenness"] > 0
    # the sources (each quoted by most of its document) do not count: the ranking is the entities' own
    assert any(d["kind"] == "source" for _, d in g.nodes(data=True))
    assert central_measures(g) == central_measures(nx.MultiDiGraph(entity_network(g)))


def test_the_bundled_corpus_is_one_connected_network(bundled_ttl):
    """Every entity and source of the built graph is a node, and they are all one component: an
    organisation that only publishes a source hangs from that source, which its document's entities
    are quoted from."""
    graph = read_turtle(bundled_ttl)
    g = to_networkx(graph)
    typed = {str(s) for kind in KINDS.values() for s in graph.subjects(RDF.type, kind.cls)}
    assert set(g) == typed
    comps = components(g)
    assert len(comps) == 1 and comps[0]["size"] == g.number_of_nodes()
    assert nx.is_weakly_connected(g)
    # the sources' links are real triples of the graph, each an edge
    for s, o in graph.subject_objects(DCTERMS.publisher):
        if (s, RDF.type, KGO.Source) in graph:
            assert g.has_edge(str(s), str(o), key="publisher")
    for s, o in graph.subject_objects(PROV.hadPrimarySource):
        assert g.has_edge(str(s), str(o), key="hadPrimarySource")
    # without the sources the entities fall apart: each piece but the largest hangs only from sources
    pieces = sorted(nx.weakly_connected_components(entity_network(g)), key=len, reverse=True)
    assert comps[0]["entity_parts"] == len(pieces) > 1
    for piece in pieces[1:]:
        outside = {v for n in piece for v in nx.all_neighbors(g, n)} - piece
        assert outside and all(g.nodes[v]["kind"] == "source" for v in outside), piece


def test_analyze_per_document_and_for_the_corpus(bundled_store, cli):
    from kg.analyze import report

    zj = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
    nat = "https://w3id.org/kg-policy/national-2024-equipment-renewal/"
    corpus = report(bundled_store)
    by_id = {d["dataset"]: d for d in corpus["datasets"]}
    assert set(by_id) == {zj, nat, "https://w3id.org/kg-policy/cn-places/", "https://w3id.org/kg-policy/cn-indicators/",
                          "https://w3id.org/kg-policy/zhejiang-2025-government-work-report/"}
    assert by_id[zj]["kinds"]["measure"] == 113 and by_id[nat]["kinds"]["measure"] == 14
    # the speech's measures implement the plan's (3), and its programmes match the plan's (2)
    assert by_id[zj]["links_to"][nat] == 5
    assert corpus["nodes"] == sum(sum(d["kinds"].values()) for d in corpus["datasets"])
    alone = report(bundled_store, nat)
    assert [d["dataset"] for d in alone["datasets"]] == [nat]
    assert set(alone["goals"]) == {nat + "better-economic-circulation", nat + "expand-domestic-demand"}
    assert alone["nodes"] == sum(by_id[nat]["kinds"].values())
    assert all(len(c["kinds"]) for c in alone["components"])
    table = cli("analyze", "--dataset", "national-2024-equipment-renewal")
    assert table.returncode == 0 and table.stdout.startswith("Data sets (documents)")
    assert "zhejiang-2024-manufacturing" not in table.stdout
    wrong = cli("analyze", "--dataset", "national-2024-equipment-renewl")
    assert (wrong.returncode, wrong.stdout) == (2, "")
    assert wrong.stderr == ("kg analyze: no data set 'national-2024-equipment-renewl' in the graph; "
                            "did you mean 'national-2024-equipment-renewal'?\n")


def test_the_paths_to_the_goals_are_the_same_from_an_rdflib_graph_and_a_store(bundled, bundled_ttl):
    """A shortest path among equally short ones is chosen by the order the edges were added: from
    kg.build()'s rdflib graph (whose order follows Python's hash seed) and from a store read from
    the Turtle, the network must be built in one order, or the report's paths change run to run."""
    _, graph = bundled
    from_rdflib, from_store = goal_reach(to_networkx(graph)), goal_reach(to_networkx(read_turtle(bundled_ttl)))
    assert sum(len(reached) for reached in from_store.values()) > 100
    assert from_rdflib == from_store
