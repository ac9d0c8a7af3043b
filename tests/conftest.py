"""Shared fixtures: the repository's paths, copies of data, and the installed ``kg`` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
KG = Path(sys.executable).parent / "kg"


@pytest.fixture(scope="session")
def bundled():
    """The bundled data, loaded, checked and built once: (corpus, graph)."""
    import kg

    return kg.build()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data/ folder that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A private copy of the small test data set."""
    dest = tmp_path / "minimal"
    shutil.copytree(TEST_DATA / "minimal", dest)
    return dest


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    assert KG.exists(), f"the kg console script is not installed at {KG}"
    return subprocess.run([str(KG), *args], capture_output=True, text=True, cwd=cwd, timeout=300)
