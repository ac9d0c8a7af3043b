"""The wheel, installed (not editable) into a fresh virtual environment, works from any folder:
the ontology, the queries, the view's assets and the bundled data travel inside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with kg's wheel installed; returns its bin folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp / "dist", ROOT)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp / "dist").glob("kg-*.whl"))
    assert _run(sys.executable, "-m", "venv", tmp / "venv").returncode == 0
    bin_dir = tmp / "venv" / "bin"
    done = _run(bin_dir / "pip", "install", "--quiet", wheel)
    assert done.returncode == 0, done.stderr[-2000:]
    return bin_dir


def test_the_installed_wheel_builds_queries_views_and_exports_from_another_folder(installed: Path, tmp_path: Path):
    kg = installed / "kg"
    build = _run(kg, "build", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert build.stdout.splitlines()[:2] == ["wrote out/graph.ttl", "wrote out/graph.html"]
    query = _run(kg, "query", "counts-by-class", "--graph", "out/graph.ttl", "--format", "csv", cwd=tmp_path)
    assert query.returncode == 0, query.stderr
    # 113 of the speech, 14 of the national plan, 10 of the 2025 government work report
    assert "https://w3id.org/kg-policy/ontology#Measure,Measure,137" in query.stdout.splitlines()
    view = _run(kg, "view", "--graph", "out/graph.ttl", "--out", "v.html", cwd=tmp_path)
    assert view.returncode == 0, view.stderr
    assert "vis-network" in (tmp_path / "v.html").read_text(encoding="utf-8")
    export = _run(kg, "export", "--format", "jsonld", "--graph", "out/graph.ttl", "--out", "g.jsonld", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    assert '"@context"' in (tmp_path / "g.jsonld").read_text(encoding="utf-8")
    assert not (tmp_path / "ontology").exists() and not (tmp_path / "data").exists()
