"""Asking a SPARQL 1.1 endpoint the named queries (``kg query NAME --endpoint URL``): the same
questions, parameters, labels and formats as on the local graph, answered by the store.

The request goes through :mod:`kg.transport` (no redirect, a deadline, a bounded answer). Only
reading queries are sent. An entity parameter must be an IRI or a prefixed name of kg's, since ids
cannot be looked up in a store kg does not hold. Labels of the IRIs in the answer are fetched with
one more query, so that tables read as they do locally.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, VANN
from rdflib.term import Node

from kg.limits import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from kg.errors import QueryError, UsageError
from kg.iri import check_iri
from kg.namespaces import PREFIXES
from kg.query import Param, QueryResult, _parse, bind_params, bind_values
from kg.sparql import PROLOGUE, remote_sources
from kg.transport import Client, PushError, check_url

__all__ = ["ask_endpoint", "MAX_ANSWER"]

#: Most bytes of one answer read from an endpoint.
MAX_ANSWER = 256 * 1024 * 1024
_RESULTS = "application/sparql-results+json"


def _entity(value: str, what: str) -> URIRef:
    if re.match(r"^https?://", value):
        return URIRef(check_iri(value, what).value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(check_iri(PREFIXES[prefix] + local, what).value)
    raise UsageError(f"{what}: with --endpoint give the entity's full IRI or a prefixed name of kg's "
                     f"({', '.join(list(PREFIXES)[:3])}, ...); ids can only be looked up in a graph kg holds")


def _term(cell: dict[str, str]) -> Node:
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    return Literal(value, datatype=URIRef(cell["datatype"]) if cell.get("datatype") else None)


def _ask(client: Client, endpoint: str, text: str, name: str) -> dict:
    url = check_url(endpoint, "--endpoint")
    body = urllib.parse.urlencode({"query": PROLOGUE + text}).encode("utf-8")
    try:
        data = client.send("POST", url, body, "application/x-www-form-urlencoded", accept=_RESULTS, keep=MAX_ANSWER)
    except PushError as e:
        raise QueryError(f"{name}: {e}") from None
    try:
        answer = json.loads(data.decode("utf-8"))
        assert isinstance(answer, dict)
        return answer
    except (UnicodeDecodeError, ValueError, AssertionError):
        raise QueryError(f"{name}: {url.text} did not answer with SPARQL JSON results") from None


def _labels(client: Client, endpoint: str, iris: set[str], name: str) -> Graph:
    """The names of ``iris`` at the endpoint, as a small graph for :meth:`QueryResult.label`."""
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():  # for prefixed names of what has no label
        graph.bind(prefix, ns)
    if not iris:
        return graph
    # the data sets' own prefixes, as kg build recorded them (the one prefix rule)
    found = _ask(client, endpoint, f"SELECT ?ns ?prefix WHERE {{ ?ns <{VANN.preferredNamespacePrefix}> ?prefix }}", name)
    for row in found.get("results", {}).get("bindings", []):
        if {"ns", "prefix"} <= row.keys() and row["prefix"].get("value") not in PREFIXES:
            graph.bind(row["prefix"]["value"], row["ns"]["value"])
    values = " ".join(f"<{i}>" for i in sorted(iris))
    predicates = " ".join(f"<{p}>" for p in (SKOS.prefLabel, DCTERMS.title, RDFS.label))
    answer = _ask(client, endpoint, f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {predicates} }} "
                                    "?s ?p ?o }", name)
    for row in answer.get("results", {}).get("bindings", []):
        if {"s", "p", "o"} <= row.keys():
            graph.add((_term(row["s"]), _term(row["p"]), _term(row["o"])))
    return graph


def ask_endpoint(endpoint: str, query: str, params: dict[str, str] | None = None, *, name: str = "<query>",
                 declared: tuple[Param, ...] = (), timeout: float | None = DEFAULT_TIMEOUT,
                 limit: int | None = DEFAULT_LIMIT) -> QueryResult:
    """Run a reading query (SELECT or ASK) at the SPARQL endpoint ``endpoint``; ``params`` as for
    :func:`kg.query.run_query`, an entity given as an IRI or a prefixed name."""
    parsed = _parse(query, name)
    if parsed.is_update:
        raise QueryError(f"{name}: this is an update; kg query --endpoint only reads")
    remote = remote_sources(parsed, "oxigraph")
    if remote:
        raise QueryError(f"{name}: this query reaches beyond the graph ({', '.join(remote)})")
    bindings = bind_params(params, declared, name, _entity)
    try:
        text = bind_values(query, bindings)
    except ValueError as e:
        raise QueryError(f"{name}: {e}") from None
    client = Client(None, None, retries=1, deadline=timeout or 3600.0)
    client.payload = "the query"
    answer = _ask(client, endpoint, text, name)
    if "boolean" in answer:
        return QueryResult(["result"], [(Literal(bool(answer["boolean"])),)], _labels(client, endpoint, set(), name),
                           bool(answer["boolean"]))
    columns = [str(v) for v in answer.get("head", {}).get("vars", [])]
    cells = answer.get("results", {}).get("bindings", [])
    if limit is not None and len(cells) > limit:
        raise QueryError(f"{name}: more than {limit:,} rows; narrow the query or raise --limit")
    rows = [tuple(_term(c[col]) if col in c else None for col in columns) for c in cells]
    iris = {str(n) for row in rows for n in row if isinstance(n, URIRef)}
    return QueryResult(columns, rows, _labels(client, endpoint, iris, name))
