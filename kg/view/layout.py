"""Node positions computed in Python, so a large graph is drawn at once with physics off."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

__all__ = ["tree_layout", "grouped_layout"]

_X, _Y, _ROW, _WRAP = 170, 260, 90, 40
_UP = ("contributesTo", "servesGoal", "inWorkArea", "inBattle", "partOfMeasure", "tracks", "indicator")


def _levels(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, int]:
    kind = {n["id"]: n["kind"] for n in nodes}
    parents: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["property"] in ("contributesTo", "partOfMeasure"):
            parents[e["from"]].append(e["to"])
    depth: dict[str, int] = {}

    def chain(n: str, seen: frozenset[str] = frozenset()) -> int:
        if n not in depth:
            ups = [p for p in parents.get(n, []) if p not in seen]
            depth[n] = 1 + max((chain(p, seen | {n}) for p in ups), default=-1)
        return depth[n]

    goal_top = max((chain(n) for n, k in kind.items() if k == "goal"), default=0)
    middle = goal_top + 1
    measure_top = max((middle + 1 + chain(n) for n, k in kind.items() if k == "measure"), default=middle + 1)
    fixed = {"battle": middle, "work_area": middle, "indicator": measure_top + 1, "observation": measure_top + 2}
    level = {}
    for n, k in kind.items():
        if k == "goal":
            level[n] = chain(n)
        elif k == "measure":
            level[n] = middle + 1 + chain(n)
        else:
            level[n] = fixed.get(k, measure_top + 3)
    return level


def tree_layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """A top-down "mind map": goals, then battles and work areas, measures, indicators, observations,
    named things. Within a level, nodes sit under the nodes they link up to; long levels wrap."""
    level = _levels(nodes, edges)
    ups: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["property"] in _UP:
            ups[e["from"]].append(e["to"])
        elif e["property"] == "mentions":
            ups[e["to"]].append(e["from"])
    rows: dict[int, list[str]] = defaultdict(list)
    for n in sorted(level):
        rows[level[n]].append(n)
    pos: dict[str, tuple[int, int]] = {}
    y = 0
    for lv in sorted(rows):
        def centre(n: str) -> float:
            xs = [pos[p][0] for p in ups.get(n, []) if p in pos]
            return sum(xs) / len(xs) if xs else math.inf
        members = sorted(rows[lv], key=lambda n: (centre(n), n))
        lines = [members[i:i + _WRAP] for i in range(0, len(members), _WRAP)]
        for j, line in enumerate(lines):
            offset = (len(line) - 1) * _X / 2
            for i, n in enumerate(line):
                pos[n] = (round(i * _X - offset), y + j * _ROW)
        y += _Y + (len(lines) - 1) * _ROW
    return pos


def grouped_layout(nodes: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Nodes grouped by work area (else battle, else kind) on a large circle, each group a
    sunflower spiral: O(n), for graphs too large for physics in the browser."""
    groups: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        key = (n["areas"] or n["battles"] or [f"kind:{n['kind']}"])[0]
        groups[key].append(n["id"])
    names = sorted(groups, key=lambda g: (-len(groups[g]), g))
    radii = {g: 40 * math.sqrt(len(groups[g])) + 80 for g in names}
    ring = max(sum(2 * r for r in radii.values()) / (2 * math.pi), max(radii.values(), default=0))
    pos: dict[str, tuple[int, int]] = {}
    angle = 0.0
    total = sum(2 * r for r in radii.values()) or 1.0
    golden = math.pi * (3 - math.sqrt(5))
    for g in names:
        share = 2 * radii[g] / total * 2 * math.pi
        cx, cy = ring * math.cos(angle + share / 2), ring * math.sin(angle + share / 2)
        angle += share
        for i, node_id in enumerate(sorted(groups[g])):
            r = 40 * math.sqrt(i)
            pos[node_id] = (round(cx + r * math.cos(i * golden)), round(cy + r * math.sin(i * golden)))
    return pos
