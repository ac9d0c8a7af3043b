"""The benchmark runs from one command and prints its table (what it measures is not asserted:
speed is reported by the benchmark, not tested)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

def _bench(*args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "bench.run", "--sizes", "60", "--runs", "1", *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _row(text: str, label: str) -> list[str]:
    """The cells after ``label`` on its row of the table."""
    lines = [line for line in text.splitlines() if line.startswith(label)]
    assert len(lines) == 1, (label, text)
    return lines[0][len(label):].split()


def test_benchmark_prints_kg_beside_its_peers():
    from bench.linkml_convert import find

    text = _bench()
    assert "60 measures in 1 data set" in text
    header = next(line for line in text.splitlines() if line.lstrip().startswith("seconds"))
    assert header.split() == ["seconds", "CPU", "s", "peak", "MB", "triples", "µs/triple", "vs", "kg"]
    for label in ("kg build (graph.ttl, graph.html)", "PyYAML + rdflib baseline", "pyoxigraph parses kg's Turtle"):
        seconds, cpu, peak, triples, per_triple, ratio = _row(text, label)
        assert min(float(seconds), float(peak), float(per_triple)) >= 0, label
        assert float(cpu) > 0, label  # a process that ran Python used some CPU
        assert int(triples.replace(",", "")) > 0 and ratio.endswith("×"), label
    assert _row(text, "kg build")[-1] == "1.0×"
    seconds, cpu, peak, rows, word = _row(text, "kg query measures-for-goal (one goal)")
    assert word == "rows" and int(rows) > 0
    if find() is None:
        assert "linkml-convert: not installed (pip install '.[bench]')" in text
    else:
        assert _row(text, "linkml-convert (1 process)")[-1].endswith("×")


def test_paths_chooses_the_rows():
    text = _bench("--paths", "baseline")
    assert "PyYAML + rdflib baseline" in text
    rows = text.splitlines()
    for absent in ("kg build", "kg query", "linkml-convert", "pyoxigraph"):
        assert not any(row.startswith(absent) for row in rows), absent
