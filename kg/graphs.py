"""Getting the graph to work on: built from YAML data, or read from a Turtle file."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import Graph

from kg.errors import UsageError

__all__ = ["open_graph", "data_folders"]


def data_folders(paths: Iterable[str | Path] | None) -> list[Path]:
    """The data set folders under ``paths`` (default: the bundled data)."""
    from kg.loader import DEFAULT_DATA, dataset_folders

    return dataset_folders(list(paths or []) or [DEFAULT_DATA])


def open_graph(paths: Iterable[str | Path] | None = None, turtle: str | Path | None = None) -> Graph:
    """The graph of the data sets under ``paths`` (validated), or of a built ``turtle`` file."""
    if turtle is not None:
        path = Path(turtle)
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        try:
            return Graph().parse(path, format="turtle")
        except Exception as e:  # rdflib's parsers raise many types; all mean "not Turtle"
            raise UsageError(f"{path}: not a Turtle file: {e}") from e
    from kg.pipeline import build

    return build(paths)[1]
