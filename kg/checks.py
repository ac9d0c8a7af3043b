"""Checks across entities: references, cycles and quotes; then SHACL on the built graph."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterator, Mapping

from kg.errors import DataError, Problem
from kg.files import OutsideError, read_inside
from kg.iri import short
from kg.quotes import Normalised, find, nearest
from kg.model import KINDS, LANGS, NAMED_THING_KINDS, Citation, Corpus, Dataset, Loc, Record
from kg.records import CHECKED, CheckedCorpus

__all__ = ["check", "problems_in", "resolve_citations", "translation_gaps", "label_coverage", "Coverage"]

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


def _one_of(kinds: tuple[str, ...]) -> str:
    """``a goal``, ``a goal or a battle``; a named thing (programme, cluster, ...) for many."""
    if set(kinds) == set(NAMED_THING_KINDS):
        return f"a named thing ({', '.join(_name(k) for k in kinds)})"
    return " or ".join(_a(k) for k in kinds)


def _ids(value: object) -> list[str]:
    """The ids a reference field holds: one (``Ref``), a list (``Refs``), or none."""
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []


def _citations(rec: Record) -> list[Citation]:
    """The quotes of ``rec`` (``Citations`` reads a list)."""
    value = rec.values.get("source")
    return [c for c in value if isinstance(c, Citation)] if isinstance(value, list) else []


@dataclass(frozen=True)
class Deferred:
    """A reference into another data set, checked once that data set has been read."""

    dataset: str
    id: str
    targets: tuple[str, ...]
    field: str
    loc: Loc
    who: str


def _check_refs(ds: Dataset, rec: Record, problems: list[Problem], datasets: Mapping[str, Dataset],
                others: Mapping[str, str], deferred: list[Deferred] | None) -> None:
    kind = KINDS[rec.kind]
    who = f"{rec.kind} '{rec.id}'"
    for f in kind.reference_fields:
        if f.name not in rec.values:
            continue
        for target in f.type.references(rec.values[f.name]):
            _check_ref(ds, target, f.targets, f.name, rec.at(f.name), who, problems, datasets, others, deferred)


def _check_ref(ds: Dataset, target: str, targets: tuple[str, ...], field: str, loc: Loc, who: str,
               problems: list[Problem], datasets: Mapping[str, Dataset], others: Mapping[str, str],
               deferred: list[Deferred] | None) -> None:
    """One reference ``target`` (``id`` or ``other-dataset:id``) to an entity of one of the kinds
    ``targets``, made at ``loc``."""
    home, local = ds, target
    prefix, sep, rest = target.partition(":")
    if sep and prefix != ds.id:  # other-dataset:id
        if prefix in datasets:
            home, local = datasets[prefix], rest
        elif prefix in others and deferred is not None:
            deferred.append(Deferred(prefix, rest, targets, field, loc, who))
            return
        else:
            known = sorted(set(datasets) | set(others))
            problems.append(Problem(loc, f"{field}: '{target}' names data set '{prefix}', which "
                                         f"is not in this build{_suggest(prefix, known)}", who))
            return
    elif sep:
        local = rest
    other = home.records.get(local)
    problem = _reference_problem(field, local, targets, other.kind if other else None,
                                 other.loc if other else None,
                                 f" in data set '{home.id}'" if home is not ds else "")
    if problem is None:
        return
    if other is None:  # a suggestion among the ids of the right kinds
        problem += _suggest(local, [r.id for r in home.records.values() if r.kind in targets])
    problems.append(Problem(loc, problem, who))


def _check_links(ds: Dataset, problems: list[Problem], known: list[str]) -> None:
    """The data sets the ``dataset:`` block relates this one to must be in the build."""
    who = f"dataset '{ds.id}'"
    for name, targets in ds.links.items():
        loc = ds.link_locs.get(name, ds.loc)
        for target in targets:
            if target == ds.id:
                problems.append(Problem(loc, f"{name}: a data set cannot name itself", who))
            elif target not in known:
                problems.append(Problem(loc, f"{name}: no data set '{target}' in this build"
                                             f"{_suggest(target, [k for k in known if k != ds.id])}", who))


def _reference_problem(field: str, target: str, targets: tuple[str, ...], kind: str | None, loc: Loc | None,
                       where: str) -> str | None:
    """What is wrong with a reference to ``target`` of kind ``kind`` (None: there is none), defined
    at ``loc``; ``where`` names its data set when it is another."""
    if kind is None:
        return f"{field}: no {' or '.join(_name(t) for t in targets)} with id '{target}'{where}"
    if kind not in targets:
        defined = f" (defined at {loc})" if loc else ""
        return f"{field}: '{target}'{where} is {_a(kind)}{defined}, expected {_one_of(targets)}"
    return None


def check_deferred(deferred: list[Deferred], indexes: Mapping[str, Mapping[str, str]]) -> list[Problem]:
    """The references into other data sets, once every data set's ids are known: ``indexes`` maps
    a data set's id to its ids' kinds."""
    problems = []
    for d in deferred:
        index = indexes.get(d.dataset, {})
        problem = _reference_problem(d.field, d.id, d.targets, index.get(d.id), None, f" in data set '{d.dataset}'")
        if problem is None:
            continue
        if d.id not in index:
            problem += _suggest(d.id, [i for i, kind in index.items() if kind in d.targets])
        problems.append(Problem(d.loc, problem, d.who))
    return problems


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
    norms: dict[str, Normalised] = {}
    searched: dict[tuple[str, str], list[tuple[int, int]]] = {}
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
            key = (c.source, c.quote)
            found = searched.get(key)  # quoted again (by a measure and its indicator...): searched once
            if found is None:
                start, end = _bounds(src, text)
                found = searched[key] = find(text, c.quote, start, end, partial(_normalised, norms, c.source, text))
            starts = [a for a, _ in found]
            if c.at is not None:
                if c.at not in starts:
                    problems.append(Problem(c.loc, f"quote is not at offset {c.at} of source '{c.source}'"
                                                   + (f"; it is at {', '.join(map(str, starts))}" if found else ""), who))
                    continue
                a, b = found[starts.index(c.at)]
                resolved.append(Citation(c.source, text[a:b], c.loc, c.at, a))
            elif len(found) == 1:
                a, b = found[0]
                resolved.append(Citation(c.source, text[a:b], c.loc, c.at, a))  # what the source says, as it says it
            elif not found:
                problems.append(Problem(c.loc, f"quote not found in source '{c.source}': '{short(c.quote, 30)}'"
                                               + _where_else(ds, src, c.quote, texts, norms, problems), who))
            else:
                problems.append(Problem(c.loc, f"quote occurs {len(found)} times in source '{c.source}' "
                                               f"(at {', '.join(map(str, starts))}); add 'at: {starts[0]}' "
                                               "or quote more text", who))
        rec.values["source"] = resolved


def _bounds(src: Record, text: str) -> tuple[int, int]:
    span = src.values.get("span")
    return span if isinstance(span, tuple) else (0, len(text))


def _normalised(norms: dict[str, Normalised], source: str, text: str) -> Normalised:
    if source not in norms:
        norms[source] = Normalised(text)
    return norms[source]


def _where_else(ds: Dataset, src: Record, quote: str, texts: dict[str, str | None], norms: dict[str, Normalised],
                problems: list[Problem]) -> str:
    """Where a quote not in its source is: in another source of the data set, or, failing that,
    the nearest passage of its own source."""
    for other in sorted((r for r in ds.records.values() if r.kind == "source" and r.id != src.id), key=lambda r: r.loc):
        if other.id not in texts:
            texts[other.id] = _source_text(ds, other, problems)
        text = texts[other.id]
        if text is not None:
            found = find(text, quote, *_bounds(other, text), partial(_normalised, norms, other.id, text))
            if found:
                return f"; it is in source '{other.id}' at {found[0][0]}–{found[0][1]}"
    text = texts[src.id]
    assert text is not None
    near = nearest(text, quote, *_bounds(src, text), partial(_normalised, norms, src.id, text))
    if near is None:
        return ""
    return f"; the nearest passage is '{short(text[near[0]:near[1]], 30)}' at {near[0]}–{near[1]}"


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


def check(corpus: Corpus, others: Mapping[str, str] | None = None,
          deferred: list[Deferred] | None = None) -> CheckedCorpus:
    """``corpus`` checked: the only way to a :class:`CheckedCorpus`, the one thing that can be
    turned into triples. Raise :class:`DataError` with every problem :func:`problems_in` finds.

    >>> import kg
    >>> checked = kg.check(kg.load())   # the bundled data
    >>> len(checked.datasets) > 1
    True
    """
    problems = problems_in(corpus, others, deferred)
    if problems:
        raise DataError(problems)
    return CheckedCorpus(corpus.datasets, key=CHECKED)


def problems_in(corpus: Corpus, others: Mapping[str, str] | None = None,
                deferred: list[Deferred] | None = None) -> list[Problem]:
    """Every cross-entity problem in ``corpus``; also resolves quotes to offsets.

    A reference ``other:id`` into another data set of ``corpus`` is checked here; one into a data set
    only named in ``others`` (id -> base: built apart, in another process) is added to ``deferred``
    for :func:`check_deferred`."""
    problems: list[Problem] = []
    datasets = {ds.id: ds for ds in corpus.datasets}
    for ds in corpus.datasets:
        if ds.area is not None:
            _check_ref(ds, ds.area, ("place",), "area", ds.link_locs.get("area", ds.loc), f"dataset '{ds.id}'",
                       problems, datasets, others or {}, deferred)
        _check_links(ds, problems, sorted(set(datasets) | set(others or {})))
        for rec in ds.records.values():
            _check_refs(ds, rec, problems, datasets, others or {}, deferred)
        _check_cycles(ds, problems)
        resolve_citations(ds, problems)
    return problems


@dataclass(frozen=True)
class Coverage:
    """Labels given per language, of ``total`` labels (each entity's and each data set's)."""

    total: int
    given: dict[str, int]

    @property
    def missing(self) -> int:
        """Texts to write: each label's languages it lacks."""
        return self.total * len(LANGS) - sum(self.given.values())

    def __str__(self) -> str:
        parts = [f"{lang} {self.given.get(lang, 0)} of {self.total} ({self.given.get(lang, 0) / self.total:.0%})"
                 for lang in LANGS] if self.total else ["no labels"]
        return "labels: " + ", ".join(parts)


