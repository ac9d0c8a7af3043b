"""Synthetic data sets of the real shape: documents with goals, battles, work areas, measures
(with concrete actions), indicators with observations, named things, bilingual labels and quotes
that are really in the source text. Deterministic for a given size and seed.

    python -m bench.synthetic OUT_DIR --measures 10000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

__all__ = ["generate"]

_ZH = "建设推进完善培育加快实施深化优化强化提升打造扩大发展创新绿色数字智能制造产业集群质量品牌企业治理人才政策"
MEASURES_PER_DOCUMENT = 1000


def _zh(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ZH) for _ in range(n))


def _document(folder: Path, doc: int, measures: int, rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []  # the source text, one sentence per entity, so every quote is unique
    def sentence(key: str) -> str:
        text = f"{_zh(rng, 6)}{key}。"
        lines.append(text)
        return text[:-1]

    goals = [(f"g{i}", sentence(f"目标{i}")) for i in range(10)]
    battles = [(f"b{i}", sentence(f"攻坚战{i}")) for i in range(4)]
    areas = [(f"w{i}", sentence(f"领域{i}")) for i in range(6)]
    out = [f"dataset:\n  id: synthetic-{doc}\n  base: https://example.org/synthetic-{doc}/\n"
           f"  label: {{zh: 合成文件{doc}, en: Synthetic document {doc}}}\n  area: place0\n"
           "sources:\n  - id: text\n    label: {zh: 原文, en: Text}\n    kind: speech\n    file: source.txt\n"]
    (folder / "dataset.yaml").write_text(out[0], encoding="utf-8")

    def entity(kind_id: str, zh: str, en: str, extra: str = "") -> str:
        return (f"  - id: {kind_id}\n    label: {{zh: \"{zh}\", en: \"{en}\"}}\n{extra}"
                f"    source: {{ref: text, quote: \"{zh}\"}}\n")

    (folder / "goals.yaml").write_text("goals:\n" + "".join(
        entity(g, q, f"Goal {g}", "    broader: [g0]\n" if g != "g0" else "") for g, q in goals), encoding="utf-8")
    (folder / "battles.yaml").write_text("battles:\n" + "".join(
        entity(b, q, f"Battle {b}", f"    serves: [g0, g{1 + i % 9}]\n") for i, (b, q) in enumerate(battles)),
        encoding="utf-8")
    (folder / "work-areas.yaml").write_text("work_areas:\n" + "".join(
        entity(w, q, f"Work area {w}", f"    serves: [g0, g{1 + i % 9}]\n    aim: {{zh: 新台阶, en: New level}}\n")
        for i, (w, q) in enumerate(areas)), encoding="utf-8")
    things = max(2, measures // 8)
    programme_ids = [f"prog{i}" for i in range(things)]
    place_ids = [f"place{i}" for i in range(things)]
    (folder / "things.yaml").write_text(
        "programmes:\n" + "".join(entity(p, sentence(f"计划{i}"), f"Programme {i}") for i, p in enumerate(programme_ids))
        + "places:\n" + "".join(entity(p, sentence(f"地点{i}"), f"Place {i}") for i, p in enumerate(place_ids)),
        encoding="utf-8")
    chunks: dict[int, list[str]] = {}
    for i in range(measures):
        area = i % 6
        parent = f"    part_of: m{i - 1}\n" if i % 5 else ""
        battle = f"    battles: [b{i % 4}]\n" if i % 3 == 0 else ""
        mention = f"    mentions: [{rng.choice(programme_ids)}]\n"
        chunks.setdefault(area, []).append(entity(f"m{i}", sentence(f"举措{i}"), f"Measure {i}",
                                                  f"    work_area: w{area}\n{parent}{battle}{mention}"))
    for area, items in chunks.items():
        (folder / f"measures-{area}.yaml").write_text("measures:\n" + "".join(items), encoding="utf-8")
    inds = []
    for i in range(measures // 2):
        q1, q2 = sentence(f"指标{i}达到{i}.5%"), sentence(f"指标{i}目标{i + 1}万亿")
        inds.append(
            f"  - id: i{i}\n    label: {{zh: \"指标{i}\", en: \"Indicator {i}\"}}\n    tracks: [m{2 * i}]\n"
            f"    source: {{ref: text, quote: \"{q1}\"}}\n    observations:\n"
            f"      - {{id: o{i}a, value: {i}.5, unit: percent, period: 2023, rank: {1 + i % 30}, rank_scope: place0,"
            f" source: {{ref: text, quote: \"{q1}\"}}}}\n"
            f"      - {{id: o{i}b, value: {i + 1}, scale: 万亿, unit: CNY, period: 2024-01/2024-04, status: target,"
            f" area: {rng.choice(place_ids)}, source: {{ref: text, quote: \"{q2}\"}}}}\n")
    (folder / "indicators.yaml").write_text("indicators:\n" + "".join(inds), encoding="utf-8")
    (folder / "source.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: str | Path, measures: int, seed: int = 0) -> Path:
    """Write data sets holding ``measures`` measures in all (1,000 per document) under ``out``."""
    rng = random.Random(seed)
    out = Path(out)
    docs = max(1, -(-measures // MEASURES_PER_DOCUMENT))
    for d in range(docs):
        n = min(MEASURES_PER_DOCUMENT, measures - d * MEASURES_PER_DOCUMENT)
        _document(out / f"synthetic-{d:04d}", d, n, rng)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.out, args.measures, args.seed))


if __name__ == "__main__":
    main()
