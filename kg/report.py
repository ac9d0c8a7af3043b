"""The ``kg analyze`` report as text for a terminal."""

from __future__ import annotations

from typing import Any

from kg.tables import display_width

__all__ = ["render_report"]


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _dataset(iri: str) -> str:
    """A data set's id: the last segment of its base IRI."""
    return iri.rstrip("/#").rsplit("/", 1)[-1]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]


def render_report(data: dict[str, Any], lang: str = "en") -> str:
    """Render :func:`kg.analyze.report`'s data as sections of aligned tables."""
    key = f"label_{lang}"
    sets = data.get("datasets", [])
    out = []
    if sets:
        out += ["Data sets (documents): entities and sources by kind, and links from them into other data sets"]
        out += _table(["data set", "title", "entities and sources", "links to other data sets"],
                      [[_dataset(d["dataset"]), d[key] or d["label_en"] or d["label_zh"],
                        ", ".join(f"{k} {n}" for k, n in d["kinds"].items()) or "-",
                        ", ".join(f"{_dataset(t)} {n}" for t, n in d["links_to"].items()) or "-"] for d in sets])
        out.append("")
    sources = data.get("sources", 0)
    out += [f"Network: {data['nodes']} nodes ({data['nodes'] - sources} entities, {sources} sources), {data['edges']} links", "",
           "Goals and the measures that reach them (through work areas, battles, broader measures)"]
    rows = [[g[key] or _short(iri), str(len(g["measures"])),
             ", ".join(sorted({" > ".join(_short(x) for x in r["path"][1:-1]) or "directly" for r in g["measures"]})[:3])
             if g["measures"] else "-"]
            for iri, g in sorted(data["goals"].items(), key=lambda kv: -len(kv[1]["measures"]))]
    out += _table(["goal", "measures", "e.g. via"], rows)
    cov = data["coverage"]
    battles = sorted({b for row in cov.values() for b in row})
    out += ["", "Work area × battle: measures of the area in each battle"]
    out += _table(["work area"] + [_short(b) for b in battles],
                  [[_short(a)] + [str(cov[a].get(b, 0)) for b in battles] for a in cov]) if battles else ["(no measure of a work area is in a battle)"]
    out += ["", "Orphans"]
    for name, items in data["orphans"].items():
        out.append(f"  {name.replace('_', ' ')}: {', '.join(_short(i) for i in items) if items else 'none'}")
    out += ["", "Most central measures (betweenness: how often a measure lies on the shortest path between "
                "two other entities, over the links between entities, sources left out; high values bridge "
                "otherwise separate parts of the plan)"]
    out += _table(["measure", "betweenness", "degree"],
                  [[_short(m["measure"]), f"{m['betweenness']:.4f}", str(m["degree"])] for m in data["central_measures"]])
    out += ["", "Connected components (of the whole network: entities, the sources they are quoted from, "
                "and every link between them)"]
    out += _table(["size", "example", "entity parts (sources left out)", "kinds"],
                  [[str(c["size"]), _short(c["example"]), str(c["entity_parts"]),
                    ", ".join(f"{k} {n}" for k, n in c["kinds"].items())] for c in data["components"]])
    return "\n".join(out) + "\n"
