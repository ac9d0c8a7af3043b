"""Getting a built graph to read: built from YAML data, or read from a Turtle file, into an
in-memory pyoxigraph store (:class:`kg.graph.StoreGraph`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kg.graph import StoreGraph, read_turtle

__all__ = ["open_graph", "data_folders"]


def data_folders(paths: Iterable[str | Path] | None) -> list[Path]:
    """The data set folders under ``paths`` (default: the bundled data)."""
    from kg.loader import DEFAULT_DATA, dataset_folders

    return dataset_folders(list(paths or []) or [DEFAULT_DATA])


def open_graph(paths: Iterable[str | Path] | None = None, turtle: str | Path | None = None) -> StoreGraph:
    """The graph of the data sets under ``paths`` (checked; SHACL is ``--shacl``'s), or of a built
    ``turtle`` file."""
    if turtle is not None:
        return read_turtle(turtle)
    from kg.pipeline import build_store

    return build_store(paths)
