"""Named SPARQL queries (``kg/queries/*.rq``) and running any query against a graph.

A named query is a file whose leading comment lines describe it::

    # Measures that serve a goal, through battles and work areas, with the path.
    # param goal entity: the goal; unset, every goal
    SELECT ...

A parameter is bound to the variable of the same name (``?goal``); left unset, the variable
ranges over everything. An ``entity`` parameter takes an id, turned into the IRI of the entity
with that id in any data set of the graph; a ``text`` parameter is a literal.

A query reads the graph and nothing else: ``SERVICE``, ``LOAD`` and graphs the engine would
download (``FROM`` on rdflib) are refused unless ``allow_remote`` (``kg query --allow-remote``),
as updates are unless ``allow_update``. Both are found in the query's algebra (:mod:`kg.sparql`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from pyparsing import ParseBaseException
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from kg.engines import DEFAULT_LIMIT, DEFAULT_TIMEOUT, ask_oxigraph, ask_rdflib, within
from kg.errors import QueryError, UsageError
from kg.graph import AnyGraph, as_store_graph, label_in, labels, resolve_entity
from kg.iri import check_iri, short
from kg.namespaces import PREFIXES
from kg.binding import insert_values
from kg.sparql import PROLOGUE, Parsed, parse, remote_sources
from kg.terms import to_oxigraph

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["NamedQuery", "QueryResult", "QueryError", "named_queries", "named_query", "run_query",
           "resolve_query", "resolve_entity", "CheckedQuery", "check_query", "bind_values", "shorten", "QUERY_DIR",
           "DEFAULT_TIMEOUT", "DEFAULT_LIMIT"]

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^#\s*param\s+(\w+)\s+(entity|text)\s*:\s*(.*?)\s*(?:\(default:\s*(.*?)\))?\s*$")



@dataclass(frozen=True)
class Param:
    """A query parameter: an ``entity`` (id, prefixed name or IRI) or ``text`` (a literal)."""

    name: str
    kind: str
    doc: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.doc.endswith("(required)")


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its description and parameters."""

    name: str
    path: Path
    description: str
    params: tuple[Param, ...] = ()

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass
class QueryResult:
    """Columns and rows (rdflib nodes, ``None`` where unbound) of a SELECT; or a boolean for ASK."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]
    graph: AnyGraph = field(repr=False)
    boolean: bool | None = None
    _vocabulary: AnyGraph | None = field(default=None, repr=False, compare=False)
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict, repr=False, compare=False)
    _namespaces: list[tuple[str, str]] | None = field(default=None, repr=False, compare=False)

    def vocabulary(self) -> AnyGraph:
        """The ontology, for the labels of its terms (kgo:Target reads "target"); read once per result."""
        if self._vocabulary is None:
            from kg.ontology import ontology_store

            self._vocabulary = ontology_store()
        return self._vocabulary

    def label(self, node: Node | None, lang: str = "en") -> str:
        """A readable form of ``node``: its label in ``lang`` (or any), else a prefixed name; each
        node looked up once per result (a table names the same entities row after row)."""
        if node is None:
            return ""
        if not isinstance(node, URIRef):
            return str(node)
        found = self._labels.get((node, lang))
        if found is None:
            if self._namespaces is None:
                self._namespaces = [(p, str(ns)) for p, ns in self.graph.namespaces()]
            names = labels(self.graph, node) or labels(self.vocabulary(), node)
            found = self._labels[(node, lang)] = label_in(names, lang) or _shortened(self._namespaces, node)
        return found

    def records(self, lang: str = "en") -> list[dict[str, object]]:
        """Rows as dicts of plain Python values; each IRI column also gets ``<column>_label``."""
        out = []
        for row in self.rows:
            rec: dict[str, object] = {}
            for col, node in zip(self.columns, row):
                if isinstance(node, URIRef):
                    rec[col] = str(node)
                    rec[f"{col}_label"] = self.label(node, lang)
                elif isinstance(node, Literal):
                    rec[col] = _plain(node)
                else:
                    rec[col] = None if node is None else str(node)
            out.append(rec)
        return out



def _plain(node: Literal) -> object:
    """A literal as a JSON-ready Python value: numbers as int or float, everything else as text."""
    value = node.toPython()
    if isinstance(value, bool) or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(node)


def shorten(graph: AnyGraph, iri: URIRef) -> str:
    """``prefix:local`` when a bound prefix covers ``iri``, else ``<iri>``."""
    return _shortened([(p, str(ns)) for p, ns in graph.namespaces()], iri)


def _shortened(namespaces: Iterable[tuple[str, str]], iri: URIRef) -> str:
    best = None
    for prefix, ns in namespaces:
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    if best is not None:
        local = iri[len(best[1]):]
        if _LOCAL.match(local) and not local.endswith("."):
            return f"{best[0]}:{local}"
    return f"<{iri}>"


_LOCAL = re.compile(r"^[\w.-]*$")


def _parse_header(path: Path) -> NamedQuery:
    description, params = "", []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            params.append(Param(m[1], m[2], m[3], m[4]))
        elif not description:
            description = line.lstrip("# ").strip()
    return NamedQuery(path.stem, path, description, tuple(params))


def named_queries(folders: Iterable[str | Path] = ()) -> dict[str, NamedQuery]:
    """Every named query shipped with kg, then those in each data set's ``queries/`` folder, by name.

    A name is one query: a data set's file named as a built-in query (or as another data set's)
    is a :class:`QueryError` naming both files, never a silent replacement.
    """
    files = sorted(QUERY_DIR.glob("*.rq"))
    for folder in folders:
        files += sorted((Path(folder) / "queries").glob("*.rq"))
    queries: dict[str, NamedQuery] = {}
    for path in files:
        q = _parse_header(path)
        if q.name in queries:
            raise QueryError(f"{path}: a query named '{q.name}' is already {queries[q.name].path}; rename one of them")
        queries[q.name] = q
    return queries


def named_query(name: str, folders: Iterable[str | Path] = ()) -> NamedQuery:
    """The named query ``name`` (see :func:`named_queries`)."""
    queries = named_queries(folders)
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; 'kg query --list' shows them"
        raise UsageError(f"no named query '{name}'{hint}")
    return queries[name]


def resolve_query(spec: str | None, folders: Iterable[str | Path] = (), *,
                  file: str | Path | None = None) -> tuple[str, str, tuple[Param, ...]]:
    """(text, display name, params) for a query given as a name, a ``.rq`` file or SPARQL text.

    Which one ``spec`` is follows from its text alone, never from the file system: with
    whitespace or a brace it is SPARQL; a bare word (letters, digits, ``-``, ``_``) is a named
    query; anything else is a file. ``file`` (``--file``) is always a file, whatever its name.
    """
    if file is not None:
        if spec is not None:
            raise UsageError("give a QUERY or --file FILE.rq, not both")
        return _query_file(str(file))
    if spec is None:
        raise UsageError("give a query: a name from 'kg query --list', --file FILE.rq, or SPARQL text")
    if re.fullmatch(r"[\w-]+", spec):
        q = named_query(spec, folders)
        return q.text, q.path.name, q.params
    if any(c.isspace() or c in "{}" for c in spec):
        return spec, "<query>", ()
    return _query_file(spec)


def _query_file(spec: str) -> tuple[str, str, tuple[Param, ...]]:
    try:
        q = _parse_header(Path(spec))
        return q.text, spec, q.params
    except FileNotFoundError:
        raise UsageError(f"{short(spec)}: no such query file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{short(spec)}: a query file must be UTF-8 text") from None
    except OSError as e:  # a folder, a name too long, no permission...
        raise UsageError(f"{short(spec)}: cannot read the query file: {e.strerror}") from None


def bind_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables by a VALUES block opening the query's WHERE group, so every pattern and
    FILTER in it sees them, and opening each sub-select that passes a variable up to the query,
    so that it starts from the value (:func:`kg.binding.insert_values`). Each name must be
    a SPARQL variable name and each IRI a valid one (a :class:`UsageError` otherwise), so a value
    is only ever a term. A query without such a group is a :class:`ValueError`.
    """
    terms = {}
    for name, node in bindings.items():
        _check_variable(name)
        terms[name] = _written(_term(node, f"--param {name}"))
    return insert_values(query, terms)


