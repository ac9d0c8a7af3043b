"""kg push against a real Oxigraph server on this machine, and against stub servers for the
failures Oxigraph will not produce (401, 500)."""

from __future__ import annotations

import http.server
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import DATA
from kg.errors import UsageError
from kg.push import PushError, chunks, push
from rdflib import Graph, Literal, URIRef

from kg.namespaces import PREFIXES
from kg.query import resolve_entity, bind_values, named_queries, run_query

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
REQUIRED = {"search": {"text": "绿色工厂"}, "trace": {"entity": "hard-tech-achievements-2023"}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A fresh in-memory Oxigraph server; yields its base URL."""
    assert OXIGRAPH, "the oxigraph server (pip package 'oxigraph') is not installed"
    port = _free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("oxigraph did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _sparql(base: str, query: str) -> list[list[str]]:
    """SELECT over HTTP; rows as lists of the terms' text (TSV, IRIs and literals as written)."""
    request = urllib.request.Request(f"{base}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request, timeout=30) as r:
        lines = r.read().decode("utf-8").splitlines()
    return [line.split("\t") for line in lines[1:]]


def _count(base: str, graph: str | None = None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(_sparql(base, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0][0].split("^^")[0].strip('"'))


def _graphs(base: str) -> set[str]:
    return {row[0] for row in _sparql(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def _remote_rows(base: str, query: str) -> list[tuple[str, ...]]:
    request = urllib.request.Request(f"{base}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        data = json.load(r)
    names = data["head"]["vars"]
    return [tuple(_norm(b[n]["value"]) if n in b else "" for n in names) for b in data["results"]["bindings"]]


def _norm(text: str) -> str:
    """GROUP_CONCAT's order is unspecified, so space-separated IRI lists are compared sorted."""
    return " ".join(sorted(text.split(" "))) if text.startswith("http") else text


def test_push_then_every_named_query_gives_the_same_answer_at_the_server(cli, server, bundled):
    _, graph = bundled
    result = cli("push", "--endpoint", f"{server}/store", "--chunk-size", "1000")
    assert result.returncode == 0, result.stderr
    assert _count(server) == len(graph)
    assert f"{len(graph):,} triples in {-(-len(graph) // 1000)} chunks" in result.stdout  # 1,000 a chunk, the last one less
    queries = named_queries([DATA / "zhejiang-2024-manufacturing"])
    assert len(queries) >= 25
    for name, q in queries.items():
        params = REQUIRED.get(name, {})
        local = run_query(graph, q.text, params, declared=q.params)
        kinds = {p.name: p.kind for p in q.params}
        text = bind_values(q.text, {k: resolve_entity(graph, v) if kinds[k] == "entity" else Literal(v)
                                     for k, v in params.items()})
        remote = _remote_rows(server, "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text)
        mine = [tuple("" if n is None else _norm(str(n)) for n in row) for row in local.rows]
        assert sorted(remote) == sorted(mine), name


def test_named_graph_and_replace(server, bundled):
    _, graph = bundled
    endpoint = f"{server}/store"
    push(graph, endpoint, graph_iri="urn:kg:test", chunk_size=1500)
    push(graph, endpoint, graph_iri="urn:kg:test", chunk_size=1500)
    assert _count(server, "urn:kg:test") == len(graph)  # the same triples again: a set, no duplicates
    tiny = next(chunks(graph, 10))
    push(graph, endpoint, graph_iri="urn:kg:test", replace=True, documents=iter([tiny]))
    assert _count(server, "urn:kg:test") == 10  # replaced, not added to
    assert _graphs(server) == {"<urn:kg:test>"}  # no temporary graph left behind


def test_replace_that_fails_midway_leaves_the_graph_as_it_was(server, bundled):
    _, graph = bundled
    endpoint = f"{server}/store"
    push(graph, endpoint, graph_iri="urn:kg:test", chunk_size=2000)
    good = list(chunks(graph, 500))
    broken = good[:2] + ["<urn:a> <urn:b> this is not N-Triples .\n"] + good[2:]
    with pytest.raises(PushError) as e:
        push(graph, endpoint, graph_iri="urn:kg:test", replace=True, documents=iter(broken))
    assert str(e.value).startswith(f"{endpoint} rejected the data with 400 Bad Request: ")
    assert _count(server, "urn:kg:test") == len(graph)
    assert _graphs(server) == {"<urn:kg:test>"}


class _Stub(http.server.BaseHTTPRequestHandler):
    status = 500
    seen: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        _Stub.seen.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(b"stub says no\n")

    do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Stub)
    # a short poll, so that shutdown() returns at once rather than at serve_forever's next half second
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()


@pytest.mark.parametrize("status, message", [
    (401, "refused the request (401 Unauthorized): check --user and the KG_PASSWORD environment variable"),
    (403, "refused the request (403 Forbidden)"),
    (500, "failed with 500 Internal Server Error: stub says no"),
])
def test_http_failures_are_one_line_and_exit_1(cli, monkeypatch, stub, status, message):
    _Stub.status = status
    url = f"http://127.0.0.1:{stub.server_port}/store"
    monkeypatch.setenv("KG_PASSWORD", "s3cret-value")
    result = cli("push", "--endpoint", url, "--user", "ana")
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "s3cret-value" not in result.stderr + result.stdout
    if status == 401:  # asked for a password without naming a scheme: Basic, to this server only
        assert _Stub.seen[-2:] == ["", "Basic YW5hOnMzY3JldC12YWx1ZQ=="]
    else:  # never asked for it: it never left kg
        assert _Stub.seen[-1] == ""


def test_unreachable_and_not_found(cli, server):
    refused = cli("push", "--endpoint", f"http://127.0.0.1:{_free_port()}/store")
    assert refused.returncode == 1
    assert "connection refused (is the server running?)" in refused.stderr
    missing = cli("push", "--endpoint", f"{server}/nothing-here")
    assert missing.returncode == 1 and "answered 404 Not Found" in missing.stderr


def test_password_is_never_a_command_line_flag(cli, monkeypatch):
    help = cli("push", "--help")
    assert help.returncode == 0
    assert "--password" not in help.stdout and "KG_PASSWORD" in help.stdout
    monkeypatch.delenv("KG_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # not a terminal: no prompt
    no_tty = cli("push", "--endpoint", "http://127.0.0.1:9/s", "--user", "ana")
    assert (no_tty.returncode, no_tty.stderr) == (
        2, "kg push: --user needs a password: set KG_PASSWORD (it is never read from the command line)\n")


# --- stub servers that record what reaches them ---------------------------------------------

@dataclass
class _Request:
    method: str
    path: str
    authorization: str
    body: bytes


Answer = Callable[[_Request], "tuple[int, dict[str, str], bytes]"]


@pytest.fixture
def site():
    """Starts stub HTTP servers on 127.0.0.1: ``site(answer)`` gives (base URL, requests seen)."""
    servers = []

    def start(answer: Answer) -> tuple[str, list[_Request]]:
        seen: list[_Request] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = _Request(self.command, self.path, self.headers.get("Authorization", ""), body)
                seen.append(request)
                status, headers, payload = answer(request)
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(payload))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args):
                pass

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_port}", seen

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def _ok(request: _Request) -> tuple[int, dict[str, str], bytes]:
    return 204, {}, b""


def _small() -> Graph:
    g = Graph()
    for i in range(3):
        g.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(f"o{i}")))
    return g


@pytest.fixture
def small_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    _small().serialize(path, format="turtle")
    return path


# --- finding 3: --named-graph and the endpoints are validated before anything is sent ---------------

INJECTION = "https://e/g> ; DROP ALL ; CLEAR SILENT GRAPH <urn:x"


def test_graph_iri_that_would_inject_an_update_is_refused_before_any_request(site):
    base, seen = site(_ok)
    with pytest.raises(UsageError) as e:
        push(_small(), f"{base}/store", graph_iri=INJECTION, replace=True)
    assert str(e.value) == f"--named-graph '{INJECTION}' is not a valid IRI (Invalid IRI code point '>')"
    assert seen == []


def test_graph_injection_leaves_the_real_server_untouched(cli, server, small_ttl):
    endpoint = f"{server}/store"
    push(_small(), endpoint, graph_iri="urn:x")
    push(_small(), endpoint, graph_iri="https://e/g")
    result = cli("push", "--graph", str(small_ttl), "--endpoint", endpoint, "--replace", "--named-graph", INJECTION)
    assert result.stderr == f"kg push: --named-graph '{INJECTION}' is not a valid IRI (Invalid IRI code point '>')\n"
    assert result.returncode == 2  # a usage error
    assert result.stdout == ""
    assert _graphs(server) == {"<urn:x>", "<https://e/g>"}
    assert _count(server, "urn:x") == 3 and _count(server, "https://e/g") == 3


@pytest.mark.parametrize("endpoint, message", [
    ("ftp://example.org/store", "--endpoint must be an http(s) URL, not 'ftp://example.org/store'"),
    ("store", "--endpoint must be an http(s) URL, not 'store'"),
    ("http:///store", "--endpoint 'http:///store' has no host"),
    ("http://127.0.0.1:99999/store", "--endpoint 'http://127.0.0.1:99999/store' has a bad port"),
    ("http://127.0.0.1/st ore", "--endpoint 'http://127.0.0.1/st ore' is not a valid IRI (Invalid IRI code point ' ')"),
    ("http://127.0.0.1/store\r\nX-Evil: 1", "--endpoint 'http://127.0.0.1/store\\r\\nX-Evil: 1' is not a valid IRI "
                                            "(Invalid IRI code point '\\r')"),
])
def test_bad_endpoint_urls_are_usage_errors(endpoint, message):
    with pytest.raises(UsageError) as e:
        push(_small(), endpoint)
    assert str(e.value) == message
    with pytest.raises(UsageError) as e:
        push(_small(), "http://127.0.0.1:9/store", update_endpoint=endpoint)
    assert str(e.value) == message.replace("--endpoint", "--update-endpoint")


def test_update_fallback_writes_the_graph_as_a_validated_term(server, site):
    """A server without a Graph Store (405) gets SPARQL Update: INSERT DATA, then MOVE into place."""
    def no_store(request):
        return 405, {}, b"no graph store here\n"

    base, seen = site(no_store)
    result = push(_small(), f"{base}/store", graph_iri="https://example.org/g?a=1&b=2", replace=True,
                  update_endpoint=f"{server}/update")
    assert (result.protocol, result.triples, result.chunks) == ("update", 3, 1)
    assert [r.method for r in seen] == ["PUT"]
    assert _graphs(server) == {"<https://example.org/g?a=1&b=2>"}
    assert _count(server, "https://example.org/g?a=1&b=2") == 3


# --- finding 2: redirects are never followed ----------------------------------------------------

def _redirect(status: int, location: str) -> Answer:
    return lambda request: (status, {"Location": location}, b"")


@pytest.mark.parametrize("status, phrase", [(301, "Moved Permanently"), (302, "Found"), (303, "See Other"),
                                            (307, "Temporary Redirect"), (308, "Permanent Redirect")])
def test_a_redirect_is_not_followed_and_the_password_stays_put(cli, monkeypatch, site, small_ttl, status, phrase):
    elsewhere, seen_elsewhere = site(_ok)
    base, seen = site(_redirect(status, f"{elsewhere}/steal"))
    monkeypatch.setenv("KG_PASSWORD", "s3cret-value")
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{base}/store", "--user", "ana")
    assert result.stderr == (f"kg push: {base}/store answered {status} {phrase} with Location {elsewhere}/steal: "
                             "redirects are not followed (give the final URL as --endpoint)\n")
    assert result.returncode == 1 and result.stdout == ""
    assert [r.method for r in seen] == ["POST"]
    assert seen_elsewhere == []  # neither the data nor the Authorization header went there


def test_replace_does_not_follow_a_redirect_of_the_update_endpoint(site):
    elsewhere, seen_elsewhere = site(_ok)

    def store_ok_update_moved(request: _Request) -> tuple[int, dict[str, str], bytes]:
        if request.path.startswith("/update"):
            return 303, {"Location": f"{elsewhere}/update"}, b""
        return 204, {}, b""

    base, seen = site(store_ok_update_moved)
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", graph_iri="urn:kg:test", replace=True, user="ana", password="pw")
    assert str(e.value) == (f"{base}/update answered 303 See Other with Location {elsewhere}/update: "
                            "redirects are not followed (give the final URL as --update-endpoint)")
    assert seen_elsewhere == []
    assert [r.method for r in seen] == ["PUT", "POST", "DELETE"]
    assert seen[1].body.startswith(b"MOVE SILENT GRAPH <urn:kg:upload:")
    assert seen[2].path == seen[0].path  # the temporary graph, dropped through the graph store


# --- finding 9: broken, huge and slow answers ---------------------------------------------------

@pytest.fixture
def raw():
    """Starts TCP servers that read one request and answer with ``reply(socket)``, for answers no
    HTTP server library would send; ``raw(reply)`` gives the base URL."""
    listeners, stop = [], threading.Event()

    def start(reply: Callable[[socket.socket], None]) -> str:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def serve_one(conn: socket.socket) -> None:
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(body) < length:
                    body += conn.recv(65536)
                try:
                    reply(conn)
                except OSError:
                    pass  # kg closed the connection: what these tests want

        def accept() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    start.stop = stop  # type: ignore[attr-defined]
    yield start
    stop.set()
    for listener in listeners:
        listener.close()


def _sends(data: bytes) -> Callable[[socket.socket], None]:
    return lambda conn: conn.sendall(data)


def _drip(stop: threading.Event, head: bytes = b"") -> Callable[[socket.socket], None]:
    """Sends ``head``, then one byte of a header every 0.1 s, until the client gives up."""
    def reply(conn: socket.socket) -> None:
        conn.sendall(head)
        while not stop.is_set():
            conn.sendall(b"X")
            time.sleep(0.1)
    return reply


def _endless(status: bytes) -> Callable[[socket.socket], None]:
    """An answer that announces an 8 GiB body and sends it until the client stops reading."""
    def reply(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: 8589934592\r\n\r\n")
        block = b"x" * 65536
        for _ in range(8 * 1024 * 1024 * 1024 // len(block)):
            conn.sendall(block)
    return reply


MALFORMED = {
    "garbage status line": (b"GARBAGE\r\n\r\n", "did not answer with an HTTP status line (got 'GARBAGE')"),
    "70 kB header": (b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
                     "sent a malformed HTTP answer (got more than 65536 bytes when reading header line)"),
    "101 headers": (b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(101)) + b"\r\n",
                    "sent a malformed HTTP answer (got more than 100 headers)"),
    "status line with a terminal escape": (b"\x1b]0;owned\x07 HTTP/1.1 200 OK\r\n\r\n",
                                           "did not answer with an HTTP status line (got '\\x1b]0;owned\\x07 "
                                           "HTTP/1.1 200 OK')"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_answer_is_one_line_not_a_traceback(cli, raw, small_ttl, case):
    reply, message = MALFORMED[case]
    base = raw(_sends(reply))
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{base}/store")
    assert result.stderr == f"kg push: {base}/store {message}\n"
    assert result.returncode == 1


@pytest.mark.parametrize("head", [b"", b"HTTP/1.1 200 OK\r\n"], ids=["status line", "headers"])
def test_a_slow_drip_answer_fails_at_the_deadline(raw, head):
    base = raw(_drip(raw.stop, head))
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", deadline=0.5, retries=0)  # five bytes dripped, and no answer
    assert str(e.value) == f"{base}/store did not answer within 0.5 s"


def test_an_endless_answer_is_not_read_whole(raw):
    ok = raw(_endless(b"200 OK"))
    result = push(_small(), f"{ok}/store", deadline=20)  # reading 8 GiB would take longer, or run out of memory
    assert (result.triples, result.chunks) == (3, 1)
    failed = raw(_endless(b"500 Internal Server Error"))
    with pytest.raises(PushError) as e:
        push(_small(), f"{failed}/store", deadline=20, retries=0)
    assert str(e.value) == f"{failed}/store failed with 500 Internal Server Error: {'x' * 200}…"


def test_a_server_that_closes_without_answering(raw):
    base = raw(_sends(b""))
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", retries=1)
    assert str(e.value) == f"{base}/store closed the connection (Remote end closed connection without response)"


# --- finding 9: credentials ---------------------------------------------------------------------

@pytest.mark.parametrize("option", ["endpoint", "update_endpoint"])
def test_a_password_in_the_url_is_refused_and_never_repeated(site, option):
    base, seen = site(_ok)
    url = base.replace("http://", "http://ana:S3cr3t@") + "/store"
    args = {"endpoint": url} if option == "endpoint" else {"endpoint": f"{base}/store", "update_endpoint": url}
    with pytest.raises(UsageError) as e:
        push(_small(), **args)
    what = f"--{option.replace('_', '-')}"
    assert str(e.value) == f"{what} must not hold a user name or password: give --user NAME and set KG_PASSWORD"
    assert seen == []


def test_a_password_in_the_endpoint_is_refused_by_the_cli(cli, small_ttl):
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"http://ana:S3cr3t@127.0.0.1:{_free_port()}/s")
    assert result.stderr == ("kg push: --endpoint must not hold a user name or password: "
                             "give --user NAME and set KG_PASSWORD\n")
    assert result.returncode == 2  # a usage error


ECHOES = {  # what a server may send back, and what kg prints of it
    "body": ((500, {}, b"bad login ana:s3cret-value (Basic YW5hOnMzY3JldC12YWx1ZQ==)\n"),
             "failed with 500 Internal Server Error: bad login ana:*** (Basic ***)"),
    "location": ((302, {"Location": "http://127.0.0.1:9/?p=s3cret-value"}, b""),
                 "answered 302 Found with Location http://127.0.0.1:9/?p=***: redirects are not followed "
                 "(give the final URL as --endpoint)"),
}


@pytest.mark.parametrize("case", list(ECHOES))
def test_a_password_the_server_echoes_is_not_printed(site, case):
    answer, message = ECHOES[case]
    base, seen = site(lambda request: answer if request.authorization else
                      (401, {"WWW-Authenticate": 'Basic realm="kg"'}, b""))
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", user="ana", password="s3cret-value", retries=0)
    assert str(e.value) == f"{base}/store {message}"
    assert [r.authorization for r in seen] == ["", "Basic YW5hOnMzY3JldC12YWx1ZQ=="]


def test_plain_http_to_another_machine_warns_that_the_password_is_unencrypted(cli, monkeypatch, site, tmp_path):
    warned: list[str] = []
    base, _ = site(_ok)
    for safe in (f"{base}/store", base.replace("127.0.0.1", "localhost") + "/store", "http://[::1]:9/store",
                  "https://192.0.2.1/store"):
        push(_small(), safe, user="ana", password="pw", documents=iter([]), warn=warned.append)
    assert warned == []
    push(_small(), "http://192.0.2.1:7878/store", user="ana", password="pw", documents=iter([]), warn=warned.append)
    push(_small(), "https://192.0.2.1/store", update_endpoint="http://[2001:db8::1]/update", user="ana",
         password="pw", documents=iter([]), warn=warned.append)
    push(_small(), "http://192.0.2.1:7878/store", documents=iter([]), warn=warned.append)  # no --user: no password
    assert warned == ["the password of ana goes unencrypted to http://192.0.2.1:7878 (plain http, not https)",
                      "the password of ana goes unencrypted to http://[2001:db8::1] (plain http, not https)"]
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing to send, so nothing is sent\n", encoding="utf-8")
    monkeypatch.setenv("KG_PASSWORD", "pw")
    result = cli("push", "--graph", str(empty), "--endpoint", "http://192.0.2.1:7878/store", "--user", "ana")
    assert result.stderr == ("kg push: warning: the password of ana goes unencrypted to http://192.0.2.1:7878 "
                             "(plain http, not https)\n")
    assert result.returncode == 0


# --- replace: the temporary graph never outlives a failure ------------------------------------

def test_replace_whose_update_endpoint_fails_names_it_and_drops_the_temporary_graph(server):
    endpoint, update = f"{server}/store", f"{server}/nothing-here"
    push(_small(), endpoint, graph_iri="urn:kg:test")
    with pytest.raises(PushError) as e:
        push(_small(), endpoint, graph_iri="urn:kg:test", replace=True, update_endpoint=update,
             documents=iter(["<urn:a> <urn:b> <urn:c> .\n"]))
    assert str(e.value) == (f"{update} answered 404 Not Found: is it the server's SPARQL Update endpoint? "
                            "(give --update-endpoint: Virtuoso http://HOST:8890/sparql-auth, Fuseki "
                            "http://HOST:3030/DATASET/update, GraphDB http://HOST:7200/repositories/REPO/statements, "
                            "Oxigraph http://HOST:7878/update)")
    assert _graphs(server) == {"<urn:kg:test>"}
    assert _count(server, "urn:kg:test") == 3


def test_replace_interrupted_midway_drops_the_temporary_graph(server, bundled):
    _, graph = bundled
    endpoint = f"{server}/store"
    push(_small(), endpoint, graph_iri="urn:kg:test")

    def interrupted():
        yield from list(chunks(graph, 500))[:2]
        raise KeyboardInterrupt  # Ctrl-C, or kg's SIGTERM handler, between two chunks

    with pytest.raises(KeyboardInterrupt):
        push(graph, endpoint, graph_iri="urn:kg:test", replace=True, documents=interrupted())
    assert _graphs(server) == {"<urn:kg:test>"}
    assert _count(server, "urn:kg:test") == 3


def test_graph_is_a_built_file_as_in_every_verb_and_an_iri_there_is_pointed_to_named_graph(cli):
    result = cli("push", "--graph", "https://example.org/zj2024", "--endpoint", "http://127.0.0.1:9/store")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("kg push: --graph is a built Turtle file, not 'https://example.org/zj2024'; "
                             "the graph to load into is --named-graph IRI\n")


# --- kg query NAME --endpoint: the same questions asked of the store -------------------------------

ZJ = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"


def _csv_rows(text: str) -> tuple[str, list[str]]:
    """The header, and the rows sorted with space-separated lists in each cell sorted (GROUP_CONCAT's
    order, like a row order without ORDER BY, is the engine's to choose)."""
    import csv

    lines = list(csv.reader(io.StringIO(text)))
    return ",".join(lines[0]), sorted("\t".join(_norm(c) if " " in c else c for c in row) for row in lines[1:])


def test_every_named_query_asked_at_the_endpoint_gives_the_local_table(cli, server, bundled):
    assert cli("push", "--endpoint", f"{server}/store").returncode == 0
    queries = named_queries([DATA / "zhejiang-2024-manufacturing"])
    for name, q in queries.items():
        args = [f"--param={k}={ZJ + v if k == 'entity' else v}" for k, v in REQUIRED.get(name, {}).items()]
        local = cli("query", name, *args, "--format", "csv")
        remote = cli("query", name, *args, "--format", "csv", "--endpoint", f"{server}/query")
        assert (local.returncode, remote.returncode) == (0, 0), remote.stderr
        assert _csv_rows(remote.stdout) == _csv_rows(local.stdout), name


def test_an_entity_parameter_at_an_endpoint_must_be_an_iri(cli, server):
    result = cli("query", "trace", "--param", "entity=hard-tech-achievements-2023", "--endpoint", f"{server}/query")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("kg query: --param entity: with --endpoint give the entity's full IRI or a prefixed "
                             "name of kg's (kgo, skos, prov, ...); ids can only be looked up in a graph kg holds\n")


def test_an_endpoint_that_is_not_a_query_service_is_named(cli, server):
    result = cli("query", "counts-by-class", "--endpoint", f"{server}/nothing-here")
    assert result.returncode == 1
    assert result.stderr == (f"kg query: counts-by-class.rq: {server}/nothing-here answered 404 Not Found: is it the "
                             "server's SPARQL query endpoint? (Oxigraph: http://HOST:7878/query; Fuseki: "
                             "http://HOST:3030/DATASET/sparql)\n")
    refused = cli("query", "counts-by-class", "--endpoint", f"http://127.0.0.1:{_free_port()}/query")
    assert refused.returncode == 1 and "connection refused (is the server running?)" in refused.stderr


# --- authentication: Digest or Basic, as the server's 401 asks ---------------------------------

def _digest_site(site, password: str = "pw", *, algorithm: str = "MD5", uses: int = 1000,
                 extra: str = "") -> tuple[str, list[_Request], list[str]]:
    """A stub that wants Digest (RFC 7616, checked here with the standard library's own header
    parser and hashlib) and answers 204 to a right answer; a nonce serves ``uses`` requests, then
    a 401 with ``stale=true`` and a new one. Gives (base URL, requests, verdicts)."""
    import hashlib
    from urllib.request import parse_http_list, parse_keqv_list

    nonces, verdicts = [f"nonce-{i}" for i in range(100)], []
    used = {"n": 0, "nonce": 0}
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[algorithm]

    def hexd(text: str) -> str:
        return h(text.encode()).hexdigest()

    def challenge(stale: bool = False) -> tuple[int, dict[str, str], bytes]:
        header = (f'{extra}Digest realm="kg test", nonce="{nonces[used["nonce"]]}", qop="auth", '
                  f'algorithm={algorithm}, opaque="xyz"{", stale=true" if stale else ""}')
        return 401, {"WWW-Authenticate": header}, b""

    def answer(request: _Request) -> tuple[int, dict[str, str], bytes]:
        if not request.authorization.startswith("Digest "):
            verdicts.append("no digest")
            return challenge()
        p = parse_keqv_list(parse_http_list(request.authorization[len("Digest "):]))
        if p["nonce"] != nonces[used["nonce"]] or used["n"] >= uses:
            used["nonce"] += 1 if used["n"] >= uses else 0
            used["n"] = 0
            verdicts.append("stale")
            return challenge(stale=True)
        ha1 = hexd(f"{p['username']}:kg test:{password}")
        expected = hexd(f"{ha1}:{p['nonce']}:{p['nc']}:{p['cnonce']}:auth:{hexd(f'{request.method}:{request.path}')}")
        ok = (p["response"] == expected and p["uri"] == request.path and p["opaque"] == "xyz"
              and int(p["nc"], 16) == used["n"] + 1)
        verdicts.append("ok" if ok else "wrong")
        if not ok:
            return challenge()
        used["n"] += 1
        return 204, {}, b""

    base, seen = site(answer)
    return base, seen, verdicts


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_digest_is_negotiated_from_the_401_and_answers_every_chunk(site, algorithm):
    base, seen, verdicts = _digest_site(site, algorithm=algorithm)
    result = push(_small(), f"{base}/store", graph_iri="urn:kg:test", replace=True, user="ana", password="pw",
                  documents=iter(["<urn:a> <urn:b> <urn:c> .\n"] * 3))
    assert (result.triples, result.chunks) == (3, 3)
    assert verdicts == ["no digest", "ok", "ok", "ok", "ok"]  # one 401, then every request answered at once
    assert [(r.method, r.path.split("?")[0]) for r in seen] == [
        ("PUT", "/store"), ("PUT", "/store"), ("POST", "/store"), ("POST", "/store"), ("POST", "/update")]
    assert seen[0].authorization == ""  # the first request carries no password: the server has not asked
    assert all("pw" not in r.authorization.split("response=")[0] for r in seen)


def test_digest_with_a_stale_nonce_asks_again_once(site):
    base, seen, verdicts = _digest_site(site, uses=2)
    push(_small(), f"{base}/store", graph_iri="urn:kg:test", user="ana", password="pw",
         documents=iter(["<urn:a> <urn:b> <urn:c> .\n"] * 4))
    assert verdicts == ["no digest", "ok", "ok", "stale", "ok", "ok"]


def test_digest_is_chosen_over_basic_when_both_are_offered(site):
    base, seen, verdicts = _digest_site(site, extra='Basic realm="kg test", ')
    push(_small(), f"{base}/store", user="ana", password="pw")
    assert verdicts == ["no digest", "ok"]
    assert [r.authorization.split(" ")[0] for r in seen] == ["", "Digest"]


def test_a_wrong_password_with_digest_is_one_line_and_a_few_requests(cli, site, monkeypatch, small_ttl):
    base, seen, verdicts = _digest_site(site, password="the-right-one")
    monkeypatch.setenv("KG_PASSWORD", "s3cret-value")
    result = cli("push", "--graph", str(small_ttl), "--endpoint", f"{base}/store", "--user", "ana")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"kg push: {base}/store refused the request (401 Unauthorized): check --user and "
                             "the KG_PASSWORD environment variable\n")
    assert verdicts == ["no digest", "wrong"]  # the same nonce refused: the password is wrong, not stale
    assert "s3cret-value" not in "".join(r.authorization for r in seen)


def test_basic_is_sent_when_the_401_asks_for_it(site):
    def basic(request: _Request) -> tuple[int, dict[str, str], bytes]:
        if request.authorization == "Basic YW5hOnB3":
            return 204, {}, b""
        return 401, {"WWW-Authenticate": 'Basic realm="kg test", charset="UTF-8"'}, b""

    base, seen = site(basic)
    push(_small(), f"{base}/store", user="ana", password="pw", documents=iter(["<urn:a> <urn:b> <urn:c> .\n"] * 2))
    assert [r.authorization for r in seen] == ["", "Basic YW5hOnB3", "Basic YW5hOnB3"]


def test_a_scheme_kg_does_not_speak_is_named(site):
    base, seen = site(lambda request: (401, {"WWW-Authenticate": 'Bearer realm="kg", error="invalid_token"'}, b""))
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", user="ana", password="pw")
    assert str(e.value) == (f"{base}/store asks for bearer authentication, which kg does not speak "
                            "(it answers Basic and Digest)")
    assert [r.authorization for r in seen] == [""]


def test_a_temporary_graph_that_cannot_be_dropped_is_named_in_a_warning(site):
    def update_and_delete_fail(request: _Request) -> tuple[int, dict[str, str], bytes]:
        if request.method == "PUT":
            return 201, {}, b""
        return 503 if request.method == "DELETE" else 500, {}, b"no\n"

    base, seen = site(update_and_delete_fail)
    warned: list[str] = []
    with pytest.raises(PushError) as e:
        push(_small(), f"{base}/store", graph_iri="urn:kg:test", replace=True, warn=warned.append, retries=0)
    assert str(e.value) == f"{base}/update failed with 500 Internal Server Error: no"
    staging = seen[0].path.split("graph=")[1]
    graph = urllib.parse.unquote(staging)
    assert graph.startswith("urn:kg:upload:")
    assert warned == [f"the temporary graph <{graph}> is left on the server: {base}/update failed with 500 "
                      f"Internal Server Error: no; drop it with DROP SILENT GRAPH <{graph}>"]
    assert [r.method for r in seen] == ["PUT", "POST", "DELETE", "POST"]


@pytest.mark.parametrize("endpoint, update", [
    ("http://127.0.0.1:9/sparql-graph-crud-auth", "http://127.0.0.1:9/sparql-auth"),  # Virtuoso
    ("http://127.0.0.1:9/sparql-graph-crud", "http://127.0.0.1:9/sparql"),
    ("http://127.0.0.1:9/repositories/kg/rdf-graphs/service", "http://127.0.0.1:9/repositories/kg/statements"),  # GraphDB
    ("http://127.0.0.1:9/ds/data", "http://127.0.0.1:9/ds/update"),  # Fuseki
    ("http://127.0.0.1:9/store", "http://127.0.0.1:9/update"),  # Oxigraph
    ("http://127.0.0.1:9/somewhere/else", "http://127.0.0.1:9/somewhere/update"),  # unknown: the sibling
])
def test_the_update_endpoint_follows_the_servers_layout(endpoint, update):
    from kg.push import profile

    assert profile(endpoint)[1] == update
    warned: list[str] = []
    with pytest.raises(PushError) as e:  # nothing listens on port 9: the update goes where the profile says
        push(_small(), endpoint, graph_iri="urn:kg:g", replace=True, documents=iter([]), retries=0, warn=warned.append)
    assert str(e.value) == f"cannot reach {update}: connection refused (is the server running?)"
    assert warned == []  # no chunk was sent, so no temporary graph can be left
