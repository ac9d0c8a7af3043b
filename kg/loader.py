"""YAML files -> records, every value located; every problem collected, not just the first."""

from __future__ import annotations

import difflib
import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from contextlib import ExitStack
from typing import Callable, Iterable, Iterator

import yaml
from rdflib import URIRef

from kg.errors import DataError, Problem, UsageError
from kg.files import OutsideError, read_inside, release_inherited_locks
from kg.iri import iri_problem, short
from kg.resources import DATA_DIR
from kg.model import (
    DATASET_FIELDS, ID_PATTERN, KIND_BY_KEY, KINDS, LANGS, SCALES, UNIT_BOUNDS, UNITS,
    Citation, Corpus, Dataset, Field, Kind, Loc, Record,
)
from kg.periods import parse_period
from kg.yamltext import decode, loc, parse_yaml

__all__ = ["load", "read", "read_each", "parse", "dataset_folders", "DATASET_FILE", "DEFAULT_DATA", "MAX_FILE_BYTES"]

#: The file that marks a folder as one data set (one source document).
DATASET_FILE = "dataset.yaml"
#: Largest data file read; bigger ones are refused before reading (split them: any number of files is fine).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most digits of a number, and largest power of ten, kept exactly as written.
MAX_DIGITS = 100
#: The bundled data, used when no path is given.
DEFAULT_DATA = DATA_DIR
#: Fewest bytes of YAML worth parsing in worker processes: starting them costs more than they save
#: on less (the bundled data, 14 files, reads in 50 ms in one process and in 150 ms with two workers).
PARALLEL_MIN_BYTES = 1024 * 1024

_ID = re.compile(ID_PATTERN)
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_NUMBER_WITH_WORDS = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(%|[十百千万亿]+)?")
_CITATION_KEYS = ("ref", "quote", "at")
_SCALAR_NAMES = {"int": "a whole number", "float": "a number", "bool": "true/false", "null": "nothing",
                 "str": "text", "timestamp": "a date"}


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = _SCALAR_NAMES.get(node.tag.rsplit(":", 1)[-1], "a value")
    return f"{kind} '{short(node.value)}'" if node.value != "" else "nothing"


