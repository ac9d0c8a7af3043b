"""Sending the graph to a SPARQL 1.1 server: the Graph Store HTTP Protocol, in chunks, with
retries; SPARQL Update where the server has no graph store. With ``replace``, the data is loaded
into a temporary graph and moved into place only once all of it has arrived.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import KgError, UsageError
from kg.export.rdf import nt_lines
from kg.iri import check_iri, short

__all__ = ["push", "PushError", "PushResult", "chunks"]

_RETRY_STATUS = {429, 502, 503, 504}
_FALLBACK_STATUS = {405, 415, 501}
_TIMEOUT = 60


class PushError(KgError):
    """The server could not be reached or refused the data; the message says why in one line."""


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


def _explain(url: str, e: Exception) -> PushError:
    if isinstance(e, urllib.error.HTTPError):
        body = e.read(400).decode("utf-8", "replace").strip().splitlines()
        first = f": {body[0][:200]}" if body else ""
        if e.code in (401, 403):
            return PushError(f"{url} refused the request ({e.code} {e.reason}): check --user and the "
                             "KG_PASSWORD environment variable")
        if e.code == 404:
            return PushError(f"{url} answered 404 Not Found: is it the server's Graph Store endpoint? "
                             "(Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data)")
        if e.code >= 500:
            return PushError(f"{url} failed with {e.code} {e.reason}{first}")
        return PushError(f"{url} rejected the data with {e.code} {e.reason}{first}")
    reason = getattr(e, "reason", e)
    if isinstance(reason, ConnectionRefusedError):
        return PushError(f"cannot reach {url}: connection refused (is the server running?)")
    return PushError(f"cannot reach {url}: {reason}")


class _Client:
    def __init__(self, user: str | None, password: str | None, retries: int) -> None:
        self.auth = None
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.auth = f"Basic {token}"
        self.retries = retries

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        headers = {"Content-Type": content_type}
        if self.auth:
            headers["Authorization"] = self.auth
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                    response.read()
                return
            except urllib.error.HTTPError as e:
                if e.code not in _RETRY_STATUS or attempt == self.retries:
                    raise
            except urllib.error.URLError as e:
                transient = isinstance(e.reason, (ConnectionResetError, TimeoutError))
                if not transient or attempt == self.retries:
                    raise
            except (ConnectionResetError, TimeoutError):
                if attempt == self.retries:
                    raise
            time.sleep(0.5 * 2 ** attempt)


def _check_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host; :class:`UsageError` naming ``what`` if not."""
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
        parts.port
    except ValueError:
        raise UsageError(f"{what} '{short(url)}' has a bad port") from None
    return url


def _graph_url(endpoint: str, graph: ox.NamedNode | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph.value, safe='')}"


def _update_url(endpoint: str) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rsplit("/", 1)[0] + "/update"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def push(graph: Graph, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
         user: str | None = None, password: str | None = None, chunk_size: int = 50_000,
         update_endpoint: str | None = None, retries: int = 3,
         progress: Callable[[int, int], None] | None = None,
         documents: Iterator[str] | None = None) -> PushResult:
    """Send ``graph`` to the Graph Store at ``endpoint`` (into ``graph_iri``, or the default graph).

    ``replace`` swaps the target's content for the graph's, atomically at the server: nothing is
    left half-loaded if a chunk fails. ``progress(chunks_sent, triples_sent)`` is called after each
    chunk. ``documents`` overrides the N-Triples chunks (for tests that need a bad one).
    """
    # Everything that goes into a URL or an update is checked before anything is sent; updates are
    # written with the checked terms, so a graph name cannot close the IRI and add operations.
    _check_url(endpoint, "--endpoint")
    update = _check_url(update_endpoint, "--update-endpoint") if update_endpoint else _update_url(endpoint)
    target = check_iri(graph_iri, "--graph") if graph_iri is not None else None
    staging = ox.NamedNode(f"urn:kg:upload:{uuid.uuid4()}") if replace else None
    client = _Client(user, password, retries)
    docs = documents if documents is not None else chunks(graph, chunk_size)
    protocol, sent, triples = "gsp", 0, 0
    try:
        for doc in docs:
            into = staging or target
            body = doc.encode("utf-8")
            try:
                if protocol == "gsp":
                    method = "PUT" if (sent == 0 and staging) else "POST"
                    client.send(method, _graph_url(endpoint, into), body, "application/n-triples")
                else:
                    client.send("POST", update, _insert(doc, into).encode("utf-8"), "application/sparql-update")
            except urllib.error.HTTPError as e:
                if protocol == "gsp" and sent == 0 and e.code in _FALLBACK_STATUS:
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
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        if staging:
            try:
                client.send("POST", update, f"DROP SILENT GRAPH {staging}".encode(), "application/sparql-update")
            except Exception:  # noqa: BLE001 - the original error is the one to report
                pass
        raise _explain(endpoint if protocol == "gsp" else update, e) from None
    return PushResult(triples, sent, target.value if target else None, protocol)


def _insert(ntriples: str, graph: ox.NamedNode | None) -> str:
    """INSERT DATA of an N-Triples document (written by kg, so its terms are already checked)."""
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}}} }}" if graph else f"INSERT DATA {{\n{ntriples}}}"
