"""Sending the graph to a SPARQL 1.1 server: the Graph Store HTTP Protocol, in chunks, with
retries; SPARQL Update where the server has no graph store. With ``replace``, the data is loaded
into a temporary graph and moved into place only once all of it has arrived; on any failure the
temporary graph is dropped (and if even that fails, the warning names it).

The SPARQL Update endpoint, unless given, follows from the Graph Store endpoint by the server's
known layout (:data:`PROFILES`: Virtuoso, GraphDB, Fuseki, Oxigraph), else it is the sibling
``/update``.

The requests themselves go through :mod:`kg.transport`: no redirects, bounded answers, a deadline,
one-line errors.
"""

from __future__ import annotations

import re
import urllib.parse
import uuid
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator

import pyoxigraph as ox
from kg.errors import UsageError
from kg.export.rdf import ntriples_lines
from kg.graph import AnyGraph
from kg.iri import check_iri
from kg.transport import DEADLINE, Client, PushError, Url, check_url

__all__ = ["push", "PushError", "PushResult", "chunks", "DEADLINE", "Profile", "PROFILES", "profile"]

_FALLBACK_STATUS = {405, 415, 501}
#: Seconds the clean-up after a failed replace may take (it is tried once).
_CLEANUP_DEADLINE = 30.0


@dataclass
class PushResult:
    triples: int
    chunks: int
    graph: str | None
    protocol: str


def chunks(graph: AnyGraph, size: int) -> Iterator[str]:
    """The graph as N-Triples documents of at most ``size`` triples each."""
    batch: list[str] = []
    for line in ntriples_lines(graph):
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


@dataclass(frozen=True)
class Profile:
    """What kg knows of a kind of server from the path of its Graph Store endpoint: ``store``
    matches that path, ``update`` is the path of its SPARQL Update endpoint (``\\1``: what the
    group of ``store`` matched), ``default_graph`` whether its default graph can be written."""

    server: str
    store: str
    update: str
    default_graph: bool = True


PROFILES = (
    Profile("Virtuoso", r"(.*)/sparql-graph-crud-auth/?", r"\1/sparql-auth", default_graph=False),
    Profile("Virtuoso", r"(.*)/sparql-graph-crud/?", r"\1/sparql", default_graph=False),
    Profile("GraphDB", r"(.*/repositories/[^/]+)/rdf-graphs/service/?", r"\1/statements"),
    Profile("Fuseki", r"(.*)/data/?", r"\1/update"),
    Profile("Oxigraph", r"(.*)/store/?", r"\1/update"),
)


def profile(endpoint: str) -> tuple[Profile | None, str]:
    """The server's profile (None if its layout is not known) and the SPARQL Update endpoint
    that goes with the Graph Store ``endpoint``: its sibling ``/update`` when the layout is not known.

    >>> profile("http://localhost:8890/sparql-graph-crud-auth")[1]
    'http://localhost:8890/sparql-auth'
    >>> profile("http://localhost:7200/repositories/kg/rdf-graphs/service")[1]
    'http://localhost:7200/repositories/kg/statements'
    >>> profile("http://localhost:3030/ds/data")[1], profile("http://example.org/rdf/gsp")[1]
    ('http://localhost:3030/ds/update', 'http://example.org/rdf/update')
    """
    parts = urllib.parse.urlsplit(endpoint)
    for known in PROFILES:
        m = re.fullmatch(known.store, parts.path)
        if m:
            return known, urllib.parse.urlunsplit((parts.scheme, parts.netloc, m.expand(known.update), "", ""))
    path = parts.path.rsplit("/", 1)[0] + "/update"
    return None, urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def push(graph: AnyGraph, endpoint: str, *, graph_iri: str | None = None, replace: bool = False,
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
    store = check_url(endpoint, "--endpoint")
    known, derived = profile(endpoint)
    update = check_url(update_endpoint or derived, "--update-endpoint")
    target = check_iri(graph_iri, "--named-graph") if graph_iri is not None else None
    if target is None and known is not None and not known.default_graph:
        raise UsageError(f"{known.server} has no default graph to write into: give --named-graph IRI "
                         "(its queries read the union of its graphs)")
    if user is not None:
        for origin in dict.fromkeys(u.origin for u in (store, update) if not u.https and not u.loopback):
            (warn or _warn)(f"the password of {user} goes unencrypted to {origin} (plain http, not https)")
    staging = ox.NamedNode(f"urn:kg:upload:{uuid.uuid4()}") if replace else None
    client = Client(user, password, retries, deadline)
    docs = documents if documents is not None else chunks(graph, chunk_size)
    protocol, sent, triples = "gsp", 0, 0
    touched = False  # whether a chunk may have reached the temporary graph
    try:
        for doc in docs:
            into = staging or target
            body = doc.encode("utf-8")
            touched = True
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
        if staging and touched:
            cleanup = Client(user, password, 0, min(deadline, _CLEANUP_DEADLINE))
            cleanup.auth = client.auth  # answer as the server asked already, without a new 401
            left = _drop(cleanup, store, update, staging, protocol)
            if left:
                (warn or _warn)(f"the temporary graph {staging} is left on the server: {left}; "
                                f"drop it with DROP SILENT GRAPH {staging}")
        raise
    return PushResult(triples, sent, target.value if target else None, protocol)


def _drop(client: Client, store: Url, update: Url, graph: ox.NamedNode, protocol: str) -> str | None:
    """Best effort: remove the temporary graph of a replace that failed, through the graph store
    when there is one (the update endpoint may be what failed), else by SPARQL Update; None
    once it is gone, else why it could not be dropped (the error that stopped the push is the one
    to raise)."""
    if protocol == "gsp":
        try:
            client.send("DELETE", store, query=_graph_query(graph))
            return None
        except PushError as e:
            if e.status == 404:  # no such graph: nothing had arrived
                return None
    try:
        client.send("POST", update, f"DROP SILENT GRAPH {graph}".encode(), "application/sparql-update")
        return None
    except PushError as e:
        return str(e)


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _graph_query(graph: ox.NamedNode | None) -> str:
    """The Graph Store Protocol's query string for ``graph`` (or the default graph)."""
    return "default" if graph is None else f"graph={urllib.parse.quote(graph.value, safe='')}"


def _insert(ntriples: str, graph: ox.NamedNode | None) -> str:
    """INSERT DATA of an N-Triples document (written by kg, so its terms are already checked)."""
    return f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples}}} }}" if graph else f"INSERT DATA {{\n{ntriples}}}"
