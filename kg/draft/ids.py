"""Readable ASCII ids: Chinese in pinyin (pypinyin), syllables paired (``jiqun-peiyu``); unique
within a draft by a counter in document order, so the same text always gives the same ids."""

from __future__ import annotations

import re

__all__ = ["slug", "Ids"]

_WORD = re.compile(r"[a-z0-9]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def slug(text: str, lang: str = "zh", words: int = 4) -> str:
    """An id-safe slug of ``text``: at most ``words`` words (in Chinese, pairs of syllables).

    >>> slug("集群培育要再上新台阶"), slug("“415X”先进制造业集群"), slug("Build 4 clusters", "en")
    ('jiqun-peiyu-yaozai-shangxin', '415x-xianjin-zhizao-yeji', 'build-4-clusters')
    """
    if lang == "zh" and _HAN.search(text):
        from pypinyin import lazy_pinyin  # a large dictionary: loaded only when drafting

        parts: list[str] = []
        han: list[str] = []
        for token in lazy_pinyin(text, errors="default"):
            if _HAN.search(token) is None and re.fullmatch(r"[a-z]+", token) and token not in ("", " "):
                han.append(token)  # one syllable
                continue
            parts += ["".join(han[i:i + 2]) for i in range(0, len(han), 2)]
            han = []
            parts += _WORD.findall(token.lower())
        parts += ["".join(han[i:i + 2]) for i in range(0, len(han), 2)]
    else:
        parts = _WORD.findall(text.lower())
    return "-".join([p for p in parts if p][:words]) or "x"


class Ids:
    """Hands out ids unique within one draft: ``base``, then ``base-2``, ``base-3``..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def new(self, base: str) -> str:
        base = base.strip("-.")[:100].strip("-.") or "x"
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate
