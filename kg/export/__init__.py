"""Export formats, in one registry: the CLI's ``--format`` choices and ``kg export --list`` come from it."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from kg.errors import UsageError
from kg.export.base import Exporter

if TYPE_CHECKING:
    from kg.graph import AnyGraph

__all__ = ["EXPORTERS", "Exporter", "export"]

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("turtle", "Turtle, deterministic (same data, same bytes)", "graph.ttl", "kg.export.rdf:write_turtle"),
    Exporter("ntriples", "N-Triples, one triple a line, sorted", "graph.nt", "kg.export.rdf:write_ntriples"),
    Exporter("nquads", "N-Quads, each source document's triples in its own named graph", "graph.nq", "kg.export.rdf:write_nquads"),
    Exporter("trig", "TriG, each source document's triples in its own named graph", "graph.trig", "kg.export.rdf:write_trig"),
    Exporter("jsonld", "JSON-LD, compacted with kg's @context (ontology/context.jsonld)", "graph.jsonld", "kg.export.rdf:write_jsonld"),
    Exporter("rdfxml", "RDF/XML", "graph.rdf", "kg.export.rdf:write_rdfxml"),
    Exporter("neo4j", "Neo4j: neo4j-admin import CSVs, a LOAD CSV script, an n10s recipe (a folder)",
             "neo4j", "kg.export.neo4j:write_neo4j", folder=True),
    Exporter("graphml", "GraphML for yEd, Gephi and networkx (lists joined with ' | ')", "graph.graphml", "kg.export.networkx_formats:write_graphml"),
    Exporter("gexf", "GEXF for Gephi (lists joined with ' | ')", "graph.gexf", "kg.export.networkx_formats:write_gexf"),
    Exporter("oxigraph", "a persistent pyoxigraph store (a folder) for kg query --store", "store", "kg.store:write_store",
             folder=True),
)}


def export(graph: AnyGraph, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write ``graph`` in format ``fmt`` to ``out`` (default: ``out/<the format's file name>``)."""
    if fmt not in EXPORTERS:
        import difflib

        close = difflib.get_close_matches(fmt, list(EXPORTERS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"unknown format '{fmt}'{hint} ('kg export --list' shows them)")
    exporter = EXPORTERS[fmt]
    path = Path(out) if out is not None else Path("out") / exporter.default_name
    if exporter.folder and path.exists() and not path.is_dir():
        raise UsageError(f"{path}: the {fmt} export is a folder, and this is a file")
    return exporter.write(graph, path)
