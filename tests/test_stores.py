"""The README's "Load into an RDF store" routes, run as written against real stores on this machine, each
asked every named query and compared with the local answer: Oxigraph (PyPI ``oxigraph``),
Virtuoso 7 (Debian ``virtuoso-opensource-7-bin``, a throw-away database on free ports) and Jena
TDB2 (Debian ``libapache-jena-java``, through ``.ci/jena``). ``.ci/system-deps`` installs them.

Rows are compared as sets of values: a store may write ``true`` as ``1`` or ``80`` as ``80.0``,
and GROUP_CONCAT's order is its own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from conftest import DATA, ROOT, require_system
from kg.push import PushError, chunks, push
from kg.query import NamedQuery, bind_values, named_queries, resolve_entity, run_query

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")
JENA = ROOT / ".ci" / "jena"
ZJ = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
#: Parameters the named queries need, as ``kg query --param`` takes them (an entity by its id).
REQUIRED = {"search": {"text": "绿色工厂"}, "trace": {"entity": "hard-tech-achievements-2023"}}
#: More questions with parameters bound, asked where a question is cheap (a server over HTTP).
MORE = [("measures-for-goal", {"goal": "global-advanced-manufacturing-base"}),
        ("goals-without-measure", {}),
        ("search", {"text": "Green Factor"}),
        ("search", {"text": "智能"}),
        ("indicators-for", {"of": "green-low-carbon"}),
        ("observations", {"indicator": "national-green-factories"}),
        ("work-area-measures", {"area": "green-low-carbon"})]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, what: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode} before it answered")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not answer {url} within {seconds:g} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# --- comparing answers ------------------------------------------------------------------------

def _key(node: Node | None) -> str:
    """A cell as text to compare: numbers and booleans by value, lists in GROUP_CONCAT's cells sorted."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, Decimal):
            return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
        if isinstance(value, (int, float)):
            return str(int(value)) if float(value).is_integer() else repr(float(value))
    text = str(node)
    return " ".join(sorted(text.split(" "))) if text.startswith("http") else text


def _cell(cell: dict[str, str]) -> Node:
    """A SPARQL JSON results cell as an rdflib term (written here, not taken from kg.remote)."""
    if cell["type"] == "uri":
        return URIRef(cell["value"])
    if cell["type"] == "bnode":
        return BNode(cell["value"])
    return Literal(cell["value"], lang=cell.get("xml:lang"),
                   datatype=URIRef(cell["datatype"]) if "datatype" in cell else None)


def _json_rows(data: dict) -> list[tuple[str, ...]]:
    names = data["head"]["vars"]
    return sorted(tuple(_key(_cell(b[n])) if n in b else "" for n in names) for b in data["results"]["bindings"])


def _questions(graph, extra: bool) -> Iterator[tuple[str, NamedQuery, dict[str, str]]]:
    """(label, query, params): every named query, with its required parameters, then ``MORE``."""
    queries = named_queries([DATA / "zhejiang-2024-manufacturing"])
    assert len(queries) >= 25
    for name, q in queries.items():
        yield name, q, REQUIRED.get(name, {})
    if extra:
        for name, params in MORE:
            yield f"{name} {params}", queries[name], params


def _local_and_text(graph, q: NamedQuery, params: dict[str, str]) -> tuple[list[tuple[str, ...]], str]:
    """The local answer, and the query with its parameters bound as kg binds them."""
    local = run_query(graph, q.text, params, declared=q.params)
    kinds = {p.name: p.kind for p in q.params}
    text = bind_values(q.text, {k: resolve_entity(graph, v) if kinds[k] == "entity" else Literal(v)
                                 for k, v in params.items()})
    return sorted(tuple(_key(n) for n in row) for row in local.rows), text


