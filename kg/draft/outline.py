"""A document's own outline: numbered headings (一、 （一） 1. （1） 第一章, Markdown #), a
paragraph's topic sentence, bold lead sentences (``**…**``, 【…】, 一是…) and the sentences under
them, as a tree of nodes with offsets into the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.draft.numbers import aside_spans

__all__ = ["Node", "outline", "node_at", "HEADING_LEVELS"]

#: Heading patterns, by level; the match is the numbering, the rest of the line the title.
HEADING_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"第[一二三四五六七八九十百零]+[章篇编部分]\s*|[一二三四五六七八九十]+、\s*")),
    (2, re.compile(r"[（(][一二三四五六七八九十]+[）)]\s*|第[一二三四五六七八九十]+节\s*")),
    (3, re.compile(r"\d{1,2}[.．、](?!\d)\s*")),
    (4, re.compile(r"[（(]\d{1,2}[）)]\s*|[①②③④⑤⑥⑦⑧⑨⑩]\s*")),
)
_EN_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"(?:Chapter|Part|Section)\s+[0-9IVXLC]+[.:]?\s+|[IVXLC]+\.\s+")),
    (2, re.compile(r"\([ivx]+\)\s+|[A-H]\.\s+")),
    (3, re.compile(r"\d{1,2}\.(?!\d)\s+")),
    (4, re.compile(r"\([a-z0-9]{1,2}\)\s+")),
)
_MARKDOWN = re.compile(r"(#{1,6})\s+")
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]|$)")
_EN_SENTENCE = re.compile(r".*?(?:[.!?](?=\s|$)|$)", re.S)
_ENUMERATION = re.compile(r"(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+，)")
#: Longest first sentence of a paragraph read as its topic (集群培育要再上新台阶。).
TOPIC_MAX = 20


@dataclass
class Node:
    """One item of the outline. ``level``: 1-4 numbered headings, 5 a paragraph's topic, 6 a lead
    sentence, 7 a sentence. ``start``/``end`` delimit ``title`` in the text."""

    level: int
    kind: str  # heading | topic | lead | sentence
    title: str
    start: int
    end: int
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    def walk(self) -> list[Node]:
        out = [self]
        for c in self.children:
            out += c.walk()
        return out


def _trim(text: str, a: int, b: int, lang: str) -> tuple[int, int]:
    """``[a, b)`` without surrounding space, bold markers, brackets and the final stop."""
    strip = " \t*#【】[]" + ("。；;：:，," if lang == "zh" else ".;:,")
    while a < b and text[a] in strip:
        a += 1
    while b > a and text[b - 1] in strip:
        b -= 1
    return a, b


def _bold(line: str) -> list[tuple[int, int]]:
    """Spans (within ``line``) of ``**…**`` and of a leading ``【…】``."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\*\*(.+?)\*\*", line)]
    m = re.match(r"\s*【[^】\n]+】", line)
    if m:
        spans.insert(0, (m.start(), m.end()))
    return spans


def outline(text: str, lang: str = "zh") -> Node:
    """The outline of ``text``: a root (level 0) holding headings, topics, leads and sentences."""
    root = Node(0, "root", "", 0, 0)
    stack = [root]
    asides = aside_spans(text)
    levels = HEADING_LEVELS if lang == "zh" else _EN_HEADINGS
    pos = 0
    for line in text.splitlines(keepends=True):
        offset, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip() or any(a <= offset < b for a, b in asides):
            continue
        while stack[-1].level > 4:  # a paragraph's topic and leads end with it
            stack.pop()
        lead = len(body) - len(body.lstrip(" \t*"))
        level, mark = 0, None
        md = _MARKDOWN.match(body, lead)
        if md:
            level, mark = len(md[1]), md
        else:
            for n, pattern in levels:
                m = pattern.match(body, lead)
                if m:
                    level, mark = n, m
                    break

        def place(node: Node) -> None:
            while stack[-1].level >= node.level:
                stack.pop()
            node.parent = stack[-1]
            stack[-1].children.append(node)
            stack.append(node)

        rest = lead
        if mark is not None:
            first = _first_sentence(body, mark.end(), lang)
            a, b = _trim(text, offset + mark.end(), offset + first, lang)
            if b > a:
                place(Node(level, "heading", text[a:b], a, b))
                rest = first
        _paragraph(text, offset, body, rest, lang, place, heading=mark is not None)
    return root


def _first_sentence(body: str, start: int, lang: str) -> int:
    """Where the first sentence from ``start`` ends (after its stop), or the end of the line."""
    pattern = _SENTENCE if lang == "zh" else _EN_SENTENCE
    m = pattern.match(body, start)
    return m.end() if m and m.end() > start else len(body)


def _paragraph(text: str, offset: int, body: str, start: int, lang: str, place: object, heading: bool) -> None:
    """The topic, leads and sentences of one line from ``start``."""
    assert callable(place)
    bold = [(a, b) for a, b in _bold(body) if b > start]
    pattern = _SENTENCE if lang == "zh" else _EN_SENTENCE
    sentences: list[tuple[int, int]] = []
    i = start
    while i < len(body):  # sentences, cut also where bold text starts or ends
        m = pattern.match(body, i)
        j = m.end() if m and m.end() > i else len(body)
        for a, b in bold:
            for cut in (a, b):
                if i < cut < j:
                    j = cut
        sentences.append((i, j))
        i = j
    first = True
    for a, b in sentences:
        s, e = _trim(text, offset + a, offset + b, lang)
        aside = re.match(r"[(（][^)）\n]*[)）]", text[s:e])
        if aside:  # (从…三个维度切入)要深入…: the aside is not the sentence
            s, e = _trim(text, s + aside.end(), e, lang)
        if e - s < 2:
            continue
        in_bold = next(((x, y) for x, y in bold if x <= a < y), None)
        starts_bold = in_bold is not None and not body[in_bold[0]:a].strip(" *【")
        short = e - s <= (TOPIC_MAX if lang == "zh" else 80) and not re.search("[，,]", text[s:e])
        if first and not heading and (starts_bold or (short and b < len(body.rstrip()))):
            place(Node(5, "topic", text[s:e], s, e))
        elif starts_bold or _ENUMERATION.match(text, s):
            place(Node(6, "lead", text[s:e], s, e))
        else:
            place(Node(7, "sentence", text[s:e], s, e))
        first = False


def node_at(nodes: list[Node], starts: list[int], i: int) -> Node | None:
    """The last of ``nodes`` (in document order, ``starts`` their starts) that starts at or before ``i``."""
    k = bisect.bisect_right(starts, i) - 1
    return nodes[k] if k >= 0 else None
