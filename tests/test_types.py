"""The package ships ``py.typed``: mypy, configured in pyproject.toml, must find nothing in it."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_mypy_finds_nothing() -> None:
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"mypy exited with {out.returncode}:\n{out.stdout}{out.stderr}"
