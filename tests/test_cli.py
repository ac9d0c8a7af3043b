"""The kg command, run in-process through ``kg.cli.main`` (the console script itself: test_invalid_inputs.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pyoxigraph
import pytest
import yaml

from conftest import DATA


def test_build_with_no_arguments_writes_out_graph_ttl(cli, tmp_path: Path):
    result = cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ttl = tmp_path / "out" / "graph.ttl"
    assert "wrote out/graph.ttl" in result.stdout
    m = re.search(r"(\d+) entities \(.*\); (\d+) triples", result.stdout)
    assert m, result.stdout
    store = pyoxigraph.Store()
    store.load(ttl.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == int(m[2])
    assert not [p for p in ttl.parent.iterdir() if p.name.endswith(".tmp")]


def test_broken_reference_fails_with_file_and_line_and_writes_nothing(cli, data_copy: Path, tmp_path: Path):
    measures = data_copy / "zhejiang-2024-manufacturing" / "measures" / "cluster-cultivation.yaml"
    lines = measures.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "work_area: cluster-cultivation" in line)
    lines[n] = lines[n].replace("cluster-cultivation", "cluster-cultivaton")
    measures.write_text("".join(lines), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("build", str(data_copy), "--out", str(empty))
    assert result.returncode == 1
    assert f"cluster-cultivation.yaml:{n + 1}:" in result.stderr
    assert "no work area with id 'cluster-cultivaton'; did you mean 'cluster-cultivation'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(empty.iterdir()) == []


def test_validate_accepts_the_bundled_data(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")


def test_schema_validates_every_bundled_yaml_file(cli, tmp_path: Path):
    result = cli("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(DATA.rglob("*.yaml"))
    assert files
    for file in files:
        errors = list(validator.iter_errors(yaml.safe_load(file.read_text(encoding="utf-8"))))
        assert errors == [], f"{file}: {errors[0].message}"


def test_schema_rejects_what_the_loader_rejects(cli):
    schema = json.loads(cli("schema").stdout)
    bad = {"measures": [{"id": "m", "label": {"zh": "举措", "en": "M"}, "work_aera": "w"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    no_language = {"goals": [{"id": "g", "label": {"fr": "But"}}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(no_language))
    missing_en = {"goals": [{"id": "g", "label": {"zh": "目标"}}]}  # a translation to do: a warning, as in kg validate
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(missing_en))


def test_schema_out_writes_file(cli, tmp_path: Path):
    result = cli("schema", "--out", str(tmp_path / "s.json"))
    assert result.returncode == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "kg data file"


@pytest.mark.parametrize("args, error", [
    # the list of choices is quoted differently from one Python version to the next
    (["frobnicate"], "kg: error: argument VERB: invalid choice: 'frobnicate' (choose from "),
    (["build", "--nope"], "kg: error: unrecognized arguments: --nope"),
    ([], "kg: error: the following arguments are required: VERB"),
])
def test_usage_errors_exit_2_with_the_usage_line(cli, args, error):
    result = cli(*args)
    assert (result.returncode, result.stdout) == (2, "")
    usage, message = result.stderr.splitlines()
    assert usage == "usage: kg [-h] VERB ..."
    assert message == error or error.endswith("(choose from ") and message.startswith(error)


def test_missing_path_is_a_clean_error(cli, tmp_path: Path):
    result = cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"kg validate: {tmp_path / 'nowhere'}: no such file or folder"


def test_folder_without_dataset_is_a_clean_error(cli, tmp_path: Path):
    result = cli("build", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (f"kg build: {tmp_path}: no dataset.yaml in it or in its sub-folders; "
                             "each source document's folder needs one\n")
