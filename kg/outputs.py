"""Writing a built graph's files into an output folder, each atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rdflib import Graph
from rdflib.namespace import RDF

from kg.files import OutputSet, output_lock
from kg.turtle import to_turtle

if TYPE_CHECKING:
    from kg.stream import StreamStats

__all__ = ["write_outputs", "build_outputs", "DEFAULT_OUT", "VIEW_LIMIT"]

#: Where ``kg build`` writes when no ``--out`` is given.
DEFAULT_OUT = Path("out")
#: Above this many entities ``kg build`` writes no graph.html: a view of the whole would be unreadable
#: (``kg view --focus`` shows a neighbourhood of any size graph).
VIEW_LIMIT = 20_000


def write_outputs(graph: Graph, out: str | Path = DEFAULT_OUT, lang: str = "en",
                  store: str | Path | None = None) -> list[Path]:
    """Write ``graph.ttl`` and ``graph.html`` (the network view) into ``out``, and a persistent
    ``store`` if asked.

    Every output is complete in a temporary beside its target before any is renamed into place:
    a failure (a full disk, a folder in the way) leaves every old output as it was.
    """
    from kg.analyze import NODE_CLASSES
    from kg.store import check_store_target, write_store
    from kg.view import render_view

    out = Path(out)
    if store is not None:
        check_store_target(Path(store))
    rendered = {out / "graph.ttl": to_turtle(graph)}
    entities = sum(1 for cls in NODE_CLASSES for _ in graph.subjects(RDF.type, cls))
    if entities <= VIEW_LIMIT:
        rendered[out / "graph.html"] = render_view(graph, lang=lang)
    with output_lock(out):  # two builds into one folder: the last to take the lock writes all its files
        with OutputSet() as files:
            for path, text in rendered.items():
                files.write_text(path, text)
            if store is not None:
                write_store(graph, Path(store), files)
        return list(rendered) + ([Path(store)] if store is not None else [])


def build_outputs(paths: Iterable[str | Path] | None, out: str | Path = DEFAULT_OUT, lang: str = "en",
                  store: str | Path | None = None, shacl: bool = False) -> tuple[list[Path], StreamStats]:
    """What ``kg build`` writes: ``graph.ttl`` (streamed, one data set in memory at a time), an
    optional persistent ``store``, and ``graph.html`` when the graph is small enough to view; all
    renamed into place together at the end, and nothing at all if any check fails.

    ``shacl`` also runs the SHACL shapes, which need the whole graph in memory (rdflib): a second
    opinion on what the loader checks, and the only check of some facts across entities (see the
    README's "When to run --shacl").
    """
    from kg.pipeline import build
    from kg.store import check_store_target
    from kg.stream import stream_build
    from kg.view import render_view

    out = Path(out)
    if store is not None:
        check_store_target(Path(store))
    with output_lock(out), OutputSet() as files:
        stats = stream_build(paths, out / "graph.ttl", Path(store) if store else None, files=files)
        written = [out / "graph.ttl"] + ([Path(store)] if store else [])
        view = stats.entities <= VIEW_LIMIT
        if view or shacl:  # the view and the shapes read the graph whole: the data is read once more
            graph = build(paths, shacl=shacl)[1]
            if view:
                files.write_text(out / "graph.html", render_view(graph, lang=lang))
                written.append(out / "graph.html")
    return written, stats
