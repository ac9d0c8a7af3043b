"""YAML files -> records, every value located; every problem collected, not just the first."""

from __future__ import annotations

import gc
import re
from dataclasses import replace
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

import yaml

from kg.errors import DataError, Problem, UsageError
from kg.fields import Nested, Reader, describe
from kg.files import OutsideError, read_inside, release_inherited_locks
from kg.iri import iri_problem, short
from kg.model import DATASET_FIELDS, DATASET_LINKS, ID_PATTERN, KIND_BY_KEY, KINDS, SCALES, UNIT_BOUNDS, Corpus, Dataset, Kind, Loc, Record
from kg.resources import DATA_DIR
from kg.yamltext import decode, parse_yaml

__all__ = ["load", "read", "read_each", "parse", "read_dataset_block", "read_folder", "each_dataset", "data_folders", "dataset_folders", "DATASET_FILE", "DEFAULT_DATA", "MAX_FILE_BYTES"]

#: The file that marks a folder as one data set (one source document).
DATASET_FILE = "dataset.yaml"
#: Largest data file read; bigger ones are refused before reading (split them: any number of files is fine).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The bundled data, used when no path is given.
DEFAULT_DATA = DATA_DIR
#: Fewest bytes of YAML worth parsing in worker processes: starting them costs more than they save
#: on less (the bundled data, 14 files, reads in 50 ms in one process and in 150 ms with two workers).
PARALLEL_MIN_BYTES = 1024 * 1024
#: Data sets whose files are handed to the workers ahead of the one being checked and built.
_AHEAD = 2

_ID = re.compile(ID_PATTERN)


def _bad_id(text: str) -> str:
    if text.endswith(".") and _ID.match(text.rstrip(".")):
        return f"id '{short(text)}' must not end with '.'"
    return (f"id '{short(text)}' may hold only ASCII letters, digits, '.', '_' and '-', "
            "and must start with a letter or digit")


def _check_bounds(r: Reader, record: Record, values: dict[str, yaml.Node], who: str | None) -> None:
    """A value must fit its unit: counts are whole and not negative, shares lie within 0-100."""
    unit, value = record.values.get("unit"), record.values.get("value")
    if not isinstance(unit, str) or unit not in UNIT_BOUNDS or not isinstance(value, Decimal):
        return
    low, high, whole = UNIT_BOUNDS[unit]
    scale = record.values.get("scale")
    counted = value.scaleb(SCALES[scale]) if isinstance(scale, str) and scale in SCALES else value  # 1.5万家
    if whole and counted != counted.to_integral_value():
        r.fail(values["value"], f"value: a {unit} is a whole number, found {value}", who)
    if low is not None and value < low:
        r.fail(values["value"], f"value: a {unit} cannot be below {low}, found {value}", who)
    if high is not None and value > high:
        r.fail(values["value"], f"value: a {unit} cannot be above {high}, found {value}"
                                + ("; for a growth rate use unit: percent" if unit == "share" else ""), who)


def _read_entity(r: Reader, node: yaml.Node, kind: Kind, dataset: str, parent: Record | None,
            out: list[Record]) -> None:
    """Read one entity (and the entities nested in it) into ``out``."""
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, f"each entry of {kind.key} must be a mapping with an id, found {describe(node)}")
        return
    fields = kind.fields_by_name
    values = r.keys(node, fields, kind.name.replace("_", " "), None)
    entity_id = None
    if "id" not in values:
        r.fail(node, f"{kind.name.replace('_', ' ')} without 'id'")
    else:
        entity_id = r.text(values["id"], "id", None)
        if entity_id is not None and not _ID.match(entity_id):
            r.fail(values["id"], _bad_id(entity_id))
            entity_id = None
    who = f"{kind.name} '{entity_id}'" if entity_id else None
    record = Record(kind.name, entity_id or "", dataset, r.at(node))
    if parent is not None:
        record.values["indicator"] = parent.id
        record.locs["indicator"] = parent.loc
    for name, child in values.items():
        f = fields[name]
        record.locs[name] = r.at(child)
        if isinstance(f.type, Nested):
            items = child.value if isinstance(child, yaml.SequenceNode) else None
            if items is None:
                r.fail(child, f"{name}: expected a list, found {describe(child)}", who)
                continue
            for item in items:
                _read_entity(r, item, KINDS[f.type.kind], dataset, record, out)
            continue
        if name == "indicator" and parent is not None:
            r.fail(child, "indicator: not needed when nested under an indicator", who)
            continue
        if name == "id":
            continue
        value = f.type.read(r, child, f, who)
        if value is not None:
            record.values[name] = value
    for f in kind.fields:
        if f.required and f.name not in values and f.name not in record.values and f.name != "id":
            r.fail(node, f"missing required key '{f.name}'", who)
    if kind.one_of and not any(name in values for name in kind.one_of):
        r.fail(node, f"needs at least one of {', '.join(kind.one_of)}", who)
    _check_bounds(r, record, values, who)
    if entity_id:
        record.id = entity_id
        out.append(record)


