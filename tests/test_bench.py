"""The benchmark runs from one command and prints its table (what it measures is not asserted:
speed is reported by the benchmark, not tested)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_runs_and_prints_every_stage_with_ratios():
    out = subprocess.run([sys.executable, "-m", "bench.run", "--sizes", "60", "--runs", "1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    for stage in ("load+validate", "build graph", "SHACL", "Turtle", "N-Triples", "query measures-for-goal",
                  "view", "parse kg's Turtle", "peak memory MB"):
        assert stage in text, stage
    assert "base/kg" in text and "×" in text
