"""Where the ontology and SHACL shapes live, and loading them."""

from __future__ import annotations

from rdflib import Graph

from kg.resources import ONTOLOGY_DIR

__all__ = ["ONTOLOGY_DIR", "ontology_graph", "shapes_graph"]


def ontology_graph() -> Graph:
    """The OWL ontology (``ontology/kg.ttl``)."""
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``)."""
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
