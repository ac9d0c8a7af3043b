"""What kg must never do to a user's files, whatever the data or the arguments: delete a folder it
did not make, read outside the data set, hang on a lock its killed holder left, leave half a set
of outputs, replace a device node, or lose digits of a value."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import KG, TEST_DATA, run_kg
from kg.files import LockBusy, output_lock
from kg.store import STORE_MARKER

MINIMAL = TEST_DATA / "minimal"


# -- 1. never delete or replace a folder kg did not create --------------------------------------

def _thesis(tmp_path: Path) -> Path:
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.txt").write_text("months of work", encoding="utf-8")
    return thesis


def test_export_oxigraph_refuses_a_folder_that_is_not_a_store(cli, tmp_path: Path):
    thesis = _thesis(tmp_path)
    result = cli("export", "--format", "oxigraph", str(MINIMAL), "--out", "thesis", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("kg export: thesis: the folder is not empty and is not a store kg wrote (it has no "
                             ".kg-store file); kg will not replace it: choose another folder\n")
    assert sorted(p.name for p in thesis.iterdir()) == ["chapter1.txt"]
    assert (thesis / "chapter1.txt").read_text(encoding="utf-8") == "months of work"


def test_build_store_refuses_the_data_set_itself_and_writes_nothing(cli, minimal_copy: Path, tmp_path: Path):
    before = sorted(p.name for p in minimal_copy.iterdir())
    result = cli("build", str(minimal_copy), "--store", str(minimal_copy), "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"kg build: {minimal_copy}: the folder is not empty and is not a store kg wrote (it has "
                             "no .kg-store file); kg will not replace it: choose another folder\n")
    assert sorted(p.name for p in minimal_copy.iterdir()) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fast", [False, True], ids=["default", "shacl"])
def test_a_store_kg_wrote_is_replaced_and_a_file_is_refused(cli, tmp_path: Path, fast: bool):
    extra = ["--shacl"] if fast else []
    store = tmp_path / "store"
    for _ in range(2):  # the second build replaces the first store
        result = cli("build", str(MINIMAL), "--store", str(store), "--out", str(tmp_path / "out"), *extra)
        assert result.returncode == 0, result.stderr
    assert (store / STORE_MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    query = cli("query", "--store", str(store), "ASK { ?s ?p ?o }")
    assert (query.returncode, query.stdout) == (0, "result\n------\ntrue\n(1 row)\n")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep", encoding="utf-8")
    result = cli("export", "--format", "oxigraph", str(MINIMAL), "--out", str(a_file))
    assert (result.returncode, result.stderr) == (2, f"kg export: {a_file}: the oxigraph export is a folder, and this is a file\n")
    assert a_file.read_text(encoding="utf-8") == "keep"


# -- 4. nothing is read from outside the data set --------------------------------------------------

def _with_source_file(folder: Path, file: str) -> None:
    yaml_file = folder / "dataset.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("file: source.txt", f"file: '{file}'"), encoding="utf-8")


@pytest.mark.parametrize("file, reason", [
    ("/etc/passwd", "is outside the data set folder"),
    ("../outside.txt", "is outside the data set folder"),
    ("/dev/zero", "is outside the data set folder"),
])
def test_a_source_file_outside_the_data_set_is_refused(cli, minimal_copy: Path, tmp_path: Path, file: str, reason: str):
    (tmp_path / "outside.txt").write_text("要建设绿色工厂", encoding="utf-8")
    _with_source_file(minimal_copy, file)
    result = cli("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    shown = str(Path(".") / file)  # as the data set names it
    assert first == f"dataset.yaml:10:11: source 'talk': file: refusing to read it: {shown} {reason} ."


def test_a_fifo_or_a_symlink_out_of_the_data_set_is_refused_without_hanging(minimal_copy: Path, tmp_path: Path):
    os.mkfifo(minimal_copy / "pipe.txt")
    _with_source_file(minimal_copy, "pipe.txt")
    # a process of its own, whose timeout fails this test if reading the FIFO hangs (in-process, it would hang the session)
    result = run_kg("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("dataset.yaml:10:11: source 'talk': file: refusing to read it: "
                                             "pipe.txt is not a regular file")


def test_a_data_file_linked_to_a_secret_is_refused_and_not_echoed(cli, minimal_copy: Path, tmp_path: Path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("goals: S3cr3t-password-line\n", encoding="utf-8")
    (minimal_copy / "more.yaml").symlink_to(secret)
    result = cli("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    assert "S3cr3t" not in result.stderr
    assert result.stderr.splitlines()[0] == ("more.yaml:1:1: refusing to read this file: it is outside the "
                                             "data set folder .")


def test_long_offending_text_is_echoed_short(cli, minimal_copy: Path):
    (minimal_copy / "case.yaml").write_text("goals: " + "x" * 10_000 + "\n", encoding="utf-8")
    result = cli("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"case.yaml:1:8: goals: expected a list of entries, found text '{'x' * 60}…'"


# -- 5. the output lock dies with its holder and is never removed by another -----------------------

def test_a_held_lock_is_reported_busy_and_released_on_failure_only_by_its_holder(tmp_path: Path):
    out = tmp_path / "out"
    holder_in, holder_fail, waiter_in, waiter_go = (threading.Event() for _ in range(4))
    errors: list[BaseException] = []

    def holder() -> None:
        try:
            with output_lock(out):
                holder_in.set()
                holder_fail.wait(10)
                raise RuntimeError("build failed")
        except RuntimeError:
            pass

    def waiter() -> None:
        try:
            with output_lock(out):
                waiter_in.set()
                waiter_go.wait(10)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    a = threading.Thread(target=holder)
    a.start()
    assert holder_in.wait(10)
    with pytest.raises(LockBusy):
        with output_lock(out, wait=False):
            pass
    b = threading.Thread(target=waiter)
    b.start()
    holder_fail.set()  # the first build fails while the second waits
    assert waiter_in.wait(10)
    with pytest.raises(LockBusy):  # a third build must still wait for the second
        with output_lock(out, wait=False):
            pass
    waiter_go.set()
    a.join(10)
    b.join(10)
    assert errors == []
    with output_lock(out, wait=False):
        pass


_HOLD_WITH_WORKERS = """
import sys, time
from pathlib import Path
import kg.loader
from kg.files import output_lock
from kg.loader import read
kg.loader.PARALLEL_MIN_BYTES = 0  # workers however small the data
with output_lock(Path(sys.argv[1])):
    read([sys.argv[2]], workers=2)  # starts the parallel reader's worker processes, as kg build --fast does
    print("holding", flush=True)
    time.sleep(600)
