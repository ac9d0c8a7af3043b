"""The questions analysts ask of one entity, timed on a persistent store of synthetic data: which
measures serve this goal, how does this measure reach the goals (with the quotes behind each
step), which indicators show progress of this work area, how did this indicator move.

    python -m bench.questions                        # 100,000 measures, generated and built first
    python -m bench.questions --measures 10000 --runs 5
    python -m bench.questions --data DIR             # a corpus already generated (bench/synthetic.py)

For each question it prints the query's own time (the store opened once, the named query read,
its parameter bound and the rows made: what a notebook or a server pays per question; median of
``--runs``) and the whole ``kg query NAME --store DIR`` process (interpreter start and imports
included: what one command at the shell costs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.process import KG, checkout_env, measure
from bench.synthetic import generate

#: (named query, parameter, entity of the first synthetic document, the question it answers)
QUESTIONS = (
    ("measures-for-goal", "goal", "g1", "which measures serve this goal?"),
    ("trace", "entity", "m7", "how does this measure reach the goals, and on what evidence?"),
    ("indicators-for", "of", "w1", "which indicators show progress of this work area?"),
    ("observations", "indicator", "i3", "how did this indicator move?"),
)
BASE = "https://example.org/synthetic-0/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000, help="measures in all, when generating")
    parser.add_argument("--data", metavar="DIR", help="synthetic data already generated (default: generate it)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each question; medians are shown")
    args = parser.parse_args(argv)

    from kg.query import resolve_query, run_query
    from kg.store import open_store

    with tempfile.TemporaryDirectory(prefix="kg-questions-") as tmp_name:
        tmp = Path(tmp_name)
        data = Path(args.data) if args.data else generate(tmp / "data", args.measures)
        store = tmp / "store"
        start = time.perf_counter()
        built = measure(KG + ["build", str(data), "--out", str(tmp / "out"), "--store", str(store)], checkout_env())
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; data: {data}\n"
              f"kg build --store: {built.seconds:.1f} s, {built.peak_mb:.0f} MB "
              f"({time.perf_counter() - start:.1f} s with the wait)\n")
        graph = open_store(store)
        header = f"{'question':64}{'rows':>7}{'query ms':>10}{'kg query (process) s':>22}"
        print(header + "\n" + "-" * len(header))
        for name, param, entity, question in QUESTIONS:
            text, qname, declared = resolve_query(name)
            params = {param: BASE + entity}
            times, rows = [], 0
            for _ in range(args.runs):
                t = time.perf_counter()
                rows = len(run_query(graph, text, params, name=qname, declared=declared).rows)
                times.append(time.perf_counter() - t)
            process = measure(KG + ["query", name, "--store", str(store), "--param", f"{param}={BASE}{entity}",
                                    "--format", "tsv"], checkout_env())
            print(f"{f'{name} ({question})':64}{rows:>7}{statistics.median(times) * 1000:>10.0f}"
                  f"{process.seconds:>22.2f}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
