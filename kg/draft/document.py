"""Policy text -> a draft data set: the document's year, title and kind, with the outline's entities
(structure.py), the named things the measures mention (things.py) and every number as an
observation grouped into indicators (observations.py), as one :class:`~kg.draft.records.Draft`."""

from __future__ import annotations

import re

from kg.draft.english import find_numbers_en, find_periods_en
from kg.draft.ids import Ids
from kg.draft.numbers import find_numbers, find_periods
from kg.draft.observations import fact_sentences, find_observations
from kg.draft.outline import Node, outline
from kg.draft.records import Draft
from kg.draft.structure import add_named_things, outline_entities

__all__ = ["draft", "document_year"]


def document_year(text: str, lang: str = "zh") -> tuple[int, bool]:
    """The year the document was written, and whether it was assumed: a full date in it (2024年3月7日),
    else the year after the latest year it reports on, else the year before its first target year."""
    dates = re.findall(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日" if lang == "zh" else
                       r"\b\d{1,2} [A-Z][a-z]+ ((?:19|20)\d\d)\b|[A-Z][a-z]+ \d{1,2}, ((?:19|20)\d\d)\b", text)
    years = [int(y) for d in dates for y in (d if isinstance(d, tuple) else (d,)) if y]
    if years:
        return max(years), False
    mentions = [p for p in (find_periods(text, 2000) if lang == "zh" else find_periods_en(text, 2000))
                if not p.relative]  # 今年, 去年: counted from the year sought
    first_line = len(text) - len(text.lstrip()) + len((text.lstrip().splitlines() or [""])[0])
    titled = [p for p in mentions if p.start < first_line and "/" in p.period and p.yearly]
    if titled:  # 行动方案（2024—2027年）: a plan's years, from its first
        return int(titled[0].period[:4]), True
    plain = [int(p.period) for p in mentions if p.role in ("plain", "as-of") and p.yearly and "/" not in p.period]
    if plain:  # a report on 2023 is written in 2024
        return max(plain) + 1, True
    ranges = [int(p.period[-4:]) for p in mentions if p.role in ("plain", "as-of") and p.yearly]
    if ranges:
        return max(ranges) + 1, True
    targets = [int(p.period[:4]) for p in mentions if p.role == "target"]
    return (min(targets) - 1, True) if targets else (2000, True)


def draft(text: str, lang: str = "zh", dataset: str = "draft", year: int | None = None) -> Draft:
    """Draft a data set from a policy text (``lang`` ``zh`` or ``en``); ``year`` is the document's,
    found in the text (and flagged as assumed) when not given."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    assumed = False
    if year is None:
        year, assumed = document_year(text, lang)
    root = outline(text, lang)
    ids = Ids()
    nodes = root.walk()[1:]
    numbers = find_numbers(text) if lang == "zh" else find_numbers_en(text)
    periods = find_periods(text, year) if lang == "zh" else find_periods_en(text, year)
    facts = fact_sentences(text, numbers, periods, year, lang, nodes)
    entities, roles = outline_entities(root, lang, ids, facts)
    add_named_things(text, lang, nodes, roles, ids, entities)
    observations = find_observations(text, lang, year, numbers, periods, nodes, roles, ids, entities)
    title = _title(text, root, lang)
    kind = _source_kind(title, lang)
    return Draft(dataset, lang, text, title, year, assumed, kind, entities, observations)


def _title(text: str, root: Node, lang: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = re.sub(r"^\s*(?:\d{1,2}[.．、]|#+)?\s*", "", first).strip(" \t*【】").replace("】", " ")
    return first[:80] or ("未命名文件" if lang == "zh" else "Untitled document")


def _source_kind(title: str, lang: str) -> str:
    words = {"speech": ("讲话", "致辞", "speech", "remarks", "address"), "plan": ("规划", "方案", "计划", "plan", "programme"),
             "report": ("报告", "report"), "faq": ("问答", "FAQ")}
    for kind, ws in words.items():
        if any(w in title for w in ws):
            return kind
    return "other"