def _ask_http(url: str, query: str) -> list[tuple[str, ...]]:
    body = urllib.parse.urlencode({"query": query}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            return _json_rows(json.load(r))
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{url} answered {e.code}: {e.read().decode('utf-8', 'replace')[:500]}") from None


def _same_answers(graph, ask: Callable[[str], list[tuple[str, ...]]], extra: bool = True) -> None:
    """Every named query asked with ``ask(text)`` gives the local rows; all differences at once."""
    differ, empty, asked = [], [], 0
    for label, q, params in _questions(graph, extra):
        local, text = _local_and_text(graph, q, params)
        remote = ask(text)
        asked += 1
        empty += [] if local else [label]
        if remote != local:
            differ.append(f"{label}: {len(remote)} rows there, {len(local)} here; "
                          f"first differing: {sorted(set(remote) ^ set(local))[:2]}")
    assert differ == []
    assert len(empty) * 4 <= asked, f"too many questions with no rows to compare: {empty}"


@pytest.fixture(scope="session")
def nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg export --format nquads`` of the bundled data, as the README's bulk-load routes start."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("nquads") / "kg.nq"
    assert main(["export", "--format", "nquads", "--out", str(out)]) == 0
    return out


# --- Oxigraph: the offline route ------------------------------------------------------------

def test_oxigraph_bulk_load_with_union_default_graph_answers_as_locally(bundled, nquads, tmp_path, server_process):
    """``oxigraph load`` then ``oxigraph serve --union-default-graph`` (the README's offline route)."""
    assert OXIGRAPH, "the oxigraph server (pip package 'oxigraph') is not installed"
    store = tmp_path / "store"
    subprocess.run([OXIGRAPH, "load", "--location", str(store), "--file", str(nquads)], check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    base = server_process([OXIGRAPH, "serve", "--location", str(store), "--union-default-graph",
                           "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", "oxigraph")
    _same_answers(bundled[1], lambda text: _ask_http(f"{base}/query", text))


@pytest.fixture
def server_process() -> Iterator[Callable[[list[str], str, str], str]]:
    """``server_process(command, ready_url, name)`` starts a server and waits until ``ready_url``
    answers; it is stopped when the test ends. Gives the URL's origin."""
    procs: list[subprocess.Popen] = []

    def start(command: list[str], ready: str, name: str) -> str:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        _wait(ready, proc, name)
        parts = urllib.parse.urlsplit(ready)
        return f"{parts.scheme}://{parts.netloc}"

    yield start
    for proc in procs:
        _stop(proc)


# --- Virtuoso 7 ------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DirsAllowed = {dirs}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@dataclass
class Virtuoso:
    """A Virtuoso server of the tests: its folder, HTTP and SQL ports, and the dba's password."""

    folder: Path
    http: int
    isql: int
    password: str = "dba"  # a new database's; the server listens on 127.0.0.1 only

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http}"

    def sql(self, statements: str) -> str:
        """Run SQL with isql-vt, as the README's bulk load does; an error fails the test."""
        result = subprocess.run([ISQL, f"127.0.0.1:{self.isql}", "dba", self.password, f"exec={statements}"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and "*** Error" not in result.stdout + result.stderr, result.stdout + result.stderr
        return result.stdout

    def select(self, query: str) -> list[tuple[str, ...]]:
        return _ask_http(f"{self.base}/sparql", query)

    def graphs(self) -> set[str]:
        return {row[0] for row in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}

    def count(self, graph: str) -> int:
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0][0])


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """Virtuoso 7 on a new database in a throw-away folder, on free ports of 127.0.0.1."""
    require_system("Virtuoso 7 (Debian package virtuoso-opensource-7-bin)", bool(VIRTUOSO and ISQL))
    folder = tmp_path_factory.mktemp("virtuoso")
    server = Virtuoso(folder, _free_port(), _free_port())
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(isql=server.isql, http=server.http, dirs=folder),
                                         encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"{server.base}/sparql?query=ASK%7B%7D", proc, "virtuoso-t")
        yield server
    finally:
        _stop(proc)


@pytest.fixture
def virtuoso(virtuoso_server: Virtuoso) -> Iterator[Virtuoso]:
    """The Virtuoso server, with every graph a test adds dropped after it (its queries read the
    union of all graphs, so one test's data would be in the next one's answers)."""
    before = virtuoso_server.graphs()
    yield virtuoso_server
    added = virtuoso_server.graphs() - before
    if added:
        virtuoso_server.sql("".join(f"SPARQL DROP SILENT GRAPH <{g}>;" for g in sorted(added)))


def test_virtuoso_push_with_digest_auth_then_every_named_query_answers_as_locally(cli, bundled, virtuoso, monkeypatch):
    """The README's route: ``kg push`` to /sparql-graph-crud-auth (Digest only) with --replace, the
    updates to /sparql-auth (from kg's profile of Virtuoso), then the queries at /sparql."""
    graph = bundled[1]
    monkeypatch.setenv("KG_PASSWORD", virtuoso.password)
    result = cli("push", "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth", "--user", "dba",
                 "--named-graph", ZJ, "--replace", "--chunk-size", "1000")
    n = -(-len(graph) // 1000)  # chunks of 1000 triples
    assert (result.returncode, result.stderr.splitlines()[-1:]) == (0, [f"pushing [{'#' * 30}] "
                                                                        f"{len(graph):,}/{len(graph):,} triples ({n} chunks)"])
    assert result.stdout == (f"replaced graph <{ZJ}> at {virtuoso.base}/sparql-graph-crud-auth: "
                             f"{len(graph):,} triples in {n} chunks (gsp)\n")
    assert virtuoso.count(ZJ) == len(graph)
    assert not any(g.startswith("urn:kg:upload:") for g in virtuoso.graphs())
    _same_answers(graph, lambda text: virtuoso.select(text))


def test_virtuoso_bulk_load_of_nquads_then_every_named_query_answers_as_locally(bundled, nquads, virtuoso):
    """The README's route: ``ld_dir`` + ``rdf_loader_run()`` in isql-vt (the folder in DirsAllowed)."""
    folder = virtuoso.folder / "load"
    folder.mkdir(exist_ok=True)
    shutil.copy(nquads, folder / "kg.nq")
    virtuoso.sql(f"DELETE FROM DB.DBA.load_list; ld_dir('{folder}', 'kg.nq', 'urn:kg:unused'); "
                 "rdf_loader_run(); checkpoint;")
    loaded = [g for g in virtuoso.graphs() if g.startswith("https://w3id.org/kg-policy/")]
    assert sum(virtuoso.count(g) for g in loaded) == len(bundled[1])  # one graph per data set, and the periods'
    _same_answers(bundled[1], lambda text: virtuoso.select(text))


def test_kg_query_endpoint_at_virtuoso_gives_the_local_tables(cli, bundled, virtuoso, monkeypatch):
    monkeypatch.setenv("KG_PASSWORD", virtuoso.password)
    assert cli("push", "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth", "--user", "dba",
               "--named-graph", ZJ).returncode == 0
    import csv
    import io

    def table(text: str) -> tuple[list[str], list[list[str]]]:
        lines = list(csv.reader(io.StringIO(text)))
        return lines[0], sorted([" ".join(sorted(c.split(" "))) if c.startswith("http") else c for c in row]
                                for row in lines[1:])

    differ = []
    for label, q, params in _questions(bundled[1], extra=True):
        kinds = {p.name: p.kind for p in q.params}
        args = [f"--param={k}={ZJ + v if kinds[k] == 'entity' else v}" for k, v in params.items()]
        local = cli("query", q.name, *args, "--format", "csv")
        remote = cli("query", q.name, *args, "--format", "csv", "--endpoint", f"{virtuoso.base}/sparql")
        assert (local.returncode, remote.returncode) == (0, 0), f"{label}: {remote.stderr}"
        if table(remote.stdout) != table(local.stdout):
            differ.append(label)
    assert differ == []


# the failures the issue found, each on its own ------------------------------------------------

def test_virtuoso_default_graph_is_refused_before_anything_is_sent(cli, virtuoso, monkeypatch, small_ttl):
    monkeypatch.setenv("KG_PASSWORD", virtuoso.password)
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth",
                 "--user", "dba")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("kg push: Virtuoso has no default graph to write into: give --named-graph IRI "
                             "(its queries read the union of its graphs)\n")


def test_virtuoso_wrong_password_is_a_401_after_digest(cli, virtuoso, monkeypatch, small_ttl):
    monkeypatch.setenv("KG_PASSWORD", "not-the-password")
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth",
                 "--user", "dba", "--named-graph", "urn:kg:test")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"kg push: {virtuoso.base}/sparql-graph-crud-auth refused the request (401 Unauthorized): "
                             "check --user and the KG_PASSWORD environment variable\n")
    assert "urn:kg:test" not in virtuoso.graphs()


