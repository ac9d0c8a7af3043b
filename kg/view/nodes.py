"""What the HTML view shows: entities and their sources as nodes with their details, links as edges."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from typing import Any, Union

import pyoxigraph as ox

from kg.errors import UsageError
from kg.graph import (
    ENTITY_KINDS, NAME_OF_KIND, NETWORK_KINDS, NETWORK_LINKS, SERVE_LINKS, UP_LINKS, AnyGraph, StoreGraph, as_store_graph, labels,
)
from kg.model import KINDS
from kg.vocab import DCTERMS, KGO, PREFIXES, PROV, RDFS, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, SKOS, XSD

__all__ = ["view_data", "focus_set", "STYLE", "KINDS_OFF", "legend", "UP_PROPERTIES", "property_key", "property_labels"]

#: Colour and shape of each kind of node; the legend is drawn from this.
STYLE: dict[str, dict[str, str]] = {
    "goal": {"color": "#d62728", "shape": "star"},
    "battle": {"color": "#ff7f0e", "shape": "diamond"},
    "work_area": {"color": "#9467bd", "shape": "hexagon"},
    "measure": {"color": "#1f77b4", "shape": "dot"},
    "indicator": {"color": "#2ca02c", "shape": "triangle"},
    "observation": {"color": "#98df8a", "shape": "square"},
    "programme": {"color": "#8c564b", "shape": "box"},
    "cluster": {"color": "#e377c2", "shape": "triangleDown"},
    "sector": {"color": "#f7b6d2", "shape": "triangleDown"},
    "place": {"color": "#17becf", "shape": "square"},
    "organisation": {"color": "#bcbd22", "shape": "diamond"},
    "person": {"color": "#dbdb8d", "shape": "dot"},
    "role": {"color": "#7f7f7f", "shape": "dot"},
    "document": {"color": "#c49c94", "shape": "box"},
    "principle": {"color": "#c5b0d5", "shape": "ellipse"},
    "source": {"color": "#525252", "shape": "square"},
}
#: Kinds the legend starts switched off: the sources, which are not entities of the plan. They are
#: linked to most entities of their document (what each is quoted from), so drawn they would cross
#: the whole tree; a panel lists them (comes from, published by) a click away.
KINDS_OFF: tuple[str, ...] = tuple(k for k in NETWORK_KINDS if k not in ENTITY_KINDS)


def legend(vocabulary: AnyGraph) -> dict[str, dict[str, str]]:
    """:data:`STYLE` with each kind's name in Chinese and English, from its class in the ontology
    (one place for the name of a kind, whatever words one document uses)."""
    out = {}
    for kind, style in STYLE.items():
        names = labels(vocabulary, KINDS[kind].cls, RDFS.label)
        out[kind] = {**style, "zh": names.get("zh", kind), "en": names.get("en", kind.replace("_", " ").capitalize())}
    return out

def property_key(iri: str) -> str:
    """The name the page knows a link by: a kgo property's local name (``servesGoal``), another
    vocabulary's term as a prefixed name (``skos:exactMatch``), else the IRI itself."""
    kgo = PREFIXES["kgo"]
    if iri.startswith(kgo):
        return iri[len(kgo):]
    for prefix, ns in sorted(PREFIXES.items()):
        if iri.startswith(ns) and prefix != "kgo":
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _local_words(iri: str) -> str:
    """The end of an IRI (after its last '#' or '/') as words: ``exactMatch`` -> ``exact match``."""
    local = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").lower() or iri


def property_labels(vocabulary: AnyGraph, iri: str) -> dict[str, str]:
    """A link's name in Chinese and English: the ontology's labels (kg.ttl labels the terms it reuses
    from other vocabularies too), else the end of its IRI as words, in both languages."""
    names = labels(vocabulary, iri, RDFS.label)
    fallback = _local_words(iri)
    return {"zh": names.get("zh", names.get("en", fallback)), "en": names.get("en", fallback)}


#: Up links that make a node a member of a work area or battle: all but those that lead to goals.
_MEMBER_LINKS = {property_key(f.predicate) for k in KINDS.values() for f in k.fields
                 if f.up and f.predicate is not None and f.targets != ("goal",)}


_N = ox.NamedNode
_PREF, _ALT, _DEFINITION, _NOTE, _TITLE, _LABEL = (_N(p) for p in (
    SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.editorialNote, DCTERMS.title, RDFS.label))
(_INDICATOR, _PERIOD, _UNIT, _STATUS, _COMPARATOR, _AREA, _SCOPE, _VALUE, _MULT, _RANK, _WITHIN, _DERIVED,
 _PART_OF, _QUOTE, _START, _END) = (_N(p) for p in (
    KGO.indicator, SDMX_DIM.refPeriod, SDMX_ATTR.unitMeasure, KGO.status, KGO.comparator, SDMX_DIM.refArea,
    KGO.rankScope, SDMX_MEASURE.obsValue, SDMX_ATTR.unitMult, KGO.rank, KGO.rankWithin, PROV.wasDerivedFrom,
    DCTERMS.isPartOf, KGO.quote, KGO.startOffset, KGO.endOffset))
