"""Each tests/data/invalid/<case>.yaml, added to a small valid data set, gives exactly <case>.expected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TEST_DATA, run_kg

CASES = sorted((TEST_DATA / "invalid").glob("*.yaml"))


def test_corpus_is_not_empty():
    assert len(CASES) >= 15


def _expected(case: Path) -> str:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    n = len(expected.splitlines())
    return expected + f"{n} problem{'s' if n != 1 else ''} found\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_input_gives_exact_messages(case: Path, minimal_copy: Path, tmp_path: Path, monkeypatch, capsys):
    """In-process through ``main()``, as the console script runs it (one subprocess test below)."""
    from kg.cli import main

    shutil.copy(case, minimal_copy / "case.yaml")
    out = tmp_path / "out"
    monkeypatch.chdir(minimal_copy)
    code = main(["build", ".", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert captured.err == _expected(case)
    assert captured.out == ""
    assert not out.exists()


def test_the_console_script_gives_the_same_message(minimal_copy: Path, tmp_path: Path):
    case = TEST_DATA / "invalid" / "many-problems.yaml"
    shutil.copy(case, minimal_copy / "case.yaml")
    result = run_kg("build", ".", "--out", str(tmp_path / "out"), cwd=minimal_copy)
    assert (result.returncode, result.stderr, result.stdout) == (1, _expected(case), "")
    assert not (tmp_path / "out").exists()