def _labelled(corpus: Corpus) -> Iterator[tuple[dict[str, str], Dataset, Record | None]]:
    """Each data set's and each entity's labels (per language), with the data set and the entity."""
    required = {name for name, kind in KINDS.items() if (f := kind.field("label")) is not None and f.required}
    for ds in corpus.datasets:
        yield ds.label, ds, None
        for rec in ds.records.values():
            labels = rec.values.get("label")
            if rec.kind in required and isinstance(labels, dict):
                yield labels, ds, rec


def label_coverage(corpus: Corpus) -> Coverage:
    """How many labels ``corpus`` has, and how many of them each language has."""
    given: dict[str, int] = {lang: 0 for lang in LANGS}
    total = 0
    for labels, _, _ in _labelled(corpus):
        total += 1
        for lang in LANGS:
            given[lang] += lang in labels
    return Coverage(total, given)


def translation_gaps(corpus: Corpus) -> tuple[list[Problem], Coverage]:
    """Each label that lacks one of :data:`~kg.model.LANGS` (a translation to do: a ``TODO``, or not
    written), located, and how many labels each language has."""
    gaps = [Problem(ds.loc, f"label: missing the '{lang}' text", f"dataset '{ds.id}'") if rec is None else
            Problem(rec.at("label"), f"label: missing the '{lang}' text", f"{rec.kind} '{rec.id}'")
            for labels, ds, rec in _labelled(corpus) for lang in LANGS if lang not in labels]
    return sorted(gaps), label_coverage(corpus)