_IN_DATASET = _N(KGO.inDataset)

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


class _Reader:
    """The view's reads, straight from the store's terms: no rdflib term is made per value (the
    view of a 10,000-entity graph reads some 100,000 values)."""

    def __init__(self, graph: StoreGraph, vocabulary: AnyGraph) -> None:
        self.store = graph.store
        self.vocabulary = vocabulary

    def objects(self, iri: str, p: ox.NamedNode) -> list[Term]:
        return sorted((q.object for q in self.store.quads_for_pattern(_N(iri), p, None)), key=_text)

    def value(self, iri: str | None, p: ox.NamedNode) -> Term | None:
        if iri is None:
            return None
        found = self.objects(iri, p)
        return found[0] if found else None

    def iri(self, iri: str | None, p: ox.NamedNode) -> str | None:
        term = self.value(iri, p)
        return term.value if isinstance(term, ox.NamedNode) else None

    def texts(self, iri: str | None, p: ox.NamedNode) -> dict[str, str]:
        out: dict[str, str] = {}
        for o in self.objects(iri, p) if iri is not None else []:
            if isinstance(o, ox.Literal):
                out.setdefault(o.language or "", o.value)
        return out

    def all_texts(self, iri: str, p: ox.NamedNode) -> list[str]:
        """Every text of ``p`` in any language (other names), sorted."""
        return sorted({o.value for o in self.objects(iri, p) if isinstance(o, ox.Literal)})

    def vocab_labels(self, iri: str | None) -> dict[str, str]:
        if iri is None:
            return {}
        return labels(self.vocabulary, iri, RDFS.label) or {"en": iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]}


def _text(term: Term) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _py(term: Term | None) -> Any:
    """A literal's value as JSON takes it: whole numbers and booleans typed, other values as written."""
    if not isinstance(term, ox.Literal):
        return None if term is None else _text(term)
    datatype = term.datatype.value
    if datatype == XSD.integer:
        return int(term.value)
    if datatype == XSD.boolean:
        return term.value in ("true", "1")
    return term.value


def _dataset_titles(read: _Reader, ds: str) -> dict[str, str]:
    """A data set's title in Chinese and English (the one language it has for both, else its IRI)."""
    titles = read.texts(ds, _TITLE) or read.texts(ds, _LABEL)
    title = titles.get("en") or titles.get("zh") or titles.get("") or ds
    return {"zh": titles.get("zh", title), "en": titles.get("en", title)}


def _observation(read: _Reader, node: str) -> dict[str, Any]:
    unit = read.iri(node, _UNIT)
    period = read.iri(node, _PERIOD)
    return {
        "value": _py(read.value(node, _VALUE)),
        "unitMult": _py(read.value(node, _MULT)),
        "unit": unit.rsplit("/", 1)[-1] if unit is not None else None,
        "period": _py(read.value(period, _LABEL)),
        "area": read.texts(read.iri(node, _AREA), _PREF),
        "rank": _py(read.value(node, _RANK)),
        "rankWithin": _py(read.value(node, _WITHIN)),
        "rankScope": read.texts(read.iri(node, _SCOPE), _PREF),
        "status": read.vocab_labels(read.iri(node, _STATUS)),
        "comparator": read.vocab_labels(read.iri(node, _COMPARATOR)),
    }


def _quotes(read: _Reader, node: str) -> list[dict[str, Any]]:
    out = []
    for passage in read.objects(node, _DERIVED):
        p = _text(passage)
        out.append({"quote": _py(read.value(p, _QUOTE)) or "",
                    "source": read.texts(read.iri(p, _PART_OF), _TITLE),
                    "start": _py(read.value(p, _START)), "end": _py(read.value(p, _END))})
    return out


#: Links that lead up from a node to what it serves or belongs to ("child -> parent"); a mention
#: leads the other way: a named thing hangs below what mentions it.
UP_PROPERTIES: tuple[str, ...] = tuple(property_key(p) for p in UP_LINKS)
_MENTIONS = "mentions"


