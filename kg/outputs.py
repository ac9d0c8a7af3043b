"""Writing a built graph's files into an output folder, each atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph

from kg.files import output_lock, write_text
from kg.model import Corpus
from kg.turtle import to_turtle

__all__ = ["write_outputs", "counts", "DEFAULT_OUT"]

#: Where ``kg build`` writes when no ``--out`` is given.
DEFAULT_OUT = Path("out")


def counts(corpus: Corpus) -> dict[str, int]:
    """Entities per kind, in the model's order of kinds."""
    return dict(sorted(Counter(r.kind for r in corpus.records()).items()))


def write_outputs(graph: Graph, out: str | Path = DEFAULT_OUT, lang: str = "en") -> list[Path]:
    """Write ``graph.ttl`` and ``graph.html`` (the network view) into ``out``.

    Every file is rendered in memory before any is written, and each is written atomically.
    """
    from kg.view import render_view

    out = Path(out)
    rendered = {out / "graph.ttl": to_turtle(graph), out / "graph.html": render_view(graph, lang=lang)}
    with output_lock(out):  # two builds into one folder: the last to take the lock writes all its files
        for path, text in rendered.items():
            write_text(path, text)
    return list(rendered)
