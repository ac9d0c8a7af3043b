"""Sending the graph to a SPARQL 1.1 server: the Graph Store HTTP Protocol, in chunks, with
retries; SPARQL Update where the server has no graph store. With ``replace``, the data is loaded
into a temporary graph and moved into place only once all of it has arrived.

Each request is one ``http.client`` connection that kg controls entirely: a redirect is never
followed (the password and the data go to the URLs given and nowhere else), at most 64 KiB of an
answer is read, a request has an overall deadline that a server answering a byte at a time cannot
stretch, and every failure of the network or of the server is a one-line :class:`PushError`.
"""

from __future__ import annotations

import base64
import http
import http.client
import io
import ipaddress
import re
import socket
import time
import urllib.parse
import uuid
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import KgError, UsageError
from kg.export.rdf import nt_lines
from kg.iri import check_iri, short

__all__ = ["push", "PushError", "PushResult", "chunks", "DEADLINE"]

_RETRY_STATUS = {429, 502, 503, 504}
_FALLBACK_STATUS = {405, 415, 501}
#: Seconds one request may take in all: connecting, sending the chunk and reading the answer.
DEADLINE = 300.0
#: Seconds to wait for a connection (within the deadline).
_CONNECT_TIMEOUT = 30.0
#: Most bytes of an answer that are read; the rest is left unread and the connection closed.
_MAX_ANSWER = 64 * 1024


class PushError(KgError):
    """The server could not be reached or refused the data; the message says why in one line.

    ``status`` is the HTTP status of the answer, when there was one.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class PushResult:
    triples: int
    chunks: int
    graph: str | None
    protocol: str


def chunks(graph: Graph, size: int) -> Iterator[str]:
    """The graph as N-Triples documents of at most ``size`` triples each."""
    batch: list[str] = []
    for line in sorted(nt_lines(graph)):
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


@dataclass(frozen=True)
class _Url:
    """A checked http(s) URL: ``text`` as the user gave it (safe to print), and its parts."""

    text: str
    what: str  # the option it came from, for messages
    https: bool
    host: str
    port: int | None
    target: str  # path and query, ASCII, as sent in the request line

    def with_query(self, query: str) -> str:
        return f"{self.target}{'&' if '?' in self.target else '?'}{query}"

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.https else 'http'}://{host}{'' if self.port is None else f':{self.port}'}"

    @property
    def loopback(self) -> bool:
        """Whether the host is this machine (so plain http never leaves it)."""
        if self.host == "localhost" or self.host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


# Every printable ASCII character except the space: what percent-encoding of an IRI leaves alone.
_URI_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))
# A user name or password before the host (scheme://user:password@host): looked for before
# anything else, so that no message ever repeats the URL that holds it.
_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//)?[^/?#]*@")


def _check_url(url: str, what: str) -> _Url:
    """``url`` as an absolute http(s) URL with a host; :class:`UsageError` naming ``what`` if not."""
    if _USERINFO.match(url):
        raise UsageError(f"{what} must not hold a user name or password: give --user NAME and set KG_PASSWORD")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"{what} must be an http(s) URL, not '{short(url)}'")
    check_iri(url, what)  # no spaces, control characters or quotes: nothing can slip into a request line
    if not parts.hostname:
        raise UsageError(f"{what} '{short(url)}' has no host")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"{what} '{short(url)}' has a bad port") from None
    target = urllib.parse.quote(parts.path or "/", safe=_URI_SAFE)  # an IRI's non-ASCII, percent-encoded
    if parts.query:
        target += "?" + urllib.parse.quote(parts.query, safe=_URI_SAFE)
    return _Url(url, what, parts.scheme.lower() == "https", parts.hostname, port, target)


def _update_url(endpoint: str) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rsplit("/", 1)[0] + "/update"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class _Clock:
    """What is left of a request's deadline; TimeoutError once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left


class _TimedReader(io.RawIOBase):
    """A socket's input, each read given only what is left of the deadline (a server that sends one
    byte a second never lets a plain socket timeout expire)."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self._sock, self._clock = sock, clock
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open until the answer is read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int | None:
        self._sock.settimeout(self._clock.left())
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _TimedSocket:
    """The connection's socket as http.client sees it: sends and reads bounded by the deadline."""

    def __init__(self, sock: socket.socket, clock: _Clock) -> None:
        self._sock, self._clock = sock, clock

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._clock.left())
        self._sock.sendall(data)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_TimedReader(self._sock, self._clock))

    def close(self) -> None:
        self._sock.close()


class _Unreachable(Exception):
    """No connection could be made (as opposed to a failure once connected)."""


@dataclass
class _Answer:
    status: int
    location: str | None
    text: str  # the start of the body, for messages; empty on success


