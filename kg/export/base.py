"""What every export format provides: a name, a one-line description, and how to write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.graph import AnyGraph

__all__ = ["Exporter"]


@dataclass(frozen=True)
class Exporter:
    """An export format. ``write(graph, out)`` writes ``out`` (a file, or a folder when ``folder``)."""

    name: str
    description: str
    default_name: str
    write: Callable[[AnyGraph, Path], list[Path]]
    folder: bool = False
