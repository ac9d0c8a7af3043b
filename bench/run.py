"""The benchmark: kg beside its peers over synthetic data of the real shape, in one run, measuring
what a user sees: each command's whole process (interpreter start and imports included), its
wall time and peak memory; medians of several runs, the paths taking turns within each run.

    python -m bench.run                                   # 1,000 and 10,000 measures, 3 runs
    python -m bench.run --sizes 10000 --runs 3 --linkml ENV/bin/linkml-convert
    python -m bench.run --sizes 100000 --runs 1 --paths kg,oxigraph
    python -m bench.run --linkml ENV/bin/linkml-convert --large 100000,1000000   # every target in one run

Paths: ``kg`` is ``kg build DATA --out OUT``; ``query`` is ``kg query`` of a named query about one
goal on that graph.ttl; ``store`` the same question of the store ``kg build --store`` writes; ``baseline`` is PyYAML + rdflib (bench/peers.py); ``linkml`` is
linkml-convert with bench/linkml/kg.yaml (bench/linkml_convert.py); ``oxigraph`` is pyoxigraph
parsing kg's Turtle, the speed limit of this stack. The paths make graphs of different sizes, so
they are compared per triple (each output parsed with pyoxigraph, untimed): "vs kg" is a path's
µs/triple over kg build's, and above 1× kg is faster.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import linkml_convert
from bench.process import KG, ROOT, Sample, checkout_env, measure
from bench.synthetic import generate

ORDER = ("kg", "query", "store", "baseline", "linkml", "oxigraph")
#: A question an analyst asks of the built graph: the measures serving one goal of the first data set.
QUERY, PARAM, ENTITY = "measures-for-goal", "goal", "https://example.org/synthetic-0/g1"
#: What runs at a ``--large`` size, once: the peers would take hours, and a store on disk as long again.
LARGE_PATHS = ("kg", "query", "oxigraph")
#: ``kg query --graph`` holds the graph in memory (1.5 GB at 100,000 measures): not asked above this.
QUERY_IN_MEMORY_MAX = 100_000


@dataclass
class Row:
    """One path's runs at one size: a row of the table."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    count: int | None = None  # triples (rows for the query)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return statistics.median(s.peak_mb for s in self.samples)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)


