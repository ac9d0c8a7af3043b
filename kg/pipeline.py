"""The one build loop: YAML -> records -> checked data sets -> triples (pyoxigraph terms) -> sinks.

Each data set is read (its files parsed on every core) and checked on its own, and its triples are
produced before the next is read: memory holds one data set's records, never the corpus (references
never cross data sets). Every data set is checked even after one has failed, so that every problem
is reported, and nothing reaches a sink once any has failed.

Sinks: pyoxigraph's writers (Turtle, N-Triples, N-Quads), a pyoxigraph store (in memory for the view
and queries, or on disk), and an rdflib graph only where rdflib is needed (SHACL, JSON-LD).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable, Iterator

import pyoxigraph as ox

from kg.checks import check
from kg.errors import DataError, Problem
from kg.loader import read, read_each
from kg.model import Corpus
from kg.triples import Seen, prefixes, quads

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import StoreGraph

__all__ = ["BuildStats", "default_workers", "checked_datasets", "checked_quads", "load_checked",
           "write_turtle", "build_store", "build_graph", "build"]


def default_workers() -> int:
    """One parsing process per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class BuildStats:
    """What a build saw: the data sets, entities per kind and triples produced."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.triples = 0

    @property
    def entities(self) -> int:
        return sum(self.kinds.values())


def checked_datasets(paths: Iterable[str | Path] | None, workers: int | None = None,
                     stats: BuildStats | None = None) -> Iterator[Corpus]:
    """Each data set under ``paths``, read and checked, one at a time, as a checked one-set corpus;
    :class:`DataError` at the end with every problem of every data set if any had one."""
    problems: list[Problem] = []
    for ds, found in read_each(paths, workers or default_workers()):
        if ds is not None:
            single = Corpus([ds])
            found = found + check(single)
            if not found and not problems:
                if stats is not None:
                    stats.kinds.update(r.kind for r in ds.records.values())
                yield single
        problems += found
    if problems:
        raise DataError(problems)


def checked_quads(paths: Iterable[str | Path] | None, workers: int | None = None,
                  stats: BuildStats | None = None) -> Iterator[ox.Quad]:
    """The triples of every data set under ``paths`` (quads in the default graph), produced data
    set by data set."""
    seen = Seen()
    for corpus in checked_datasets(paths, workers, stats):
        n = 0
        for n, quad in enumerate(quads(corpus, seen), 1):
            yield quad
        if stats is not None:
            stats.triples += n


def load_checked(paths: Iterable[str | Path] | None = None, workers: int | None = None) -> Corpus:
    """Every data set under ``paths``, loaded and checked (files parsed in parallel); raise
    :class:`DataError` with every located problem."""
    corpus, problems = read(paths, workers or default_workers())
    problems += check(corpus)
    if problems:
        raise DataError(problems)
    return corpus


def _prefixes_of(paths: Iterable[str | Path] | None) -> dict[str, str]:
    """kg's prefixes and each data set's, from its dataset.yaml alone: a Turtle writer needs them
    before its first triple, and that comes before the last data set is read."""
    from kg.loader import DATASET_FILE, data_folders, read_dataset_block

    found = [read_dataset_block(folder / DATASET_FILE) for folder in data_folders(paths)]
    return prefixes(ds for ds in found if ds is not None)


def write_turtle(items: Iterable[ox.Quad], out: IO[bytes], paths: Iterable[str | Path] | None) -> None:
    """Turtle of ``items`` (the triples of the data under ``paths``), written as they come."""
    ox.serialize(items, out, ox.RdfFormat.TURTLE, prefixes=_prefixes_of(paths))


def build_store(paths: Iterable[str | Path] | None = None, workers: int | None = None,
                stats: BuildStats | None = None) -> StoreGraph:
    """The checked graph of the data under ``paths`` in an in-memory pyoxigraph store."""
    from kg.graph import StoreGraph

    store = ox.Store()
    store.bulk_extend(checked_quads(paths, workers, stats))
    return StoreGraph(store)


def build_graph(corpus: Corpus) -> Graph:
    """The rdflib graph of a checked corpus, for what only rdflib does (pyshacl; compacted JSON-LD)."""
    from rdflib import Graph

    from kg.terms import from_oxigraph

    g = Graph(bind_namespaces="none")
    for prefix, ns in prefixes(corpus.datasets).items():
        g.bind(prefix, ns)
    g.addN((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), g)
           for q in quads(corpus))
    return g


def build(paths: Iterable[str | Path] | None = None, shacl: bool = True) -> tuple[Corpus, Graph]:
    """Load, check, build an rdflib graph and (by default) SHACL-validate; raise :class:`DataError`
    with every problem. The command line builds into pyoxigraph instead (:func:`build_store`).

    >>> corpus, graph = build()          # the bundled data
    >>> len(graph) > 0
    True
    """
    corpus = load_checked(paths, workers=1)
    graph = build_graph(corpus)
    if shacl:
        from kg.shacl import shacl_problems

        problems = shacl_problems(graph, corpus)
        if problems:
            raise DataError(problems)
    return corpus, graph
