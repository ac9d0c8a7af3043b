"""The peers written here, each run by the benchmark as its own process, as a user would run a
script (interpreter start and imports count):

    python -m bench.peers baseline DATA_DIR OUT.ttl   # PyYAML + rdflib, the straightforward way
    python -m bench.peers oxigraph GRAPH.ttl          # pyoxigraph parsing kg's Turtle, this stack's speed limit
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["baseline", "oxigraph"]


def baseline(data: Path, out: Path) -> int:
    """The straightforward path: PyYAML's ``safe_load``, an rdflib Graph, rdflib's Turtle writer.
    It checks nothing and keeps no passages, periods or derived values. Returns its triples."""
    import yaml
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS

    kgo = Namespace("https://w3id.org/kg-policy/ontology#")
    graph = Graph()

    def add(base: str, kind: str, e: dict) -> None:
        node = URIRef(base + str(e["id"]))
        graph.add((node, RDF.type, kgo[kind]))
        for lang, text in (e.get("label") or {}).items():
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
        for key, value in e.items():
            if key in ("id", "label", "observations", "source"):
                continue
            for v in value if isinstance(value, list) else [value]:
                graph.add((node, kgo[key], Literal(v) if not isinstance(v, str) else URIRef(base + v)))
        source = e.get("source")
        for c in source if isinstance(source, list) else [source] if source else []:
            graph.add((node, kgo.quote, Literal(c["quote"])))
        for o in e.get("observations") or []:
            add(base, "Observation", {**o, "indicator": e["id"]})

    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        base = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8"))["dataset"]["base"]
        for f in sorted(folder.glob("*.yaml")):
            for key, items in yaml.safe_load(f.read_text(encoding="utf-8")).items():
                if isinstance(items, list):
                    for e in items:
                        add(base, key, e)
    graph.serialize(out, format="turtle")
    return len(graph)


def oxigraph(graph: Path) -> int:
    """pyoxigraph parsing kg's Turtle: returns the triples read."""
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["baseline"] and len(args) == 3:
        print(baseline(Path(args[1]), Path(args[2])))
    elif args[:1] == ["oxigraph"] and len(args) == 2:
        print(oxigraph(Path(args[1])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
