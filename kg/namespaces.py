"""The vocabularies of :mod:`kg.vocab` as rdflib namespaces, for code that reads rdflib graphs:
a term is a ``URIRef``, and ``KGO`` fails on misspelt terms."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg import vocab
from kg.vocab import PREFIXES

__all__ = ["KGO", "QB", "SDMX_DIM", "SDMX_ATTR", "SDMX_MEASURE", "QUDT_UNIT", "CUR", "PERIOD", "PREFIXES"]


class KGO(DefinedNamespace):
    """The kg policy ontology (``ontology/kg.ttl``), its terms those of :data:`kg.vocab.KGO_TERMS`.
    A ``DefinedNamespace``, not a ``ClosedNamespace``: that one is a ``str``, so ``KGO.title`` would be
    a term, a term given as text would not be in it, and it could not be copied or pickled."""

    _NS = Namespace(str(vocab.KGO))
    _fail = True
    __annotations__ = dict.fromkeys(vocab.KGO_TERMS, URIRef)


QB = Namespace(str(vocab.QB))
SDMX_DIM = Namespace(str(vocab.SDMX_DIM))
SDMX_ATTR = Namespace(str(vocab.SDMX_ATTR))
SDMX_MEASURE = Namespace(str(vocab.SDMX_MEASURE))
QUDT_UNIT = Namespace(str(vocab.QUDT_UNIT))
CUR = Namespace(str(vocab.CUR))
PERIOD = Namespace(str(vocab.PERIOD))
