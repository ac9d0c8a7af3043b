"""The fast path for large inputs: files parsed on every core, triples written as they are
produced (pyoxigraph's serializer), no in-memory graph and no SHACL pass.

Located YAML and reference errors are exactly those of the normal path; only the SHACL shapes,
which check the same constraints a second time on the graph, are not run (pyshacl needs the whole
graph in memory and minutes per million triples).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.pipeline import iter_triples, prefixes
from kg.errors import DataError
from kg.files import atomic_write
from kg.loader import read
from kg.model import Corpus
from kg.terms import TermCache
from kg.checks import check

__all__ = ["Counter", "load_checked", "to_oxigraph", "stream_turtle", "stream_ntriples", "stream_nquads", "default_workers"]


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


def to_oxigraph(corpus: Corpus) -> Iterator[ox.Triple]:
    """The corpus's triples as pyoxigraph triples, produced one at a time."""
    term = TermCache()
    for s, p, o in iter_triples(corpus):
        yield ox.Triple(term(s), term(p), term(o))


class Counter:
    """Counts the items passing through it (the triples a stream wrote)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, items: Iterable) -> Iterator:
        for item in items:
            self.n += 1
            yield item


def _dump(corpus: Corpus, out: Path, fmt: ox.RdfFormat, items: Iterable) -> list[Path]:
    with atomic_write(out, "wb") as f:
        ox.serialize(items, f, fmt, prefixes=prefixes(corpus) if fmt == ox.RdfFormat.TURTLE else None)
    return [out]


def stream_turtle(corpus: Corpus, out: Path, counter: Counter | None = None) -> list[Path]:
    """Turtle written as the triples are produced; deterministic (files and records in order)."""
    triples = to_oxigraph(corpus)
    return _dump(corpus, out, ox.RdfFormat.TURTLE, counter(triples) if counter else triples)


def stream_ntriples(corpus: Corpus, out: Path) -> list[Path]:
    return _dump(corpus, out, ox.RdfFormat.N_TRIPLES, to_oxigraph(corpus))


def stream_nquads(corpus: Corpus, out: Path) -> list[Path]:
    """N-Quads with each data set's triples in its named graph, as in ``kg export --format nquads``."""
    bases = [ds.base for ds in corpus.datasets]

    def quads() -> Iterator[ox.Quad]:
        graphs = {b: ox.NamedNode(b) for b in bases}
        for t in to_oxigraph(corpus):
            base = next((b for b in bases if t.subject.value.startswith(b)), None)
            yield ox.Quad(t.subject, t.predicate, t.object, graphs[base] if base else ox.DefaultGraph())

    return _dump(corpus, out, ox.RdfFormat.N_QUADS, quads())
