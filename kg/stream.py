"""The fast path for large inputs: files parsed on every core, triples written as they are
produced (pyoxigraph's serializer), no in-memory graph and no SHACL pass.

Located YAML and reference errors are exactly those of the normal path; only the SHACL shapes,
which check the same constraints a second time on the graph, are not run (pyshacl needs the whole
graph in memory and minutes per million triples).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.pipeline import iter_triples, prefixes
from kg.errors import DataError
from kg.files import OutputSet, atomic_write
from kg.loader import read
from kg.model import Corpus, dataset_prefix, graph_for
from kg.terms import TermCache
from kg.checks import check

__all__ = ["StreamStats", "checked_datasets", "stream_build", "load_checked", "to_oxigraph", "stream_turtle", "stream_ntriples", "stream_nquads", "default_workers", "checked_triples"]


def default_workers() -> int:
    """One parsing process per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def load_checked(paths: Iterable[str | Path] | None = None, workers: int | None = None) -> Corpus:
    """Load and check (parsing files in parallel); raise :class:`DataError` with every located problem."""
    corpus, problems = read(paths, workers or default_workers())
    problems += check(corpus)
    if problems:
        raise DataError(problems)
    return corpus


def to_oxigraph(corpus: Corpus, periods: set | None = None, term: TermCache | None = None) -> Iterator[ox.Triple]:
    """The corpus's triples as pyoxigraph triples, produced one at a time (``periods`` and ``term``
    carry over between calls, as for :func:`kg.pipeline.iter_triples`)."""
    term = term or TermCache()
    for s, p, o in iter_triples(corpus, periods):
        yield ox.Triple(term(s), term(p), term(o))


def _dump(corpus: Corpus, out: Path, fmt: ox.RdfFormat, items: Iterable) -> list[Path]:
    with atomic_write(out, "wb") as f:
        ox.serialize(items, f, fmt, prefixes=prefixes(corpus) if fmt == ox.RdfFormat.TURTLE else None)
    return [out]


def stream_turtle(corpus: Corpus, out: Path) -> list[Path]:
    """Turtle written as the triples are produced; deterministic (files and records in order)."""
    return _dump(corpus, out, ox.RdfFormat.TURTLE, to_oxigraph(corpus))


def stream_ntriples(corpus: Corpus, out: Path) -> list[Path]:
    return _dump(corpus, out, ox.RdfFormat.N_TRIPLES, to_oxigraph(corpus))


def stream_nquads(corpus: Corpus, out: Path) -> list[Path]:
    """N-Quads with each data set's triples in its named graph, as in ``kg export --format nquads``."""
    bases = [ds.base for ds in corpus.datasets]

    def quads() -> Iterator[ox.Quad]:
        graphs = {b: ox.NamedNode(b) for b in bases}
        for t in to_oxigraph(corpus):
            base = graph_for(t.subject.value, bases)
            yield ox.Quad(t.subject, t.predicate, t.object, graphs[base] if base else ox.DefaultGraph())

    return _dump(corpus, out, ox.RdfFormat.N_QUADS, quads())


class StreamStats:
    """What a streaming build saw: entities per kind and triples written."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.triples = 0

    @property
    def entities(self) -> int:
        return sum(self.kinds.values())


def checked_datasets(paths: Iterable[str | Path] | None, workers: int, stats: StreamStats) -> Iterator[Corpus]:
    """Each data set, read and checked, one at a time: memory holds one data set, not all.

    Every data set is checked even after one has failed, so that every problem is reported; once
    any has failed nothing more is yielded, and the end raises :class:`DataError` with them all.
    """
    from kg.loader import read_each

    problems: list = []
    for ds, found in read_each(paths, workers):
        if ds is not None:
            single = Corpus([ds])
            found = found + check(single)
            if not found and not problems:
                stats.kinds.update(r.kind for r in ds.records.values())
                yield single
        problems += found
    if problems:
        raise DataError(problems)


def _dataset_prefixes(paths: Iterable[str | Path] | None) -> dict[str, str]:
    """kg's prefixes and each data set's, from its dataset.yaml alone (read before the stream starts)."""
    from kg.loader import DATASET_FILE, parse
    from kg.graphs import data_folders

    out = prefixes(Corpus())
    for folder in data_folders(paths):
        block, _, _ = parse((folder / DATASET_FILE).read_text(encoding="utf-8-sig"), str(folder / DATASET_FILE))
        if block and isinstance(block.get("id"), str) and isinstance(block.get("base"), str):
            prefix = dataset_prefix(block["id"])
            if prefix:
                out[prefix] = block["base"]
    return out


def checked_triples(paths: Iterable[str | Path] | None, workers: int | None = None,
                    stats: StreamStats | None = None) -> Iterator[ox.Triple]:
    """The triples of the data sets under ``paths``, checked and produced data set by data set;
    :class:`DataError` (at the end) if any data set has a problem."""
    term, periods = TermCache(), set()
    workers = workers or default_workers()
    stats = stats if stats is not None else StreamStats()
    for corpus in checked_datasets(paths, workers, stats):
        for triple in to_oxigraph(corpus, periods, term):
            stats.triples += 1
            yield triple


def stream_build(paths: Iterable[str | Path] | None, turtle: Path | None = None, store: Path | None = None,
                 workers: int | None = None, files: OutputSet | None = None) -> StreamStats:
    """Build with bounded memory: data set by data set into ``turtle`` and/or a persistent ``store``.

    Nothing is written if any data set has a problem (each output is written beside its target and
    renamed into place at the end). Writing both means reading the data twice.
    """
    from kg.store import write_store_from_triples

    stats = StreamStats()
    workers = workers or default_workers()
    if turtle is not None:
        with (files.open(turtle, "wb") if files is not None else atomic_write(turtle, "wb")) as f:
            ox.serialize(checked_triples(paths, workers, stats), f, ox.RdfFormat.TURTLE, prefixes=_dataset_prefixes(paths))
    if store is not None:
        again = StreamStats()
        write_store_from_triples(checked_triples(paths, workers, again), store, files)
        stats = stats if turtle is not None else again
    return stats
