"""The one build path: ``kg build``, the exports and the library give the same graph, and the same
located errors, whether files are read on one core or several."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg
from bench.synthetic import generate
from conftest import KG, TEST_DATA
from kg.loader import read
from kg.export import export
from kg.outputs import build_outputs
from kg.pipeline import build_store


@pytest.fixture(autouse=True)
def parallel(monkeypatch):
    """Worker processes parse the files however few they are (kg starts them only for large data)."""
    monkeypatch.setattr("kg.loader.PARALLEL_MIN_BYTES", 0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("syn") / "data", measures=1500)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_built_turtle_ntriples_and_nquads_are_the_library_graph(which, synthetic, tmp_path):
    paths = None if which == "bundled" else [synthetic]
    _, normal = kg.build(paths, shacl=which == "bundled")
    build_outputs(paths, tmp_path)
    store = build_store(paths, workers=2)
    export(store, "ntriples", tmp_path / "g.nt")
    export(store, "nquads", tmp_path / "g.nq")
    (tmp_path / "graph.ttl").rename(tmp_path / "g.ttl")
    assert isomorphic(normal, Graph().parse(tmp_path / "g.ttl", format="turtle"))
    assert isomorphic(normal, Graph().parse(tmp_path / "g.nt", format="nt"))
    ds = Dataset().parse(tmp_path / "g.nq", format="nquads")
    union = Graph()
    for g in ds.graphs():
        union += g
    assert isomorphic(normal, union)
    assert len((tmp_path / "g.nt").read_text(encoding="utf-8").splitlines()) == len(normal)  # nothing twice


def test_kg_build_is_deterministic_and_gives_the_library_graph(tmp_path, bundled, bundled_ttl):
    # the session's build against one in a process of its own, with another hash seed
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    again = subprocess.run([str(KG), "build", "--out", str(tmp_path / "b")], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)
    assert again.returncode == 0, again.stderr
    assert bundled_ttl.read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()
    built = Graph().parse(bundled_ttl, format="turtle")
    assert isomorphic(built, bundled[1])


def test_parallel_reading_reports_the_same_located_problems(cli, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(TEST_DATA / "minimal", ds)
    for case in ("many-problems", "unknown-key", "number-with-scale", "tab-indent"):
        shutil.copy(TEST_DATA / "invalid" / f"{case}.yaml", ds / f"{case}.yaml")
    serial = read([ds], workers=1)[1]
    parallel = read([ds], workers=2)[1]
    assert serial and [str(p) for p in serial] == [str(p) for p in parallel]
    result = cli("build", str(ds), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "unknown key 'work_aera' in measure" in result.stderr
    assert not (tmp_path / "out").exists()


def test_streaming_build_data_set_by_data_set_gives_the_normal_graph_and_store(synthetic, tmp_path):
    from kg.store import open_store

    written, stats = build_outputs([synthetic], tmp_path, store=tmp_path / "store")
    assert [p.name for p in written] == ["graph.ttl", "store", "graph.html"]
    _, normal = kg.build([synthetic], shacl=False)
    assert stats.triples == len(normal)  # shared periods written once across data sets
    assert isomorphic(normal, Graph().parse(tmp_path / "graph.ttl", format="turtle"))
    assert len(open_store(tmp_path / "store")) == len(normal)


def test_streaming_build_reports_every_data_sets_problems_and_writes_nothing(cli, synthetic, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(synthetic, bad)
    for folder, old, new in (("synthetic-0000", "work_area: w1", "work_area: w99"),
                             ("synthetic-0001", "tracks: [m2]", "tracks: [m-none]")):
        f = next((bad / folder).glob("measures-1.yaml")) if "work_area" in old else bad / folder / "indicators.yaml"
        f.write_text(f.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", str(bad), "--out", str(out), "--store", str(tmp_path / "store"))
    assert result.returncode == 1
    assert "synthetic-0000/measures-1.yaml" in result.stderr and "synthetic-0001/indicators.yaml" in result.stderr
    assert not out.exists() and not (tmp_path / "store").exists()
