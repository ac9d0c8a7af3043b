"""One benchmark run of one path over one data folder, in its own process so that peak memory
is that path's alone. Prints a JSON object: seconds per stage, triples, peak resident memory.

    python -m bench.stages kg|fast|baseline|oxigraph DATA_DIR WORK_DIR
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

QUERIES = ("measures-for-goal", "observations", "goals-without-measure")
#: Queries asked of the persistent store, each about one entity (unbound, they return millions of rows).
STORE_QUERIES = (("measures-for-goal", {"goal": "g1"}), ("observations", {"indicator": "i7"}),
                 ("work-area-measures", {"area": "w2"}), ("indicators-for", {"of": "w2"}))
SHACL_LIMIT = 150_000  # triples; above this pyshacl takes minutes, and the stage is skipped
VIEW_LIMIT = 20_000  # entities, as kg build


def _timed(stages: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    stages[name] = time.perf_counter() - start
    return result


def run_kg(data: Path, work: Path) -> dict[str, Any]:
    from kg.pipeline import build_graph
    from kg.export.rdf import write_ntriples
    from kg.loader import read
    from kg.query import named_queries, oxigraph_store, run_query
    from kg.turtle import to_turtle
    from kg.checks import check
    from kg.view import render_view

    s: dict[str, float] = {}

    def load() -> Any:
        corpus, problems = read([data])
        problems += check(corpus)
        assert not problems, problems[:3]
        return corpus

    corpus = _timed(s, "load+validate", load)
    graph = _timed(s, "build graph", lambda: build_graph(corpus))
    if len(graph) <= SHACL_LIMIT:
        from kg.shacl import shacl_problems
        _timed(s, "SHACL", lambda: shacl_problems(graph, corpus))
    _timed(s, "Turtle", lambda: (work / "kg.ttl").write_text(to_turtle(graph), encoding="utf-8"))
    _timed(s, "N-Triples", lambda: write_ntriples(graph, work / "kg.nt"))
    _timed(s, "query store load", lambda: oxigraph_store(graph))
    queries = named_queries()
    for name in QUERIES:
        q = queries[name]
        _timed(s, f"query {name}", lambda: run_query(graph, q.text, {}, declared=q.params, timeout=None, limit=None))
    if len(corpus.records()) <= VIEW_LIMIT:
        _timed(s, "view", lambda: render_view(graph))
    return {"stages": s, "triples": len(graph)}


def run_fast(data: Path, work: Path) -> dict[str, Any]:
    """kg build --fast: one data set in memory at a time; then the same into a persistent store,
    and the named queries answered from that store."""
    from kg.query import named_queries, run_query
    from kg.store import open_store
    from kg.stream import stream_build

    s: dict[str, float] = {}
    stats = _timed(s, "load+validate+Turtle (stream)", lambda: stream_build([data], work / "fast.ttl"))
    _timed(s, "load+validate+store (stream)", lambda: stream_build([data], store=work / "store"))
    store = open_store(work / "store")
    queries = named_queries()
    base = "https://example.org/synthetic-0/"  # one entity of the first document: a question an analyst asks
    for name, params in STORE_QUERIES:
        q = queries[name]
        bound = {k: base + v for k, v in params.items()}
        _timed(s, f"store query {name}",
               lambda: run_query(store, q.text, bound, declared=q.params, timeout=None, limit=None))
    return {"stages": s, "triples": stats.triples}


def run_baseline(data: Path, work: Path) -> dict[str, Any]:
    """The straightforward path: PyYAML's safe_load, an rdflib Graph, rdflib's serializers."""
    import yaml
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS

    s: dict[str, float] = {}
    kgo = Namespace("https://w3id.org/kg-policy/ontology#")

    def load() -> list[tuple[str, dict]]:
        docs = []
        for folder in sorted(p for p in data.iterdir() if p.is_dir()):
            base = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8"))["dataset"]["base"]
            for f in sorted(folder.glob("*.yaml")):
                docs.append((base, yaml.safe_load(f.read_text(encoding="utf-8"))))
        return docs

    docs = _timed(s, "load+validate", load)

    def build() -> Graph:
        g = Graph()
        def add(base: str, kind: str, e: dict) -> None:
            node = URIRef(base + str(e["id"]))
            g.add((node, RDF.type, kgo[kind]))
            for lang, text in (e.get("label") or {}).items():
                g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
            for key, value in e.items():
                if key in ("id", "label", "observations", "source"):
                    continue
                for v in value if isinstance(value, list) else [value]:
                    g.add((node, kgo[key], Literal(v) if not isinstance(v, str) else URIRef(base + v)))
            for c in e.get("source") or [] if isinstance(e.get("source"), list) else [e["source"]] if e.get("source") else []:
                g.add((node, kgo.quote, Literal(c["quote"])))
            for o in e.get("observations") or []:
                add(base, "Observation", {**o, "indicator": e["id"]})
        for base, doc in docs:
            for key, items in doc.items():
                if isinstance(items, list):
                    for e in items:
                        add(base, key, e)
        return g

    graph = _timed(s, "build graph", build)
    _timed(s, "Turtle", lambda: graph.serialize(work / "baseline.ttl", format="turtle"))
    _timed(s, "N-Triples", lambda: graph.serialize(work / "baseline.nt", format="nt"))
    return {"stages": s, "triples": len(graph)}


def run_oxigraph(data: Path, work: Path) -> dict[str, Any]:
    """The speed limit of this stack: pyoxigraph parsing kg's own Turtle (written by the fast run)."""
    import pyoxigraph as ox

    s: dict[str, float] = {}
    n = _timed(s, "parse kg's Turtle", lambda: sum(1 for _ in ox.parse(path=str(work / "fast.ttl"),
                                                                        format=ox.RdfFormat.TURTLE)))
    return {"stages": s, "triples": n}


PATHS = {"kg": run_kg, "fast": run_fast, "baseline": run_baseline, "oxigraph": run_oxigraph}


def main() -> None:
    mode, data, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    result = PATHS[mode](data, work)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
