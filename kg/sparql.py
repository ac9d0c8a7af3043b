"""SPARQL text read with rdflib's SPARQL grammar, never with patterns: whether it is a query or an
update, and what it would fetch from elsewhere. (Where values are bound into it: :mod:`kg.binding`.)

pyoxigraph parses the text again to run it; a text rdflib's parser cannot read is refused, so
nothing runs that was not checked here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyparsing as pp
from rdflib.plugins.sparql import parser as grammar
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, Update
from rdflib.term import Identifier

from kg.iri import short
from kg.namespaces import PREFIXES

__all__ = ["PROLOGUE", "Parsed", "parse", "remote_sources"]

#: kg's prefixes, declared before a text for rdflib (pyoxigraph takes them as ``prefixes=``).
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class Parsed:
    """A query or an update as rdflib's algebra, which rdflib can evaluate as it is."""

    algebra: Query | Update

    @property
    def is_update(self) -> bool:
        return isinstance(self.algebra, Update)


def parse(text: str) -> Parsed:
    """``text`` (kg's prefixes declared) as a query, else as an update.

    Raises the :class:`pyparsing.ParseBaseException` of the reading that got further when it is
    neither; its line counts the lines of :data:`PROLOGUE`.
    """
    full = PROLOGUE + text
    try:
        return Parsed(translateQuery(grammar.parseQuery(full)))
    except pp.ParseBaseException as as_query:
        try:
            return Parsed(translateUpdate(grammar.parseUpdate(full)))
        except pp.ParseBaseException as as_update:
            raise (as_update if as_update.loc > as_query.loc else as_query) from None


def remote_sources(parsed: Parsed, engine: str) -> list[str]:
    """What evaluating ``parsed`` on ``engine`` would fetch from elsewhere, as SPARQL text.

    Every ``SERVICE`` and ``LOAD``; and where rdflib evaluates (the ``rdflib`` engine, and every
    update), each ``FROM``, ``FROM NAMED``, ``USING`` and ``USING NAMED`` graph too, since rdflib
    downloads (or reads from disk) each one. pyoxigraph takes ``FROM`` as the name of a graph in
    its store and fetches nothing for it.
    """
    datasets = parsed.is_update or engine == "rdflib"
    found: list[str] = []
    stack: list[object] = [parsed.algebra.algebra]
    while stack:  # a stack, not recursion: a deeply nested query must not overflow Python's
        node = stack.pop()
        if isinstance(node, CompValue):
            item = dict(node)  # CompValue.get evaluates; the plain values are wanted
            if node.name == "ServiceGraphPattern":
                found.append(f"SERVICE {_n3(item['term'])}")
            elif node.name == "Load":
                found.append(f"LOAD {_n3(item['iri'])}")
            elif node.name in ("DatasetClause", "UsingClause") and datasets:
                keyword = "FROM" if node.name == "DatasetClause" else "USING"
                found += [f"{keyword} {_n3(item['default'])}"] if "default" in item else []
                found += [f"{keyword} NAMED {_n3(item['named'])}"] if "named" in item else []
            stack += reversed(list(item.values()))
        elif isinstance(node, (list, tuple)):
            stack += reversed(node)
        elif isinstance(node, dict):
            stack += reversed(list(node.values()))
    return found


def _n3(term: object) -> str:
    return short(term.n3()) if isinstance(term, Identifier) else short(str(term))
