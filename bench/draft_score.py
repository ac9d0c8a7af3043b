"""How well ``kg draft`` recovers a hand-made data set's observations from the same text.

    python -m bench.draft_score                         # the bundled speech
    python -m bench.draft_score data/OTHER --json

The data set's source file is drafted as ``kg draft`` would (the document's year read from the
text, not given). A drafted observation *matches* a hand-made one when its number lies inside one
of the hand-made observation's quoted passages (located by kg's own quote check) and they agree on
value, scale and unit; *fully* when period and status agree too (a hand-made observation that
states no status counts as ``actual``, as the bundled data marks only its targets). Recall is the
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

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "zhejiang-2024-manufacturing"


@dataclass(frozen=True)
class Obs:
    value: Decimal | None
    scale: str | None
    unit: str
    period: str
    status: str
    spans: tuple[tuple[int, int], ...]
    name: str

    def same_value(self, other: Obs) -> bool:
        return (self.value, self.scale, self.unit) == (other.value, other.scale, other.unit)

    def same_all(self, other: Obs) -> bool:
        return self.same_value(other) and (self.period, self.status) == (other.period, other.status)


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


def hand_made(folder: Path) -> tuple[str, list[Obs]]:
    """The source file's text and the observations of the data set in ``folder``, their quotes located."""
    from kg.pipeline import load_checked

    # with every data set beside it, for the references it makes into them (places, shared indicators)
    corpus = load_checked([folder.parent], workers=1)
    ds = next(d for d in corpus.datasets if Path(d.folder).resolve() == folder.resolve())
    files = {str(r.values["file"]) for r in ds.records.values() if r.kind == "source"}
    if len(files) != 1:
        raise SystemExit(f"{folder}: scoring needs the data set's sources in one file, found {sorted(files)}")
    text = (folder / files.pop()).read_bytes().decode("utf-8-sig")
    out = []
    for r in ds.records.values():
        if r.kind != "observation":
            continue
        cites = r.values.get("source") or []
        spans = tuple((c.start, c.start + len(c.quote)) for c in cites if c.start is not None)  # type: ignore[union-attr]
        value = r.values.get("value")
        out.append(Obs(value if isinstance(value, Decimal) else None, r.values.get("scale"),  # type: ignore[arg-type]
                       str(r.values["unit"]), r.values["period"].text,  # type: ignore[attr-defined]
                       str(r.values.get("status", "actual")), spans, r.id))
    return text, out


def drafted(text: str) -> list[Obs]:
    from kg.draft import draft

    d = draft(text, dataset="score")
    return [Obs(o.value, o.scale, o.unit, o.period, o.status, (o.number,),
                f"{text[o.number[0]:o.number[1]]}@{o.number[0]} ({o.period}, {o.status})") for o in d.observations]


def _located(d: Obs, h: Obs) -> bool:
    a, b = d.spans[0]
    return any(s <= a and b <= e for s, e in h.spans)


def score(folder: Path = DEFAULT) -> Score:
    text, hand = hand_made(folder)
    mine = drafted(text)
    recall_v = [h for h in hand if any(_located(d, h) and d.same_value(h) for d in mine)]
    recall_f = [h for h in hand if any(_located(d, h) and d.same_all(h) for d in mine)]
    prec_v = [d for d in mine if any(_located(d, h) and d.same_value(h) for h in hand)]
    prec_f = [d for d in mine if any(_located(d, h) and d.same_all(h) for h in hand)]
    missed = tuple(h.name for h in hand if h not in recall_v)
    unmatched = tuple(d.name for d in mine if d not in prec_v)
    return Score(len(hand), len(mine), len(recall_v) / len(hand), len(recall_f) / len(hand),
                 len(prec_v) / len(mine) if mine else 0.0, len(prec_f) / len(mine) if mine else 0.0,
                 missed, unmatched)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.draft_score", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT), help="a hand-made data set (default: the bundled one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    s = score(Path(args.folder))
    if args.json:
        print(json.dumps(asdict(s), ensure_ascii=False, indent=1))
        return 0
    print(f"{s.hand} hand-made observations, {s.drafted} drafted")
    print(f"{'':24}{'recall':>8}{'precision':>11}")
    print(f"{'value+scale+unit':24}{s.recall_value:>8.1%}{s.precision_value:>11.1%}")
    print(f"{'+ period and status':24}{s.recall_full:>8.1%}{s.precision_full:>11.1%}")
    if s.missed:
        print("missed: " + ", ".join(s.missed))
    if s.unmatched:
        print("drafted, matching none: " + ", ".join(s.unmatched))
    return 0


if __name__ == "__main__":
    sys.exit(main())
