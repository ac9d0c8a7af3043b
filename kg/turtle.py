"""Deterministic Turtle: the same graph always gives the same bytes."""

from __future__ import annotations

from rdflib import BNode, Graph

__all__ = ["to_turtle"]


def to_turtle(graph: Graph) -> str:
    """Serialize ``graph`` as Turtle with subjects, predicates and objects in sorted order.

    rdflib's Turtle writer sorts everything but blank nodes, whose labels are random;
    kg graphs have none (every node gets an IRI from its id), and this refuses any that do.
    """
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        raise ValueError("graph has blank nodes; their labels would make the Turtle differ run to run")
    return graph.serialize(format="turtle")
