"""The kg command, run through the installed console script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pyoxigraph
import yaml

from conftest import DATA, run_kg


def test_build_with_no_arguments_writes_out_graph_ttl(tmp_path: Path):
    result = run_kg("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ttl = tmp_path / "out" / "graph.ttl"
    assert "wrote out/graph.ttl" in result.stdout
    m = re.search(r"(\d+) entities \(.*\); (\d+) triples", result.stdout)
    assert m, result.stdout
    store = pyoxigraph.Store()
    store.load(ttl.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == int(m[2])
    assert not [p for p in ttl.parent.iterdir() if p.name.endswith(".tmp")]


def test_broken_reference_fails_with_file_and_line_and_writes_nothing(data_copy: Path, tmp_path: Path):
    measures = data_copy / "zhejiang-2024-manufacturing" / "measures" / "cluster-cultivation.yaml"
    lines = measures.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "work_area: cluster-cultivation" in line)
    lines[n] = lines[n].replace("cluster-cultivation", "cluster-cultivaton")
    measures.write_text("".join(lines), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_kg("build", str(data_copy), "--out", str(empty))
    assert result.returncode == 1
    assert f"cluster-cultivation.yaml:{n + 1}:" in result.stderr
    assert "no work area with id 'cluster-cultivaton'; did you mean 'cluster-cultivation'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(empty.iterdir()) == []


def test_validate_accepts_the_bundled_data():
    result = run_kg("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")


def test_schema_validates_every_bundled_yaml_file(tmp_path: Path):
    result = run_kg("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(DATA.rglob("*.yaml"))
    assert files
    for file in files:
        errors = list(validator.iter_errors(yaml.safe_load(file.read_text(encoding="utf-8"))))
        assert errors == [], f"{file}: {errors[0].message}"


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(run_kg("schema").stdout)
    bad = {"measures": [{"id": "m", "label": {"zh": "举措", "en": "M"}, "work_aera": "w"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    missing_en = {"goals": [{"id": "g", "label": {"zh": "目标"}}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(missing_en))


def test_schema_out_writes_file(tmp_path: Path):
    result = run_kg("schema", "--out", str(tmp_path / "s.json"))
    assert result.returncode == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "kg data file"


def test_usage_errors_exit_2_without_traceback():
    for args in (["frobnicate"], ["build", "--nope"], []):
        result = run_kg(*args)
        assert result.returncode == 2, args
        assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_missing_path_is_a_clean_error(tmp_path: Path):
    result = run_kg("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"kg validate: {tmp_path / 'nowhere'}: no such file or folder"


def test_folder_without_dataset_is_a_clean_error(tmp_path: Path):
    result = run_kg("build", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (f"kg build: {tmp_path}: no dataset.yaml in it or in its sub-folders; "
                             "each source document's folder needs one\n")
