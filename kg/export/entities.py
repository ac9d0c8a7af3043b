"""Entities and links as flat rows, the shape property-graph formats need.

List values (quotes, other names) are flattened on purpose: Neo4j takes ``;``-separated arrays,
GraphML and GEXF take only scalars, so there they are joined with ``LIST_SEPARATOR``.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS, SKOS

from kg.analyze import to_networkx
from kg.graph import NETWORK_KINDS, AnyGraph, as_store_graph, labels
from kg.model import KINDS
from kg.namespaces import KGO, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE

__all__ = ["entity_rows", "link_rows", "LIST_SEPARATOR", "CLASS_LABELS", "relationship_type"]

LIST_SEPARATOR = " | "
#: Node labels for property graphs: the ontology's class names.
CLASS_LABELS = {kind: str(KINDS[kind].cls).rsplit("#", 1)[-1] for kind in NETWORK_KINDS}


def relationship_type(prop: str) -> str:
    """``servesGoal`` -> ``SERVES_GOAL``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", prop).upper()


def _lang(graph: AnyGraph, node: URIRef, predicate: URIRef, lang: str) -> str | None:
    return labels(graph, node, predicate).get(lang)


def _value(graph: AnyGraph, node: URIRef, predicate: URIRef) -> Any:
    v = graph.value(node, predicate)
    if v is None:
        return None
    if isinstance(v, Literal):
        py = v.toPython()
        return float(py) if hasattr(py, "as_tuple") else py
    return str(v)


def entity_rows(graph: AnyGraph) -> list[dict[str, Any]]:
    """One row per node of the network (each entity, and each source, ``Source``): id (the IRI), label,
    both names, definitions, quotes, and observation values."""
    graph = as_store_graph(graph)
    g = to_networkx(graph)
    rows = []
    for iri in sorted(g.nodes):
        node = URIRef(iri)
        kind = g.nodes[iri]["kind"]
        row: dict[str, Any] = {
            "id": iri, "label": CLASS_LABELS[kind],
            "label_zh": g.nodes[iri]["label_zh"] or None, "label_en": g.nodes[iri]["label_en"] or None,
            "definition_zh": _lang(graph, node, SKOS.definition, "zh"),
            "definition_en": _lang(graph, node, SKOS.definition, "en"),
            "alt_labels": sorted(str(o) for o in graph.objects(node, SKOS.altLabel)),
            "quotes": sorted(str(graph.value(p, KGO.quote)) for p in graph.objects(node, PROV.wasDerivedFrom)),
        }
        if kind == "observation":
            period = graph.value(node, SDMX_DIM.refPeriod)
            indicator = graph.value(node, KGO.indicator)
            for lang in ("zh", "en"):  # observations are named after their indicator and period
                if row[f"label_{lang}"] is None and indicator is not None:
                    name = _lang(graph, indicator, SKOS.prefLabel, lang)  # type: ignore[arg-type]
                    row[f"label_{lang}"] = f"{name} ({graph.value(period, RDFS.label)})" if name else None
            row.update(value=_value(graph, node, SDMX_MEASURE.obsValue),
                       unit_mult=_value(graph, node, SDMX_ATTR.unitMult),
                       absolute_value=_value(graph, node, KGO.absoluteValue),
                       unit=_value(graph, node, SDMX_ATTR.unitMeasure),
                       period=str(graph.value(period, RDFS.label)) if period is not None else None,
                       rank=_value(graph, node, KGO.rank), rank_within=_value(graph, node, KGO.rankWithin),
                       status=_value(graph, node, KGO.status), comparator=_value(graph, node, KGO.comparator))
        rows.append(row)
    return rows


def link_rows(graph: AnyGraph) -> list[tuple[str, str, str]]:
    """(from, to, relationship type) for every link between two nodes (entities and sources), sorted."""
    g = to_networkx(graph)
    return sorted((u, v, relationship_type(k)) for u, v, k in g.edges(keys=True))
