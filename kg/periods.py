"""Reference periods: ISO 8601 years, months, days and ranges of them."""

from __future__ import annotations

import calendar
import re
from datetime import date

from kg.records import Period

__all__ = ["parse_period"]

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _bounds(part: str) -> tuple[date, date]:
    m = _PART.match(part)
    if not m:
        raise ValueError(f"'{part}' is not a year (2023), month (2024-04) or day (2024-04-30)")
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= int(month) <= 12:
        raise ValueError(f"'{part}' has month {month}; months run from 01 to 12")
    last = calendar.monthrange(year, int(month))[1]
    if day is None:
        return date(year, int(month), 1), date(year, int(month), last)
    if not 1 <= int(day) <= last:
        raise ValueError(f"'{part}' has day {day}; {year}-{month} has {last} days")
    d = date(year, int(month), int(day))
    return d, d


def parse_period(text: str) -> Period:
    """Parse ``2023``, ``2024-04``, ``2024-04-30`` or a range ``2024-01/2024-04``.

    >>> parse_period("2024-01/2024-04")
    Period(text='2024-01/2024-04', start=datetime.date(2024, 1, 1), end=datetime.date(2024, 4, 30))
    """
    text = text.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        start, end = _bounds(first)[0], _bounds(last)[1]
        if end < start:
            raise ValueError(f"range '{text}' ends before it starts")
        return Period(text, start, end)
    start, end = _bounds(text)
    return Period(text, start, end)
