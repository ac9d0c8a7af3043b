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
    g = to_flat_networkx(graph)
    # networkx writes an edge's key as its id, and the key (the type) repeats: every SERVES_GOAL
    # link would share one id, and Gephi keeps only the first edge of an id. Ids e0, e1, ... instead.
    unique: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    unique.add_nodes_from(g.nodes(data=True))
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        unique.add_edge(u, v, key=f"e{i}", **d)
    with atomic_write(out, "wb") as f:
        nx.write_graphml(unique, f)
    return [out]


def write_gexf(graph: AnyGraph, out: Path) -> list[Path]:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter()
    writer.add_graph(to_flat_networkx(graph))
    meta = writer.xml.find("meta")
    if meta is not None:  # the day it was written: the same data would give other bytes tomorrow
        meta.attrib.pop("lastmodifieddate", None)
    with atomic_write(out, "wb") as f:
        writer.write(f)
    return [out]
