"""Cypher for property-graph databases, one dialect per database: Neo4j, Memgraph, FalkorDB.

Each dialect is a folder of CSV files and a ``load.cypher`` that reads them with ``LOAD CSV``,
so that no value is ever put into Cypher text. There is no one script for all three, because
their grammars share no way to load a file or to declare a key:

- neo4j reads ``LOAD CSV WITH HEADERS FROM 'file:///f.csv'`` (the server's ``import/`` folder) and
  declares ``CREATE CONSTRAINT name IF NOT EXISTS FOR (n:L) REQUIRE n.id IS UNIQUE``;
- memgraph reads ``LOAD CSV FROM '/import/f.csv' WITH HEADER`` (a path on the server) and declares
  ``CREATE CONSTRAINT ON (n:L) ASSERT n.id IS UNIQUE``;
- falkordb reads ``LOAD CSV WITH HEADERS FROM 'file://f.csv'`` (its ``IMPORT_FOLDER``) and has no
  constraint in Cypher (``GRAPH.CONSTRAINT`` is a server command), only ``CREATE INDEX FOR (n:L) ON (n.id)``.

A script without these (values written into ``CREATE`` statements) would be the only common
subset, and would paste every label and quote into Cypher text. Besides, FalkorDB's ``toFloat``
reads a text as a 32-bit float (``toFloat('2.94')`` is 2.94000005722046), so its script reads a
number as an integer and a power of ten, which gives the same double as the text.

``neo4j`` is :func:`kg.export.neo4j.write_neo4j`: CSV files with neo4j-admin's typed headers
(``quotes:string[]``), which the other loaders take as column names. ``memgraph`` and ``falkordb``
get plain CSV files instead:

- ``nodes-<Class>.csv``: ``id`` and the entity's single values, one column each;
- ``lists-<property>.csv``: ``id,value``, one row per quote or other name, so that no separator can
  clash with the text (each is a list property of its node, in no particular order);
- ``relationships-<TYPE>.csv``: ``source,target``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from kg.export.entities import CLASS_LABELS, entity_rows, link_rows
from kg.export.neo4j import NODE_COLUMNS, write_neo4j
from kg.files import OutputSet
from kg.graph import AnyGraph
from kg.tables import safe_cell

__all__ = ["DIALECTS", "write_cypher", "statements"]

#: Columns holding several values: each gets a ``lists-<column>.csv``.
LIST_COLUMNS = [c for c, kind in NODE_COLUMNS.items() if kind == "string[]"]
#: The folder the Memgraph script reads its files from, on the server.
MEMGRAPH_FOLDER = "/import/"


@dataclass(frozen=True)
class _Dialect:
    name: str
    comment: str
    setup: tuple[str, ...]
    read: Callable[[str], str]  # file name -> the clause that reads its rows as ``row``
    number: Callable[[str], str]  # a column's text -> a double


def _falkordb_number(col: str) -> str:
    # the digits as an integer, over ten to the number of decimals: both exact (up to 15 digits and
    # 22 decimals), so their quotient is the double nearest the decimal, as a 64-bit toFloat gives
    # (FalkorDB's rounds to 32 bits: toFloat('2.94') is 2.94000005722046)
    return f"toInteger(replace({col}, '.', '')) / (10.0 ^ size(split({col} + '.', '.')[1]))"


_DIALECTS = {d.name: d for d in (
    _Dialect("memgraph",
             "// Load kg's CSV files into Memgraph: make this folder the server's /import/ (for example\n"
             "// docker run -v \"$PWD/memgraph:/import\" memgraph/memgraph), then: mgconsole < load.cypher\n",
             ("CREATE INDEX ON :Entity(id);", "CREATE CONSTRAINT ON (n:Entity) ASSERT n.id IS UNIQUE;"),
             lambda name: f"LOAD CSV FROM '{MEMGRAPH_FOLDER}{name}' WITH HEADER NULLIF '' AS row",
             lambda col: f"toFloat({col})"),
    _Dialect("falkordb",
             "// Load kg's CSV files into an empty FalkorDB graph: start the server with this folder as its\n"
             "// import folder (redis-server --loadmodule falkordb.so IMPORT_FOLDER /path/to/this/folder/),\n"
             "// then send each statement (each ends with ';' at the end of a line) as GRAPH.QUERY.\n",
             ("CREATE INDEX FOR (n:Entity) ON (n.id);",),
             lambda name: f"LOAD CSV WITH HEADERS FROM 'file://{name}' AS row",
             _falkordb_number),
)}

DIALECTS = ("neo4j", *_DIALECTS)


def write_cypher(graph: AnyGraph, out: Path, dialect: str) -> list[Path]:
    """Write the folder ``out`` for ``dialect`` (one of :data:`DIALECTS`); returns the files written."""
    if dialect == "neo4j":
        return write_neo4j(graph, out)
    d = _DIALECTS[dialect]
    nodes, lists, rels = _tables(graph)
    script = "\n".join(statements(d.name, {name: header for name, (header, _) in nodes.items()}, list(lists), list(rels)))
    files = OutputSet()  # all the files or none: a failure midway leaves the folder as it was
    try:
        for name, (header, rows) in {**nodes, **lists, **rels}.items():
            with files.open(out / name) as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                w.writerows(rows)
        files.write_text(out / "load.cypher", script)
    except BaseException:
        files.discard()
        raise
    return files.commit()


Table = tuple[list[str], list[list[str]]]


def _tables(graph: AnyGraph) -> tuple[dict[str, Table], dict[str, Table], dict[str, Table]]:
    """The CSV files: file name -> (header, rows), for nodes, lists and relationships."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    lists: dict[str, list[list[str]]] = {c: [] for c in LIST_COLUMNS}
    for row in entity_rows(graph):
        by_label[row["label"]].append(row)
        for c in LIST_COLUMNS:
            lists[c] += [[row["id"], safe_cell(v)] for v in row.get(c) or []]
    nodes = {}
    for label in sorted(by_label):
        rows = by_label[label]
        columns = [c for c in NODE_COLUMNS if c not in LIST_COLUMNS and any(r.get(c) is not None for r in rows)]
        nodes[f"nodes-{label}.csv"] = (["id"] + columns, [[r["id"]] + [_cell(r.get(c)) for c in columns] for r in rows])
    by_type: dict[str, list[list[str]]] = defaultdict(list)
    for start, end, rel in link_rows(graph):
        by_type[rel].append([start, end])
    return (nodes, {f"lists-{c}.csv": (["id", "value"], rows) for c, rows in lists.items() if rows},
            {f"relationships-{rel}.csv": (["source", "target"], by_type[rel]) for rel in sorted(by_type)})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # positional, never 1e-05: the FalkorDB script reads digits and a point
        return format(Decimal(repr(value)), "f")
    return safe_cell(str(value))


