"""The benchmark: kg's normal and fast paths beside baselines, over synthetic data of the real
shape, in one run. Several runs per size; medians; ratios measured in the same run.

    python -m bench.run                      # 1,000 and 10,000 measures, 3 runs each
    python -m bench.run --sizes 100000 --runs 1 --paths fast,oxigraph

Baselines: (a) "baseline", the straightforward path (PyYAML safe_load, an rdflib Graph, rdflib's
serializers); (c) "oxigraph", pyoxigraph parsing kg's own Turtle, the speed limit of this stack.
(b) linkml-convert is not run: LinkML is not installed with kg (see README). Ratios are
baseline time per triple over kg's time per triple: above 1× kg is faster.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic import generate

ORDER = ("kg", "fast", "baseline", "oxigraph")


def _one(mode: str, data: Path, work: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.stages", mode, str(data), str(work)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench {mode} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], stage: str) -> float | None:
    values = [r["stages"][stage] for r in runs if stage in r["stages"]]
    return statistics.median(values) if values else None


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _table(size: int, yaml_mb: float, modes: list[str], results: dict[str, list[dict]]) -> None:
    """One table per size. Paths build graphs of different sizes (the baseline keeps no passages,
    periods or derived values), so ratios compare time per triple, not raw seconds."""
    triples = {m: results[m][0]["triples"] for m in modes}
    print(f"\n{size:,} measures, {yaml_mb:.1f} MB of YAML; triples: "
          + ", ".join(f"{m} {triples[m]:,}" for m in modes))
    stages: list[str] = []
    for m in modes:
        for r in results[m]:
            stages += [s for s in r["stages"] if s not in stages]
    ratios = [m for m in ("kg", "fast") if m in modes and "baseline" in modes]
    header = f"{'stage':28}" + "".join(f"{m + ' s':>11}" for m in modes) + f"{'kg kt/s':>9}" + \
        "".join(f"{'base/' + m:>10}" for m in ratios)
    print(header)
    print("-" * len(header))
    for stage in stages:
        cells = {m: _median(results[m], stage) for m in modes}
        line = f"{stage:28}" + "".join(f"{_fmt(cells[m]):>11}" for m in modes)
        kg_s = cells.get("kg")
        line += f"{_fmt(triples['kg'] / kg_s / 1e3 if kg_s else None, 0):>9}" if "kg" in modes else f"{'—':>9}"
        for m in ratios:
            base, mine = cells.get("baseline"), cells.get(m)
            ratio = (base / triples["baseline"]) / (mine / triples[m]) if base and mine else None
            line += f"{(_fmt(ratio, 1) + '×') if ratio else '—':>10}"
        print(line)
    totals = {m: sum(statistics.median([r["stages"][s] for r in results[m]]) for s in results[m][0]["stages"])
              for m in modes}
    print(f"{'total':28}" + "".join(f"{_fmt(totals[m]):>11}" for m in modes))
    print(f"{'peak memory MB':28}" + "".join(f"{statistics.median(r['peak_mb'] for r in results[m]):>11.0f}"
                                             for m in modes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="measures per data set, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paths", default=",".join(ORDER), help=f"which of {', '.join(ORDER)}")
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    args = parser.parse_args(argv)
    modes = [m for m in ORDER if m in args.paths.split(",")]
    if "oxigraph" in modes and "fast" not in modes:
        modes.insert(modes.index("oxigraph"), "fast")  # the oxigraph baseline parses the fast path's Turtle
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}, "
          f"{__import__('os').cpu_count()} cores; medians of {args.runs} runs")
    report: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            data = generate(Path(tmp) / f"data-{size}", size)
            yaml_mb = sum(f.stat().st_size for f in data.rglob("*.yaml")) / 2**20
            work = Path(tmp) / f"work-{size}"
            work.mkdir()
            results = {m: [_one(m, data, work) for _ in range(args.runs)] for m in modes}
            report.append({"measures": size, "yaml_mb": yaml_mb, "results": results})
            _table(size, yaml_mb, modes, results)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
