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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable, Iterator, Mapping

import pyoxigraph as ox

from kg.checks import Deferred, check, check_deferred
from kg.errors import DataError, Problem
from kg.loader import each_dataset, read
from kg.model import Corpus, Dataset
from kg.namespaces import PERIOD
from kg.triples import prefixes, quads

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import StoreGraph

__all__ = ["BuildStats", "Built", "default_workers", "check_and_build", "checked_quads", "load_checked",
           "write_turtle", "dataset_blocks", "build_store", "build_graph", "build"]


def default_workers() -> int:
    """One parsing process per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


_PERIOD = str(PERIOD)


class BuildStats:
    """What a build saw: the data sets, entities per kind and triples produced."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.triples = 0

    @property
    def entities(self) -> int:
        return sum(self.kinds.values())


#: One data set checked and built (in a worker process): entities per kind, its triples as
#: N-Triples, and the N-Triples of each period it uses, by the period's IRI (periods are shared by
#: data sets, and written once).
@dataclass
class Built:
    """One data set checked and built (in a worker process): entities per kind, its triples as
    N-Triples, the N-Triples of each period it uses by the period's IRI (periods are shared by data
    sets and written once), its ids' kinds, and its references into other data sets."""

    dataset: str
    kinds: Counter[str]
    ntriples: bytes
    periods: dict[str, bytes]
    index: dict[str, str]
    deferred: list[Deferred]


def check_and_build(bases: Mapping[str, str], ds: Dataset | None, problems: list[Problem]) -> Built | None:
    """The job done on each data set: check it (adding to ``problems``) and, if it has no problem,
    make its triples; ``bases`` are every data set's (for ``other:id`` references). N-Triples
    bytes, not objects, cross back from a worker: pyoxigraph reads them back many times faster than
    Python would unpickle terms."""
    if ds is None:
        return None
    corpus = Corpus([ds])
    deferred: list[Deferred] = []
    problems += check(corpus, bases, deferred)
    if problems:
        return None
    own: list[ox.Quad] = []
    periods: dict[str, list[ox.Quad]] = {}
    for quad in quads(corpus, bases=bases):
        subject = quad.subject.value  # type: ignore[union-attr]
        if subject.startswith(_PERIOD):
            periods.setdefault(subject, []).append(quad)
        else:
            own.append(quad)
    index = {r.id: r.kind for r in ds.records.values()} if len(bases) > 1 else {}
    return Built(ds.id, Counter(r.kind for r in ds.records.values()), _ntriples(own),
                 {iri: _ntriples(items) for iri, items in periods.items()}, index, deferred)


def _ntriples(items: list[ox.Quad]) -> bytes:
    return ox.serialize(items, format=ox.RdfFormat.N_TRIPLES) or b""


def checked_quads(paths: Iterable[str | Path] | None, workers: int | None = None,
                  stats: BuildStats | None = None, blocks: list[Dataset] | None = None) -> Iterator[ox.Quad]:
    """The triples of every data set under ``paths`` (quads in the default graph), data set by data
    set, each read, checked and built on its own (on every core); :class:`DataError` at the end
    with every problem of every data set, and nothing yielded after the first. ``blocks`` are
    :func:`dataset_blocks` of ``paths``, when the caller has read them already."""
    problems: list[Problem] = []
    seen: set[str] = set()
    bases = {ds.id: ds.base for ds in (dataset_blocks(paths) if blocks is None else blocks)}
    indexes: dict[str, dict[str, str]] = {}  # every data set's ids, for the references between them
    deferred: list[Deferred] = []
    for found, built in each_dataset(paths, partial(check_and_build, bases), workers or default_workers()):
        problems += found
        if built is not None:
            indexes[built.dataset] = built.index
            deferred += built.deferred
        if problems or built is None:
            continue
        n = 0
        for n, quad in enumerate(ox.parse(built.ntriples, ox.RdfFormat.N_TRIPLES), 1):
            yield quad
        for iri, period in built.periods.items():
            if iri not in seen:
                seen.add(iri)
                for quad in ox.parse(period, ox.RdfFormat.N_TRIPLES):
                    n += 1
                    yield quad
        if stats is not None:
            stats.kinds.update(built.kinds)
            stats.triples += n
    if not problems:  # a data set with a problem has no index: its references are checked once it is fixed
        problems += check_deferred(deferred, indexes)
    if problems:
        raise DataError(problems)


def load_checked(paths: Iterable[str | Path] | None = None, workers: int | None = None) -> Corpus:
    """Every data set under ``paths``, loaded and checked (files parsed in parallel); raise
    :class:`DataError` with every located problem."""
    corpus, problems = read(paths, workers or default_workers())
    problems += check(corpus)
    if problems:
        raise DataError(problems)
    return corpus


def dataset_blocks(paths: Iterable[str | Path] | None) -> list[Dataset]:
    """Each data set's id and base, from its dataset.yaml alone: read before the data sets
    themselves, for the Turtle writer's prefixes and for references between data sets."""
    from kg.loader import DATASET_FILE, data_folders, read_dataset_block

    found = [read_dataset_block(folder / DATASET_FILE) for folder in data_folders(paths)]
    return [ds for ds in found if ds is not None]


def write_turtle(items: Iterable[ox.Quad], out: IO[bytes], blocks: list[Dataset]) -> None:
    """Turtle of ``items`` (the triples of the data sets of ``blocks``, see :func:`dataset_blocks`),
    written as they come, with kg's prefixes and each data set's."""
    ox.serialize(items, out, ox.RdfFormat.TURTLE, prefixes=prefixes(blocks))


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