def _written(term: ox.NamedNode | ox.Literal) -> str:
    """``term`` as SPARQL text, each ``u`` after an escaped backslash in a literal written ``\\U00000075``:
    rdflib reads every ``\\uXXXX`` of a text as the character before it parses the text, even one whose
    backslash is escaped, so the value ``\\u0041`` would reach it as ``\\A`` (oxigraph reads it as written)."""
    return re.sub(r"\\\\([uU])|\\.", lambda m: f"\\\\\\U{ord(m[1]):08X}" if m[1] else m[0], str(term))


def _check_variable(name: str) -> None:
    import pyoxigraph as ox

    try:
        ox.Variable(name)
    except ValueError:
        raise UsageError(f"--param '{short(name)}' is not a SPARQL variable name") from None


def _term(node: Node, what: str) -> ox.NamedNode | ox.Literal:
    """``node`` as a pyoxigraph term, whose text is safe to put into SPARQL: an IRI checked by
    :func:`kg.iri.check_iri`, a literal with a valid language tag and datatype."""
    if isinstance(node, URIRef):
        return check_iri(str(node), what)
    if not isinstance(node, Literal):
        raise UsageError(f"{what}: only an IRI or a literal can be bound, not {short(str(node))}")
    if node.datatype is not None:
        check_iri(str(node.datatype), f"{what} datatype")
    try:
        return to_oxigraph(node)
    except ValueError as e:
        raise UsageError(f"{what}: {e}") from None


