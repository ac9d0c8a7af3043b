"""What ``kg build`` writes into an output folder: the graph's Turtle, its HTML view and, if asked,
a persistent store; all renamed into place together at the end, nothing at all if a check fails."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from kg.files import OutputSet, output_lock

if TYPE_CHECKING:
    from kg.graph import AnyGraph
    from kg.pipeline import BuildStats

__all__ = ["write_outputs", "build_outputs", "DEFAULT_OUT", "VIEW_LIMIT"]

#: Where ``kg build`` writes when no ``--out`` is given.
DEFAULT_OUT = Path("out")
#: Above this many entities ``kg build`` writes no graph.html: a view of the whole would be unreadable
#: (``kg view --focus`` shows a neighbourhood of any size graph).
VIEW_LIMIT = 20_000
def build_outputs(paths: Iterable[str | Path] | None, out: str | Path = DEFAULT_OUT, lang: str = "en",
                  store: str | Path | None = None, shacl: bool = False) -> tuple[list[Path], BuildStats]:
    """Build the data under ``paths`` once, streaming its triples to ``graph.ttl``, to an optional
    persistent ``store``, and to an in-memory store from which ``graph.html`` is drawn (dropped
    once the graph has more entities than a view can show).

    ``shacl`` also runs the SHACL shapes, which need the whole graph in rdflib: a second opinion on
    what the loader checks, and the only check of some facts across entities (see the README's
    "When to run --shacl").
    """
    from kg.graph import StoreGraph
    from kg.pipeline import BuildStats, build, checked_parts, dataset_blocks, turtle_header
    from kg.store import StoreWriter, check_store_target
    from kg.triples import prefixes
    from kg.view import render_view

    out = Path(out)
    if store is not None:
        check_store_target(Path(store))
    blocks = dataset_blocks(paths)  # read once: the Turtle's prefixes, and the bases references use
    header = turtle_header(prefixes(blocks))
    stats = BuildStats()
    viewed: list[bytes] | None = []  # the Turtle of a graph small enough to view, loaded once complete
    with output_lock(out), OutputSet() as files:
        if shacl:  # the shapes read an rdflib graph of everything; they fail before anything is written
            build(paths, shacl=True)
        disk = StoreWriter(Path(store), files) if store is not None else None
        try:
            with files.open(out / "graph.ttl", "wb") as f:
                for part in checked_parts(paths, blocks):
                    if not stats.triples:
                        f.write(header)
                    f.write(part.turtle)
                    stats.add(part)
                    if disk is not None:
                        disk.add_turtle(header + part.turtle)
                    if viewed is not None and stats.entities > VIEW_LIMIT:
                        viewed = None  # too many to view: stop holding them
                    if viewed is not None:
                        viewed.append(part.turtle)
        except BaseException:
            if disk is not None:
                disk.discard()
            raise
        written = [out / "graph.ttl"]
        if disk is not None:
            written += disk.close()
        if viewed is not None:
            memory = ox.Store()
            memory.load(header + b"".join(viewed), format=ox.RdfFormat.TURTLE)
            files.write_text(out / "graph.html", render_view(StoreGraph(memory), lang=lang))
            written.append(out / "graph.html")
    return written, stats


def write_outputs(graph: AnyGraph, out: str | Path = DEFAULT_OUT, lang: str = "en",
                  store: str | Path | None = None) -> list[Path]:
    """Write a graph already built (an rdflib graph or a store) as ``graph.ttl`` and ``graph.html``
    into ``out``, and a persistent ``store`` if asked; every output complete before any is renamed."""
    from kg.export.rdf import turtle_bytes
    from kg.graph import ENTITY_KINDS, as_store_graph
    from kg.store import check_store_target, write_store
    from kg.view import render_view

    out = Path(out)
    graph = as_store_graph(graph)
    if store is not None:
        check_store_target(Path(store))
    entities = sum(1 for kind in ENTITY_KINDS for _ in graph.entities(kind))
    with output_lock(out):  # two builds into one folder: the last to take the lock writes all its files
        with OutputSet() as files:
            with files.open(out / "graph.ttl", "wb") as f:
                f.write(turtle_bytes(graph))
            written = [out / "graph.ttl"]
            if entities <= VIEW_LIMIT:
                files.write_text(out / "graph.html", render_view(graph, lang=lang))
                written.append(out / "graph.html")
            if store is not None:
                written += write_store(graph, Path(store), files)
        return written
