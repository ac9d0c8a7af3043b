"""The vocabularies of :mod:`kg.vocab` as rdflib namespaces, for code that reads rdflib graphs:
a term is a ``URIRef``, and ``KGO`` fails on misspelt terms."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import ClosedNamespace

from kg import vocab
from kg.vocab import PREFIXES

__all__ = ["KGO", "QB", "SDMX_DIM", "SDMX_ATTR", "SDMX_MEASURE", "QUDT_UNIT", "CUR", "PERIOD", "PREFIXES"]

#: The kg policy ontology (``ontology/kg.ttl``).
KGO = ClosedNamespace(str(vocab.KGO), list(vocab.KGO_TERMS))
QB = Namespace(str(vocab.QB))
SDMX_DIM = Namespace(str(vocab.SDMX_DIM))
SDMX_ATTR = Namespace(str(vocab.SDMX_ATTR))
SDMX_MEASURE = Namespace(str(vocab.SDMX_MEASURE))
QUDT_UNIT = Namespace(str(vocab.QUDT_UNIT))
CUR = Namespace(str(vocab.CUR))
PERIOD = Namespace(str(vocab.PERIOD))