def _bad_id(text: str) -> str:
    if text.endswith(".") and _ID.match(text.rstrip(".")):
        return f"id '{short(text)}' must not end with '.'"
    return (f"id '{short(text)}' may hold only ASCII letters, digits, '.', '_' and '-', "
            "and must start with a letter or digit")


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Reader:
    """Converts the nodes of one file, collecting problems instead of raising."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def at(self, node: yaml.Node) -> Loc:
        return loc(self.path, node)

    def fail(self, node: yaml.Node, message: str, entity: str | None = None) -> None:
        self.problems.append(Problem(self.at(node), message, entity))

    # -- scalars ------------------------------------------------------------------------
    def text(self, node: yaml.Node, what: str, who: str | None) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null" and node.value.strip():
            return node.value
        self.fail(node, f"{what}: expected text, found {_describe(node)}", who)
        return None

    def number(self, node: yaml.Node, what: str, who: str | None) -> Decimal | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = None
            if value is not None and value.is_finite():
                if len(value.as_tuple().digits) <= MAX_DIGITS and abs(value.adjusted()) <= MAX_DIGITS:
                    return value
                self.fail(node, f"{what}: {short(node.value)} is out of range: kg keeps numbers exactly as "
                                f"written, with at most {MAX_DIGITS} digits", who)
                return None
        hint = ""
        if isinstance(node, yaml.ScalarNode):
            m = _NUMBER_WITH_WORDS.match(node.value)
            if m and m[2] == "%":
                hint = f"; write {m[1]} and give the unit as 'percent'"
            elif m and m[2] in SCALES:
                hint = f"; write {m[1]} and put '{m[2]}' in 'scale'"
        self.fail(node, f"{what}: expected a number, found {_describe(node)}{hint}", who)
        return None

    def integer(self, node: yaml.Node, what: str, who: str | None) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                pass
        self.fail(node, f"{what}: expected a whole number, found {_describe(node)}", who)
        return None

    # -- fields ---------------------------------------------------------------------------
    def labels(self, node: yaml.Node, f: Field, who: str | None, required: bool) -> dict[str, object] | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{f.name}: expected a mapping of language to text, e.g. {{zh: ..., en: ...}}, "
                            f"found {_describe(node)}", who)
            return None
        out: dict[str, object] = {}
        for k, v in node.value:
            if not _LANG.match(k.value):
                if node.flow_style and isinstance(v, yaml.ScalarNode) and v.value == "":
                    self.fail(k, f"{f.name}: a comma ends the text before '{k.value}'; "
                                 "put text that holds a comma in quotes", who)
                else:
                    self.fail(k, f"{f.name}: '{k.value}' is not a language tag such as zh or en", who)
                continue
            if f.name == "alt_label" and isinstance(v, yaml.SequenceNode):
                items = [self.text(i, f"{f.name}.{k.value}", who) for i in v.value]
                out[k.value] = [i for i in items if i is not None]
            else:
                text = self.text(v, f"{f.name}.{k.value}", who)
                if text is not None:
                    out[k.value] = text.strip()
        if required:
            for lang in LANGS:
                if lang not in out and not any(k.value == lang for k, _ in node.value):
                    self.fail(node, f"{f.name}: missing the '{lang}' text", who)
        return out

    def refs(self, node: yaml.Node, f: Field, who: str | None) -> list[str] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = [self.text(i, f.name, who) for i in items]
        return [i.strip() for i in out if i is not None]

    def choice(self, node: yaml.Node, f: Field, who: str | None, options: Iterable[str]) -> str | None:
        options = list(options)
        if isinstance(node, yaml.ScalarNode) and node.value in options:
            return node.value
        found = node.value if isinstance(node, yaml.ScalarNode) else ""
        self.fail(node, f"{f.name}: expected one of {', '.join(options)}, found {_describe(node)}"
                        f"{_suggest(found, options)}", who)
        return None

    def citations(self, node: yaml.Node, who: str | None) -> list[Citation]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                self.fail(item, f"source: expected a mapping {{ref: SOURCE_ID, quote: ...}}, found {_describe(item)}", who)
                continue
            values = self.keys(item, {k: None for k in _CITATION_KEYS}, "source", who)
            for required in ("ref", "quote"):
                if required not in values:
                    self.fail(item, f"source: missing '{required}'", who)
            ref = values.get("ref") and self.text(values["ref"], "source.ref", who)
            quote = values.get("quote") and self.text(values["quote"], "source.quote", who)
            at = values.get("at") and self.integer(values["at"], "source.at", who)
            if ref and quote:
                out.append(Citation(ref.strip(), quote, self.at(values["quote"]), at))
        return out

    def keys(self, node: yaml.MappingNode, allowed: dict, what: str, who: str | None) -> dict[str, yaml.Node]:
        """The mapping's values by key; unknown keys are problems with a suggestion."""
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            if k.value in allowed:
                out[k.value] = v
            else:
                self.fail(k, f"unknown key '{short(k.value)}' in {what}{_suggest(k.value, allowed)}", who)
        return out

    def value(self, node: yaml.Node, f: Field, who: str | None, label_required: bool) -> object:
        t = f.type
        if t == "text":
            v = self.text(node, f.name, who)
            return v.strip() if v else v
        if t == "labels":
            return self.labels(node, f, who, label_required and f.name == "label")
        if t == "ref":
            return self.refs(node, f, who)[0] if isinstance(node, yaml.ScalarNode) else self.text(node, f.name, who)
        if t == "refs":
            return self.refs(node, f, who)
        if t == "decimal":
            return self.number(node, f.name, who)
        if t == "integer":
            v = self.integer(node, f.name, who)
            if v is not None and v < 1:
                self.fail(node, f"{f.name}: must be 1 or more, found {v}", who)
                return None
            return v
        if t == "boolean":
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
                return node.value.lower() in ("true", "yes", "on")
            self.fail(node, f"{f.name}: expected true or false, found {_describe(node)}", who)
            return None
        if t == "choice":
            return self.choice(node, f, who, f.choices)
        if t == "scale":
            return self.choice(node, f, who, SCALES)
        if t == "unit":
            text = self.text(node, f.name, who)
            if text is None:
                return None
            if text in UNITS:
                return text
            if re.match(r"^https?://\S+$", text):
                problem = iri_problem(text)
                if problem is None:
                    return URIRef(text)
                self.fail(node, f"unit: '{short(text)}' {problem}", who)
                return None
            self.fail(node, f"unit: expected one of {', '.join(UNITS)} or a full IRI, found '{text}'"
                            f"{_suggest(text, UNITS)}", who)
            return None
        if t == "period":
            text = self.text(node, f.name, who)
            if text is None:
                return None
            try:
                return parse_period(text)
            except ValueError as e:
                self.fail(node, f"period: {e}", who)
                return None
        if t == "citations":
            return self.citations(node, who)
        if t == "span":
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            nums = [self.integer(i, f.name, who) for i in items]
            if len(items) != 2 or None in nums or nums[0] < 0 or nums[0] >= nums[1]:
                self.fail(node, f"span: expected [start, end] with 0 <= start < end, found {_describe(node)}", who)
                return None
            return (nums[0], nums[1])
        raise AssertionError(f"unhandled field type {t}")  # pragma: no cover - model and loader disagree


