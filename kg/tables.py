"""Query results as text: an aligned terminal table (wide CJK characters counted as two
columns), CSV, TSV, JSON or a Markdown table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time only the results are needed: the command line's options import this
    from kg.query import QueryResult

__all__ = ["FORMATS", "format_result", "display_width", "safe_cell"]

FORMATS = ("table", "csv", "tsv", "json", "md")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(result: QueryResult, lang: str) -> str:
    cells = [[_one_line(result.label(n, lang)) for n in row] for row in result.rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(result.rows)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return (_one_line(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("`", "\\`"))


def _markdown(result: QueryResult, lang: str) -> str:
    lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
    for row in result.rows:
        lines.append("| " + " | ".join(_md_escape(result.label(n, lang)) for n in row) + " |")
    return "\n".join(lines) + "\n"


def _delimited(result: QueryResult, lang: str, delimiter: str) -> str:
    records = result.records(lang)
    columns: list[str] = []
    for col in result.columns:
        columns.append(col)
        if any(f"{col}_label" in r for r in records):
            columns.append(f"{col}_label")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        writer.writerow([safe_cell("" if r.get(c) is None else str(r.get(c))) for c in columns])
    return buf.getvalue()


def safe_cell(text: str) -> str:
    """``text`` for a CSV cell that a spreadsheet program shows and never runs as a formula
    (``=HYPERLINK(...)``): a leading ``'`` when it starts as a formula can (OWASP's list:
    ``= + - @``, tab, carriage return) and is not a plain number such as ``-2.5``."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def format_result(result: QueryResult, fmt: str = "table", lang: str = "en") -> str:
    """Render ``result`` in ``fmt`` (one of :data:`FORMATS`) with labels in ``lang``."""
    if fmt == "table":
        return _table(result, lang)
    if fmt == "md":
        return _markdown(result, lang)
    if fmt == "csv":
        return _delimited(result, lang, ",")
    if fmt == "tsv":
        return _delimited(result, lang, "\t")
    if fmt == "json":
        if result.boolean is not None:
            return json.dumps({"boolean": result.boolean}) + "\n"
        return json.dumps({"columns": result.columns, "rows": result.records(lang)},
                          ensure_ascii=False, indent=1, default=str) + "\n"
    raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
