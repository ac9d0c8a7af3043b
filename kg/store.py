"""A persistent pyoxigraph store on disk: written by ``kg export --format oxigraph`` and queried
by ``kg query --store DIR`` without loading the graph into memory first.

:class:`StoreGraph` offers the few read methods of an rdflib Graph that query results need
(labels, prefixed names, finding an entity by its id), so the rest of kg works on it unchanged.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from kg.errors import UsageError
from kg.files import OutputSet, replaceable
from kg.graph import AnyGraph, StoreGraph, as_store_graph

__all__ = ["open_store", "write_store", "write_store_from_quads", "StoreWriter", "check_store_target", "STORE_MARKER"]


def open_store(path: str | Path) -> StoreGraph:
    """Open the store written at ``path`` by ``kg export --format oxigraph``, read-only."""
    path = Path(path)
    if not path.is_dir():
        raise UsageError(f"{path}: no such store folder (kg export --format oxigraph --out {path} makes one)")
    try:
        return StoreGraph(ox.Store.read_only(str(path)))
    except OSError as e:
        raise UsageError(f"{path}: not a pyoxigraph store: {e}") from e


#: The file that marks a folder as a store kg wrote, which kg may therefore replace.
STORE_MARKER = ".kg-store"


def check_store_target(out: Path) -> None:
    """Refuse to replace ``out`` unless it is absent, an empty folder, or a store kg wrote:
    kg never deletes a folder it did not create."""
    if replaceable(out, STORE_MARKER):
        return
    if out.is_symlink() or not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder; a store is a folder (choose another --out)")
    raise UsageError(f"{out}: the folder is not empty and is not a store kg wrote (it has no {STORE_MARKER} "
                     "file); kg will not replace it: choose another folder")


class StoreWriter:
    """A new store folder filled chunk by chunk, put in place at ``out`` only when complete (with
    ``files``, only when that set of outputs is committed), and only over a store kg wrote."""

    def __init__(self, out: Path, files: OutputSet | None = None) -> None:
        self.out, self.files = Path(out), files
        check_store_target(self.out)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.", dir=self.out.parent))
        except OSError as e:
            raise OSError(e.errno, e.strerror, str(self.out)) from None
        self.store: ox.Store | None = ox.Store(str(self.tmp))

    def add(self, quads: Iterable[ox.Quad]) -> None:
        assert self.store is not None
        self.store.bulk_extend(quads)

    def add_turtle(self, text: bytes) -> None:
        """Add the triples of a Turtle document."""
        assert self.store is not None
        self.store.bulk_load(text, format=ox.RdfFormat.TURTLE)

    def close(self) -> list[Path]:
        """Finish the store and put it in place (or hand it to ``files``)."""
        assert self.store is not None
        self.store.flush()
        self.store.optimize()
        self.store = None  # closes it
        (self.tmp / STORE_MARKER).write_text("a pyoxigraph store written by kg; kg may replace this folder\n",
                                             encoding="utf-8")
        if self.files is not None:
            self.files.add_folder(self.tmp, self.out, STORE_MARKER)
        else:
            with OutputSet() as own:
                own.add_folder(self.tmp, self.out, STORE_MARKER)
        return [self.out]

    def discard(self) -> None:
        self.store = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_store_from_quads(quads: Iterable[ox.Quad], out: Path, files: OutputSet | None = None) -> list[Path]:
    """Write a new store at ``out`` from ``quads`` (see :class:`StoreWriter`)."""
    writer = StoreWriter(out, files)
    try:
        writer.add(quads)
        return writer.close()
    except BaseException:
        writer.discard()
        raise


def write_store(graph: AnyGraph, out: Path, files: OutputSet | None = None) -> list[Path]:
    """The export registry's writer: ``graph`` as a persistent store folder."""
    store = as_store_graph(graph).store
    return write_store_from_quads(store.quads_for_pattern(None, None, None), out, files)
