"""Getting the graph to work on: built from YAML data, or read from a Turtle file; as an rdflib
graph (:func:`open_graph`), or in a pyoxigraph store (:func:`open_store_graph`), which reads and
answers queries many times faster."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from rdflib import Graph

from kg.errors import UsageError

if TYPE_CHECKING:
    from kg.store import StoreGraph

__all__ = ["open_graph", "open_store_graph", "data_folders"]


def data_folders(paths: Iterable[str | Path] | None) -> list[Path]:
    """The data set folders under ``paths`` (default: the bundled data)."""
    from kg.loader import DEFAULT_DATA, dataset_folders

    return dataset_folders(list(paths or []) or [DEFAULT_DATA])


def _turtle_file(turtle: str | Path) -> Path:
    path = Path(turtle)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    return path


def open_graph(paths: Iterable[str | Path] | None = None, turtle: str | Path | None = None) -> Graph:
    """The graph of the data sets under ``paths`` (validated), or of a built ``turtle`` file."""
    if turtle is not None:
        path = _turtle_file(turtle)
        try:
            return Graph().parse(path, format="turtle")
        except Exception as e:  # rdflib's parsers raise many types; all mean "not Turtle"
            raise UsageError(f"{path}: not a Turtle file: {e}") from e
    from kg.pipeline import build

    return build(paths, shacl=False)[1]  # SHACL is kg build/validate --shacl's, as everywhere


def open_store_graph(paths: Iterable[str | Path] | None = None, turtle: str | Path | None = None) -> StoreGraph:
    """The graph of the data sets under ``paths`` (validated, streamed data set by data set), or
    of a built ``turtle`` file, in an in-memory pyoxigraph store; no rdflib graph is made."""
    import pyoxigraph as ox

    from kg.store import StoreGraph

    store = ox.Store()
    if turtle is not None:
        path = _turtle_file(turtle)
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError) as e:
            raise UsageError(f"{path}: not a Turtle file: {e}") from None
    else:
        from kg.stream import checked_triples

        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                          for t in checked_triples(paths))
    return StoreGraph(store)
