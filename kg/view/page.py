"""The view as one self-contained HTML file: vis-network (from the installed pyvis package),
our script and styles, and the data, all inline; nothing is fetched from anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UsageError
from kg.files import write_text
from kg.graph import AnyGraph, StoreGraph, as_store_graph
from kg.vocab import DCTERMS, KGO, RDF
from kg.view.layout import grouped_layout
from kg.view.nodes import STYLE, view_data

__all__ = ["render_view", "write_view", "LAYOUTS", "PHYSICS_LIMIT"]

LAYOUTS = ("tree", "force")
#: Above this many nodes shown at once, the force layout is computed in Python (grouped by work
#: area) instead of by physics in the browser. The tree layout is computed in the browser, where
#: the labels' widths are known.
PHYSICS_LIMIT = 1000
_HERE = Path(__file__).resolve().parent


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style, from the installed pyvis package: found, not imported
    (importing pyvis imports networkx and jinja2, half a second, for two files)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; kg's view needs its vis-network files")
    lib = Path(list(spec.submodule_search_locations)[0]) / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> or <style> element it is placed in."""
    return re.sub(r"</(script|style)", r"<\\/\1", text, flags=re.I)


def _json_for_html(data: Any) -> str:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _title(graph: StoreGraph) -> dict[str, str]:
    """Each data set's title, per language; the data sets holding most entities first, so that a
    corpus is named by its documents before its shared vocabularies."""
    store, title = graph.store, ox.NamedNode(DCTERMS.title)
    titles: dict[str, list[str]] = {}
    datasets = sorted(q.subject.value for q in store.quads_for_pattern(  # type: ignore[union-attr]
        None, ox.NamedNode(RDF.type), ox.NamedNode(KGO.Dataset)))
    size = {ds: sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(KGO.inDataset), ox.NamedNode(ds)))
            for ds in datasets}
    for ds in sorted(datasets, key=lambda d: -size[d]):  # stable: ties keep the order of their IRIs
        for q in store.quads_for_pattern(ox.NamedNode(ds), title, None):
            if isinstance(q.object, ox.Literal):
                titles.setdefault(q.object.language or "en", []).append(q.object.value)
    return {lang: " · ".join(ts) for lang, ts in titles.items()} or {"en": "kg", "zh": "kg"}


#: What the page reads before its first frame (and its data set, ``ds``); the rest of a node (definition, quotes,
#: observations, other names, note) is read when a panel or a search first needs it.
_CORE = ("id", "kind", "zh", "en")


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """:func:`view_data` as the page carries it (half the bytes at 10,000 entities): edges as
    [from, to, property] indexes, each node's data set as an index (``ds``) into ``datasets``, no empty fields, no memberships (the page derives them from the
    links), and the force layout's precomputed positions only when physics would be too slow.
    ``details`` is placed in a script element of its own, parsed when first needed."""
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    properties = list(data["edgeLabels"])
    out = dict(data)
    datasets = {d["id"]: i for i, d in enumerate(data["datasets"])}
    out["nodes"] = [{**{k: n[k] for k in _CORE}, **({"ds": datasets[n["dataset"]]} if n["dataset"] else {})}
                    for n in data["nodes"]]
    out["details"] = [{k: v for k, v in n.items() if k not in _CORE and k not in ("areas", "battles", "dataset")
                       and v not in ([], {}, "")} for n in data["nodes"]]
    out["edges"] = [[index[e["from"]], index[e["to"]], properties.index(e["property"])] for e in data["edges"]]
    out["properties"] = properties
    out["serveProperties"] = sorted({e["property"] for e in data["edges"] if e["serve"]})
    if len(data["nodes"]) > PHYSICS_LIMIT:
        positions = grouped_layout(data["nodes"])
        out["grouped"] = [positions[n["id"]] for n in data["nodes"]]
    return out


def render_view(graph: AnyGraph, *, lang: str = "en", layout: str = "tree", focus: str | None = None,
                depth: int = 2) -> str:
    """The HTML page of ``graph``'s network; ``focus`` (an id or IRI) limits it to ``depth`` links around one node."""
    from kg.ontology import ontology_store
    from kg.graph import resolve_entity

    if layout not in LAYOUTS:
        raise UsageError(f"--layout must be one of {', '.join(LAYOUTS)}, not '{layout}'")
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not '{lang}'")
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    focus_iri = str(resolve_entity(graph, focus)) if focus else None
    store = as_store_graph(graph)
    data = _compact(view_data(store, ontology_store(), focus_iri, depth))
    title = _title(store)
    data.update(lang=lang, layout=layout, title=title, physicsLimit=PHYSICS_LIMIT, kindOrder=list(STYLE))
    vis_js, vis_css = _vis_assets()
    values = {
        "lang": lang,
        "title": title.get(lang, "kg").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        "vis_css": _script_safe(vis_css),
        "view_css": _script_safe((_HERE / "view.css").read_text(encoding="utf-8")),
        "data": _json_for_html({k: v for k, v in data.items() if k != "details"}),
        "details": _json_for_html(data["details"]),
        "vis_js": _script_safe(vis_js),
        "view_js": _script_safe((_HERE / "view.js").read_text(encoding="utf-8")),
    }
    template = (_HERE / "template.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m[1]], template)


def write_view(graph: AnyGraph, out: str | Path, **options: Any) -> Path:
    """Write :func:`render_view`'s page to ``out`` atomically."""
    write_text(out, render_view(graph, **options))
    return Path(out)
