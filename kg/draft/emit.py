"""A :class:`~kg.draft.records.Draft` as the files of a data set folder, and writing them.

Every string is written as a YAML double-quoted scalar (JSON's escapes are YAML's), so no text of
the document can break the YAML; labels in the language not drafted are ``TODO``, which
``kg validate`` reports as a missing translation.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from kg.draft.document import draft
from kg.draft.ids import slug
from kg.draft.records import Draft, Entity, Observation
from kg.errors import KgError, UsageError
from kg.files import umask
from kg.fields import TODO

__all__ = ["draft_files", "write_draft", "draft_folder", "TODO", "SOURCE_FILE", "SOURCE_ID"]

SOURCE_FILE = "source.txt"
SOURCE_ID = "text"

_FILES = (("goals.yaml", "goals", "goal"), ("work-areas.yaml", "work_areas", "work_area"),
          ("measures.yaml", "measures", "measure"), ("indicators.yaml", "indicators", "indicator"),
          ("things.yaml", "programmes", "programme"), ("things.yaml", "places", "place"),
          ("things.yaml", "organisations", "organisation"), ("things.yaml", "sectors", "sector"),
          ("things.yaml", "people", "person"), ("things.yaml", "documents", "document"),
          ("things.yaml", "principles", "principle"))
_HEADER = ("# Drafted by `kg draft` from {source}: correct it rather than trust it.\n"
           "# Labels in {other} are TODO (`kg validate` lists them); kinds, links, periods and statuses are\n"
           "# guesses from the text's outline and wording.\n")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _labels(d: Draft, text: str) -> str:
    other = "en" if d.lang == "zh" else "zh"
    return f"{{{d.lang}: {_q(text)}, {other}: {TODO}}}"


def _occurrences(text: str, quote: str) -> int:
    n, i = 0, text.find(quote)
    while i != -1:
        n, i = n + 1, text.find(quote, i + 1)
    return n


def _source(d: Draft, start: int, end: int) -> str:
    quote = d.text[start:end].strip()
    start += len(d.text[start:end]) - len(d.text[start:end].lstrip())
    at = f", at: {start}" if _occurrences(d.text, quote) > 1 else ""
    return f"{{ref: {SOURCE_ID}, quote: {_q(quote)}{at}}}"


def _number(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _period(period: str) -> str:
    return period if period.isdigit() else _q(period)


def _entity(d: Draft, e: Entity, observations: list[Observation]) -> list[str]:
    lines = [f"  - id: {e.id}", f"    label: {_labels(d, e.label)}"]
    if e.alt:
        lines.append(f"    alt_label: {{{d.lang}: [{', '.join(_q(a) for a in e.alt)}]}}")
    for name in ("broader", "serves", "part_of", "work_area", "lead", "support", "tracks", "mentions"):
        targets = e.links.get(name)
        if targets:
            one = name in ("part_of", "work_area")
            lines.append(f"    {name}: {targets[0] if one else '[' + ', '.join(targets) + ']'}")
    if e.note:
        lines.append(f"    note: {_q(e.note)}")
    lines.append(f"    source: {_source(d, e.start, e.end)}")
    if observations:
        lines.append("    observations:")
        for o in observations:
            lines += _observation(d, o)
    return lines


def _observation(d: Draft, o: Observation) -> list[str]:
    lines = [f"      - id: {o.id}"]
    if o.value is not None:
        lines.append(f"        value: {_number(o.value)}")
    if o.scale:
        lines.append(f"        scale: {o.scale}")
    lines.append(f"        unit: {o.unit if not o.unit.startswith('http') else _q(o.unit)}")
    lines.append(f"        period: {_period(o.period)}")
    if o.base_period:
        lines.append(f"        base_period: {_period(o.base_period)}")
    if o.expresses:
        lines.append(f"        expresses: {o.expresses}")
    if o.cumulative:
        lines.append("        cumulative: true")
    if o.as_of:
        lines.append(f"        as_of: {_q(o.as_of)}")
    if o.rank is not None:
        lines.append(f"        rank: {o.rank}")
        if o.rank_within:
            lines.append("        rank_within: true")
    lines.append(f"        status: {o.status}")
    if o.comparator:
        lines.append(f"        comparator: {o.comparator}")
    notes = [f"as written: {d.text[o.number[0]:o.number[1]]}"] + o.notes
    lines.append(f"        note: {_q('; '.join(notes))}")
    lines.append(f"        source: {_source(d, *o.quote)}")
    return lines


def draft_files(d: Draft, source_name: str = SOURCE_FILE) -> dict[str, str]:
    """The data set's files, name -> text: dataset.yaml, the kinds' files and the source text."""
    other = "English" if d.lang == "zh" else "Chinese"
    header = _HEADER.format(source=source_name, other=other)
    assumed = "  # TODO: the year is assumed from the text; check it" if d.year_assumed else ""
    files = {"dataset.yaml": header + "\n".join([
        "dataset:",
        f"  id: {d.dataset}",
        f"  base: https://w3id.org/kg-policy/{d.dataset}/",
        f"  label: {_labels(d, d.title)}",
        "",
        "sources:",
        f"  - id: {SOURCE_ID}",
        f"    label: {_labels(d, d.title)}",
        f"    kind: {d.kind}",
        f"    file: {SOURCE_FILE}",
        f"    date: \"{d.year}\"{assumed}",
    ]) + "\n"}
    by_indicator: dict[str, list[Observation]] = {}
    for o in d.observations:
        by_indicator.setdefault(o.indicator, []).append(o)
    for name, key, kind in _FILES:
        entities = d.of(kind)
        block = [f"{key}:" + ("" if entities else " []")]
        for e in entities:
            block += _entity(d, e, by_indicator.get(e.id, []))
        files[name] = (files[name] + "\n" if name in files else header) + "\n".join(block) + "\n"
    files[SOURCE_FILE] = d.text
    return files


def write_draft(d: Draft, out: str | Path) -> list[Path]:
    """Write the draft's folder ``out``, whole or not at all: ``out`` must not exist or be empty (a
    draft is corrected by hand, so kg never writes over one)."""
    out = Path(out)
    if out.is_symlink() or out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} exists and is not an empty folder; draft into a new folder")
    files = draft_files(d)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for name, text in sorted(files.items()):
            (tmp / name).write_text(text, encoding="utf-8", newline="\n")
        os.chmod(tmp, 0o777 & ~umask())
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / name for name in sorted(files)]



#: Largest text drafted; a policy document is far smaller.
MAX_TEXT_BYTES = 16 * 1024 * 1024


def draft_folder(text: str | Path, out: str | Path, lang: str = "zh", dataset: str | None = None,
                 year: int | None = None) -> list[Path]:
    """Draft the UTF-8 text file ``text`` into the new data set folder ``out`` (its id: ``dataset``,
    else the folder's name made an id); returns the files written."""
    path, out = Path(text), Path(out)
    if not path.is_file():
        raise UsageError(f"{path}: no such file" if not path.exists() else f"{path}: not a regular file")
    data = path.read_bytes()[:MAX_TEXT_BYTES + 1]
    if len(data) > MAX_TEXT_BYTES:
        raise KgError(f"{path}: larger than {MAX_TEXT_BYTES // 2**20} MiB; draft one document at a time")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise KgError(f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8") from None
    if not content.strip():
        raise KgError(f"{path}: holds no text")
    from kg.fields import ID_PATTERN
    import re

    name = dataset or out.resolve().name
    if not re.match(ID_PATTERN, name):
        if dataset:
            raise UsageError(f"--id '{dataset}' is not an id: ASCII letters, digits, '.', '_' and '-'")
        name = slug(name, "zh", words=8)
    return write_draft(draft(content, lang=lang, dataset=name, year=year), out)