def test_virtuoso_replace_that_fails_midway_leaves_the_graph_as_it_was(bundled, virtuoso):
    graph = bundled[1]
    endpoint = f"{virtuoso.base}/sparql-graph-crud-auth"
    push(graph, endpoint, graph_iri="urn:kg:test", user="dba", password=virtuoso.password)
    good = list(chunks(graph, 1000))
    broken = good[:2] + ["<urn:a> <urn:b> this is not N-Triples .\n"] + good[2:]
    with pytest.raises(PushError) as e:
        push(graph, endpoint, graph_iri="urn:kg:test", replace=True, documents=iter(broken), user="dba",
             password=virtuoso.password)
    assert str(e.value).startswith(f"{endpoint} failed with 500 Internal Server Error: ")
    assert "<!DOCTYPE" not in str(e.value)  # the message from Virtuoso's error page, not its HTML
    assert virtuoso.count("urn:kg:test") == len(graph)
    assert not any(g.startswith("urn:kg:upload:") for g in virtuoso.graphs())


@pytest.mark.parametrize("path, message", [
    ("/update", "answered 404 Not Found: is it the server's SPARQL Update endpoint? (give --update-endpoint: Virtuoso "),
    ("/sparql", "failed with 500 Internal Server Error: Virtuoso 42000 Error SR186:SECURITY: No permission to "
                "execute procedure DB.DBA.SPARUL_MOVE"),  # the anonymous endpoint: no password goes there
], ids=["missing", "anonymous"])
def test_virtuoso_replace_whose_update_endpoint_fails_names_it_and_drops_the_temporary_graph(
        cli, virtuoso, monkeypatch, small_ttl, path, message):
    """As the issue found it: /update does not exist on Virtuoso, and /sparql may not update; the
    message names that endpoint, not the Graph Store, and the temporary graph (loaded) is dropped."""
    monkeypatch.setenv("KG_PASSWORD", virtuoso.password)
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{virtuoso.base}/sparql-graph-crud-auth",
                 "--user", "dba", "--named-graph", "urn:kg:test", "--replace",
                 "--update-endpoint", f"{virtuoso.base}{path}")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1].startswith(f"kg push: {virtuoso.base}{path} {message}")
    assert not any(g.startswith("urn:kg:upload:") or g == "urn:kg:test" for g in virtuoso.graphs())