def parse(text: str, name: str, dataset: str = "") -> tuple[dict[str, object] | None, list[Record], list[Problem]]:
    """Parse one YAML data file: its ``dataset:`` block (if any), its entities and its problems.

    >>> block, records, problems = parse("goals:\\n  - id: g1\\n    label: {zh: 目标, en: Goal}\\n", "g.yaml")
    >>> [(r.kind, r.id, str(r.loc)) for r in records], problems
    ([('goal', 'g1', 'g.yaml:2:5')], [])
    """
    root, problems = parse_yaml(text, name)
    r = Reader(name)
    r.problems.extend(problems)
    if problems:
        return None, [], r.problems
    expected = f"a mapping with keys such as dataset, {', '.join(list(KIND_BY_KEY)[:4])}"
    if root is None:
        r.problems.append(Problem(Loc(name, 1, 1), f"file holds no data; expected {expected}"))
        return None, [], r.problems
    if not isinstance(root, yaml.MappingNode):
        r.fail(root, f"expected {expected}, found {describe(root)}")
        return None, [], r.problems
    allowed = {"dataset": None, **KIND_BY_KEY}
    block: dict[str, object] | None = None
    records: list[Record] = []
    before = len(r.problems)
    keys = r.keys(root, allowed, "a data file", None)
    # an unknown kind's entities are not read at all: references to them would only bury the
    # root cause under follow-on problems, so the data set is not checked further
    r.problems[before:] = [replace(p, unreadable=True) for p in r.problems[before:]]
    for key, node in keys.items():
        if key == "dataset":
            block = _dataset_block(r, node)
            continue
        if not isinstance(node, yaml.SequenceNode):
            if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
                r.fail(node, f"{key}: expected a list of entries, found {describe(node)}")
            continue
        for item in node.value:
            _read_entity(r, item, KIND_BY_KEY[key], dataset, None, records)
    return block, records, r.problems


def _dataset_block(r: Reader, node: yaml.Node) -> dict[str, object] | None:
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, f"dataset: expected a mapping, found {describe(node)}")
        return None
    fields = {f.name: f for f in DATASET_FIELDS}
    values = r.keys(node, fields, "dataset", None)
    out: dict[str, object] = {"_loc": r.at(node), "_locs": {name: r.at(child) for name, child in values.items()}}
    for name, child in values.items():
        value = fields[name].type.read(r, child, fields[name], "dataset")
        if value is not None:
            out[name] = value
    for f in DATASET_FIELDS:
        if f.required and f.name not in values:
            r.fail(node, f"dataset: missing required key '{f.name}'")
    base = out.get("base")
    if isinstance(base, str):
        problem = iri_problem(base)
        if problem or not re.match(r"^https?://", base) or not base.endswith("/"):
            why = f" ({problem})" if problem else ""
            r.fail(values["base"], f"base: expected an http(s) IRI ending in '/', found '{short(base)}'{why}")
    if "id" in out and not _ID.match(str(out["id"])):
        r.fail(values["id"], _bad_id(str(out["id"])))
    return out


def read_dataset_block(path: Path) -> Dataset | None:
    """The data set described by the ``dataset:`` block in ``path`` (no entities), or ``None`` when
    the file does not give a valid one (the full read reports why)."""
    try:
        data = read_inside(path, path.parent, MAX_FILE_BYTES)
    except (OSError, OutsideError):
        return None
    text, _ = decode(data, str(path))
    block = parse(text, str(path))[0] if text is not None else None
    if not block or not isinstance(block.get("id"), str) or not isinstance(block.get("base"), str):
        return None
    return Dataset(block["id"], block["base"], str(path.parent), block["_loc"])  # type: ignore[arg-type]


def data_folders(paths: Iterable[str | Path] | None) -> list[Path]:
    """The data set folders under ``paths``, or of the bundled data when none are given."""
    return dataset_folders(list(paths or []) or [DEFAULT_DATA])


