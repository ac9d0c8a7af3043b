"""Finding a quote in its source's text, forgiving how it was typed.

A quote is first looked for exactly. When that fails it is looked for again with both texts
normalised: Unicode NFKC (full-width ``，`` and ``,`` are one character, as are full-width and
ASCII letters and digits), curly and straight quotation marks alike, and whitespace ignored. The
offsets found are always those of what is really in the source, so the graph quotes the source,
not the typing. When nothing matches, :func:`nearest` proposes the passage that shares the longest
run of characters with the quote.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Callable

__all__ = ["Normalised", "find", "nearest"]

_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                        "‘": "'", "’": "'", "‚": "'", "‛": "'"})


class Normalised:
    """A text normalised for matching, with where each of its characters came from."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        self.origin: list[int] = []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            for c in unicodedata.normalize("NFKC", ch).translate(_MARKS):
                if not c.isspace():
                    chars.append(c)
                    self.origin.append(i)
        self.text = "".join(chars)

    def span(self, start: int, length: int) -> tuple[int, int]:
        """The offsets in the original text of ``length`` normalised characters from ``start``."""
        return self.origin[start], self.origin[start + length - 1] + 1


def _exact(text: str, quote: str, start: int, end: int) -> list[tuple[int, int]]:
    out, i = [], text.find(quote, start, end)
    while i != -1:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1, end)
    return out


def find(text: str, quote: str, start: int, end: int,
         normalised: Callable[[], Normalised] | None = None) -> list[tuple[int, int]]:
    """Every ``(start, end)`` of ``quote`` in ``text[start:end]``: exact matches if there are any,
    else matches once both are normalised (``normalised()`` gives the text's, made once by the caller)."""
    found = _exact(text, quote, start, end)
    if found or not quote.strip():
        return found
    norm = normalised() if normalised is not None else Normalised(text)
    wanted = Normalised(quote).text
    if not wanted:
        return []
    out, i = [], norm.text.find(wanted)
    while i != -1:
        a, b = norm.span(i, len(wanted))
        if start <= a and b <= end:
            out.append((a, b))
        i = norm.text.find(wanted, i + 1)
    return out


def nearest(text: str, quote: str, start: int, end: int,
            normalised: Callable[[], Normalised] | None = None) -> tuple[int, int] | None:
    """The passage of ``text[start:end]`` most like ``quote``: as long as the quote, around the
    longest run of characters they share; ``None`` when they share less than a third of it."""
    norm = normalised() if normalised is not None else Normalised(text)
    wanted = Normalised(quote).text
    if not wanted or not norm.text:
        return None
    lo = next((k for k, o in enumerate(norm.origin) if o >= start), len(norm.origin))
    hi = next((k for k, o in enumerate(norm.origin) if o >= end), len(norm.origin))
    match = difflib.SequenceMatcher(None, norm.text, wanted, autojunk=False).find_longest_match(lo, hi, 0, len(wanted))
    if match.size < max(2, len(wanted) // 3):
        return None
    first = max(lo, match.a - match.b)
    length = min(len(wanted), hi - first)
    return norm.span(first, length) if length > 0 else None