def _family(edges: list[tuple[str, str, str]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each node's parents and children in the tree the view draws."""
    parents: dict[str, set[str]] = defaultdict(set)
    children: dict[str, set[str]] = defaultdict(set)
    for s, o, p in edges:
        if p in UP_PROPERTIES:
            parents[s].add(o)
            children[o].add(s)
        elif p == _MENTIONS:
            parents[o].add(s)
            children[s].add(o)
    return parents, children


def focus_set(edges: list[tuple[str, str, str]], focus: str, depth: int) -> set[str]:
    """The focus, every path from it up to the goals, and what hangs below it up to ``depth``
    levels down; not its siblings (which share only an ancestor with it)."""
    parents, children = _family(edges)
    keep = {focus}
    stack = [focus]
    while stack:  # up, all the way
        for p in sorted(parents[stack.pop()] - keep):
            keep.add(p)
            stack.append(p)
    below, frontier = {focus}, deque([(focus, 0)])
    while frontier:  # down, ``depth`` levels
        node, d = frontier.popleft()
        if d == depth:
            continue
        for nxt in sorted(children[node] - below):
            below.add(nxt)
            frontier.append((nxt, d + 1))
    return keep | below


def _memberships(edges: list[tuple[str, str, str]], kinds: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """For each node, the work areas and battles it belongs to (measures through broader measures,
    indicators through what they track, observations through their indicator)."""
    up: dict[str, set[str]] = defaultdict(set)
    for s, o, p in edges:
        if p in _MEMBER_LINKS:
            up[s].add(o)
    member: dict[str, dict[str, set[str]]] = {}

    def resolve(node: str, seen: frozenset[str] = frozenset()) -> dict[str, set[str]]:
        if node in member:
            return member[node]
        out: dict[str, set[str]] = {"work_area": set(), "battle": set()}
        if kinds.get(node) in ("work_area", "battle"):
            out[kinds[node]].add(node)
        for parent in up.get(node, ()):
            if parent not in seen:
                r = resolve(parent, seen | {node})
                out["work_area"] |= r["work_area"]
                out["battle"] |= r["battle"]
        member[node] = out
        return out

    for node in kinds:
        resolve(node)
    return member


def view_data(graph: AnyGraph, vocabulary: AnyGraph, focus: str | None = None, depth: int = 2) -> dict[str, Any]:
    """Nodes (with labels, details and filter memberships) and edges of the view, as JSON-ready data."""
    store = as_store_graph(graph)
    kinds: dict[str, str] = {iri: kind for kind in NETWORK_KINDS for iri in store.entity_iris(kind)}
    edges = sorted((q.subject.value, q.object.value, property_key(p))  # type: ignore[union-attr]
                   for p in NETWORK_LINKS for q in store.store.quads_for_pattern(None, _N(p), None)
                   if q.subject.value in kinds and isinstance(q.object, ox.NamedNode) and q.object.value in kinds)  # type: ignore[union-attr]
    if focus is not None:
        if focus not in kinds:
            raise UsageError(f"--focus: no entity '{focus}' in the graph")
        keep = focus_set(edges, focus, depth)
        kinds = {n: k for n, k in kinds.items() if n in keep}
        edges = [e for e in edges if e[0] in keep and e[1] in keep]
    member = _memberships(edges, kinds)
    read = _Reader(store, vocabulary)
    nodes = []
    name_of = {kind: _N(p) for kind, p in NAME_OF_KIND.items()}
    for iri in sorted(kinds):
        names = read.texts(iri, name_of[kinds[iri]])
        if not names:
            base = read.texts(read.iri(iri, _INDICATOR), _PREF)
            period = _py(read.value(read.iri(iri, _PERIOD), _LABEL)) if kinds[iri] == "observation" else None
            names = {lang: f"{text} ({period})" for lang, text in base.items()} if base else {"en": iri.rsplit("/", 1)[-1]}
        entry: dict[str, Any] = {
            "id": iri, "kind": kinds[iri], "dataset": read.iri(iri, _IN_DATASET) or "",
            "zh": names.get("zh", names.get("en", "")), "en": names.get("en", names.get("zh", "")),
            "alt": read.all_texts(iri, _ALT),
            "definition": read.texts(iri, _DEFINITION),
            "note": read.texts(iri, _NOTE).get("", ""),
            "quotes": _quotes(read, iri),
            "areas": sorted(member[iri]["work_area"]), "battles": sorted(member[iri]["battle"]),
        }
        if kinds[iri] == "observation":
            entry["observations"] = [_observation(read, iri)]
        if kinds[iri] == "indicator":
            values = sorted(q.subject.value for q in store.store.quads_for_pattern(None, _INDICATOR, _N(iri)))  # type: ignore[union-attr]
            entry["observations"] = [_observation(read, o) for o in values]
        nodes.append(entry)
    serve = {property_key(p) for p in SERVE_LINKS}
    edge_labels = {property_key(p): property_labels(vocabulary, p) for p in NETWORK_LINKS}
    in_data = {n["dataset"] for n in nodes}
    datasets = [{"id": ds, **_dataset_titles(read, ds)} for ds in sorted(in_data) if ds]
    return {
        "nodes": nodes,
        "edges": [{"from": s, "to": o, "property": p, "serve": p in serve} for s, o, p in edges],
        "edgeLabels": edge_labels,
        "style": legend(vocabulary),
        "datasets": datasets,
        "focus": focus,
        "upProperties": list(UP_PROPERTIES),
        "kindsOff": list(KINDS_OFF),
    }
