"""The SHACL shapes keep their value: they check facts that need the whole graph, which the loader,
reading each entity against its kind, does not; and each violation is located in the YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import TEST_DATA

#: An indicator with an observation (in another file) and nothing it tracks: valid YAML, every
#: reference resolved, so the loader accepts it; ontology/shapes.ttl's kgsh:ObservedIndicator does not.
UNTRACKED = TEST_DATA / "shacl-untracked"
EXPECTED = ("entities.yaml:12:5: indicator 'value-added': tracks: an indicator with observations must say what it "
            "tracks (a goal, battle, work area, measure or named thing); otherwise its values reach no goal\n"
            "1 problem found\n")


def test_the_loader_accepts_an_observed_indicator_that_tracks_nothing(cli):
    result = cli("validate", ".", cwd=UNTRACKED)
    assert (result.returncode, result.stdout, result.stderr) == (0, "valid: 9 entities in .\n", "")


def test_the_shapes_catch_it_and_locate_it_in_the_yaml(cli):
    """One problem: 'planned' tracks nothing either, but has no observation, so nothing is lost."""
    result = cli("validate", "--shacl", ".", cwd=UNTRACKED)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", EXPECTED)


def test_kg_build_shacl_refuses_it_and_writes_nothing(cli, tmp_path: Path):
    out = tmp_path / "out"
    result = cli("build", "--shacl", ".", "--out", str(out), cwd=UNTRACKED)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", EXPECTED)
    assert not out.exists()


def test_saying_what_it_tracks_satisfies_the_shapes(cli, tmp_path: Path):
    fixed = tmp_path / "fixed"
    shutil.copytree(UNTRACKED, fixed)
    entities = fixed / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    old = "label: {zh: 工业增加值, en: Industrial value added}\n"
    assert text.count(old) == 1
    entities.write_text(text.replace(old, old + "    tracks: [g]\n"), encoding="utf-8")
    result = cli("validate", "--shacl", ".", cwd=fixed)
    assert (result.returncode, result.stdout, result.stderr) == (0, "valid: 9 entities in .\n", "")
