"""How long and how large a query may run by default (``kg query --timeout``, ``--limit``): kept
apart from the engines so that the command line can show them without loading a SPARQL engine."""

from __future__ import annotations

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_LIMIT"]

#: Far above what the named queries need on large data, low enough that an accidental cartesian
#: product stops within a minute, long before it fills memory.
DEFAULT_TIMEOUT = 60.0
DEFAULT_LIMIT = 100_000
