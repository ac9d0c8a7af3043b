"""Each tests/data/invalid/<case>.yaml, added to a small valid data set, gives exactly <case>.expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TEST_DATA, run_kg

CASES = sorted((TEST_DATA / "invalid").glob("*.yaml"))


def test_corpus_is_not_empty():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_input_gives_exact_messages(case: Path, minimal_copy: Path, tmp_path: Path):
    shutil.copy(case, minimal_copy / "case.yaml")
    out = tmp_path / "out"
    result = run_kg("build", ".", "--out", str(out), cwd=minimal_copy)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    n = len(expected.splitlines())
    assert result.returncode == 1, result.stderr
    assert result.stderr == expected + f"{n} problem{'s' if n != 1 else ''} found\n"
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()
