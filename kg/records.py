"""The plain data a load produces: located values, entities, data sets and the corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, NamedTuple

from kg.vocab import PREFIXES

__all__ = ["Loc", "Citation", "Period", "Record", "Dataset", "Corpus", "CheckedCorpus", "dataset_prefix", "graph_for"]


class Loc(NamedTuple):
    """Where a value stands in a YAML file (1-based line and column). A named tuple, not a frozen
    dataclass: a data set of 1,000 measures makes some 25,000, and a tuple is made in a tenth of
    the time; it is as immutable, and orders the same way (path, then line, then column)."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Citation:
    """A quote from a source passage; offsets are filled in once the source text is read."""

    source: str
    quote: str
    loc: Loc
    at: int | None = None
    start: int | None = None

    @property
    def end(self) -> int | None:
        return None if self.start is None else self.start + len(self.quote)


@dataclass(frozen=True)
class Period:
    """A reference period: a year, a month, a day, or a range ``start/end`` of those."""

    text: str
    start: date
    end: date


@dataclass
class Record:
    """One entity read from YAML, with the location of the entity and of each of its values."""

    kind: str
    id: str
    dataset: str
    loc: Loc
    values: dict[str, object] = field(default_factory=dict)
    locs: dict[str, Loc] = field(default_factory=dict)

    def at(self, name: str) -> Loc:
        return self.locs.get(name, self.loc)


@dataclass
class Dataset:
    """One source document's folder: its metadata and its entities."""

    id: str
    base: str
    folder: str
    loc: Loc
    label: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    area: str | None = None
    records: dict[str, Record] = field(default_factory=dict)
    #: Other data sets this one relates to, by relation (``implements``, ``references``, ...).
    links: dict[str, list[str]] = field(default_factory=dict)
    #: Where each key of the ``dataset:`` block (``area`` and the relations) stands.
    link_locs: dict[str, Loc] = field(default_factory=dict)

    def iri(self, entity_id: str) -> str:
        return self.base + entity_id

    @property
    def prefix(self) -> str | None:
        """The data set's prefix in Turtle and query results: see :func:`dataset_prefix`."""
        return dataset_prefix(self.id)


def dataset_prefix(dataset_id: str) -> str | None:
    """The one prefix rule: a data set's prefix is its id, when that is a Turtle prefix name (an id
    that starts with a letter; ``mini.v2`` is one) and is not one of kg's own prefixes.

    >>> dataset_prefix("mini.v2"), dataset_prefix("2024-plan"), dataset_prefix("skos")
    ('mini.v2', None, None)
    """
    if not dataset_id[:1].isascii() or not dataset_id[:1].isalpha() or dataset_id in PREFIXES:
        return None
    return dataset_id


def graph_for(iri: str, bases: Iterable[str]) -> str | None:
    """The one named-graph rule: a term belongs to the data set with the longest base it starts
    with (bases may nest), or to no data set (shared periods and vocabulary).

    >>> graph_for("http://e/a/b/x", ["http://e/a/", "http://e/a/b/"])
    'http://e/a/b/'
    """
    return max((b for b in bases if iri.startswith(b)), key=len, default=None)


@dataclass
class Corpus:
    """Every data set loaded in one run."""

    datasets: list[Dataset] = field(default_factory=list)

    def records(self) -> list[Record]:
        return [r for d in self.datasets for r in d.records.values()]


#: Held only by :func:`kg.checks.check`: the one caller that may make a :class:`CheckedCorpus`.
CHECKED = object()


class CheckedCorpus(Corpus):
    """A corpus in which :func:`kg.checks.check` found no problem: references resolved, quotes
    located. Only ``check`` makes one, and only a checked corpus can be turned into triples."""

    def __init__(self, datasets: Iterable[Dataset], *, key: object = None) -> None:
        if key is not CHECKED:
            raise TypeError("a CheckedCorpus is made by kg.check(corpus), which finds its problems first")
        super().__init__(list(datasets))
