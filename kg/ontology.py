"""Where the ontology and SHACL shapes live, and loading them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.resources import ONTOLOGY_DIR

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.graph import StoreGraph

__all__ = ["ONTOLOGY_DIR", "ontology_graph", "ontology_store", "shapes_graph"]


def ontology_store() -> StoreGraph:
    """The OWL ontology (``ontology/kg.ttl``) in a pyoxigraph store: what kg reads its kinds' and
    terms' names from."""
    from kg.graph import StoreGraph

    store = ox.Store()
    store.load(path=str(ONTOLOGY_DIR / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    return StoreGraph(store)


def ontology_graph() -> Graph:
    """The OWL ontology (``ontology/kg.ttl``) as an rdflib graph, for pyshacl."""
    from rdflib import Graph

    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``)."""
    from rdflib import Graph

    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
