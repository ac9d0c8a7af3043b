"""Facts with one home: the paths that build, export and read a graph agree on a data set's prefix
and on the named graph of each triple, and only a checked corpus can be built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from conftest import TEST_DATA
from kg.records import CheckedCorpus
from kg.store import open_store

MINIMAL = TEST_DATA / "minimal"


def _copy(dest: Path, dataset_id: str, base: str) -> Path:
    shutil.copytree(MINIMAL, dest)
    path = dest / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: minimal", f"id: {dataset_id}")
                    .replace("https://example.org/minimal/", base), encoding="utf-8")
    return dest


def test_a_dotted_data_set_id_is_one_prefix_in_every_output(cli, tmp_path: Path):
    data = _copy(tmp_path / "mini", "mini.v2", "https://example.org/mini-v2/")
    built = cli("build", str(data), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store"))
    exported = cli("export", str(data), "--format", "turtle", "--out", str(tmp_path / "export.ttl"))
    assert built.returncode == 0 and exported.returncode == 0, built.stderr + exported.stderr
    for turtle in (tmp_path / "out" / "graph.ttl", tmp_path / "export.ttl"):  # streamed, and from an rdflib graph
        text = turtle.read_text(encoding="utf-8")
        assert "@prefix mini.v2: <https://example.org/mini-v2/> ." in text, turtle
        assert "mini.v2:m a kgo:Measure" in text, turtle
    prefixes = dict(open_store(tmp_path / "store").namespaces())
    assert str(prefixes["mini.v2"]) == "https://example.org/mini-v2/"
    assert "minimal" not in prefixes and "mini-v2" not in prefixes


def _quads(path: Path) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def test_nested_bases_put_each_triple_in_the_graph_of_the_longest_base(cli, tmp_path: Path):
    outer = _copy(tmp_path / "outer", "outer", "https://example.org/a/")
    inner = _copy(tmp_path / "inner", "inner", "https://example.org/a/b/")
    for name, graph_file in (("data", None), ("built", tmp_path / "out" / "graph.ttl")):
        if graph_file is None:
            made = cli("export", str(outer), str(inner), "--format", "nquads", "--out", str(tmp_path / "data.nq"))
        else:
            assert cli("build", str(outer), str(inner), "--out", str(tmp_path / "out")).returncode == 0
            made = cli("export", "--graph", str(graph_file), "--format", "nquads", "--out", str(tmp_path / "built.nq"))
        assert made.returncode == 0, made.stderr
    a, b = _quads(tmp_path / "data.nq"), _quads(tmp_path / "built.nq")
    assert a == b
    inner_graph, outer_graph = ox.NamedNode("https://example.org/a/b/"), ox.NamedNode("https://example.org/a/")
    assert {q.graph_name for q in a if q.subject == ox.NamedNode("https://example.org/a/b/m")} == {inner_graph}
    assert {q.graph_name for q in a if q.subject == ox.NamedNode("https://example.org/a/m")} == {outer_graph}


def test_each_data_set_is_written_as_with_every_prefix(tmp_path: Path):
    # A worker writes a data set's Turtle with only the prefixes that can cover its IRIs (with one
    # per data set, pyoxigraph's writing slows with the corpus): nested bases, and references into
    # other data sets by id and by full IRI, must come out as with every prefix given.
    from kg.loader import read_folder
    from kg.pipeline import check_and_build, dataset_blocks, turtle_header
    from kg.triples import prefixes

    refs = {"outer": "same_as: https://example.org/a/b/m", "inner": "exact_match: outer:m",
            "cee": "close_match: https://example.org/d/m", "dee": "same_as: [https://example.org/c/m, https://example.org/d/m2]"}
    bases = {"outer": "https://example.org/a/", "inner": "https://example.org/a/b/", "cee": "https://example.org/c/",
             "dee": "https://example.org/d/"}
    folders = []
    for name, ref in refs.items():
        folder = _copy(tmp_path / name, name, bases[name])
        entities = folder / "entities.yaml"
        entities.write_text(entities.read_text(encoding="utf-8").replace("    mentions: [p]\n", f"    mentions: [p]\n    {ref}\n"),
                            encoding="utf-8")
        folders.append(folder)
    every = prefixes(dataset_blocks(folders))
    header = turtle_header(every)
    bodies = {}
    for folder in folders:
        ds, problems = read_folder(folder)
        built = check_and_build(bases, every, ds, problems)
        assert problems == [] and built is not None
        quads = list(ox.parse(header + built.turtle, format=ox.RdfFormat.TURTLE))
        assert len(quads) == built.triples
        with_every = ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=dict(every)) or b""
        assert built.turtle == with_every[len(header):], folder.name
        bodies[folder.name] = built.turtle.decode("utf-8")
    assert "owl:sameAs inner:m ;" in bodies["outer"] and "skos:exactMatch outer:m ;" in bodies["inner"]
    assert "skos:closeMatch dee:m ;" in bodies["cee"] and "owl:sameAs cee:m , dee:m2 ;" in bodies["dee"]


def test_only_a_checked_corpus_can_be_built():
    corpus = kg.load([MINIMAL])
    with pytest.raises(kg.UsageError, match=r"^this corpus has not been checked: build what kg.check\(corpus\) returns"):
        kg.build_graph(corpus)
    with pytest.raises(TypeError, match=r"^a CheckedCorpus is made by kg.check\(corpus\)"):
        CheckedCorpus(corpus.datasets)
    checked = kg.check(corpus)
    assert isinstance(checked, CheckedCorpus) and checked.datasets == corpus.datasets
    graph = kg.build_graph(checked)
    assert not any("None" in str(s) for s in graph.subjects())


def test_check_raises_every_problem_and_makes_nothing(tmp_path):
    bad = tmp_path / "minimal"
    shutil.copytree(MINIMAL, bad)
    entities = bad / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("    serves: g\n", "    serves: nowhere\n"),
                        encoding="utf-8")
    with pytest.raises(kg.DataError) as raised:
        kg.check(kg.load([bad]))
    assert [p.message for p in raised.value.problems] == \
        ["serves: no goal with id 'nowhere'"]


def test_an_update_is_seen_by_the_next_query_on_both_engines():
    from kg.query import run_query

    _, graph = kg.build([MINIMAL], shacl=False)
    label = "SELECT ?l WHERE { <https://example.org/minimal/g> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l " \
            "FILTER(lang(?l) = 'en') }"
    assert [str(r[0]) for r in run_query(graph, label).rows] == ["Goal"]
    run_query(graph, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                     "DELETE { ?g skos:prefLabel 'Goal'@en } INSERT { ?g skos:prefLabel 'Aim'@en } "
                     "WHERE { ?g skos:prefLabel 'Goal'@en }", allow_update=True, engine="rdflib")
    for engine in ("rdflib", "oxigraph"):  # the same size as before: a cache by size answered "Goal"
        assert [str(r[0]) for r in run_query(graph, label, engine=engine).rows] == ["Aim"], engine


def test_a_build_and_its_view_import_no_rdflib(tmp_path: Path):
    """rdflib is for what only it does (SHACL, compacted JSON-LD, its query engine): importing it
    takes longer than building the bundled data, so ``kg build`` (the view included) must not."""
    import subprocess
    import sys

    script = ("import sys\nfrom kg.cli import main\ncode = main(['build', '--out', sys.argv[1]])\n"
              "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyshacl', 'networkx'}))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