def _check_bounds(r: _Reader, record: Record, values: dict[str, yaml.Node], who: str | None) -> None:
    """A value must fit its unit: counts are whole and not negative, shares lie within 0-100."""
    unit, value = record.values.get("unit"), record.values.get("value")
    if not isinstance(unit, str) or unit not in UNIT_BOUNDS or not isinstance(value, Decimal):
        return
    low, high, whole = UNIT_BOUNDS[unit]
    if whole and value != value.to_integral_value():
        r.fail(values["value"], f"value: a {unit} is a whole number, found {value}", who)
    if low is not None and value < low:
        r.fail(values["value"], f"value: a {unit} cannot be below {low}, found {value}", who)
    if high is not None and value > high:
        r.fail(values["value"], f"value: a {unit} cannot be above {high}, found {value}"
                                + ("; for a growth rate use unit: percent" if unit == "share" else ""), who)


def _read_entity(r: _Reader, node: yaml.Node, kind: Kind, dataset: str, parent: Record | None,
            out: list[Record]) -> None:
    """Read one entity (and the entities nested in it) into ``out``."""
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, f"each entry of {kind.key} must be a mapping with an id, found {_describe(node)}")
        return
    fields = {f.name: f for f in kind.fields}
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
        if f.type == "nested":
            items = child.value if isinstance(child, yaml.SequenceNode) else None
            if items is None:
                r.fail(child, f"{name}: expected a list, found {_describe(child)}", who)
                continue
            for item in items:
                _read_entity(r, item, KINDS[f.nested], dataset, record, out)
            continue
        if name == "indicator" and parent is not None:
            r.fail(child, "indicator: not needed when nested under an indicator", who)
            continue
        if name == "id":
            continue
        value = r.value(child, f, who, kind.label_required)
        if value is not None:
            record.values[name] = value
    for f in kind.fields:
        if f.required and f.name not in values and f.name not in record.values and f.name != "id":
            if f.name == "label" and not kind.label_required:
                continue
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
    r = _Reader(name)
    r.problems.extend(problems)
    if problems:
        return None, [], r.problems
    expected = f"a mapping with keys such as dataset, {', '.join(list(KIND_BY_KEY)[:4])}"
    if root is None:
        r.problems.append(Problem(Loc(name, 1, 1), f"file holds no data; expected {expected}"))
        return None, [], r.problems
    if not isinstance(root, yaml.MappingNode):
        r.fail(root, f"expected {expected}, found {_describe(root)}")
        return None, [], r.problems
    allowed = {"dataset": None, **KIND_BY_KEY}
    block: dict[str, object] | None = None
    records: list[Record] = []
    for key, node in r.keys(root, allowed, "a data file", None).items():
        if key == "dataset":
            block = _dataset_block(r, node)
            continue
        if not isinstance(node, yaml.SequenceNode):
            if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
                r.fail(node, f"{key}: expected a list of entries, found {_describe(node)}")
            continue
        for item in node.value:
            _read_entity(r, item, KIND_BY_KEY[key], dataset, None, records)
    return block, records, r.problems


