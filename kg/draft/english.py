"""Numbers and periods in an English policy text (``--lang en``): the same :class:`Number` and
:class:`PeriodMention` as the Chinese rules give, from English wording."""

from __future__ import annotations

import re
from decimal import Decimal

from kg.draft.numbers import Number, PeriodMention

__all__ = ["find_numbers_en", "find_periods_en"]

#: English scale words as kg's scale (万, 亿...) and the factor the value takes to fit it.
_SCALES = {"thousand": ("千", 1), "million": ("百万", 1), "billion": ("亿", 10), "trillion": ("万亿", 1)}
_UNITS = (
    (r"percentage points?", "percentage-point"), (r"%|per ?cent\b", "percent"),
    (r"(?:yuan|RMB|CNY)\b", "CNY"), (r"(?:US dollars|dollars|USD)\b", "USD"),
    (r"(?:tonnes|tons|tonne|ton)\b", "tonne"), (r"kWh\b|kilowatt[- ]hours?\b", "kWh"),
    (r"years?\b", "year"), (r"times\b", "times"),
)
_NUMBER = re.compile(r"(?<![\w.])(?:(?:US)?\$|¥|RMB ?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
                     r"(?:\s*(thousand|million|billion|trillion)\b)?")
_YEAR = r"((?:19|20)\d\d)"
_MONTHS = {m: i + 1 for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                             "September", "October", "November", "December"))}


def find_periods_en(text: str, year: int) -> list[PeriodMention]:
    """Years (2023), ranges (2021-2025), target years (by 2027) and base years (compared with 2023)."""
    out = []
    for m in re.finditer(r"(?<![\d,.$])" + _YEAR + r"(?:\s*[-–—]\s*" + _YEAR + r")?(?!\d|,\d|\.\d|\s*(?:million|billion))", text):
        if m[2] and int(m[2]) < int(m[1]):
            continue
        before = text[max(0, m.start() - 20):m.start()].lower()
        role = ("target" if re.search(r"\b(by|until|through|before)\s+(the end of\s+)?$", before) else
                "base" if re.search(r"(compared with|than in|over|from)\s+$", before) else
                "as-of" if re.search(r"\b(as of|at the end of)\s+$", before) else "plain")
        out.append(PeriodMention(m.start(), m.end(), f"{m[1]}/{m[2]}" if m[2] else m[1], role, True))
    return out


def find_numbers_en(text: str) -> list[Number]:
    """Every quantity: ``2.94 trillion yuan``, ``35.6%``, ``more than 400 enterprises``."""
    years = [(p.start, p.end) for p in find_periods_en(text, 2000)]
    out = []
    for m in _NUMBER.finditer(text):
        if any(a <= m.start(1) < b for a, b in years) or re.match(r"[A-Za-z]", text[m.end():m.end() + 1]):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not text[line_start:m.start()].strip(" \t(#") and re.match(r"[.)]", text[m.end():m.end() + 1]):
            continue  # 1. 2) : the number of an item
        value = Decimal(m[1].replace(",", "") + (m[2] or ""))
        scale = None
        if m[3]:
            scale, factor = _SCALES[m[3]]
            value *= factor
        rest = text[m.end():m.end() + 30]
        unit, stop = None, m.end()
        for pattern, code in _UNITS:
            u = re.match(r"\s*(?:" + pattern + ")", rest)
            if u:
                unit, stop = code, m.end() + u.end()
                break
        if unit is None and m[0][:1] in "$":
            unit = "USD"
        if unit is None and re.match(r"\s+[a-z]", rest):
            unit = "count"  # 400 enterprises
        if unit is None:
            if scale is None:
                continue
            unit = "CNY"
        before = text[max(0, m.start() - 16):m.start()].lower()
        comparator = ("at-most" if re.search(r"(at most|no more than|not more than|up to|not exceeding)\s+$", before) else
                      "less-than" if re.search(r"(less than|fewer than|below|under)\s+$", before) else
                      "more-than" if re.search(r"(more than|over|above|exceed(?:ing|ed)?)\s+$", before) else
                      "at-least" if re.search(r"(at least|no less than|not less than)\s+$", before) else
                      "nearly" if re.search(r"(nearly|almost|close to)\s+$", before) else
                      "about" if re.search(r"(about|around|approximately|roughly)\s+$", before) else None)
        if unit in ("percent", "percentage-point") and re.search(r"(fell|fall|decrease[ds]?|declined?|drop(?:ped)?|"
                                                                  r"down|cut|reduce[ds]?)\s+(by\s+)?$", before):
            value = -value
        if unit == "percent" and re.search(r"\b(share|proportion|rate)\b", text[max(0, m.start() - 60):m.start()]) \
                and not re.search(r"growth|grew|increase", text[max(0, m.start() - 60):m.start()]):
            unit = "share"
        out.append(Number(m.start(), stop, text[m.start():stop], value, scale, unit, comparator,
                          notes=(f"as written: {m[0]}",) if scale and m[3] == "billion" else ()))
    return out
