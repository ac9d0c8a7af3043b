"""Checks across entities: references, cycles and quotes; then SHACL on the built graph."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from kg.errors import Problem
from kg.files import OutsideError, read_inside
from kg.iri import short
from kg.model import KINDS, Citation, Corpus, Dataset, Record

__all__ = ["check", "resolve_citations"]

#: Fields whose links must not form a cycle.
#: Largest source text read; a real document is far smaller.
MAX_SOURCE_BYTES = 64 * 1024 * 1024
_ACYCLIC = (("goal", "broader"), ("measure", "part_of"), ("source", "part_of"))


def _name(kind: str) -> str:
    return kind.replace("_", " ")


def _a(kind: str) -> str:
    """``a measure``, ``an observation``."""
    name = _name(kind)
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def _ids(value: object) -> list[str]:
    """The ids a reference field holds: one (``Ref``), a list (``Refs``), or none."""
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []


def _citations(rec: Record) -> list[Citation]:
    """The quotes of ``rec`` (``Citations`` reads a list)."""
    value = rec.values.get("source")
    return [c for c in value if isinstance(c, Citation)] if isinstance(value, list) else []


def _check_refs(ds: Dataset, rec: Record, problems: list[Problem]) -> None:
    kind = KINDS[rec.kind]
    who = f"{rec.kind} '{rec.id}'"
    for f in kind.fields:
        if not f.type.reference or f.name not in rec.values:
            continue
        for target in _ids(rec.values[f.name]):
            other = ds.records.get(target)
            allowed = " or ".join(_name(t) for t in f.targets)
            if other is None:
                hint = _suggest(target, [r.id for r in ds.records.values() if r.kind in f.targets])
                problems.append(Problem(rec.at(f.name), f"{f.name}: no {allowed} with id '{target}'{hint}", who))
            elif other.kind not in f.targets:
                problems.append(Problem(rec.at(f.name), f"{f.name}: '{target}' is {_a(other.kind)} "
                                                        f"(defined at {other.loc}), expected {' or '.join(_a(t) for t in f.targets)}", who))


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_cycles(ds: Dataset, problems: list[Problem]) -> None:
    for kind, name in _ACYCLIC:
        reported: set[str] = set()
        for rec in sorted((r for r in ds.records.values() if r.kind == kind), key=lambda r: r.loc):
            path = [rec.id]
            current = rec
            while True:
                targets = _ids(current.values.get(name))
                step = next((ds.records[t] for t in targets if t in ds.records and ds.records[t].kind == kind), None)
                if step is None:
                    break
                if step.id in path:
                    cycle = path[path.index(step.id):] + [step.id]
                    if not reported & set(cycle):
                        problems.append(Problem(rec.at(name), f"{name}: forms a cycle {' -> '.join(cycle)}",
                                                f"{kind} '{rec.id}'"))
                    reported.update(cycle)
                    break
                path.append(step.id)
                current = step


def resolve_citations(ds: Dataset, problems: list[Problem]) -> None:
    """Find each quote in its source's text and record where it starts (in characters)."""
    texts: dict[str, str | None] = {}
    for part in ds.records.values():  # a span past the end of its file: the root cause, said once
        span = part.values.get("span") if part.kind == "source" else None
        if isinstance(span, tuple):
            text = texts[part.id] = _source_text(ds, part, problems)
            if text is not None and span[1] > len(text):
                problems.append(Problem(part.at("span"), f"span: ends at {span[1]}, past the end of "
                                                         f"{part.values.get('file')} ({len(text)} characters)",
                                        f"source '{part.id}'"))
                texts[part.id] = None
    for rec in ds.records.values():
        citations = _citations(rec)
        if not citations:
            continue
        resolved: list[Citation] = []
        who = f"{rec.kind} '{rec.id}'"
        for c in citations:
            src = ds.records.get(c.source)
            if src is None or src.kind != "source":
                sources = [r.id for r in ds.records.values() if r.kind == "source"]
                what = (f"no source with id '{c.source}'{_suggest(c.source, sources)}" if src is None
                        else f"'{c.source}' is {_a(src.kind)} (defined at {src.loc}), expected a source")
                problems.append(Problem(c.loc, f"source: {what}", who))
                continue
            if c.source not in texts:
                texts[c.source] = _source_text(ds, src, problems)
            text = texts[c.source]
            if text is None:
                continue
            span = src.values.get("span")
            start, end = span if isinstance(span, tuple) else (0, len(text))
            found = _find_all(text, c.quote, start, end)
            if c.at is not None:
                if c.at not in found:
                    problems.append(Problem(c.loc, f"quote is not at offset {c.at} of source '{c.source}'"
                                                   + (f"; it is at {', '.join(map(str, found))}" if found else ""), who))
                    continue
                resolved.append(replace(c, start=c.at))
            elif len(found) == 1:
                resolved.append(replace(c, start=found[0]))
            elif not found:
                problems.append(Problem(c.loc, f"quote not found in source '{c.source}': '{short(c.quote, 30)}'", who))
            else:
                problems.append(Problem(c.loc, f"quote occurs {len(found)} times in source '{c.source}' "
                                               f"(at {', '.join(map(str, found))}); add 'at: {found[0]}' "
                                               "or quote more text", who))
        rec.values["source"] = resolved


def _find_all(text: str, quote: str, start: int, end: int) -> list[int]:
    out, i = [], text.find(quote, start, end)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1, end)
    return out


def _source_text(ds: Dataset, src: Record, problems: list[Problem]) -> str | None:
    path = Path(ds.folder) / str(src.values.get("file", ""))
    try:
        return read_inside(path, ds.folder, MAX_SOURCE_BYTES).decode("utf-8-sig")
    except OutsideError as e:
        problems.append(Problem(src.at("file"), f"file: refusing to read it: {e}", f"source '{src.id}'"))
    except OSError as e:
        problems.append(Problem(src.at("file"), f"file: cannot read {path}: {e.strerror}", f"source '{src.id}'"))
    except UnicodeDecodeError:
        problems.append(Problem(src.at("file"), f"file: {path} is not UTF-8 text", f"source '{src.id}'"))
    return None


def check(corpus: Corpus) -> list[Problem]:
    """Every cross-entity problem in ``corpus``; also resolves quotes to offsets."""
    problems: list[Problem] = []
    for ds in corpus.datasets:
        if ds.area is not None and (ds.area not in ds.records or ds.records[ds.area].kind != "place"):
            problems.append(Problem(ds.loc, f"area: no place with id '{ds.area}'", f"dataset '{ds.id}'"))
        for rec in ds.records.values():
            _check_refs(ds, rec, problems)
        _check_cycles(ds, problems)
        resolve_citations(ds, problems)
    corpus.checked = not problems
    return problems