def _dataset_block(r: _Reader, node: yaml.Node) -> dict[str, object] | None:
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, f"dataset: expected a mapping, found {_describe(node)}")
        return None
    fields = {f.name: f for f in DATASET_FIELDS}
    values = r.keys(node, fields, "dataset", None)
    out: dict[str, object] = {"_loc": r.at(node)}
    for name, child in values.items():
        value = r.value(child, fields[name], "dataset", True)
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


def _load_dataset(folder: Path, problems: list[Problem], mapper: Callable = map) -> Dataset | None:
    files = _data_files(folder)
    block = None
    records: list[Record] = []
    for file, (file_block, file_records, file_problems) in zip(files, mapper(functools.partial(_read_file, folder), files)):
        problems.extend(file_problems)
        records.extend(file_records)
        if file_block is not None:
            if file.name != DATASET_FILE:
                problems.append(Problem(file_block["_loc"], f"the dataset block belongs in {DATASET_FILE}"))  # type: ignore[arg-type]
            block = file_block
    if block is None:
        problems.append(Problem(Loc(_display(folder / DATASET_FILE), 1, 1),
                                "expected a 'dataset:' block with id, base and label"))
        return None
    if not {"id", "base"} <= block.keys():
        return None
    ds = Dataset(str(block["id"]), str(block["base"]), _display(folder), block["_loc"],  # type: ignore[arg-type]
                 block.get("label") or {}, block.get("description") or {}, block.get("area"))  # type: ignore[arg-type]
    for rec in records:
        rec.dataset = ds.id
        first = ds.records.get(rec.id)
        if first is not None:
            problems.append(Problem(rec.loc, f"duplicate id '{rec.id}' (first defined at {first.loc})",
                                    f"{rec.kind} '{rec.id}'"))
            continue
        ds.records[rec.id] = rec
    return ds


def read_each(paths: Iterable[str | Path] | None = None,
              workers: int = 1) -> Iterator[tuple[Dataset | None, list[Problem]]]:
    """Each data set under ``paths`` in turn, with the problems found in its files: one data set
    in memory at a time. ``workers`` > 1 parses files in that many processes, when there are at
    least :data:`PARALLEL_MIN_BYTES` of them.

    A data set with a file that could not be parsed at all comes as ``None``, so that references
    into the missing file do not bury the real problem under follow-on ones.
    """
    folders = dataset_folders(paths or [DEFAULT_DATA])
    ids: dict[str, str] = {}
    bases: dict[str, str] = {}
    with ExitStack() as stack:
        mapper: Callable = map
        if workers > 1 and _enough_to_share(folders):
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # a forked worker would inherit the caller's output lock and keep it held after the caller
            # is killed: each worker closes it before anything else
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context,
                                                           initializer=release_inherited_locks))
            mapper = lambda f, files: pool.map(f, files, chunksize=4)  # noqa: E731
        for folder in folders:
            problems: list[Problem] = []
            ds = _load_dataset(folder, problems, mapper)
            if ds is not None and any(p.unreadable for p in problems):
                ds = None
            if ds is not None and ds.id in ids:
                problems.append(Problem(ds.loc, f"dataset id '{ds.id}' is used by {ids[ds.id]} too"))
                ds = None
            if ds is not None and ds.base in bases:
                problems.append(Problem(ds.loc, f"base '{ds.base}' is used by {bases[ds.base]} too; "
                                                "each data set needs its own"))
                ds = None
            if ds is not None:
                ids[ds.id] = bases[ds.base] = ds.folder
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
