"""kg: turn policy documents written as YAML into a knowledge graph.

Importing kg does no work: each name below is imported from its module on first use.

>>> import kg
>>> corpus, graph = kg.build()           # load, check, build and SHACL-validate the bundled data
>>> print(kg.to_turtle(graph)[:7])
@prefix
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "build", "build_graph", "check", "load", "json_schema", "to_turtle", "write_outputs",
    "DataError", "KgError", "Problem", "UsageError", "validate",
]

_WHERE = {
    "build": "kg.pipeline", "build_graph": "kg.pipeline", "check": "kg.checks", "load": "kg.loader",
    "json_schema": "kg.schema", "to_turtle": "kg.export.rdf", "write_outputs": "kg.outputs",
    "DataError": "kg.errors", "KgError": "kg.errors", "Problem": "kg.errors", "UsageError": "kg.errors",
}

if TYPE_CHECKING:
    from kg.pipeline import build, build_graph
    from kg.errors import DataError, KgError, Problem, UsageError
    from kg.loader import load
    from kg.outputs import write_outputs
    from kg.schema import json_schema
    from kg.export.rdf import to_turtle
    from kg.checks import check


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'kg' has no attribute '{name}'")


def validate(paths: list[str] | None = None) -> list[Any]:
    """Every problem in the data under ``paths`` (default: the bundled data); empty when it is valid."""
    from kg.pipeline import build
    from kg.errors import DataError

    try:
        build(paths)
    except DataError as e:
        return e.problems
    return []