def _syntax_error(text: str, name: str, line: int, col: int, what: str) -> QueryError:
    lines = text.splitlines()
    found = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    where = f"the line reads: {found}" if found else "at the end of the query"
    return QueryError(f"{name}:{line}:{col}: SPARQL syntax error: {what}; {where}")


def _located(message: str, text: str, name: str) -> QueryError:
    """pyoxigraph's syntax error (``error at LINE:COL: ...``) for a text rdflib's parser accepted."""
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    line, col, what = (int(m[1]), int(m[2]), m[3]) if m else (0, 0, message)
    return _syntax_error(text, name, line, col, what)


def _parse(text: str, name: str) -> Parsed:
    """``text`` read by rdflib's parser; a :class:`QueryError` with the line and column where it
    went wrong (rdflib points at the offending token, where pyoxigraph often points at the end)."""
    try:
        return parse(text)
    except ParseBaseException as e:
        line, col = (e.lineno - len(PREFIXES), e.col) if e.lineno > len(PREFIXES) else (1, 1)
        raise _syntax_error(text, name, line, col, "unexpected text") from None
    except Exception as e:  # noqa: BLE001 - rdflib's algebra raises bare exceptions (a variable bound twice...)
        raise QueryError(f"{name}: SPARQL error: {e}") from None


def bind_params(params: Mapping[str, str] | None, declared: tuple[Param, ...], name: str,
                entity: Callable[[str, str], URIRef]) -> dict[str, Identifier]:
    """The terms ``params`` bind, checked against the query's declared parameters: unknown or
    missing ones are a :class:`UsageError`, each name must be a SPARQL variable name, a parameter
    declared ``entity`` is ``entity(value, "--param NAME")`` and any other a plain literal."""
    params = dict(params or {})
    known = {p.name: p for p in declared}
    unknown = sorted(set(params) - set(known)) if declared else []
    if unknown:
        raise UsageError(f"{name}: unknown parameter {', '.join(unknown)}; it takes "
                         f"{', '.join(sorted(known)) or 'none'}")
    missing = [p.name for p in declared if p.name not in params and p.required]
    if missing:
        raise UsageError(f"{name}: missing parameter {', '.join(missing)} (give --param {missing[0]}=VALUE)")
    for k in params:
        _check_variable(k)
    return {k: entity(v, f"--param {k}") if k in known and known[k].kind == "entity" else Literal(v)
            for k, v in params.items()}


@dataclass(frozen=True)
class CheckedQuery:
    """A query text read by rdflib's parser and found allowed to run (:func:`check_query`)."""

    text: str
    name: str
    parsed: Parsed
    engine: str
    declared: tuple[Param, ...] = ()


