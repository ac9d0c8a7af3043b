"""A persistent pyoxigraph store on disk: written by ``kg export --format oxigraph`` and queried
by ``kg query --store DIR`` without loading the graph into memory first.

:class:`StoreGraph` offers the few read methods of an rdflib Graph that query results need
(labels, prefixed names, finding an entity by its id), so the rest of kg works on it unchanged.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import VANN
from rdflib.term import Node

from kg.errors import UsageError
from kg.files import OutputSet, replaceable
from kg.namespaces import PREFIXES
from kg.terms import TermCache, from_oxigraph, to_oxigraph

__all__ = ["StoreGraph", "open_store", "write_store", "write_store_from_triples", "check_store_target", "STORE_MARKER"]


def _to_ox(node: Node | None):  # noqa: ANN202 - a pyoxigraph term, or None for "any"
    return None if node is None else to_oxigraph(node)


class StoreGraph:
    """Read access to a pyoxigraph store in the shape kg's query results use."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._prefixes = dict(PREFIXES)
        for q in store.quads_for_pattern(None, ox.NamedNode(str(VANN.preferredNamespacePrefix)), None):
            self._prefixes[q.object.value] = q.subject.value  # written by the build: the one prefix rule

    def update(self, text: str) -> None:
        """Run a SPARQL update on the store (only an in-memory one: a store folder is opened read-only)."""
        try:
            self.store.update(text)
        except (OSError, RuntimeError) as e:  # pyoxigraph: "only possible on read-write instances"
            raise UsageError(f"this store is read-only: {e}") from None

    def __len__(self) -> int:
        return len(self.store)

    def __contains__(self, triple: tuple[Node | None, Node | None, Node | None]) -> bool:
        s, p, o = (_to_ox(t) for t in triple)
        return next(iter(self.store.quads_for_pattern(s, p, o)), None) is not None

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        for q in self.store.quads_for_pattern(_to_ox(subject), _to_ox(predicate), None):
            yield from_oxigraph(q.object)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:  # noqa: A002
        for q in self.store.quads_for_pattern(None, _to_ox(predicate), _to_ox(object)):
            yield from_oxigraph(q.subject)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        for prefix, ns in self._prefixes.items():
            yield prefix, URIRef(ns)


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


def write_store_from_triples(triples: Iterable[ox.Triple], out: Path, files: OutputSet | None = None) -> list[Path]:
    """Write a new store at ``out`` from ``triples``. The old one, if any, is replaced only once
    the new one is complete (with ``files``, only when that set of outputs is committed), and only
    if kg wrote it."""
    out = Path(out)
    check_store_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(out)) from None
    try:
        store = ox.Store(str(tmp))
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        store.flush()
        del store  # closes it
        (tmp / STORE_MARKER).write_text("a pyoxigraph store written by kg; kg may replace this folder\n",
                                        encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if files is not None:
        files.add_folder(tmp, out, STORE_MARKER)
        return [out]
    with OutputSet() as own:
        own.add_folder(tmp, out, STORE_MARKER)
    return [out]


def write_store(graph: Graph, out: Path, files: OutputSet | None = None) -> list[Path]:
    """The export registry's writer: ``graph`` as a persistent store folder."""
    term = TermCache()
    return write_store_from_triples((ox.Triple(term(s), term(p), term(o)) for s, p, o in graph), out, files)
