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

# The characters that may start a variable's name (SPARQL's VARNAME) and those that may follow
_VAR_START = ("A-Za-z_0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
              "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_VAR_NEXT = _VAR_START + "\u00B7\u0300-\u036F\u203F-\u2040"
# A character of a word (a keyword, a prefixed name, a number). In a prefixed name a '\' escapes
# the next character ('ex:a\#b' has no comment, 'ex:a\.b' no '.'), and a '.' between two of its
# characters is its own ('ex:a.SELECT' is one name, not a keyword); '*' stands alone ('SELECT*').
_CHAR = r"""[^\s{}()<>"'\#?$,;.*\\]"""
_TOKENS = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][VAR_START][VAR_NEXT]*)
  | (?P<punct>[{}()])
  | (?P<word>(?:CHAR|\\.)(?:CHAR|\\.|\.+(?=CHAR|\\))*)
  | (?P<other>.)
""".replace("VAR_START", _VAR_START).replace("VAR_NEXT", _VAR_NEXT).replace("CHAR", _CHAR), re.X | re.S)

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


@dataclass
class _Select:
    """A select: the variables it projects and those it binds itself, its WHERE group (where it
    opens and ends, and whether it is a sub-select alone), and the select it is in."""

    parent: _Select | None = None
    projected: set[str] = field(default_factory=set)
    bound: set[str] = field(default_factory=set)  # by AS: in its projection, its GROUP BY, a BIND in its group
    star: bool = False
    group: int = -1
    end: int = -1
    alone: bool = False

    def passes_up(self, name: str) -> bool:
        """Whether ``name`` is the query's own variable here: each sub-select up to the query projects
        it as it is (a variable bound by ``AS`` has no value inside the sub-select to start from)."""
        node: _Select | None = self
        while node is not None and node.parent is not None:
            if node.star or name not in node.projected or name in node.bound:
                return False
            node = node.parent
        return True


def insert_values(text: str, terms: Mapping[str, str]) -> str:
    """``text`` with ``VALUES (?name ...) { (term ...) }`` opening the group after its WHERE, so
    that every pattern and FILTER in the group sees the values, and opening the WHERE group of each
    sub-select that passes one of the variables up to the query (with that one's value).

    ``terms`` maps variable names to terms already written as SPARQL (and checked). A group that
    is a sub-select is wrapped, the values joined to its answers. Raises :class:`ValueError` when
    the text has no such group (``CONSTRUCT WHERE``'s short form, a ``DESCRIBE`` without WHERE),
    no variable of a name, or binds it itself (``AS ?name``, which a value given first would clash with).
    """
    if not terms:
        return text
    tokens = list(_tokens(text))
    top, subselects = _selects(tokens)
    named = {word[1:] for kind, word, _ in tokens if kind == "var"}
    for name in terms:
        if name not in named:  # VALUES would add it, a column of its own
            raise ValueError(f"there is no ?{name} in the query to bind")
        if name in top.bound:
            raise ValueError(f"?{name} is bound by the query itself (AS ?{name}), so a parameter cannot bind it")
    inserts = []
    for select in (top, *subselects):
        passed = {name: term for name, term in terms.items() if select.passes_up(name)}
        if passed and select.alone:  # '{ SELECT ... }' must stay alone in its group
            inserts += [(select.group, f"{{ {_values(passed)} "), (select.end, " }")]
        elif passed:
            inserts.append((select.group + 1, f" {_values(passed)} "))
    for at, insert in sorted(inserts, key=lambda i: i[0], reverse=True):
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


def _selects(tokens: list[Token]) -> tuple[_Select, list[_Select]]:
    """The query as a select (its WHERE group), and its sub-selects."""
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
    top.group, top.alone = tokens[i][2], _alone(tokens, i)
    opened: list[_Select | None] = [top]  # for each open brace, the select whose WHERE group it opens
    parens: list[str] = []  # for each open parenthesis, the word before it
    closed: _Select | None = None  # the select whose WHERE group closed last: a GROUP BY's AS is its own
    subselects: list[_Select] = []
    k = i + 1
    while k < len(tokens):  # on past the query's group: its GROUP BY may bind a variable too
        kind, word, at = tokens[k]
        if kind == "punct" and word == "{":
            opened.append(None)
            closed = None
        elif kind == "punct" and word == "}":
            if not opened:
                break
            closed = opened.pop()
            if closed is not None:
                closed.end = at + 1
        elif kind == "punct":
            if word == "(":
                parens.append(tokens[k - 1][1].upper())
            elif parens:
                parens.pop()
        elif kind == "word" and word.upper() == "SELECT" and opened:
            sub = _Select(parent=next(s for s in reversed(opened) if s is not None))
            k = _projection(tokens, k + 1, sub)
            sub.group, sub.alone = tokens[k][2], _alone(tokens, k)
            subselects.append(sub)
            opened.append(sub)
            closed = None
        elif kind == "word" and word.upper() == "AS" and k + 1 < len(tokens) and tokens[k + 1][0] == "var":
            # BIND(... AS ?v) belongs to the group it is in, GROUP BY (... AS ?v) to the select just closed
            owner = (opened[-1] if opened else None) if parens and parens[-1] == "BIND" else closed
            if owner is not None:
                owner.bound.add(tokens[k + 1][1][1:])
        k += 1
    if top.end < 0:
        raise ValueError("could not find the end of the group after WHERE")
    return top, subselects


def _alone(tokens: list[Token], k: int) -> bool:
    """Whether the group opening at token ``k`` is a sub-select alone."""
    return k + 1 < len(tokens) and tokens[k + 1][0] == "word" and tokens[k + 1][1].upper() == "SELECT"


def _projection(tokens: list[Token], k: int, select: _Select) -> int:
    """Read the projection starting at token ``k`` into ``select``; the index of its WHERE group's brace."""
    depth, after_as = 0, False
    for k in range(k, len(tokens)):
        kind, word, _ = tokens[k]
        if kind == "punct" and word == "{" and depth == 0:
            return k
        if kind == "var" and after_as:
            select.bound.add(word[1:])
        elif kind == "var" and depth == 0:
            select.projected.add(word[1:])
        elif word == "*" and depth == 0:
            select.star = True
        if kind == "punct":
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