def check_query(query: str, *, allow_update: bool = False, allow_remote: bool = False, name: str = "<query>",
                declared: tuple[Param, ...] = (), engine: str = "oxigraph") -> CheckedQuery:
    """``query`` read by rdflib's parser (a :class:`QueryError` with the line and column where it
    cannot be read) and checked against what it may do: an update only with ``allow_update``,
    anything reaching beyond the graph only with ``allow_remote`` (see :func:`run_query`).
    It needs no graph, so the command line checks a query while the graph is still being read."""
    if engine not in ("oxigraph", "rdflib"):
        raise UsageError(f"unknown query engine '{engine}'; use oxigraph or rdflib")
    parsed = _parse(query, name)
    if parsed.is_update and not allow_update:
        raise QueryError(f"{name}: this is an update; kg query only reads unless given --allow-update")
    remote = remote_sources(parsed, engine)
    if remote and not allow_remote:
        raise QueryError(f"{name}: this query reaches beyond the graph ({', '.join(remote)}); "
                         "kg query only reads the graph unless given --allow-remote")
    return CheckedQuery(query, name, parsed, engine, declared)


def run_query(graph: AnyGraph, query: str | CheckedQuery, params: dict[str, str] | None = None, *,
              allow_update: bool = False, allow_remote: bool = False, name: str = "<query>",
              declared: tuple[Param, ...] = (), engine: str = "oxigraph",
              timeout: float | None = DEFAULT_TIMEOUT, limit: int | None = DEFAULT_LIMIT) -> QueryResult:
    """Run a SPARQL query (SELECT, ASK or CONSTRUCT) on ``graph``.

    ``params`` bind variables of the same name: a parameter declared ``entity`` takes an id,
    a prefixed name or an IRI; any other value is bound as a plain literal. Updates are refused
    unless ``allow_update`` is true; anything that reaches beyond the graph (``SERVICE``, ``LOAD``,
    a ``FROM`` graph rdflib would download) unless ``allow_remote`` is. A query is first read by
    rdflib's parser, which must accept it. The engine is pyoxigraph (fast) or rdflib (pure
    Python); both give the same answers. A query already checked by :func:`check_query` is run
    as it was checked (the flags, name, declared parameters and engine given here are not used).

    A query is stopped with a :class:`QueryError` after ``timeout`` seconds or at its row
    number ``limit + 1`` (None: no limit); see :mod:`kg.engines` for what a timeout can and
    cannot interrupt. An update runs to its end: stopping it midway would leave half of it done.

    >>> import kg
    >>> g = kg.build()[1]
    >>> r = run_query(g, "SELECT (COUNT(*) AS ?n) WHERE { ?b a kgo:Battle }")
    >>> r.rows[0][0].toPython()
    4
    """
    checked = query if isinstance(query, CheckedQuery) else check_query(
        query, allow_update=allow_update, allow_remote=allow_remote, name=name, declared=declared, engine=engine)
    query, name, parsed, engine, declared = checked.text, checked.name, checked.parsed, checked.engine, checked.declared
    if parsed.is_update:
        if params:  # never run with the variable unbound: DELETE WHERE { ?a ?p ?o } would delete everything
            raise UsageError(f"{name}: parameters are bound in queries, not in updates; write the values into it")
        graph.update(PROLOGUE + query)
        return QueryResult([], [], graph)
    bindings = bind_params(params, declared, name, lambda value, what: resolve_entity(graph, value, what))
    try:
        text = bind_values(query, bindings)
    except ValueError as e:
        raise QueryError(f"{name}: {e}") from None
    if engine == "rdflib":
        bound = _parse(text, name) if bindings else parsed
        rdflib_graph = graph if isinstance(graph, Graph) else graph.to_rdflib()
        columns, rows, boolean = within(timeout, name, lambda stop: ask_rdflib(rdflib_graph, bound, name, limit, stop))
        return QueryResult(columns, rows, graph, boolean)
    store = as_store_graph(graph).store
    try:
        columns, rows, boolean = within(timeout, name, lambda stop: ask_oxigraph(store, text, name, limit, stop))
    except SyntaxError as e:  # rdflib's parser accepted what pyoxigraph's refuses
        raise _located(str(e), query, name) from None
    return QueryResult(columns, rows, graph, boolean)
