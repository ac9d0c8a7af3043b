"""Documents linked to each other: ``other-dataset:id`` references, checked like local ones, on the
command line (each data set built apart) and in the library (the corpus at once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import kg
from conftest import TEST_DATA

KGO = "https://w3id.org/kg-policy/ontology#"


def _pair(tmp: Path, provincial_measures: str) -> tuple[Path, Path]:
    """A national data set (the minimal one, renamed) and a provincial one whose measures may point into it."""
    national = tmp / "national"
    shutil.copytree(TEST_DATA / "minimal", national)
    text = (national / "dataset.yaml").read_text(encoding="utf-8")
    (national / "dataset.yaml").write_text(text.replace("id: minimal", "id: national")
                                           .replace("https://example.org/minimal/", "https://example.org/national/"),
                                           encoding="utf-8")
    provincial = tmp / "provincial"
    provincial.mkdir()
    (provincial / "dataset.yaml").write_text(
        "dataset:\n  id: provincial\n  base: https://example.org/provincial/\n  label: {zh: 省, en: Province}\n",
        encoding="utf-8")
    (provincial / "measures.yaml").write_text(provincial_measures, encoding="utf-8")
    return national, provincial


def test_references_into_another_data_set_are_links_in_the_graph(cli, tmp_path: Path):
    national, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                           "    part_of: national:m\n    serves: [national:g]\n")
    assert cli("build", str(national), str(provincial), "--out", str(tmp_path / "out")).returncode == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    pm = URIRef("https://example.org/provincial/pm")
    assert (pm, URIRef(KGO + "partOfMeasure"), URIRef("https://example.org/national/m")) in g
    assert (pm, URIRef(KGO + "servesGoal"), URIRef("https://example.org/national/g")) in g
    _, library = kg.build([national, provincial], shacl=False)  # the library checks the corpus at once
    assert (pm, URIRef(KGO + "partOfMeasure"), URIRef("https://example.org/national/m")) in library


@pytest.mark.parametrize("measures, message", [
    ("    part_of: national:mm\n",
     "measures.yaml:4:14: measure 'pm': part_of: no measure with id 'mm' in data set 'national'; did you mean 'm'?"),
    ("    part_of: national:g\n",
     "measures.yaml:4:14: measure 'pm': part_of: 'g' in data set 'national' is a goal, expected a measure"),
    ("    part_of: nationl:m\n",
     "measures.yaml:4:14: measure 'pm': part_of: 'nationl:m' names data set 'nationl', which is not in this build; "
     "did you mean 'national'?"),
])
def test_every_reference_error_across_data_sets_is_located(cli, tmp_path: Path, measures: str, message: str):
    national, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                           + measures)
    result = cli("build", "national", "provincial", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"provincial/{message}\n1 problem found\n"
    assert not (tmp_path / "out").exists()


def test_a_data_set_left_out_of_the_build_is_named(cli, tmp_path: Path):
    _, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                    "    part_of: national:m\n")
    result = cli("validate", "provincial", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("provincial/measures.yaml:4:14: measure 'pm': part_of: 'national:m' names data set "
                             "'national', which is not in this build\n1 problem found\n")
