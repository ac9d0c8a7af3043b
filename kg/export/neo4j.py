"""Neo4j: CSV files for ``neo4j-admin database import``, a Cypher script for LOAD CSV into a
running database, and a neosemantics (n10s) recipe for importing the Turtle directly.

Values are written exactly (the csv module quotes what needs quoting), except that a text a
spreadsheet would run as a formula (``=HYPERLINK(...)``) gets a leading ``'``, as in ``kg query
--format csv`` (:func:`kg.tables.safe_cell`). No value is ever put into Cypher text: the script
reads every value from the CSV files.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.graph import AnyGraph

from kg.export.entities import CLASS_LABELS, entity_rows, link_rows
from kg.files import atomic_write, write_text
from kg.tables import safe_cell
from kg.export.rdf import to_turtle

__all__ = ["write_neo4j", "NODE_COLUMNS"]

#: Column -> Neo4j import type ('' for string). Arrays are ';'-separated.
NODE_COLUMNS: dict[str, str] = {
    "label_zh": "", "label_en": "", "definition_zh": "", "definition_en": "", "alt_labels": "string[]",
    "quotes": "string[]", "value": "double", "unit_mult": "int", "absolute_value": "double", "unit": "",
    "period": "", "rank": "int", "rank_within": "boolean", "status": "", "comparator": "",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # ';' separates array items in neo4j-admin
        return safe_cell(";".join(v.replace(";", "；") for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(str(value))


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with atomic_write(path) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_neo4j(graph: AnyGraph, out: Path) -> list[Path]:
    """Write the import folder ``out``; returns the files written."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in entity_rows(graph):
        by_label[row["label"]].append(row)
    written: list[Path] = []
    node_files, rel_files = [], []
    for label in sorted(by_label):
        columns = [c for c in NODE_COLUMNS if any(r.get(c) not in (None, []) for r in by_label[label])]
        header = ["id:ID(Entity)"] + [f"{c}:{NODE_COLUMNS[c]}" if NODE_COLUMNS[c] else c for c in columns] + [":LABEL"]
        path = out / f"nodes-{label}.csv"
        _write_csv(path, header, [[r["id"]] + [_cell(r.get(c)) for c in columns] + [f"{label};Entity"]
                                  for r in by_label[label]])
        node_files.append((label, path.name, columns))
        written.append(path)
    by_type: dict[str, list[list[str]]] = defaultdict(list)
    for start, end, rel in link_rows(graph):
        by_type[rel].append([start, end, rel])
    for rel in sorted(by_type):
        path = out / f"relationships-{rel}.csv"
        _write_csv(path, [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"], by_type[rel])
        rel_files.append((rel, path.name))
        written.append(path)
    command = ("neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \\\n"
               + "".join(f"  --nodes={name} \\\n" for _, name, _ in node_files)
               + " \\\n".join(f"  --relationships={name}" for _, name in rel_files) + "\n")
    write_text(out / "import-command.txt", command)
    write_text(out / "load.cypher", _load_cypher(node_files, rel_files))
    write_text(out / "graph.ttl", to_turtle(graph))
    write_text(out / "n10s.cypher", _N10S)
    written += [out / "import-command.txt", out / "load.cypher", out / "graph.ttl", out / "n10s.cypher"]
    return written


def _load_cypher(node_files: list[tuple[str, str, list[str]]], rel_files: list[tuple[str, str]]) -> str:
    lines = ["// Load kg's CSV files into a running Neo4j: copy them into its import/ folder, then run this.",
             "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;", ""]
    for label, name, columns in node_files:
        if label not in CLASS_LABELS.values():
            raise ValueError(f"unexpected node label {label}")  # labels go into Cypher text; only ours may
        sets = []
        for c in columns:
            col = f"row.`{c}:{NODE_COLUMNS[c]}`" if NODE_COLUMNS[c] else f"row.{c}"
            kind = NODE_COLUMNS[c]
            expr = {"string[]": f"split({col}, ';')", "double": f"toFloat({col})", "int": f"toInteger({col})",
                    "boolean": f"toBoolean({col})"}.get(kind, col)
            sets.append(f"n.{c} = CASE WHEN {col} IS NULL OR {col} = '' THEN null ELSE {expr} END")
        lines.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row\n"
                     f"MERGE (n:Entity {{id: row.`id:ID(Entity)`}})\nSET n:{label},\n    "
                     + ",\n    ".join(sets) + ";\n")
    for rel, name in rel_files:
        lines.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row\n"
                     "MATCH (a:Entity {id: row.`:START_ID(Entity)`}), (b:Entity {id: row.`:END_ID(Entity)`})\n"
                     f"MERGE (a)-[:{rel}]->(b);\n")
    return "\n".join(lines)


_N10S = """// Import kg's Turtle with neosemantics (n10s) instead of the CSV files.
// Put graph.ttl where Neo4j can read it (its import/ folder), then run:
CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE;
CALL n10s.graphconfig.init({handleVocabUris: 'SHORTEN', handleMultival: 'ARRAY', keepLangTag: true});
CALL n10s.rdf.import.fetch('file:///graph.ttl', 'Turtle');
"""