def _triples(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def _combined(samples: list[Sample]) -> Sample:
    """Processes run one after another: their seconds summed, the largest peak."""
    return Sample(sum(s.seconds for s in samples), max(s.peak_mb for s in samples), "",
                  sum(s.cpu_seconds for s in samples))


def _bench_size(size: int, tmp: Path, modes: list[str], runs: int, linkml: str | None) -> dict[str, Row]:
    data = generate(tmp / f"data-{size}", size)
    env = checkout_env()
    paths: dict[str, Row] = {}
    documents = linkml_convert.prepare(data, tmp / f"linkml-{size}") if "linkml" in modes and linkml else []
    for run in range(runs):
        out = tmp / f"run-{size}-{run}"
        out.mkdir()
        graph = out / "kg" / "graph.ttl"
        if "kg" in modes:
            sample = measure(KG + ["build", str(data), "--out", str(out / "kg")], env)
            files = "graph.ttl, graph.html" if (out / "kg" / "graph.html").exists() else "graph.ttl"
            p = paths.setdefault("kg", Row(f"kg build ({files})"))
            p.samples.append(sample)
            p.count = p.count or _triples(graph)
        if "query" in modes:
            sample = measure(KG + ["query", QUERY, "--graph", str(graph), "--param", f"{PARAM}={ENTITY}",
                                   "--format", "tsv"], env)
            p = paths.setdefault("query", Row(f"kg query {QUERY} (one {PARAM})"))
            p.samples.append(sample)
            p.count = max(0, len(sample.stdout.splitlines()) - 1)
        if "store" in modes:  # the same question of the store kg build --store writes (written untimed)
            measure(KG + ["build", str(data), "--out", str(out / "kg-store"), "--store", str(out / "store")], env)
            sample = measure(KG + ["query", QUERY, "--store", str(out / "store"), "--param", f"{PARAM}={ENTITY}",
                                   "--format", "tsv"], env)
            p = paths.setdefault("store", Row(f"kg query {QUERY} --store"))
            p.samples.append(sample)
            p.count = max(0, len(sample.stdout.splitlines()) - 1)
        if "baseline" in modes:
            sample = measure([sys.executable, "-m", "bench.peers", "baseline", str(data), str(out / "baseline.ttl")],
                             env)
            p = paths.setdefault("baseline", Row("PyYAML + rdflib baseline"))
            p.samples.append(sample)
            p.count = p.count or _triples(out / "baseline.ttl")
        if documents and linkml:
            outputs = [out / f"linkml-{i}.ttl" for i in range(len(documents))]
            sample = _combined([measure(linkml_convert.command(linkml, doc, base, ttl), env)
                                for (doc, base), ttl in zip(documents, outputs)])
            n = len(documents)
            p = paths.setdefault("linkml", Row(f"linkml-convert ({n} process{'es' if n > 1 else ''})"))
            p.samples.append(sample)
            p.count = p.count or sum(_triples(ttl) for ttl in outputs)
        if "oxigraph" in modes:
            sample = measure([sys.executable, "-m", "bench.peers", "oxigraph", str(graph)], env)
            p = paths.setdefault("oxigraph", Row("pyoxigraph parses kg's Turtle"))
            p.samples.append(sample)
            p.count = int(sample.stdout.split()[-1])
        shutil.rmtree(out)
    return paths


def _table(paths: dict[str, Row]) -> None:
    header = f"{'':38}{'seconds':>9}{'CPU s':>8}{'peak MB':>9}{'triples':>11}{'µs/triple':>11}{'vs kg':>8}"
    print(header)
    print("-" * len(header))
    kg = paths.get("kg")
    kg_us = kg.seconds / kg.count * 1e6 if kg and kg.count else None
    for key in ORDER:
        p = paths.get(key)
        if p is None:
            continue
        line = f"{p.label:38}{p.seconds:>9.2f}{p.cpu_seconds:>8.2f}{p.peak_mb:>9.0f}"
        if key in ("query", "store"):
            line += f"{f'{p.count:,} rows':>11}"
        else:
            us = p.seconds / p.count * 1e6 if p.count else None
            ratio = f"{us / kg_us:.{1 if us >= kg_us else 2}f}×" if us and kg_us else "—"
            line += f"{p.count or 0:>11,}{(f'{us:.1f}' if us else '—'):>11}{ratio:>8}"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="measures in all, comma-separated (1,000 per data set)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; the table shows medians")
    parser.add_argument("--paths", default=",".join(ORDER), help=f"which of {', '.join(ORDER)}")
    parser.add_argument("--linkml", metavar="PATH",
                        help="the linkml-convert to run (default: one on PATH or beside this Python)")
    parser.add_argument("--large", default="", metavar="SIZES",
                        help=f"larger sizes, after --sizes, run once with {', '.join(LARGE_PATHS)} only "
                             f"(no query above {QUERY_IN_MEMORY_MAX:,} measures)")
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args(argv)
    asked = args.paths.split(",")
    unknown = sorted(set(asked) - set(ORDER))
    if unknown:
        parser.error(f"unknown path {', '.join(unknown)}: choose from {', '.join(ORDER)}")
    if args.linkml and not (Path(args.linkml).is_file() or shutil.which(args.linkml)):
        parser.error(f"--linkml {args.linkml}: no such program")
    if {"query", "store", "oxigraph"} & set(asked):
        asked.append("kg")  # they read the graph kg build writes
    modes = [m for m in ORDER if m in asked]

    runs = f"{args.runs} run{'s' if args.runs > 1 else ''}"
    # An installed kg runs from byte code that pip compiled; so must this checkout's, or every
    # command would pay for compiling kg again (PYTHONDONTWRITEBYTECODE keeps none, for one).
    for package in ("kg", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}\n"
          f"medians of {runs}; each command a whole process: wall time, CPU time (its workers' included) "
          "and its own peak resident memory\n"
          f"kg: {' '.join(['python'] + KG[1:])} from {ROOT}, byte-compiled first as pip install does")
    linkml = linkml_convert.find(args.linkml) if "linkml" in modes else None
    sizes: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "linkml" in modes and not linkml:
            print(f"linkml-convert: not installed ({linkml_convert.INSTALL_HINT})")
        elif linkml:
            doc, base = linkml_convert.empty_document(tmp / "empty")
            start = [measure(linkml_convert.command(linkml, doc, base, tmp / "empty.ttl"), checkout_env())
                     for _ in range(args.runs)]
            print(f"linkml-convert: {linkml} (LinkML {linkml_convert.version(linkml)}), "
                  f"schema {linkml_convert.SCHEMA.relative_to(ROOT)}\n"
                  "  one process per data set, one after another: seconds summed, peak MB the largest;\n"
                  "  before timing, each data set's YAML files merged into one document, ids written as CURIEs;\n"
                  f"  start-up alone (an empty data set): {statistics.median(s.seconds for s in start):.2f} s "
                  "per process")
        if "kg" in modes:
            bundled = [measure(KG + ["build", "--out", str(tmp / f"bundled-{run}")], checkout_env()) for run in range(args.runs)]
            print(f"bundled data (kg build --out OUT: graph.ttl and graph.html): "
                  f"{statistics.median(s.seconds for s in bundled):.2f} s, "
                  f"{statistics.median(s.peak_mb for s in bundled):.0f} MB")
        print("vs kg: the path's µs/triple ÷ kg build's (above 1× kg is faster); "
              "triples: each output parsed with pyoxigraph, untimed")
        plan = [(int(s), modes, args.runs) for s in args.sizes.split(",") if s]
        plan += [(int(s), [m for m in LARGE_PATHS if m in modes and (m != "query" or int(s) <= QUERY_IN_MEMORY_MAX)], 1)
                 for s in args.large.split(",") if s]
        for size, size_modes, size_runs in plan:
            paths = _bench_size(size, tmp, size_modes, size_runs, linkml if "linkml" in size_modes else None)
            data = tmp / f"data-{size}"
            yaml_mb = sum(f.stat().st_size for f in data.rglob("*.yaml")) / 2**20
            sets = sum(1 for p in data.iterdir() if p.is_dir())
            print(f"\n{size:,} measures in {sets} data set{'s' if sets > 1 else ''}, {yaml_mb:.1f} MB of YAML "
                  f"(load average {os.getloadavg()[0]:.1f} at the end)"
                  + (f"; {size_runs} run" if size_runs != args.runs else ""))
            _table(paths)
            sys.stdout.flush()
            shutil.rmtree(data)  # 0.6 GB of YAML at 1,000,000 measures
            sizes.append({"measures": size, "yaml_mb": yaml_mb, "runs": size_runs, "paths": {
                k: {"label": p.label, "count": p.count,
                    "samples": [{k2: v for k2, v in asdict(s).items() if k2 != "stdout"} for s in p.samples]}
                for k, p in paths.items()}})
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": args.runs, "sizes": sizes}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
