"""Export formats, in one registry: the CLI's ``--format`` choices and ``kg export --list`` come from it."""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from kg.export.base import Exporter

if TYPE_CHECKING:
    from kg.graph import AnyGraph

__all__ = ["EXPORTERS", "Exporter", "export", "exporter"]

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("turtle", "Turtle, deterministic (same data, same bytes)", "graph.ttl", "kg.export.rdf:write_turtle"),
    Exporter("ntriples", "N-Triples, one triple a line, sorted", "graph.nt", "kg.export.rdf:write_ntriples"),
    Exporter("nquads", "N-Quads, each source document's triples in its own named graph", "graph.nq", "kg.export.rdf:write_nquads"),
    Exporter("trig", "TriG, each source document's triples in its own named graph", "graph.trig", "kg.export.rdf:write_trig"),
    Exporter("jsonld", "JSON-LD, compacted with kg's @context (ontology/context.jsonld)", "graph.jsonld", "kg.export.rdf:write_jsonld"),
    Exporter("rdfxml", "RDF/XML", "graph.rdf", "kg.export.rdf:write_rdfxml"),
    Exporter("cypher", "CSV files and a LOAD CSV script in the Cypher of --dialect neo4j, memgraph or falkordb (a folder)",
             "<dialect>", "kg.export.cypher:write_cypher", folder=True, dialects=("neo4j", "memgraph", "falkordb")),
    Exporter("neo4j", "Neo4j: neo4j-admin import CSVs, a LOAD CSV script, an n10s recipe (a folder; = cypher --dialect neo4j)",
             "neo4j", "kg.export.neo4j:write_neo4j", folder=True),
    Exporter("graphml", "GraphML for yEd, Gephi and networkx (lists joined with ' | ')", "graph.graphml", "kg.export.networkx_formats:write_graphml"),
    Exporter("gexf", "GEXF for Gephi (lists joined with ' | ')", "graph.gexf", "kg.export.networkx_formats:write_gexf"),
    Exporter("oxigraph", "a persistent pyoxigraph store (a folder) for kg query --store", "store", "kg.store:write_store",
             folder=True),
)}


def _one_of(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def exporter(fmt: str, dialect: str | None = None) -> Exporter:
    """The exporter of format ``fmt`` (and ``dialect``, for a format written for several
    databases), or a :class:`UsageError` saying what to give instead."""
    from kg.errors import UsageError  # here: the command line's options import this module, before rdflib

    if fmt not in EXPORTERS:
        import difflib

        close = difflib.get_close_matches(fmt, list(EXPORTERS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"unknown format '{fmt}'{hint} ('kg export --list' shows them)")
    found = EXPORTERS[fmt]
    if found.dialects and dialect is None:
        raise UsageError(f"the {fmt} format needs --dialect: {_one_of(found.dialects)}")
    if dialect is not None and not found.dialects:
        with_dialects = tuple(e.name for e in EXPORTERS.values() if e.dialects)
        raise UsageError(f"--dialect applies to --format {_one_of(with_dialects)} only, not to {fmt}")
    if dialect is not None and dialect not in found.dialects:
        raise UsageError(f"unknown dialect '{dialect}' for {fmt}; one of: {', '.join(found.dialects)}")
    return found


def export(graph: AnyGraph, fmt: str, out: str | Path | None = None, dialect: str | None = None) -> list[Path]:
    """Write ``graph`` in format ``fmt`` to ``out`` (default: ``out/<the format's file name>``);
    ``dialect`` names the database for a format written for several (``cypher``)."""
    from kg.errors import UsageError

    found = exporter(fmt, dialect)
    path = Path(out) if out is not None else Path("out") / found.default_name.replace("<dialect>", dialect or "")
    if found.folder and path.exists() and not path.is_dir():
        raise UsageError(f"{path}: the {fmt} export is a folder, and this is a file")
    return found.write(graph, path, dialect)
