"""Evaluating a checked query on pyoxigraph or rdflib, within a time limit and a row limit.

Rows are taken one at a time as the engine yields them, so the row limit holds before they fill
memory. The query runs in a daemon thread while the caller waits at most the time limit; at the
deadline the caller gets a :class:`QueryError` and the thread stops at its next row. A single
long step that yields no row until it is done (an aggregate or an ORDER BY over a huge join)
cannot be interrupted inside either engine: it runs on in the background until it ends. The
``kg`` command exits at once, which ends it; a long-lived program (a notebook) keeps that thread
busy until the step is done.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

from rdflib import Graph, Literal
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import QueryError
from kg.limits import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from kg.namespaces import PREFIXES
from kg.sparql import Parsed
from kg.terms import from_oxigraph

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "Answer", "within", "ask_oxigraph", "ask_rdflib"]


#: (columns, rows, the boolean of an ASK or None)
Answer = tuple[list[str], list[tuple[Node | None, ...]], bool | None]
T = TypeVar("T")


def within(timeout: float | None, name: str, work: Callable[[threading.Event], T]) -> T:
    """``work(stop)``, waited for at most ``timeout`` seconds (None: no limit).

    At the deadline ``stop`` is set, for ``work`` to end at its next row, and a
    :class:`QueryError` is raised; an exception ``work`` raises is raised here.
    """
    stop = threading.Event()
    if timeout is None or timeout >= threading.TIMEOUT_MAX:
        return work(stop)
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, work(stop)))
        except BaseException as e:  # noqa: BLE001 - handed to the waiting thread, which raises it
            outcome.append((False, _without_frames(e)))

    # a daemon thread, so that a step that cannot be interrupted does not keep the kg command alive
    thread = threading.Thread(target=run, name=f"kg query {name}", daemon=True)
    thread.start()
    try:
        thread.join(timeout)
    finally:  # the deadline, or Ctrl-C while waiting
        if thread.is_alive():
            stop.set()
    if thread.is_alive():
        raise QueryError(f"{name}: query stopped after {timeout:g} s; --timeout raises it")
    ok, value = outcome[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


def _without_frames(error: BaseException) -> BaseException:
    """``error`` and its causes without their tracebacks. A traceback keeps the frames that hold
    pyoxigraph's results, and those may only be dropped by the thread that made them; the
    thread's stack is lost, the message and the causes' messages are kept."""
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        e.__traceback__ = None
        e = e.__cause__ or e.__context__
    return error


def _take(items: Iterable[T], limit: int | None, stop: threading.Event, name: str) -> list[T]:
    """``items`` one at a time, until ``stop`` is set; a :class:`QueryError` at the first one beyond ``limit``."""
    taken: list[T] = []
    for item in items:
        if stop.is_set():  # the caller has stopped waiting: nobody will read these rows
            break
        if limit is not None and len(taken) >= limit:
            raise QueryError(f"{name}: query stopped after {limit} rows; --limit raises it")
        taken.append(item)
    return taken


def ask_oxigraph(store: ox.Store, text: str, name: str, limit: int | None, stop: threading.Event) -> Answer:
    """Run ``text`` on a pyoxigraph store. Its :class:`SyntaxError` is left to the caller to locate."""
    import pyoxigraph as ox

    try:  # pyoxigraph evaluates lazily: errors (a SERVICE that fails...) come while iterating too
        result = store.query(text, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return ["result"], [(Literal(bool(result)),)], bool(result)
        if isinstance(result, ox.QueryTriples):
            triples = _take(((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                             for t in result), limit, stop, name)
            return ["subject", "predicate", "object"], sorted(triples), None
        columns = [v.value for v in result.variables]
        return columns, _take((tuple(from_oxigraph(s[c]) for c in columns) for s in result), limit, stop, name), None
    except OSError as e:
        raise QueryError(f"{name}: query failed: {e}") from e


def ask_rdflib(graph: Graph, parsed: Parsed, name: str, limit: int | None, stop: threading.Event) -> Answer:
    """Run a parsed query with rdflib's engine.

    Values are bound in the text (a VALUES block), never as rdflib's initial bindings: those
    reach every sub-select, even one that does not project the variable.
    """
    try:
        assert isinstance(parsed.algebra, Query), "an update is run by kg.query.run_query"
        result = graph.query(parsed.algebra)
        if result.type == "ASK":
            return ["result"], [(Literal(result.askAnswer),)], bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return ["subject", "predicate", "object"], sorted(_take(result.graph, limit, stop, name)), None
        columns = [str(v) for v in result.vars or []]
        return columns, _take((tuple(row) for row in result if isinstance(row, ResultRow)), limit, stop, name), None
    except QueryError:
        raise
    except Exception as e:  # rdflib raises bare exceptions for evaluation errors
        raise QueryError(f"{name}: query failed: {e}") from e
