"""Where values are bound into a SPARQL text: a VALUES block opening the query's WHERE group,
and the WHERE group of every sub-select that passes the variable up to it.

A sub-select's answers are joined to the rest only once it has found them all, so a value given
outside reaches it too late to narrow what it looks up; given inside it as well, an engine starts
from it (pyoxigraph, and Virtuoso, which needs a start for its paths). A sub-select that does not
project the variable has a variable of its own by that name, and is left alone; so is a
``SELECT *`` one. This is the substitution of SPARQL-dev's SEP-0007, written as VALUES blocks so
that every engine and store reads it.

The text is split into tokens by the terminals of the SPARQL 1.1 grammar (comments, strings,
IRIs, variables), so a ``#`` or a brace inside a string or an IRI is never mistaken for a comment
or a group. The text has been read by rdflib's parser first (:func:`kg.sparql.parse`), which
refuses anything that is not SPARQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Mapping

__all__ = ["insert_values"]

_TOKENS = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<punct>[{}()])
  | (?P<word>[^\s{}()<>"'\#?$,;.]+)
  | (?P<other>.)
""", re.X | re.S)

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass
class _Select:
    """A select: the variables it projects, where its WHERE group opens, and the select it is in."""

    parent: _Select | None = None
    projected: set[str] = field(default_factory=set)
    star: bool = False
    group: int = -1

    def passes_up(self, name: str) -> bool:
        """Whether ``name`` is the query's own variable here: each sub-select up to the query projects it."""
        node: _Select | None = self
        while node is not None and node.parent is not None:
            if node.star or name not in node.projected:
                return False
            node = node.parent
        return True


def insert_values(text: str, terms: Mapping[str, str]) -> str:
    """``text`` with ``VALUES (?name ...) { (term ...) }`` opening the group after its WHERE, so
    that every pattern and FILTER in the group sees the values, and opening the WHERE group of each
    sub-select that passes one of the variables up to the query (with that one's value).

    ``terms`` maps variable names to terms already written as SPARQL (and checked). A group that
    is a sub-select is wrapped, the values joined to its answers. Raises :class:`ValueError` when
    the text has no such group (``CONSTRUCT WHERE``'s short form, a ``DESCRIBE`` without WHERE).
    """
    if not terms:
        return text
    top, subselects, end, wraps = _groups(list(_tokens(text)))
    inserts = []
    for sub in subselects:
        passed = {name: term for name, term in terms.items() if sub.passes_up(name)}
        if passed:
            inserts.append((sub.group + 1, f" {_values(passed)} "))
    if wraps:  # '{ SELECT ... }' must stay alone in its group
        inserts += [(top.group, f"{{ {_values(terms)} "), (end, " }")]
    else:
        inserts.append((top.group + 1, f" {_values(terms)} "))
    for at, insert in sorted(inserts, reverse=True):
        text = text[:at] + insert + text[at:]
    return text


def _values(terms: Mapping[str, str]) -> str:
    return f"VALUES ({' '.join('?' + name for name in terms)}) {{ ({' '.join(terms.values())}) }}"


Token = tuple[str, str, int]


def _tokens(text: str) -> Iterator[Token]:
    """(kind, text, offset) of every token but spaces and comments."""
    for m in _TOKENS.finditer(text):
        if m.lastgroup not in ("space", "comment"):
            yield m.lastgroup or "other", m.group(), m.start()


def _groups(tokens: list[Token]) -> tuple[_Select, list[_Select], int, bool]:
    """The query as a select (its WHERE group's offset), its sub-selects, the offset just past its
    WHERE group, and whether that group is a sub-select alone."""
    i = next((k for k, (kind, word, _) in enumerate(tokens) if kind == "word" and word.upper() in _FORMS), None)
    if i is None:
        raise ValueError(_NO_GROUP)
    form, top = tokens[i][1].upper(), _Select()
    if form == "SELECT":
        i = _projection(tokens, i + 1, top)
    else:
        i += 1
        if form == "CONSTRUCT":
            if i < len(tokens) and tokens[i][1].upper() == "WHERE":
                raise ValueError(_NO_GROUP)
            i = _closing(tokens, i) + 1  # past the template
        i = next((k for k in range(i, len(tokens)) if tokens[k][1] == "{"), len(tokens))
        if i == len(tokens):
            raise ValueError(_NO_GROUP)
    top.group = tokens[i][2]
    wraps = i + 1 < len(tokens) and tokens[i + 1][1].upper() == "SELECT"
    opened: list[_Select | None] = [top]  # for each open brace, the select whose WHERE group it opens
    subselects: list[_Select] = []
    k = i + 1
    while k < len(tokens):
        kind, word, at = tokens[k]
        if kind == "punct" and word == "{":
            opened.append(None)
        elif kind == "punct" and word == "}":
            opened.pop()
            if not opened:
                return top, subselects, at + 1, wraps
        elif kind == "word" and word.upper() == "SELECT":
            sub = _Select(parent=next(s for s in reversed(opened) if s is not None))
            k = _projection(tokens, k + 1, sub)
            sub.group = tokens[k][2]
            subselects.append(sub)
            opened.append(sub)
        k += 1
    raise ValueError("could not find the end of the group after WHERE")


def _projection(tokens: list[Token], k: int, select: _Select) -> int:
    """Read the projection starting at token ``k`` into ``select``; the index of its WHERE group's brace."""
    depth, after_as = 0, False
    for k in range(k, len(tokens)):
        kind, word, _ = tokens[k]
        if kind == "punct" and word == "{" and depth == 0:
            return k
        if kind == "var" and (depth == 0 or after_as):
            select.projected.add(word[1:])
        elif word == "*" and depth == 0:
            select.star = True
        depth += (word == "(") - (word == ")")
        after_as = kind == "word" and word.upper() == "AS"
    raise ValueError(_NO_GROUP)


def _closing(tokens: list[Token], k: int) -> int:
    """The index of the brace closing the one at token ``k``."""
    depth = 0
    for k in range(k, len(tokens)):
        depth += (tokens[k][1] == "{") - (tokens[k][1] == "}")
        if depth == 0:
            return k
    raise ValueError(_NO_GROUP)


_NO_GROUP = ("parameters are bound in the group after WHERE, and none was found in this query "
             "(write CONSTRUCT { ... } WHERE { ... }, not CONSTRUCT WHERE { ... })")