"""


def test_the_lock_of_a_killed_build_is_free_although_its_workers_live(tmp_path: Path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_WITH_WORKERS, str(out), str(MINIMAL)],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout.readline() == "holding\n"
        proc.send_signal(signal.SIGKILL)  # only the parent: its workers are orphaned, not killed
        proc.wait(10)
        with output_lock(out, wait=False):
            pass
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- 7. the outputs of one build are replaced together, and an error names its file --------------

def test_a_failing_second_output_leaves_the_first_old_one_in_place(cli, tmp_path: Path, minimal_copy: Path):
    out = tmp_path / "out"
    assert cli("build", str(MINIMAL), "--out", str(out)).returncode == 0
    old = (out / "graph.ttl").read_bytes()
    (out / "graph.html").unlink()
    (out / "graph.html").mkdir()
    text = (minimal_copy / "entities.yaml").read_text(encoding="utf-8")
    (minimal_copy / "entities.yaml").write_text(text.replace("Build green factories", "Build green plants"),
                                               encoding="utf-8")
    result = cli("build", str(minimal_copy), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == f"kg build: {out / 'graph.html'}: is a folder, not a file\n"
    assert (out / "graph.ttl").read_bytes() == old
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


def _file_size_limit(limit: int):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_names_the_file_and_replaces_nothing(cli, tmp_path: Path):
    out = tmp_path / "out"
    assert cli("build", str(MINIMAL), "--out", str(out)).returncode == 0
    ttl_size = (out / "graph.ttl").stat().st_size
    assert (out / "graph.html").stat().st_size > ttl_size + 1000
    (out / "graph.ttl").write_text("old", encoding="utf-8")
    # graph.ttl fits under the limit, graph.html (the view, with its scripts) does not; a process of its
    # own, as a resource limit is
    result = subprocess.run([str(KG), "build", str(MINIMAL), "--out", str(out)], capture_output=True, text=True,
                            preexec_fn=_file_size_limit(ttl_size + 1000), timeout=300)
    assert result.returncode == 1
    assert result.stderr == f"kg build: {out / 'graph.html'}: File too large\n"
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "old"
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# -- 8. --out never replaces a device node or a FIFO ------------------------------------------------

def test_out_writes_into_a_fifo_without_replacing_it(cli, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)  # no hang at exit if kg never writes
    reader.start()
    result = cli("schema", "--out", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].startswith(b"{")


def test_out_dev_null_stays_a_device(cli):
    result = cli("schema", "--out", os.devnull)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


# -- 10, 12, 13: values kept exactly, expansion bounded, IRIs checked up front ---------------------

def test_a_value_keeps_every_digit_written(cli, minimal_copy: Path, tmp_path: Path):
    text = (minimal_copy / "entities.yaml").read_text(encoding="utf-8")
    assert "value: 2.94" in text
    (minimal_copy / "entities.yaml").write_text(
        text.replace("value: 2.94", "value: 3.1415926535897932384626433832795"), encoding="utf-8")
    result = cli("build", str(minimal_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert '3.1415926535897932384626433832795' in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_aliases_of_a_long_string_are_refused_by_their_expanded_size(cli, minimal_copy: Path):
    long = "x" * (1 << 20)
    aliases = ", ".join(["*s"] * 200)
    (minimal_copy / "case.yaml").write_text(f"x-anchor: &s {long}\ngoals: [{aliases}]\n", encoding="utf-8")
    result = cli("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    assert result.stderr == ("case.yaml:1:1: file expands to more than 100,000,000 characters (aliases included); "
                             "refusing it\n1 problem found\n")


def _dataset_line(folder: Path, old: str, new: str) -> None:
    path = folder / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("base, why", [
    ("https://example.org/minimal#", ""),
    ("https://example.org/%zz/", " (is not a valid IRI (Invalid IRI percent encoding '%zz'))"),
    ("https://[zz]/minimal/", " (is not a valid IRI (Invalid host IP (invalid IPv6 address syntax)))"),
])
def test_a_bad_base_is_a_located_error(cli, minimal_copy: Path, base: str, why: str):
    _dataset_line(minimal_copy, "base: https://example.org/minimal/", f"base: '{base}'")
    result = cli("validate", ".", cwd=minimal_copy)
    assert result.returncode == 1
    assert result.stderr == (f"dataset.yaml:3:9: base: expected an http(s) IRI ending in '/', found '{base}'{why}\n"
                             "1 problem found\n")


def test_two_data_sets_sharing_a_base_are_refused(cli, tmp_path: Path):
    import shutil

    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(MINIMAL, a)
    shutil.copytree(MINIMAL, b)
    _dataset_line(b, "id: minimal", "id: other")
    result = cli("validate", "a", "b", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("b/dataset.yaml:2:3: base 'https://example.org/minimal/' is used by a too; "
                             "each data set needs its own\n1 problem found\n")


def test_the_output_set_itself_refuses_to_replace_a_folder_kg_did_not_make(tmp_path: Path):
    from kg.files import OutputSet

    thesis = _thesis(tmp_path)
    new = tmp_path / "new"
    new.mkdir()
    files = OutputSet()
    files.add_folder(new, thesis, STORE_MARKER)
    with pytest.raises(OSError, match="exists and is not a folder kg made"):
        files.commit()
    assert (thesis / "chapter1.txt").read_text(encoding="utf-8") == "months of work"
    assert not new.exists()  # the staged folder is discarded
