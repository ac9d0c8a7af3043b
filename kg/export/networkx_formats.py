"""GraphML and GEXF through networkx, for Gephi, yEd and the like."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.entities import LIST_SEPARATOR, entity_rows, link_rows
from kg.files import atomic_write
from kg.graph import AnyGraph

__all__ = ["to_flat_networkx", "write_graphml", "write_gexf"]


def to_flat_networkx(graph: AnyGraph) -> nx.MultiDiGraph:
    """The entity network with scalar attributes only: lists joined with ``LIST_SEPARATOR``, empty values left out."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for row in entity_rows(graph):
        attrs = {}
        for key, value in row.items():
            if key == "id" or value is None or value == []:
                continue
            attrs[key] = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
        g.add_node(row["id"], **attrs)
    for start, end, rel in link_rows(graph):
        # its own attribute: GEXF reserves "type" for an edge's direction, and readers drop it
        g.add_edge(start, end, key=rel, relationship=rel)
    return g


def write_graphml(graph: AnyGraph, out: Path) -> list[Path]:
    with atomic_write(out, "wb") as f:
        nx.write_graphml(to_flat_networkx(graph), f)
    return [out]


def write_gexf(graph: AnyGraph, out: Path) -> list[Path]:
    with atomic_write(out, "wb") as f:
        nx.write_gexf(to_flat_networkx(graph), f)
    return [out]