def dataset_folders(paths: Iterable[str | Path]) -> list[Path]:
    """The data set folders named by ``paths``: each a folder holding ``dataset.yaml``, or a folder of those."""
    found: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
        if p.is_file():
            p = p.parent
        if (p / DATASET_FILE).is_file():
            found.append(p)
            continue
        subs = sorted(d for d in p.iterdir() if (d / DATASET_FILE).is_file())
        if not subs:
            raise UsageError(f"{p}: no {DATASET_FILE} in it or in its sub-folders; "
                             "each source document's folder needs one")
        found.extend(subs)
    return found


def _display(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, as people type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_file(folder: Path, file: Path) -> tuple[dict[str, object] | None, list[Record], list[Problem]]:
    """Read one data file of the data set in ``folder`` (a pure function of the file, so files can
    be read in parallel). It must resolve to a regular file inside the folder."""
    name = _display(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [], [Problem(Loc(name, 1, 1), f"file is {size / 2**20:,.0f} MiB; the limit is "
                                      f"{MAX_FILE_BYTES // 2**20} MiB per file: split it into several files",
                                      unreadable=True)]
        data = read_inside(file, folder, MAX_FILE_BYTES)
    except OutsideError as e:
        reason = str(e).replace(str(file), "", 1).strip()
        return None, [], [Problem(Loc(name, 1, 1), f"refusing to read this file: it {reason}", unreadable=True)]
    except OSError as e:
        return None, [], [Problem(Loc(name, 1, 1), f"cannot read this file: {e.strerror}", unreadable=True)]
    text, problems = decode(data, name)
    if text is None:
        return None, [], problems
    return parse(text, name, "")


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and (p.is_file() or p.is_symlink()))


def _enough_to_share(folders: list[Path]) -> bool:
    """Whether the data files in ``folders`` hold at least :data:`PARALLEL_MIN_BYTES` (no link followed)."""
    total = 0
    for folder in folders:
        for file in _data_files(folder):
            try:
                total += file.lstat().st_size
            except OSError:  # gone since it was listed: reading it will say so
                continue
            if total >= PARALLEL_MIN_BYTES:
                return True
    return False


def _load_dataset(folder: Path, files: list[Path], results: Iterable, problems: list[Problem]) -> Dataset | None:
    """The data set in ``folder`` from the parsed ``results`` of its ``files`` (in order)."""
    block = None
    records: list[Record] = []
    dataset_file_failed = False  # its own problem says why; "expected a dataset block" would only repeat it
    for file, (file_block, file_records, file_problems) in zip(files, results):
        problems.extend(file_problems)
        records.extend(file_records)
        if file.name == DATASET_FILE and file_block is None and file_problems:
            dataset_file_failed = True
        if file_block is not None:
            if file.name != DATASET_FILE:
                problems.append(Problem(file_block["_loc"], f"the dataset block belongs in {DATASET_FILE}"))
            block = file_block
    if block is None:
        if not dataset_file_failed:
            problems.append(Problem(Loc(_display(folder / DATASET_FILE), 1, 1),
                                    "expected a 'dataset:' block with id, base and label"))
        return None
    if not {"id", "base"} <= block.keys():
        return None
    ds = Dataset(str(block["id"]), str(block["base"]), _display(folder), block["_loc"],
                 block.get("label") or {}, block.get("description") or {}, block.get("area"),
                 links={name: block[name] for name in DATASET_LINKS if block.get(name)},
                 link_locs=block["_locs"])
    for rec in records:
        rec.dataset = ds.id
        first = ds.records.get(rec.id)
        if first is not None:
            problems.append(Problem(rec.loc, f"duplicate id '{rec.id}' (first defined at {first.loc})",
                                    f"{rec.kind} '{rec.id}'"))
            continue
        ds.records[rec.id] = rec
    return ds


def read_folder(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    """The data set in ``folder``, its files read in this process, with the problems found in them.

    A data set with a file that could not be parsed at all comes as ``None``, so that references
    into the missing file do not bury the real problem under follow-on ones.
    """
    problems: list[Problem] = []
    files = _data_files(folder)
    ds = _load_dataset(folder, files, (_read_file(folder, f) for f in files), problems)
    if ds is not None and any(p.unreadable for p in problems):
        ds = None
    return ds, problems


#: What a job makes of one data set (in a worker process: it must be picklable, and the job a
#: module-level function): ``job(dataset or None, problems) -> result``; it may add problems.
T = TypeVar("T")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: reading a data set allocates hundreds of thousands of
    objects (YAML nodes, records, terms) that hold no cycles, and the collector, started again and
    again by the count of allocations, spends more time walking them than parsing them (a
    1,000-measure data set reads and builds in 0.6 s without it, 1.4 s with it). Memory is freed by
    reference counting as before; any cycle waits for the next collection."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _run(job: Callable[[Dataset | None, list[Problem]], T], folder: Path) -> tuple[tuple[str, str, Loc, str] | None, list[Problem], T]:
    with _no_cycle_collection():
        ds, problems = read_folder(folder)
        meta = None if ds is None else (ds.id, ds.base, ds.loc, ds.folder)
        result = job(ds, problems)
        # freed now, by reference counting: once the collector is back, its first pass would walk
        # every object of the data set, all of them young, before they are let go
        del ds
        return meta, problems, result


def each_dataset(paths: Iterable[str | Path] | None, job: Callable[[Dataset | None, list[Problem]], T],
                 workers: int = 1) -> Iterator[tuple[list[Problem], T | None]]:
    """``job`` done on each data set under ``paths`` in turn (reading it first), with the problems
    found; the result is ``None`` when the data set's id or base is already taken by an earlier one.

    With ``workers`` > 1 and at least :data:`PARALLEL_MIN_BYTES` of YAML, data sets are read and
    their jobs done in that many processes, a few data sets ahead of the caller: memory holds a
    few data sets, never the corpus, and nothing but each job's result crosses between processes.
    """
    folders = data_folders(paths)
    ids: dict[str, str] = {}
    bases: dict[str, str] = {}
    with ExitStack() as stack:
        results: Iterator[tuple[tuple[str, str, Loc, str] | None, list[Problem], T]]
        if workers > 1 and len(folders) > 1 and _enough_to_share(folders):
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # a forked worker would inherit the caller's output lock and keep it held after the caller
            # is killed: each worker closes it before anything else
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context,
                                                           initializer=release_inherited_locks))
            results = _ahead(pool, job, folders, workers + _AHEAD)
        else:
            results = (_run(job, folder) for folder in folders)
        for meta, problems, result in results:
            if meta is not None:
                ds_id, base, where, folder = meta
                if ds_id in ids:
                    problems.append(Problem(where, f"dataset id '{ds_id}' is used by {ids[ds_id]} too"))
                    meta = None
                elif base in bases:
                    problems.append(Problem(where, f"base '{base}' is used by {bases[base]} too; "
                                                   "each data set needs its own"))
                    meta = None
                else:
                    ids[ds_id] = bases[base] = folder
            yield problems, result if meta is not None else None


