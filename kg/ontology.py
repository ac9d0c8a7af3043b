"""Where the ontology and SHACL shapes live, and loading them."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_DIR", "ontology_graph", "shapes_graph"]

#: ``ontology/`` beside the package: kg is installed from its checkout (``pip install -e .``).
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


def ontology_graph() -> Graph:
    """The OWL ontology (``ontology/kg.ttl``)."""
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``)."""
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
