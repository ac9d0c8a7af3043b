"""Every export format in the registry round-trips: read back by a parser, it gives the same graph."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

import kg
from conftest import TEST_DATA
from kg.analyze import to_networkx
from kg.export import EXPORTERS, export
from kg.export.entities import LIST_SEPARATOR, entity_rows, link_rows
from kg.graph import read_turtle
from kg.namespaces import KGO
from kg.triples import SHARED_GRAPH

HOSTILE = 'He said "hi"; then\n\'); DROP TABLE x; -- =HYPERLINK("http://x") <b>'
HOSTILE_ALT = ["one; two", "three | four"]


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    """The small data set with a label holding quotes, a newline, SQL, a formula and markup."""
    data = tmp_path_factory.mktemp("hostile") / "minimal"
    shutil.copytree(TEST_DATA / "minimal", data)
    entities = data / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    # a JSON string is a valid YAML double-quoted scalar
    # other names holding the separators list values were once joined with (';' for Neo4j, ' | ')
    entities.write_text(text.replace("label: {zh: 目标, en: Goal}", f"label: {{zh: 目标, en: {json.dumps(HOSTILE)}}}\n"
                                     f"    alt_label: {{en: [{json.dumps(HOSTILE_ALT[0])}, {json.dumps(HOSTILE_ALT[1])}]}}"),
                        encoding="utf-8")
    _, graph = kg.build([data])
    return graph


def _rdf(fmt):
    def check(graph, path):
        again = Graph().parse(path, format=fmt)
        assert isomorphic(graph, again)
    return check


def _second_parser(path, fmt, graph):
    store = pyoxigraph.Store()
    store.load(path.read_bytes(), format=fmt)
    assert len(store) == len(graph)


def check_turtle(graph, path):
    _rdf("turtle")(graph, path)
    _second_parser(path, pyoxigraph.RdfFormat.TURTLE, graph)


def check_ntriples(graph, path):
    _rdf("nt")(graph, path)
    _second_parser(path, pyoxigraph.RdfFormat.N_TRIPLES, graph)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def _check_named_graphs(graph, ds: Dataset):
    union = Graph()
    named = [g for g in ds.graphs() if g.identifier != ds.default_graph.identifier]
    for g in ds.graphs():
        for t in g:
            union.add(t)
    assert isomorphic(graph, union)
    # every triple in a named graph: one per data set, and one of the periods they share, so that a
    # store whose default graph is the union of its named graphs (Jena's tdb:unionDefaultGraph) sees all
    assert len(ds.default_graph) == 0
    assert len(named) == len(list(graph.subjects(RDF.type, KGO.Dataset))) + 1
    for g in named:
        assert all(str(s).startswith(str(g.identifier)) for s in g.subjects())
    assert {str(g.identifier) for g in named} >= {SHARED_GRAPH}


def check_nquads(graph, path):
    _check_named_graphs(graph, Dataset().parse(path, format="nquads"))
    _second_parser(path, pyoxigraph.RdfFormat.N_QUADS, graph)


def check_trig(graph, path):
    _check_named_graphs(graph, Dataset().parse(path, format="trig"))
    _second_parser(path, pyoxigraph.RdfFormat.TRIG, graph)


def check_jsonld(graph, path):
    _rdf("json-ld")(graph, path)
    assert '"@context"' in path.read_text(encoding="utf-8")[:40]


def check_rdfxml(graph, path):
    _rdf("xml")(graph, path)
    _second_parser(path, pyoxigraph.RdfFormat.RDF_XML, graph)


def check_neo4j(graph, folder):
    g = to_networkx(graph)
    nodes, rels = {}, []
    for f in sorted(folder.glob("nodes-*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and list(rows[0])[0] == "id:ID(Entity)" and list(rows[0])[-1] == ":LABEL"
        for r in rows:
            nodes[r["id:ID(Entity)"]] = r
    for f in sorted(folder.glob("relationships-*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
        rels += [(r[":START_ID(Entity)"], r[":END_ID(Entity)"], r[":TYPE"]) for r in rows]
    assert set(nodes) == set(g.nodes)
    assert len(rels) == g.number_of_edges()
    assert all(s in nodes and e in nodes for s, e, _ in rels)
    for row in entity_rows(graph):
        assert nodes[row["id"]]["label_en"] == row["label_en"]
        assert nodes[row["id"]][":LABEL"] == f"{row['label']};Entity"
    cypher = (folder / "load.cypher").read_text(encoding="utf-8")
    for r in nodes.values():  # no value is ever written into the Cypher text
        assert len(r["label_en"]) < 16 or r["label_en"] not in cypher
    assert HOSTILE not in cypher
    assert (folder / "import-command.txt").read_text().startswith("neo4j-admin database import full")
    assert "n10s.rdf.import.fetch" in (folder / "n10s.cypher").read_text()


def check_plain_csv(graph, folder):
    """The Memgraph and FalkorDB folders: plain headers, every value as the graph has it (lists
    one row per item, so nothing is lost to a separator), and a script that reads every file by
    the columns it has."""
    import re

    from kg.tables import safe_cell

    def read(name):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    nodes = {r["id"]: (f.name, r) for f in sorted(folder.glob("nodes-*.csv")) for r in read(f.name)}
    expected = {row["id"]: row for row in entity_rows(graph)}
    assert set(nodes) == set(expected)
    for iri, row in expected.items():
        name, got = nodes[iri]
        assert name == f"nodes-{row['label']}.csv"
        for column, value in got.items():
            want = row[column]
            if want is None:
                assert value == "", (iri, column)
            elif isinstance(want, bool):
                assert value == str(want).lower()
            elif isinstance(want, (int, float)):
                assert float(value) == want and "e" not in value  # positional: the FalkorDB script reads digits
            else:
                assert value == safe_cell(want), (iri, column)
    for column in ("quotes", "alt_labels"):
        items = read(f"lists-{column}.csv") if (folder / f"lists-{column}.csv").exists() else []
        assert not items or list(items[0]) == ["id", "value"]
        got_lists: dict[str, list[str]] = {}
        for item in items:
            got_lists.setdefault(item["id"], []).append(item["value"])
        assert got_lists == {iri: [safe_cell(v) for v in row[column]] for iri, row in expected.items() if row[column]}
    rels = [(r["source"], r["target"], f.name.removeprefix("relationships-").removesuffix(".csv"))
            for f in sorted(folder.glob("relationships-*.csv")) for r in read(f.name)]
    assert sorted(rels) == link_rows(graph)
    script = (folder / "load.cypher").read_text(encoding="utf-8")
    statements = [s for s in script.split(";\n") if s.strip()]
    read_files = []
    for statement in (s for s in statements if "LOAD CSV" in s):
        (name,) = re.findall(r"'(?:file://|/import/)([^']+\.csv)'", statement)
        header = list(read(name)[0])
        assert set(re.findall(r"\brow\.(\w+)", statement)) <= set(header), (name, header)
        read_files.append(name)
    assert sorted(read_files) == sorted(f.name for f in folder.glob("*.csv"))  # each file read, once
    assert HOSTILE not in script and all(len(r["label_en"]) < 16 or r["label_en"] not in script
                                         for _, r in nodes.values())


def _check_networkx(graph, read):
    g = to_networkx(graph)
    again = read()
    assert set(again.nodes) == set(g.nodes)
    assert again.number_of_edges() == g.number_of_edges()
    for row in entity_rows(graph):
        assert again.nodes[row["id"]]["label_en"] == row["label_en"]
        assert again.nodes[row["id"]]["label"] == row["label"]  # the class
    quoted = [d for _, d in again.nodes(data=True) if "quotes" in d]
    assert quoted and all(isinstance(d["quotes"], str) for d in quoted)
    # each link keeps its relationship type (GEXF once lost it in the attribute it reserves for direction)
    assert sorted((u, v, d["relationship"]) for u, v, d in again.edges(data=True)) == link_rows(graph)


def _check_xml_edges(graph, path, namespace, edge_type=None):
    """A third reader, the XML itself: one edge element per link, each with an id of its own
    (Gephi keeps only the first edge of an id) and its type in the ``relationship`` attribute."""
    from xml.etree import ElementTree

    edges = ElementTree.parse(path).getroot().findall(f".//{{{namespace}}}edge")
    assert len(edges) == len(link_rows(graph))
    assert len({e.get("id") for e in edges}) == len(edges) and None not in {e.get("id") for e in edges}
    assert {e.get("type", edge_type) for e in edges} == {edge_type}  # GEXF's type is a direction, left alone


def check_graphml(graph, path):
    import igraph

    _check_networkx(graph, lambda: nx.read_graphml(path, force_multigraph=True))
    _check_xml_edges(graph, path, "http://graphml.graphdrawing.org/xmlns")
    g = igraph.Graph.Read_GraphML(str(path))  # a second reader, in C
    ids = g.vs["id"]
    assert g.is_directed() and sorted(ids) == sorted(to_networkx(graph).nodes)
    assert sorted((ids[e.source], ids[e.target], e["relationship"]) for e in g.es) == link_rows(graph)
    rows = {row["id"]: row for row in entity_rows(graph)}
    assert [(v["label"], v["label_en"]) for v in g.vs] == [(rows[i]["label"], rows[i]["label_en"]) for i in ids]


def check_gexf(graph, path):
    # igraph reads no GEXF; networkx and the XML itself do
    _check_networkx(graph, lambda: nx.read_gexf(path))
    _check_xml_edges(graph, path, "http://www.gexf.net/1.2draft")
    assert "lastmodifieddate" not in path.read_text(encoding="utf-8")  # the same data, the same bytes, any day


def check_oxigraph(graph, folder):
    from kg.store import open_store

    store = open_store(folder)
    assert len(store) == len(graph)
    again = Graph().parse(data=store.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
                          .decode("utf-8"), format="nt")

    def by_value(g):  # the store keeps decimals in XSD 1.1 canonical form: 100.0 comes back as 100
        return {(s, p, o.toPython() if isinstance(o, Literal) and o.datatype == XSD.decimal else o) for s, p, o in g}
    assert by_value(graph) == by_value(again)


CHECKS = {"turtle": check_turtle, "ntriples": check_ntriples, "nquads": check_nquads, "trig": check_trig,
          "jsonld": check_jsonld, "rdfxml": check_rdfxml, "neo4j": check_neo4j, "cypher-neo4j": check_neo4j,
          "cypher-memgraph": check_plain_csv, "cypher-falkordb": check_plain_csv, "graphml": check_graphml,
          "gexf": check_gexf, "oxigraph": check_oxigraph}
#: Every format, and every dialect of a format written for several databases.
FORMATS = [f"{e.name}-{d}" if d else e.name for e in EXPORTERS.values() for d in e.dialects or [None]]


def test_every_registered_format_has_a_round_trip_check():
    assert set(CHECKS) == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("which", ["bundled", "hostile"])
def test_round_trip(fmt, which, bundled, hostile_graph, tmp_path):
    graph = bundled[1] if which == "bundled" else hostile_graph
    name, _, dialect = fmt.partition("-")
    out = tmp_path / EXPORTERS[name].default_name.replace("<dialect>", dialect)
    export(graph, name, out, dialect or None)
    CHECKS[fmt](graph, out)


def test_hostile_label_survives_csv_and_graphml_exactly(hostile_graph, tmp_path):
    export(hostile_graph, "neo4j", tmp_path / "neo4j")
    with (tmp_path / "neo4j" / "nodes-Goal.csv").open(encoding="utf-8", newline="") as fh:
        assert [r["label_en"] for r in csv.DictReader(fh)] == [HOSTILE]
    export(hostile_graph, "graphml", tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["https://example.org/minimal/g"]["label_en"] == HOSTILE


FORMULA = '=HYPERLINK("http://evil.example/","click")'


def test_neo4j_csv_defuses_a_formula_as_kg_query_csv_does(tmp_path):
    data = tmp_path / "minimal"
    shutil.copytree(TEST_DATA / "minimal", data)
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "label: {zh: 目标, en: Goal}", f"label: {{zh: '@SUM(A1)', en: {json.dumps(FORMULA)}}}"), encoding="utf-8")
    export(kg.build([data])[1], "neo4j", tmp_path / "neo4j")
    with (tmp_path / "neo4j" / "nodes-Goal.csv").open(encoding="utf-8", newline="") as fh:
        goal = next(csv.DictReader(fh))
    assert (goal["label_en"], goal["label_zh"]) == ("'" + FORMULA, "'@SUM(A1)")  # shown as text, never run
    from kg.tables import safe_cell

    assert goal["label_en"] == safe_cell(FORMULA)  # the one function kg query --format csv uses
    with (tmp_path / "neo4j" / "nodes-Observation.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.DictReader(fh))["value:double"] == "2.94"  # numbers are left alone


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("-2.5", "-2.5"), ("+3", "+3"), ("1e5", "1e5"), ("Goal", "Goal"), ("", ""),
])
def test_safe_cell(text, safe):
    from kg.tables import safe_cell

    assert safe_cell(text) == safe


def test_graphml_flattens_lists_deliberately(bundled, tmp_path):
    export(bundled[1], "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    goal = g.nodes["https://w3id.org/kg-policy/zhejiang-2024-manufacturing/global-advanced-manufacturing-base"]
    assert goal["quotes"].count(LIST_SEPARATOR) == 2  # three quotes, joined
    obs = g.nodes["https://w3id.org/kg-policy/zhejiang-2024-manufacturing/industrial-value-added-2023"]
    assert obs["value"] == 2.94 and obs["unit_mult"] == 12 and obs["rank"] == 3


def test_export_cli(cli, tmp_path: Path):
    listing = cli("export", "--list")
    assert listing.returncode == 0 and all(name in listing.stdout for name in EXPORTERS)
    r = cli("export", "--format", "nquads", "--out", str(tmp_path / "g.nq"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "g.nq").stat().st_size > 0
    assert cli("export", "--format", "xlsx").returncode == 2
    assert "give --format" in cli("export").stderr


def test_query_on_a_persistent_store_answers_as_in_memory(cli, bundled, tmp_path):
    from kg.query import named_queries, run_query
    from kg.store import open_store

    export(bundled[1], "oxigraph", tmp_path / "store")
    export(bundled[1], "oxigraph", tmp_path / "store")  # replacing an existing store
    store = open_store(tmp_path / "store")
    for name in ("measures-for-goal", "source-disagreements", "counts-by-class"):
        q = named_queries()[name]
        a = run_query(bundled[1], q.text, {}, declared=q.params).records("zh")
        b = run_query(store, q.text, {}, declared=q.params).records("zh")
        assert a == b, name
    r = cli("query", "measures-for-goal", "--param", "goal=direction-green", "--store", str(tmp_path / "store"),
               "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["rows"]) == 18
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no temporary or old store left beside it


@pytest.mark.slow  # a Python process per hash seed: CI's, not the edit loop's
def test_jsonld_is_byte_identical_across_hash_seeds_and_keeps_list_order(tmp_path: Path):
    import os
    import subprocess
    import sys

    # rdflib orders JSON-LD by its sets, which follow Python's per-process string hashing
    outs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"g{seed}.jsonld"
        code = f"import kg; from kg.export import export; export(kg.build(shacl=False)[1], 'jsonld', {str(out)!r})"
        subprocess.run([sys.executable, "-c", code], check=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    # an RDF list's order is its meaning: kept, where a set of values is sorted
    source = tmp_path / "list.ttl"
    source.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ( ex:z ex:b ex:m ) ; ex:q ex:z , ex:b , ex:m .\n",
                      encoding="utf-8")
    graph = Graph().parse(source)
    export(read_turtle(source), "jsonld", tmp_path / "list.jsonld")
    data = json.loads((tmp_path / "list.jsonld").read_text(encoding="utf-8"))
    node = next(n for n in (data.get("@graph") or [data]) if n.get("@id") == "http://example.org/a")
    assert [v["@id"] for v in node["http://example.org/p"]["@list"]] == [f"http://example.org/{x}" for x in "zbm"]
    assert [v["@id"] for v in node["http://example.org/q"]] == [f"http://example.org/{x}" for x in "bmz"]
    assert isomorphic(Graph().parse(tmp_path / "list.jsonld", format="json-ld"), graph)
