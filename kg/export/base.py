"""What every export format provides: a name, a one-line description, and how to write."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.graph import AnyGraph

__all__ = ["Exporter"]


@dataclass(frozen=True)
class Exporter:
    """An export format. ``write(graph, out)`` writes ``out`` (a file, or a folder when ``folder``).

    The writer is named ``"module:function"`` and imported on first use, so that listing the
    formats (every ``kg`` command's help) imports no writer's libraries. A format written for one
    of several databases lists them as ``dialects``; its writer then takes the dialect as a third
    argument, and ``<dialect>`` in ``default_name`` stands for it.
    """

    name: str
    description: str
    default_name: str
    writer: str
    folder: bool = False
    dialects: tuple[str, ...] = ()

    def write(self, graph: AnyGraph, out: Path, dialect: str | None = None) -> list[Path]:
        module, _, function = self.writer.partition(":")
        write: Callable[..., list[Path]] = getattr(importlib.import_module(module), function)
        return write(graph, out, dialect) if self.dialects else write(graph, out)
