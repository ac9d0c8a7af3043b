"""The one build loop: YAML -> records -> checked data sets -> triples (pyoxigraph terms) -> Turtle -> sinks.

Each data set is read, checked and written as Turtle on its own, in a worker process (one per
core, a few data sets ahead of the caller): memory holds a few data sets' records, never the
corpus. References into another data set are checked once every data set has been read. Every data
set is checked even after one has failed, so that every problem is reported, and nothing reaches a
sink once any has failed.

Sinks take the Turtle as bytes: the file ``graph.ttl``, a pyoxigraph store (in memory for the view
and queries, or on disk); an rdflib graph is built only where rdflib is needed (SHACL, JSON-LD).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

import pyoxigraph as ox

from kg.checks import Deferred, check, check_deferred, label_coverage, problems_in
from kg.errors import DataError, Problem
from kg.loader import each_dataset, read
from kg.model import Corpus, Dataset
from kg.vocab import PREFIXES
from kg.records import CheckedCorpus
from kg.triples import Seen, prefixes, quads

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import StoreGraph

__all__ = ["BuildStats", "Built", "Part", "default_workers", "check_and_build", "checked_parts", "turtle_header",
           "load_checked", "dataset_blocks", "build_store", "build_graph", "build"]


def default_workers() -> int:
    """One parsing process per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class BuildStats:
    """What a build saw: the data sets, entities per kind and triples produced."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.triples = 0
        self.translations = 0  # labels missing a language

    def add(self, part: Part) -> None:
        self.kinds.update(part.kinds)
        self.triples += part.triples
        self.translations += part.translations

    @property
    def entities(self) -> int:
        return sum(self.kinds.values())


@dataclass
class Built:
    """One data set checked and built (in a worker process): entities per kind; its triples as
    Turtle with kg's prefixes left out (:func:`turtle_header` goes first), and how many; the same
    of each period it uses, by the period's IRI (periods are shared by data sets and written once);
    its ids' kinds; and its references into other data sets."""

    dataset: str
    kinds: Counter[str]
    turtle: bytes
    triples: int
    periods: dict[str, tuple[bytes, int]]
    index: dict[str, str]
    deferred: list[Deferred]
    translations: int = 0  # labels missing a language: translations to do


@dataclass
class Part:
    """The checked triples of one data set as a Turtle body (periods no earlier data set used
    included), ready for every sink: written after :func:`turtle_header` it continues a Turtle file."""

    dataset: str
    kinds: Counter[str]
    turtle: bytes
    triples: int
    translations: int = 0


def turtle_header(prefixes: Mapping[str, str]) -> bytes:
    """The ``@prefix`` lines pyoxigraph writes first for ``prefixes``."""
    probe = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    text = ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes)) or b""
    return text[:text.rindex(b"<urn:x>") - len(b"<urn:x> <urn:x> ")]


#: An IRI written in full in Turtle (or text that looks like one, in a literal: harmless, see below).
_FULL_IRI = re.compile(rb"<([^<>\"{}|^`\\\x00-\x20]*)>")


def _nesting(namespaces: Iterable[str], every: Mapping[str, str]) -> set[str]:
    """The prefixes of ``every`` whose namespace nests with (starts, or is the start of) one of
    ``namespaces``, and so on until none is added: every prefix that can cover an IRI they cover."""
    found: set[str] = set()
    todo = list(namespaces)
    while todo:
        ns = todo.pop()
        for p, other in every.items():
            if p not in found and (other.startswith(ns) or ns.startswith(other)):
                found.add(p)
                todo.append(other)
    return found


