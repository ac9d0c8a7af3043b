"""IRIs that reach a query, an update, a URL or a file are validated here first (RFC 3987).

pyoxigraph's IRI parser (oxiri) is a complete RFC 3987 implementation: it refuses ``<>"{}|^`\\``,
spaces, control characters, bad percent-encodings and bad IP literals. Building a
:class:`pyoxigraph.NamedNode` is therefore the check, and the term it gives can be written into
SPARQL as ``<…>`` with nothing left to escape.
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["iri_problem", "check_iri", "short"]

#: Longest piece of offending text echoed back in a message.
_ECHO = 60


def short(text: str, limit: int = _ECHO) -> str:
    """``text`` cut to ``limit`` characters, with control characters shown escaped: safe to print."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute IRI, or None when it is one."""
    if not isinstance(iri, str) or not iri:
        return "is empty"
    try:
        ox.NamedNode(iri)
    except ValueError as e:
        return f"is not a valid IRI ({short(str(e), 200)})"  # oxiri quotes the bad character as is
    return None


def check_iri(iri: str, what: str = "IRI") -> ox.NamedNode:
    """``iri`` as a term; :class:`kg.errors.UsageError` naming ``what`` if it is not a valid absolute IRI."""
    from kg.errors import UsageError

    problem = iri_problem(iri)
    if problem:
        raise UsageError(f"{what} '{short(iri)}' {problem}")
    return ox.NamedNode(iri)
