"""How well ``kg draft`` recovers a hand-made data set's observations from the same text.

    python -m bench.draft_score                                   # the bundled speech
    python -m bench.draft_score data/national-2024-equipment-renewal --json

Each source file of the data set is drafted as ``kg draft`` would draft it alone (the document's
year read from the text, not given). A drafted observation *matches* a hand-made one when its
number lies inside one of the hand-made observation's quoted passages in that file (located by
kg's own quote check) and they agree on value, scale and unit; *fully* when period and status
agree too (a hand-made observation that states no status counts as ``actual``, as the bundled data
marks only its targets); and *with what it states* when, besides, every one of ``base_period``,
``expresses``, ``cumulative``, ``as_of`` and ``comparator`` that the hand-made observation states
agrees (a drafted observation without ``expresses`` states what its unit implies, without
``comparator`` ``exactly``; a field the hand-made one leaves out is not compared). Recall is the
share of hand-made observations matched by some drafted one; precision the share of drafted
observations that match some hand-made one (a figure the text states twice, as the speech and its
summary do, is matched each time it is drafted). A hand-made observation's other passages (the
summary's, the FAQ's) count as its places in the text, so the whole file is drafted and scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.records import Citation

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "zhejiang-2024-manufacturing"


#: Fields compared only where the hand-made observation states them.
STATED = ("base_period", "expresses", "cumulative", "as_of", "comparator")


@dataclass(frozen=True)
class Obs:
    value: Decimal | None
    scale: str | None
    unit: str
    period: str
    status: str
    #: The file and the [start, end) passages in it.
    file: str
    spans: tuple[tuple[int, int], ...]
    name: str
    #: (field, value) of the STATED fields: for a hand-made observation those it states, for a drafted one all.
    stated: tuple[tuple[str, str], ...] = ()

    def same_value(self, other: Obs) -> bool:
        return (self.value, self.scale, self.unit) == (other.value, other.scale, other.unit)

    def same_all(self, other: Obs) -> bool:
        return self.same_value(other) and (self.period, self.status) == (other.period, other.status)

    def same_stated(self, hand: Obs) -> bool:
        """Agrees on everything ``hand`` (a hand-made observation) states."""
        mine = dict(self.stated)
        return self.same_all(hand) and all(mine.get(k) == v for k, v in hand.stated)


@dataclass(frozen=True)
class Score:
    hand: int
    drafted: int
    recall_value: float
    recall_full: float
    precision_value: float
    precision_full: float
    missed: tuple[str, ...]
    unmatched: tuple[str, ...]
    #: With the STATED fields the hand-made observation states (None when it states none of them).
    recall_stated: float | None = None
    precision_stated: float | None = None
    stated: int = 0
    wrong_stated: tuple[str, ...] = ()


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "text", value))


def hand_made(folder: Path) -> tuple[dict[str, str], list[Obs]]:
    """The data set's source files (name -> text) and its observations, their quotes located."""
    from kg.pipeline import load_checked

    # with every data set beside it, for the references it makes into them (places, shared indicators)
    corpus = load_checked([folder.parent], workers=1)
    ds = next(d for d in corpus.datasets if Path(d.folder).resolve() == folder.resolve())
    file_of = {r.id: str(r.values["file"]) for r in ds.records.values() if r.kind == "source"}
    texts = {name: (folder / name).read_bytes().decode("utf-8-sig") for name in sorted(set(file_of.values()))}
    out = []
    for r in ds.records.values():
        if r.kind != "observation":
            continue
        cites: list[Citation] = r.values.get("source") or []  # type: ignore[assignment]
        by_file: dict[str, list[tuple[int, int]]] = {}
        for c in cites:
            if c.start is not None:
                by_file.setdefault(file_of[c.source], []).append((c.start, c.start + len(c.quote)))
        value = r.values.get("value")
        stated = tuple((k, _text(r.values[k])) for k in STATED if k in r.values)
        for name, spans in sorted(by_file.items()) or [("", [])]:
            out.append(Obs(value if isinstance(value, Decimal) else None, r.values.get("scale"),  # type: ignore[arg-type]
                           str(r.values["unit"]), r.values["period"].text,  # type: ignore[attr-defined]
                           str(r.values.get("status", "actual")), name, tuple(spans), r.id, stated))
    return texts, out