def _turtle_body(items: list[ox.Quad], every: Mapping[str, str], start: set[str]) -> bytes:
    """``items`` as pyoxigraph writes them in Turtle with ``every`` prefix, the ``@prefix`` lines left out.

    pyoxigraph compares each IRI with each prefix in turn: with a prefix per data set, a data set
    of a corpus of 1,000 took 0.2 s to write instead of 0.03 s. So it is written with only the
    prefixes that can cover its IRIs: ``start`` (kg's own, the data set's and any nesting with
    those: :func:`_nesting`), and any that covers an IRI the first writing left in full (a
    reference into another data set). Every prefix that covers an IRI is given, so the body is
    the same as with all of them; a prefix that covers none changes nothing but the ``@prefix`` lines.
    """
    chosen = set(start)
    while True:
        prefixes = {p: ns for p, ns in every.items() if p in chosen}  # in every's order
        text = ox.serialize(items, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
        body = text[len(turtle_header(prefixes)):]
        full = {m.decode("utf-8") for m in _FULL_IRI.findall(body)}
        more = _nesting([ns for p, ns in every.items() if p not in chosen and any(i.startswith(ns) for i in full)],
                        every) - chosen if full else set()
        if not more:
            return body
        chosen |= more


def check_and_build(bases: Mapping[str, str], prefixes: Mapping[str, str], ds: Dataset | None,
                    problems: list[Problem]) -> Built | None:
    """The job done on each data set: check it (adding to ``problems``) and, if it has no problem,
    write its triples as Turtle with ``prefixes``; ``bases`` are every data set's (for ``other:id``
    references). Turtle is written here, on every core, so that the parent only joins bytes: no
    term crosses between processes, and no Python code runs per triple in the parent."""
    if ds is None:
        return None
    deferred: list[Deferred] = []
    try:
        corpus = check(Corpus([ds]), bases, deferred)
    except DataError as e:
        problems += e.problems
        return None
    seen = Seen(aside=True)
    own = list(quads(corpus, seen, bases))
    periods = seen.described or {}
    index = {r.id: r.kind for r in ds.records.values()} if len(bases) > 1 else {}
    start = _nesting([*PREFIXES.values(), ds.base], prefixes)  # the same for the data set and its periods
    return Built(ds.id, Counter(r.kind for r in ds.records.values()), _turtle_body(own, prefixes, start),
                 len(own), {iri: (_turtle_body(items, prefixes, start), len(items)) for iri, items in periods.items()},
                 index, deferred, label_coverage(corpus).missing)


def checked_parts(paths: Iterable[str | Path] | None, blocks: list[Dataset], workers: int | None = None) -> Iterator[Part]:
    """The triples of every data set under ``paths``, data set by data set, each read, checked and
    written on its own (on every core), as Turtle bodies with the prefixes of ``blocks``
    (:func:`dataset_blocks` of ``paths``); :class:`DataError` at the end with every problem of
    every data set, and nothing yielded after the first."""
    problems: list[Problem] = []
    seen: set[str] = set()
    bases = {ds.id: ds.base for ds in blocks}
    indexes: dict[str, dict[str, str]] = {}  # every data set's ids, for the references between them
    deferred: list[Deferred] = []
    job = partial(check_and_build, bases, prefixes(blocks))
    for found, built in each_dataset(paths, job, workers or default_workers()):
        problems += found
        if built is not None:
            indexes[built.dataset] = built.index
            deferred += built.deferred
        if problems or built is None:
            continue
        turtle, n = [built.turtle], built.triples
        for iri, (text, count) in built.periods.items():
            if iri not in seen:
                seen.add(iri)
                turtle.append(text)
                n += count
        yield Part(built.dataset, built.kinds, b"".join(turtle), n, built.translations)
    if not problems:  # a data set with a problem has no index: its references are checked once it is fixed
        problems += check_deferred(deferred, indexes)
    if problems:
        raise DataError(problems)


def load_checked(paths: Iterable[str | Path] | None = None, workers: int | None = None) -> CheckedCorpus:
    """Every data set under ``paths``, loaded and checked (files parsed in parallel); raise
    :class:`DataError` with every located problem."""
    corpus, problems = read(paths, workers or default_workers())
    if problems:  # the references are checked too, so that every problem is reported at once
        problems += problems_in(corpus)
        raise DataError(problems)
    return check(corpus)


def dataset_blocks(paths: Iterable[str | Path] | None) -> list[Dataset]:
    """Each data set's id and base, from its dataset.yaml alone: read before the data sets
    themselves, for the Turtle writer's prefixes and for references between data sets."""
    from kg.loader import DATASET_FILE, data_folders, read_dataset_block

    found = [read_dataset_block(folder / DATASET_FILE) for folder in data_folders(paths)]
    return [ds for ds in found if ds is not None]


def build_store(paths: Iterable[str | Path] | None = None, workers: int | None = None,
                stats: BuildStats | None = None) -> StoreGraph:
    """The checked graph of the data under ``paths`` in an in-memory pyoxigraph store."""
    from kg.graph import StoreGraph

    blocks = dataset_blocks(paths)
    header = turtle_header(prefixes(blocks))
    store = ox.Store()
    for part in checked_parts(paths, blocks, workers):
        store.load(header + part.turtle, format=ox.RdfFormat.TURTLE)
        if stats is not None:
            stats.add(part)
    return StoreGraph(store)


def build_graph(corpus: CheckedCorpus) -> Graph:
    """The rdflib graph of a checked corpus, for what only rdflib does (pyshacl; compacted JSON-LD)."""
    from rdflib import Graph

    from kg.terms import from_oxigraph

    g = Graph(bind_namespaces="none")
    for prefix, ns in prefixes(corpus.datasets).items():
        g.bind(prefix, ns)
    g.addN((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), g)
           for q in quads(corpus))
    return g


def build(paths: Iterable[str | Path] | None = None, shacl: bool = True) -> tuple[CheckedCorpus, Graph]:
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