def _ahead(pool: Any, job: Callable[[Dataset | None, list[Problem]], T], folders: list[Path],
           window: int) -> Iterator[tuple[tuple[str, str, Loc, str] | None, list[Problem], T]]:
    """The jobs' outcomes in order, with at most ``window`` data sets in flight."""
    from collections import deque

    pending: deque = deque()
    todo = iter(folders)
    for folder in todo:
        pending.append(pool.submit(_run, job, folder))
        if len(pending) >= window:
            break
    while pending:
        outcome = pending.popleft().result()
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(pool.submit(_run, job, nxt))
        yield outcome


def _keep(ds: Dataset | None, problems: list[Problem]) -> Dataset | None:
    return ds


def read_each(paths: Iterable[str | Path] | None = None,
              workers: int = 1) -> Iterator[tuple[Dataset | None, list[Problem]]]:
    """Each data set under ``paths`` in turn, with the problems found in its files (see
    :func:`each_dataset` and :func:`read_folder`)."""
    for problems, ds in each_dataset(paths, _keep, workers):
        yield ds, problems


def read(paths: Iterable[str | Path] | None = None, workers: int = 1) -> tuple[Corpus, list[Problem]]:
    """Read every data set under ``paths`` (default: the bundled ``data/``), returning its problems."""
    corpus, problems = Corpus(), []
    for ds, found in read_each(paths, workers):
        problems += found
        if ds is not None:
            corpus.datasets.append(ds)
    return corpus, problems


def load(paths: Iterable[str | Path] | None = None) -> Corpus:
    """Read every data set under ``paths`` (default: the bundled ``data/``).

    Raises :class:`DataError` listing every problem found in the files themselves;
    references between entities are checked by :func:`kg.checks.check`.
    """
    corpus, problems = read(paths)
    if problems:
        raise DataError(problems)
    return corpus
