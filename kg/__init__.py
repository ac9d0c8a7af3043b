"""kg: turn policy documents written as YAML into a knowledge graph.

>>> import kg
>>> corpus, graph = kg.build()           # load, check, build and SHACL-validate the bundled data
>>> print(kg.to_turtle(graph)[:7])
@prefix
"""

from __future__ import annotations

from kg.build import build, build_graph
from kg.errors import DataError, KgError, Problem, UsageError
from kg.load import load
from kg.outputs import write_outputs
from kg.schema import json_schema
from kg.turtle import to_turtle
from kg.validate import check

__all__ = [
    "build", "build_graph", "check", "load", "json_schema", "to_turtle", "write_outputs",
    "DataError", "KgError", "Problem", "UsageError", "validate",
]


def validate(paths: list[str] | None = None) -> list[Problem]:
    """Every problem in the data under ``paths`` (default: the bundled data); empty when it is valid."""
    try:
        build(paths)
    except DataError as e:
        return e.problems
    return []
