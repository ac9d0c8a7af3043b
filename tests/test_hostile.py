"""Bad input never crashes kg, never loses data, never runs code."""

from __future__ import annotations

import csv
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

import kg
from conftest import KG, TEST_DATA, run_kg
from kg.cli import main
from kg.loader import MAX_FILE_BYTES

MINIMAL = TEST_DATA / "minimal"


def _dataset(tmp: Path, files: dict[str, str]) -> Path:
    ds = tmp / "ds"
    if ds.exists():
        shutil.rmtree(ds)
    shutil.copytree(MINIMAL, ds)
    for name, text in files.items():
        (ds / name).write_text(text, encoding="utf-8")
    return ds


def test_a_huge_file_is_refused_before_it_is_read(cli, minimal_copy: Path):
    big = minimal_copy / "huge.yaml"
    with big.open("wb") as f:  # a sparse 200 MB file: refused by its size, never read
        f.truncate(200 * 2**20)
    result = cli("validate", str(minimal_copy))
    assert result.returncode == 1
    assert f"huge.yaml:1:1: file is 200 MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB per file" in result.stderr


def test_many_problems_are_capped_with_a_count(cli, tmp_path: Path):
    lines = ["goals:"] + [f"  - id: g{i}\n    label: {{zh: 目标, en: Goal}}\n    colour{i}: red" for i in range(60)]
    ds = _dataset(tmp_path, {"many.yaml": "\n".join(lines) + "\n"})
    result = cli("build", str(ds), "--out", str(tmp_path / "out"))
    err = result.stderr.splitlines()
    assert result.returncode == 1
    assert len(err) == 52 and err[-2] == "... and 10 more" and err[-1] == "60 problems found"
    assert not (tmp_path / "out").exists()