def test_virtuoso_replace_interrupted_midway_drops_the_temporary_graph(bundled, virtuoso):
    graph = bundled[1]
    endpoint = f"{virtuoso.base}/sparql-graph-crud-auth"

    def interrupted():
        yield from list(chunks(graph, 1000))[:2]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push(graph, endpoint, graph_iri="urn:kg:test", replace=True, documents=interrupted(), user="dba",
             password=virtuoso.password)
    assert not any(g.startswith("urn:kg:upload:") or g == "urn:kg:test" for g in virtuoso.graphs())


@pytest.mark.parametrize("name, params", [
    ("measures-for-goal", {}),  # failed to compile: SQ156 Internal Optimized compiler error
    ("goals-without-measure", {}),  # gave every goal (15) instead of 1
    ("search", {"text": "绿色工厂"}),  # gave 0 rows instead of 5: STR() of a non-ASCII literal
], ids=["SQ156", "subquery", "non-ASCII"])
def test_virtuoso_answers_the_queries_it_got_wrong(bundled, nquads, virtuoso, name, params):
    folder = virtuoso.folder / "load"
    folder.mkdir(exist_ok=True)
    shutil.copy(nquads, folder / "kg.nq")
    virtuoso.sql(f"DELETE FROM DB.DBA.load_list; ld_dir('{folder}', 'kg.nq', 'urn:kg:unused'); rdf_loader_run();")
    q = named_queries()[name]
    local, text = _local_and_text(bundled[1], q, params)
    assert local
    assert virtuoso.select(text) == local


@pytest.fixture
def small_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text("<https://example.org/s> <https://example.org/p> \"o\" .\n", encoding="utf-8")
    return path


# --- Jena TDB2 ------------------------------------------------------------------------------

Jena = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> Jena:
    """``jena(command, *args)`` runs a Jena command (tdb2.tdbloader, tdb2.tdbquery ...) through
    ``.ci/jena``, which runs Debian's libapache-jena-java around its packaging bug (its fix in a
    cache folder of this test run's own)."""
    require_system("Jena (Debian package libapache-jena-java) and a Java runtime",
                   Path("/usr/share/java/jena-core.jar").exists() and shutil.which("java") is not None)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("jena-cache"))}

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(JENA), *map(str, args)], capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        return result

    return run


@pytest.fixture(scope="module")
def tdb2(jena: Jena, nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TDB2 database loaded as the README says: ``tdb2.tdbloader --loc DB kg.nq``; query it, never change it."""
    db = tmp_path_factory.mktemp("tdb2") / "db"
    jena("tdb2.tdbloader", "--loc", db, nquads)
    return db


def test_jena_tdb2_bulk_load_with_union_default_graph_answers_as_locally(bundled, jena, tdb2, tmp_path):
    """The README's route: ``tdb2.tdbquery --set tdb:unionDefaultGraph=true --query FILE``, one
    named query at a time (a JVM each: the slowest test here)."""
    query = tmp_path / "query.rq"

    def ask(text: str) -> list[tuple[str, ...]]:
        query.write_text(text, encoding="utf-8")
        answer = jena("tdb2.tdbquery", "--loc", tdb2, "--set", "tdb:unionDefaultGraph=true", "--results=JSON",
                      "--query", query)
        return _json_rows(json.loads(answer.stdout))

    _same_answers(bundled[1], ask, extra=False)


def test_jena_without_union_default_graph_sees_nothing_of_the_named_graphs(jena, tdb2, nquads):
    """Why the route needs the setting: every quad is in a named graph, the default graph is empty."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    plain = jena("tdb2.tdbquery", "--loc", tdb2, "--results=JSON", count)
    union = jena("tdb2.tdbquery", "--loc", tdb2, "--set", "tdb:unionDefaultGraph=true", "--results=JSON", count)
    assert _json_rows(json.loads(plain.stdout)) == [("0",)]
    assert _json_rows(json.loads(union.stdout)) == [(str(len(nquads.read_text(encoding="utf-8").splitlines())),)]
