"""SHACL validation of a built graph, each violation turned back into a located problem."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import Problem
from kg.model import KINDS, Corpus, Loc, Record
from kg.ontology import ontology_graph, shapes_graph

__all__ = ["shacl_problems"]


def _locate(corpus: Corpus) -> dict[URIRef, Record]:
    return {URIRef(ds.iri(r.id)): r for ds in corpus.datasets for r in ds.records.values()}


def _field_for(rec: Record, path: object) -> str | None:
    for f in KINDS[rec.kind].fields:
        if f.predicate is not None and f.predicate == str(path):
            return f.name
    return None


def shacl_problems(graph: Graph, corpus: Corpus | None = None) -> list[Problem]:
    """Run ``ontology/shapes.ttl`` over ``graph``; each violation located in the YAML when ``corpus`` is given."""
    from pyshacl import validate  # heavy import, only when validating

    conforms, report, _ = validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                   inference="none", allow_warnings=True)
    if conforms:
        return []
    records = _locate(corpus) if corpus else {}
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "violates a shape")
        rec = records.get(focus)
        if rec is None:
            problems.append(Problem(Loc("<graph>", 0, 0), f"{focus}: {message}"))
            continue
        name = _field_for(rec, path)
        where = rec.at(name) if name else rec.loc
        prefix = "" if name is None or message.startswith(f"{name}:") else f"{name}: "
        problems.append(Problem(where, prefix + message, f"{rec.kind} '{rec.id}'"))
    return problems