def _exchange(url: _Url, method: str, target: str, body: bytes, headers: dict[str, str],
              deadline: float) -> _Answer:
    """One request on a connection of its own, never following a redirect."""
    clock = _Clock(deadline)
    kind = http.client.HTTPSConnection if url.https else http.client.HTTPConnection
    conn = kind(url.host, url.port, timeout=min(clock.left(), _CONNECT_TIMEOUT))
    try:
        try:
            conn.connect()
        except OSError as e:
            raise _Unreachable(e) from e
        conn.sock = _TimedSocket(conn.sock, clock)  # type: ignore[assignment]  # quacks like one
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        if 200 <= response.status < 300:
            return _Answer(response.status, None, "")  # the body of a success says nothing kg needs
        try:
            text = response.read(_MAX_ANSWER).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException, ValueError):
            text = ""  # the status says what went wrong; a body that does not arrive adds nothing
        return _Answer(response.status, response.getheader("Location"), text)
    finally:
        conn.close()


class _Client:
    def __init__(self, user: str | None, password: str | None, retries: int, deadline: float) -> None:
        self.auth = None
        self.secrets = [password] if password else []
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.auth = f"Basic {token}"
            self.secrets.append(token)
        self.retries = retries
        self.deadline = deadline

    def send(self, method: str, url: _Url, body: bytes = b"", content_type: str | None = None,
             query: str | None = None) -> None:
        """Send one request, retrying transient failures; :class:`PushError` if it does not succeed."""
        headers = {"Connection": "close"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.auth:
            headers["Authorization"] = self.auth
        target = url.with_query(query) if query else url.target
        for attempt in range(self.retries + 1):
            error, transient = self._attempt(url, method, target, body, headers)
            if error is None:
                return
            if not transient or attempt == self.retries:
                raise error
            time.sleep(0.5 * 2 ** attempt)

    def _attempt(self, url: _Url, method: str, target: str, body: bytes,
                 headers: dict[str, str]) -> tuple[PushError | None, bool]:
        """(the error, whether trying again may help), or (None, False) on success."""
        name = url.text
        try:
            answer = _exchange(url, method, target, body, headers, self.deadline)
        except _Unreachable as e:
            cause = e.__cause__
            if isinstance(cause, ConnectionRefusedError):
                return PushError(f"cannot reach {name}: connection refused (is the server running?)"), False
            if isinstance(cause, TimeoutError):
                return PushError(f"cannot reach {name}: timed out"), False
            return PushError(f"cannot reach {name}: {self._said(_reason(cause), 200)}"), False
        except TimeoutError:
            return PushError(f"{name} did not answer within {self.deadline:g} s"), False
        except ConnectionError as e:  # reset or closed midway: often a restart or a proxy, so retried
            return PushError(f"{name} closed the connection ({self._said(_reason(e), 200)})"), True
        except http.client.BadStatusLine as e:
            return PushError(f"{name} did not answer with an HTTP status line "
                             f"(got '{self._said(e.line.strip())}')"), False
        except (http.client.HTTPException, ValueError) as e:  # too long a header, too many, bad chunking...
            return PushError(f"{name} sent a malformed HTTP answer ({self._said(str(e), 100)})"), False
        except OSError as e:
            return PushError(f"lost the connection to {name}: {self._said(_reason(e), 200)}"), False
        if 200 <= answer.status < 300:
            return None, False
        return self._refusal(url, answer), answer.status in _RETRY_STATUS

    def _refusal(self, url: _Url, answer: _Answer) -> PushError:
        name, code = url.text, answer.status
        try:
            phrase = http.HTTPStatus(code).phrase
        except ValueError:
            phrase = "(unknown status)"
        status = f"{code} {phrase}"
        lines = answer.text.strip().splitlines()
        first = f": {self._said(lines[0], 200)}" if lines else ""
        if 300 <= code < 400:
            where = f"with Location {self._said(answer.location, 200)}" if answer.location else "with no Location"
            return PushError(f"{name} answered {status} {where}: redirects are not followed "
                             f"(give the final URL as {url.what})", code)
        if code in (401, 403):
            return PushError(f"{name} refused the request ({status}): check --user and the "
                             "KG_PASSWORD environment variable", code)
        if code == 404 and url.what == "--endpoint":
            return PushError(f"{name} answered 404 Not Found: is it the server's Graph Store endpoint? "
                             "(Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data)", code)
        if code == 404:
            return PushError(f"{name} answered 404 Not Found: is it the server's SPARQL Update endpoint? "
                             "(give --update-endpoint)", code)
        if code >= 500:
            return PushError(f"{name} failed with {status}{first}", code)
        return PushError(f"{name} rejected the data with {status}{first}", code)

    def _said(self, text: str, limit: int = 60) -> str:
        """Text from the server, safe to print: one line, cut short, and never the password (a
        server may echo what it was sent)."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return short(text, limit)


def _reason(e: BaseException) -> str:
    return (e.strerror if isinstance(e, OSError) and e.strerror else str(e)) or type(e).__name__


def push(graph: Graph, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
         user: str | None = None, password: str | None = None, chunk_size: int = 50_000,
         update_endpoint: str | None = None, retries: int = 3,
         progress: Callable[[int, int], None] | None = None,
         documents: Iterator[str] | None = None, deadline: float = DEADLINE,
         warn: Callable[[str], None] | None = None) -> PushResult:
    """Send ``graph`` to the Graph Store at ``endpoint`` (into ``graph_iri``, or the default graph).

    ``replace`` swaps the target's content for the graph's, atomically at the server: nothing is
    left half-loaded if a chunk fails. ``progress(chunks_sent, triples_sent)`` is called after each
    chunk. ``documents`` overrides the N-Triples chunks (for tests that need a bad one).
    ``deadline`` bounds each request, in seconds. ``warn(message)`` is told when the password
    would cross the network unencrypted (default: :func:`warnings.warn`).
    """
    # Everything that goes into a URL or an update is checked before anything is sent; updates are
    # written with the checked terms, so a graph name cannot close the IRI and add operations.
    store = _check_url(endpoint, "--endpoint")
    update = _check_url(update_endpoint or _update_url(endpoint), "--update-endpoint")
    target = check_iri(graph_iri, "--graph") if graph_iri is not None else None
    if user is not None:
        for origin in dict.fromkeys(u.origin for u in (store, update) if not u.https and not u.loopback):
            (warn or _warn)(f"the password of {user} goes unencrypted to {origin} (plain http, not https)")
    staging = ox.NamedNode(f"urn:kg:upload:{uuid.uuid4()}") if replace else None
    client = _Client(user, password, retries, deadline)
    docs = documents if documents is not None else chunks(graph, chunk_size)
    protocol, sent, triples = "gsp", 0, 0
    try:
        for doc in docs:
            into = staging or target
            body = doc.encode("utf-8")
            try:
                if protocol == "gsp":
                    method = "PUT" if (sent == 0 and staging) else "POST"
                    client.send(method, store, body, "application/n-triples", _graph_query(into))
                else:
                    client.send("POST", update, _insert(doc, into).encode("utf-8"), "application/sparql-update")
            except PushError as e:
                if protocol == "gsp" and sent == 0 and e.status in _FALLBACK_STATUS:
                    protocol = "update"  # no graph store here: fall back to SPARQL Update
                    client.send("POST", update, _insert(doc, into).encode("utf-8"), "application/sparql-update")
                else:
                    raise
            sent += 1
            triples += doc.count("\n")
            if progress:
                progress(sent, triples)
        if staging:
            dest = f"GRAPH {target}" if target else "DEFAULT"
            if sent == 0:
                client.send("POST", update, f"DROP SILENT {dest}".encode(), "application/sparql-update")
            else:
                client.send("POST", update, f"MOVE SILENT GRAPH {staging} TO {dest}".encode(),
                            "application/sparql-update")
    except BaseException:  # a refusal, an interrupt, a bad document: the temporary graph goes in every case
        if staging:
            _drop(_Client(user, password, 0, min(deadline, _CONNECT_TIMEOUT)), store, update, staging, protocol)
        raise
    return PushResult(triples, sent, target.value if target else None, protocol)


def _drop(client: _Client, store: _Url, update: _Url, graph: ox.NamedNode, protocol: str) -> None:
    """Best effort: remove the temporary graph of a replace that failed, through the graph store
    when there is one (the update endpoint may be what failed), else by SPARQL Update."""
    if protocol == "gsp":
        try:
            client.send("DELETE", store, query=_graph_query(graph))
            return
        except PushError:
            pass
    try:
        client.send("POST", update, f"DROP SILENT GRAPH {graph}".encode(), "application/sparql-update")
    except PushError:
        pass  # the error that stopped the push is the one to report


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _graph_query(graph: ox.NamedNode | None) -> str:
    """The Graph Store Protocol's query string for ``graph`` (or the default graph)."""
    return "default" if graph is None else f"graph={urllib.parse.quote(graph.value, safe='')}"


def _insert(ntriples: str, graph: ox.NamedNode | None) -> str:
    """INSERT DATA of an N-Triples document (written by kg, so its terms are already checked)."""
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}}} }}" if graph else f"INSERT DATA {{\n{ntriples}}}"