def drafted(text: str, file: str = "") -> list[Obs]:
    from kg.draft import draft
    from kg.model import UNIT_EXPRESSES

    d = draft(text, dataset="score")
    out = []
    for o in d.observations:
        stated = {"base_period": o.base_period, "expresses": o.expresses or UNIT_EXPRESSES.get(o.unit),
                  "cumulative": "true" if o.cumulative else "false", "as_of": o.as_of,
                  "comparator": o.comparator or "exactly"}
        out.append(Obs(o.value, o.scale, o.unit, o.period, o.status, file, (o.number,),
                       f"{text[o.number[0]:o.number[1]]}@{file + ':' if file else ''}{o.number[0]} ({o.period}, {o.status})",
                       tuple((k, v) for k, v in stated.items() if v is not None)))
    return out


def _located(d: Obs, h: Obs) -> bool:
    a, b = d.spans[0]
    return d.file == h.file and any(s <= a and b <= e for s, e in h.spans)


def score(folder: Path = DEFAULT) -> Score:
    """Raises :class:`ValueError` when ``folder`` holds no hand-made observation to score against."""
    texts, rows = hand_made(folder)
    if not rows:
        raise ValueError(f"{folder} has no observations made by hand to score the draft against")
    mine = [o for name, text in texts.items() for o in drafted(text, name if len(texts) > 1 else "")]
    if len(texts) == 1:
        rows = [Obs(**{**asdict(h), "file": ""}) for h in rows]
    names = list(dict.fromkeys(h.name for h in rows))  # an observation quoted in two files is one

    def recalled(test: str) -> list[str]:
        return [n for n in names if any(getattr(d, test)(h) and _located(d, h) for h in rows if h.name == n
                                        for d in mine)]

    def precise(test: str, among: list[Obs]) -> list[Obs]:
        return [d for d in mine if any(_located(d, h) and getattr(d, test)(h) for h in among)]

    recall_v, recall_f = recalled("same_value"), recalled("same_all")
    prec_v, prec_f = precise("same_value", rows), precise("same_all", rows)
    stating = [n for n in names if any(h.stated for h in rows if h.name == n)]
    recall_s = [n for n in recalled("same_stated")]
    missed = tuple(n for n in names if n not in recall_v)
    unmatched = tuple(d.name for d in mine if d not in prec_v)
    wrong = tuple(n for n in stating if n in recall_f and n not in recall_s)
    return Score(len(names), len(mine), len(recall_v) / len(names), len(recall_f) / len(names),
                 len(prec_v) / len(mine) if mine else 0.0, len(prec_f) / len(mine) if mine else 0.0,
                 missed, unmatched,
                 len(recall_s) / len(names), len(precise("same_stated", rows)) / len(mine) if mine else 0.0,
                 len(stating), wrong)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft_score", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT), help="a hand-made data set (default: the bundled one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        s = score(Path(args.folder))
    except ValueError as e:
        print(f"python -m bench.draft_score: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(asdict(s), ensure_ascii=False, indent=1))
        return 0
    print(f"{s.hand} hand-made observations, {s.drafted} drafted")
    print(f"{'':24}{'recall':>8}{'precision':>11}")
    print(f"{'value+scale+unit':24}{s.recall_value:>8.1%}{s.precision_value:>11.1%}")
    print(f"{'+ period and status':24}{s.recall_full:>8.1%}{s.precision_full:>11.1%}")
    if s.stated:
        print(f"{'+ the fields it states':24}{s.recall_stated:>8.1%}{s.precision_stated:>11.1%}"
              f"  ({s.stated} state one of {', '.join(STATED)})")
    if s.missed:
        print("missed: " + ", ".join(s.missed))
    if s.unmatched:
        print("drafted, matching none: " + ", ".join(s.unmatched))
    if s.wrong_stated:
        print("matched, but not on a field it states: " + ", ".join(s.wrong_stated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
