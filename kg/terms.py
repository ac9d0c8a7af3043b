"""Converting RDF terms between rdflib (the library's graphs) and pyoxigraph (queries, streams, stores)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["to_oxigraph", "from_oxigraph", "TermCache"]

_STRING = str(XSD.string)


def to_oxigraph(node: Node):  # noqa: ANN201 - a pyoxigraph term
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


def from_oxigraph(term) -> Node | None:  # noqa: ANN001 - a pyoxigraph term
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
    return BNode(term.value)


class TermCache:
    """:func:`to_oxigraph` with the IRIs cached: a large graph repeats a few thousand IRIs millions of times."""

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}

    def __call__(self, node: Node):  # noqa: ANN204 - a pyoxigraph term
        if isinstance(node, URIRef):
            iri = self.iris.get(node)
            if iri is None:
                iri = self.iris[node] = ox.NamedNode(node)
            return iri
        return to_oxigraph(node)
