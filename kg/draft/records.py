"""The plain data a draft is made of: entities (goals, work areas, measures, indicators, named
things), observations, and the :class:`Draft` of a whole text that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Draft", "Entity", "Observation"]


@dataclass
class Entity:
    """One drafted entity: ``kind`` as in :data:`kg.model.KINDS`; ``label`` in the document's
    language; ``links`` by field name; ``start``/``end`` the passage it comes from."""

    kind: str
    id: str
    label: str
    start: int
    end: int
    links: dict[str, list[str]] = field(default_factory=dict)
    note: str | None = None
    alt: list[str] = field(default_factory=list)


@dataclass
class Observation:
    """One drafted value: the number at ``number`` (offsets), quoted by ``quote`` (offsets)."""

    id: str
    indicator: str
    number: tuple[int, int]
    quote: tuple[int, int]
    value: Decimal | None
    scale: str | None
    unit: str
    period: str
    status: str
    comparator: str | None = None
    rank: int | None = None
    rank_within: bool = False
    notes: list[str] = field(default_factory=list)
    base_period: str | None = None
    expresses: str | None = None
    cumulative: bool = False
    as_of: str | None = None


@dataclass
class Draft:
    """A draft data set of ``text``: entities (goals, work areas, measures, indicators, named
    things) and observations, with ids unique and stable for the same text."""

    dataset: str
    lang: str
    text: str
    title: str
    year: int
    year_assumed: bool
    kind: str
    entities: list[Entity]
    observations: list[Observation]

    def of(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.kind == kind]

