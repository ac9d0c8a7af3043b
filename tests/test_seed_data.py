"""The bundled speech: coverage of its numbers, labels and provenance, and the structure it states."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from conftest import DATA
from kg.namespaces import KGO

SEED = DATA / "zhejiang-2024-manufacturing"
BASE = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
LABELLED = (KGO.Goal, KGO.Battle, KGO.WorkArea, KGO.Measure, KGO.Indicator, KGO.Programme,
            KGO.IndustrialCluster, KGO.Place, KGO.Organisation, KGO.Role)


def _entities(graph):
    return {s for cls in LABELLED for s in graph.subjects(RDF.type, cls)}


def test_every_number_in_the_speech_is_inside_an_observations_quote(bundled):
    corpus, graph = bundled
    text = (SEED / "source.txt").read_text(encoding="utf-8")
    speech = next(r for r in corpus.records() if r.id == "speech")
    start, end = speech.values["span"]
    spans = [(graph.value(p, KGO.startOffset).toPython(), graph.value(p, KGO.endOffset).toPython())
             for o in graph.subjects(RDF.type, KGO.Observation) for p in graph.objects(o, PROV.wasDerivedFrom)]
    missing = []
    for m in re.finditer(r"\d+(?:\.\d+)?", text[start:end]):
        at = start + m.start()
        is_year = re.match(r"20\d\d年", text[at:at + 5])
        is_month_range = text[at:at + 3] == "1—4" or text[at - 2:at] == "1—"
        is_name = text[at:at + 4] == "415X"
        if not (is_year or is_month_range or is_name) and not any(a <= at < b for a, b in spans):
            missing.append(f"{m.group()} at {at}: {text[at - 8:at + 8]}")
    assert missing == []


def test_labels_in_both_languages_and_provenance_coverage(bundled):
    _, graph = bundled
    entities = _entities(graph)
    assert len(entities) > 200
    both = [e for e in entities if {o.language for o in graph.objects(e, SKOS.prefLabel)} >= {"zh", "en"}]
    traced = [e for e in entities if (e, PROV.wasDerivedFrom, None) in graph]
    assert len(both) / len(entities) >= 0.95
    assert len(traced) / len(entities) >= 0.90


def test_the_structure_the_speech_states(bundled):
    _, graph = bundled
    def labels(cls):
        return {str(graph.value(s, SKOS.prefLabel) if False else next(
            o for o in graph.objects(s, SKOS.prefLabel) if o.language == "zh")) for s in graph.subjects(RDF.type, cls)}
    assert labels(KGO.Battle) == {"稳进提质持久战", "创新发展攻坚战", "现代化产业体系建设整体战", "风险防控提升战"}
    assert labels(KGO.WorkArea) == {"集群培育", "数实融合", "品质品牌", "专精特新", "绿色低碳", "企业治理"}
    assert {"高端化", "智能化", "绿色化", "融合化", "集群化", "新质生产力", "新型工业化"} <= labels(KGO.Goal)
    top = URIRef(BASE + "global-advanced-manufacturing-base")
    for battle in graph.subjects(RDF.type, KGO.Battle):
        assert (battle, KGO.servesGoal, top) in graph
    for area in graph.subjects(RDF.type, KGO.WorkArea):
        assert (area, KGO.servesGoal, top) in graph
        assert len(list(graph.subjects(KGO.inWorkArea, area))) >= 5
    aims = {str(a) for a in graph.objects(None, KGO.statedAim) if a.language == "zh"}
    assert aims == {"再上新台阶", "抢占新赛道", "实现新跃升", "培育新力量", "取得新成效", "提升新能力"}


def test_speech_and_faq_disagree_on_the_500bn_clusters(bundled):
    _, graph = bundled
    speech = URIRef(BASE + "five-hundred-billion-clusters-target")
    faq = URIRef(BASE + "five-hundred-billion-clusters-faq")
    obs_value = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
    assert graph.value(speech, obs_value).toPython() == 4
    assert graph.value(faq, obs_value).toPython() == 15
    assert graph.value(speech, PROV.hadPrimarySource) == URIRef(BASE + "speech")
    assert graph.value(faq, PROV.hadPrimarySource) == URIRef(BASE + "faq")
    assert graph.value(faq, KGO.status) == KGO.Target


def test_named_things_are_linked_to_the_measures_that_mention_them(bundled):
    _, graph = bundled
    for thing in ("program-415x", "program-ai-plus", "program-tiangong-ding", "place-qiantang-new-area",
                  "role-chain-leader", "org-little-giants", "program-blue-green-relay"):
        assert list(graph.subjects(KGO.mentions, URIRef(BASE + thing))), thing
    assert Literal("浙商青蓝接力工程", lang="zh") in set(graph.objects(URIRef(BASE + "program-blue-green-relay"), SKOS.prefLabel))


def test_every_source_part_lies_within_the_page(bundled):
    corpus, _ = bundled
    text = (SEED / "source.txt").read_text(encoding="utf-8")
    parts = {r.id: r.values.get("span") for r in corpus.records() if r.kind == "source"}
    assert text[slice(*parts["speech"])].startswith("去年以来")
    assert text[slice(*parts["faq"])].startswith("问题 1")
    assert text[slice(*parts["summary"])].startswith("1.【在全省制造业高质量发展大会上的讲话摘要】")
    assert Path(SEED / "source.txt").stat().st_size > 0