def statements(dialect: str, nodes: dict[str, list[str]], lists: list[str], rels: list[str]) -> list[str]:
    """The statements of ``load.cypher`` for ``dialect`` (memgraph or falkordb), reading the node
    files ``nodes`` (file name -> header), the list files and the relationship files. Only names
    kg makes reach the text: class and relationship names are checked before they are written."""
    d = _DIALECTS[dialect]
    out = [d.comment + "\n".join(d.setup) + "\n"]
    for name, header in nodes.items():
        label = name.removeprefix("nodes-").removesuffix(".csv")
        if label not in CLASS_LABELS.values():
            raise ValueError(f"unexpected node label {label}")
        sets = [f"n:{label}"]
        for c in header[1:]:
            kind, col = NODE_COLUMNS[c], f"row.{c}"
            sets.append(f"n.{c} = " + {"double": d.number(col), "int": f"toInteger({col})",
                                       "boolean": f"toBoolean({col})"}.get(kind, col))
        out.append(f"{d.read(name)}\nMERGE (n:Entity {{id: row.id}})\nSET " + ",\n    ".join(sets) + ";\n")
    for name in lists:
        prop = name.removeprefix("lists-").removesuffix(".csv")
        if prop not in LIST_COLUMNS:
            raise ValueError(f"unexpected list property {prop}")
        out.append(f"{d.read(name)}\nWITH row.id AS entity, collect(row.value) AS items\n"
                   f"MATCH (n:Entity {{id: entity}})\nSET n.{prop} = items;\n")
    for name in rels:
        rel = name.removeprefix("relationships-").removesuffix(".csv")
        if not re.fullmatch(r"[A-Z][A-Z_]*", rel):
            raise ValueError(f"unexpected relationship type {rel}")
        out.append(f"{d.read(name)}\nMATCH (a:Entity {{id: row.source}}), (b:Entity {{id: row.target}})\n"
                   f"MERGE (a)-[:{rel}]->(b);\n")
    return out
