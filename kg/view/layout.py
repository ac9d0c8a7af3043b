"""Positions for the force layout of a large graph, computed in Python so that it is drawn at once
with physics off (the tree layout is computed in the page, where the labels' widths are known)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

__all__ = ["grouped_layout"]


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
