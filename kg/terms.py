"""Converting RDF terms between rdflib (the library's graphs) and pyoxigraph (queries, streams, stores)."""

from __future__ import annotations

from typing import Iterable, Union, cast, overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

__all__ = ["to_oxigraph", "from_oxigraph", "term_value", "sorted_terms", "TermCache", "OxTerm", "OxAnyTerm"]

_STRING = str(XSD.string)

#: A pyoxigraph term as kg makes them from rdflib's.
OxTerm = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
#: Any term pyoxigraph may hand back in a triple: RDF 1.2 triple terms too (kg's graphs hold none).
OxAnyTerm = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@overload
def to_oxigraph(node: URIRef) -> ox.NamedNode: ...
@overload
def to_oxigraph(node: Literal) -> ox.Literal: ...
@overload
def to_oxigraph(node: Node) -> OxTerm: ...
def to_oxigraph(node: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib one."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is None or str(node.datatype) == _STRING:
            return ox.Literal(str(node))
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
    return ox.BlankNode(str(node))


@overload
def from_oxigraph(term: ox.NamedNode) -> URIRef: ...
@overload
def from_oxigraph(term: OxAnyTerm) -> Identifier: ...
@overload
def from_oxigraph(term: OxAnyTerm | None) -> Identifier | None: ...
def from_oxigraph(term: OxAnyTerm | None) -> Identifier | None:
    """The rdflib term for a pyoxigraph one (``None`` stays ``None``: an unbound variable)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _STRING else URIRef(dt))
    return BNode(term_value(term))


def term_value(term: OxAnyTerm) -> str:
    """A pyoxigraph term's ``value``: the IRI, the blank node's id or the literal's text. A triple
    term (RDF 1.2), which has none and which kg never writes, is a :class:`TypeError`."""
    if isinstance(term, ox.Triple):
        raise TypeError(f"kg reads no triple terms (RDF 1.2): {term}")
    return term.value


def sorted_terms(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``, typed: rdflib types a graph's terms as ``Node``, which declares no order;
    the terms a graph holds (IRIs, blank nodes, literals) are Identifiers, which have one."""
    return sorted(cast("Iterable[Identifier]", nodes))


class TermCache:
    """:func:`to_oxigraph` with the IRIs cached: a large graph repeats a few thousand IRIs millions of times."""

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}

    def __call__(self, node: Node) -> OxTerm:
        if isinstance(node, URIRef):
            iri = self.iris.get(node)
            if iri is None:
                iri = self.iris[node] = ox.NamedNode(node)
            return iri
        return to_oxigraph(node)