# -- property-based --------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(lambda s: s.strip())
_ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def datasets(draw):
    goal_ids = draw(st.lists(_ids, min_size=1, max_size=4, unique=True))
    measure_ids = draw(st.lists(_ids.filter(lambda i: i not in goal_ids), min_size=0, max_size=5, unique=True))
    goals = [{"id": g, "label": {"zh": draw(_text), "en": draw(_text)}} for g in goal_ids]
    measures = [{"id": m, "label": {"zh": draw(_text), "en": draw(_text)},
                 "serves": draw(st.lists(st.sampled_from(goal_ids), min_size=1, max_size=2, unique=True))}
                for m in measure_ids]
    values = draw(st.lists(st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False), max_size=4))
    indicators = [{"id": "ind", "label": {"zh": "指标", "en": "Indicator"}, "tracks": goal_ids[:1],
                   "observations": [{"id": f"obs{i}", "value": float(v), "unit": "percent", "period": 2000 + i}
                                    for i, v in enumerate(values)]}] if values else []
    return {"goals": goals, "measures": measures, "indicators": indicators}


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=datasets())
def test_random_valid_data_builds_and_its_turtle_reparses_isomorphic(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("prop")
    body = {k: v for k, v in data.items() if v}
    ds = _dataset(tmp, {"random.yaml": yaml.safe_dump(body, allow_unicode=True, sort_keys=False)})
    (ds / "entities.yaml").write_text("places:\n  - id: somewhere\n    label: {zh: 某地, en: Somewhere}\n"
                                      "  - {id: talk-place, label: {zh: 讲, en: T}}\n", encoding="utf-8")
    _, graph = kg.build([ds])
    text = kg.to_turtle(graph)
    assert isomorphic(graph, Graph().parse(data=text, format="turtle"))
    for goal in data["goals"]:
        labels = {(o.language, str(o)) for o in graph.objects(URIRef("https://example.org/minimal/" + goal["id"]),
                                                              SKOS.prefLabel)}
        assert labels == {("zh", goal["label"]["zh"].strip()), ("en", goal["label"]["en"].strip())}


def _mutate(text: str, ops: list[tuple[str, int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    for op, at, junk in ops:
        if not lines:
            break
        i = at % len(lines)
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = " " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "insert":
            pos = len(junk) % (len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
    return "".join(lines)


_ops = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert"]),
                          st.integers(0, 200), st.text(max_size=6)), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops, which=st.sampled_from(["entities.yaml", "dataset.yaml"]))
def test_mutated_files_never_crash_or_write_half(tmp_path_factory, ops, which, capsys):
    tmp = tmp_path_factory.mktemp("mut")
    original = (MINIMAL / which).read_text(encoding="utf-8")
    ds = _dataset(tmp, {which: _mutate(original, ops)})
    out = tmp / "out"
    try:
        code = main(["build", str(ds), "--out", str(out)])
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "Traceback" not in err
    if code == 1:
        assert not out.exists() or list(out.iterdir()) == []
    else:
        assert {p.name for p in out.iterdir()} >= {"graph.ttl", "graph.html"}


# -- atomic outputs --------------------------------------------------------------------------

def test_a_write_that_fails_midway_keeps_the_old_file(tmp_path: Path):
    from kg.files import atomic_write

    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as f:
            f.write("new and half")
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]

def _tmp_leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def _outputs(folder: Path) -> dict[str, str]:
    """The build's files by name, as digests (so a failing comparison prints something short)."""
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.suffix in (".ttl", ".html")}


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_build_leaves_the_previous_output_intact(tmp_path: Path, sig):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.synthetic import generate

    big = generate(tmp_path / "big", measures=600)
    assert run_kg("build", str(big), "--out", str(tmp_path / "new")).returncode == 0
    new = _outputs(tmp_path / "new")
    out = tmp_path / "out"
    assert run_kg("build", str(MINIMAL), "--out", str(out)).returncode == 0
    before = _outputs(out)
    outcomes = set()
    for delay in (0.5, 1.5, 3.0, 5.0):
        # the signal's default action restored in the child: a shell runs background jobs with SIGINT
        # ignored, and Python keeps a signal ignored at start-up ignored
        proc = subprocess.Popen([str(KG), "build", str(big), "--out", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        assert b"Traceback" not in err
        assert _tmp_leftovers(out) == []
        after = _outputs(out)
        # killed before the files were renamed into place: the old build, whole; after: the new one, whole
        assert after in (before, new), (proc.returncode, err[-300:])
        outcomes.add("old" if after == before else "new")
        if after == new:
            assert run_kg("build", str(MINIMAL), "--out", str(out)).returncode == 0  # start over from the old
    assert "old" in outcomes  # at least one kill landed mid-build


@pytest.mark.slow
def test_two_concurrent_builds_leave_one_consistent_result(tmp_path: Path):
    a = _dataset(tmp_path / "a", {})
    b = _dataset(tmp_path / "b", {})
    (b / "dataset.yaml").write_text((b / "dataset.yaml").read_text(encoding="utf-8")
                                    .replace("最小示例, en: Minimal example", "另一个, en: Another example"), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        procs = [subprocess.Popen([str(KG), "build", str(d), "--out", str(out)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for d in (a, b)]
        for p in procs:
            assert p.wait(timeout=120) == 0
        ttl = (out / "graph.ttl").read_text(encoding="utf-8")
        html = (out / "graph.html").read_text(encoding="utf-8")
        which = "Another example" if "Another example" in ttl else "Minimal example"
        assert which in html and ({"Another example", "Minimal example"} - {which}).pop() not in html
        assert _tmp_leftovers(out) == []


# -- every verb, bad arguments -----------------------------------------------------------------

# (exit code, arguments): 2 for a usage error (argparse's or kg's UsageError), 1 for a failed operation
BAD = [
    (2, ["build", "/nonexistent/folder"]),
    (1, ["build", str(MINIMAL / "entities.yaml"), "--out", "/proc/kg-cannot-write-here"]),
    (2, ["build", "--lang", "fr"]),
    (2, ["validate", "/"]),
    (1, ["schema", "--out", "/proc/kg-cannot-write-here/s.json"]),
    (2, ["query"]),
    (2, ["query", "no-such-query"]),
    (2, ["query", "counts-by-class", "--graph", "/nonexistent.ttl"]),
    (2, ["query", "counts-by-class", "--graph", str(MINIMAL / "source.txt")]),
    (2, ["query", "counts-by-class", "--format", "xls"]),
    (1, ["query", "SELECT ?x WHERE { ?x ?y }"]),
    (2, ["analyze", "--graph", "/nonexistent.ttl"]),
    (2, ["analyze", "--format", "pdf"]),
    (2, ["trace"]),
    (2, ["trace", "no-such-entity"]),
    (2, ["view", "--depth", "-1"]),
    (2, ["view", "--depth", "two"]),
    (1, ["view", "--out", "/proc/kg-cannot-write-here/v.html"]),
    (2, ["export", "--format", "excel"]),
    (1, ["export", "--format", "turtle", "--out", "/proc/kg-cannot-write-here/g.ttl"]),
    (2, ["push"]),
    (2, ["push", "--endpoint", "ftp://example.invalid/store"]),
    (1, ["push", "--endpoint", "http://127.0.0.1:9/store"]),
    (2, ["push", "--endpoint", "http://127.0.0.1:9/store", "--chunk-size", "many"]),
    (2, ["--version-that-does-not-exist"]),
]


@pytest.mark.parametrize("code, args", BAD, ids=[" ".join(a)[:50] for _, a in BAD])
def test_every_verb_with_bad_arguments_fails_cleanly(cli, code, args, tmp_path):
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip()
    assert len(result.stderr.strip().splitlines()) <= 3 or "usage:" in result.stderr


def test_markdown_and_csv_output_keep_hostile_labels_as_text(cli, tmp_path: Path):
    hostile = '=HYPERLINK("http://x") | <script>alert(1)</script> `code`'
    ds = _dataset(tmp_path, {})
    entities = ds / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "label: {zh: 目标, en: Goal}", f"label: {{zh: 目标, en: '{hostile}'}}"), encoding="utf-8")
    query = "SELECT ?g ?l WHERE { ?g a kgo:Goal ; skos:prefLabel ?l FILTER(LANG(?l) = 'en') }"
    md = cli("query", query, str(ds), "--format", "md").stdout.splitlines()
    escaped = '=HYPERLINK("http://x") \\| &lt;script&gt;alert(1)&lt;/script&gt; \\`code\\`'
    assert md[2] == f"| {escaped} | {escaped} |"  # the IRI column shows the label too
    rows = list(csv.DictReader(io.StringIO(cli("query", query, str(ds), "--format", "csv").stdout)))
    assert rows[0]["l"] == "'" + hostile  # a spreadsheet shows the text; it never runs it as a formula
