"""What real plans say, said in the format: base periods, growth rates against levels, cumulative
values, "as of" dates, allocations, comparators taken from the text, and the people, sectors,
documents, principles and responsible agencies a plan names (#15). Each is read from YAML, checked,
built into the triples the ontology defines, accepted by the SHACL shapes and described by the
JSON Schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

import kg
from kg.errors import DataError
from kg.namespaces import KGO, PERIOD, QUDT_UNIT, SDMX_ATTR
from kg.schema import json_schema

BASE = "https://example.org/plan/"

DATA = """\
dataset:
  id: plan
  base: https://example.org/plan/
  label: {zh: 行动方案, en: Action plan}
organisations:
  - id: ndrc
    label: {zh: 国家发展改革委, en: National Development and Reform Commission}
  - id: miit
    label: {zh: 工业和信息化部, en: Ministry of Industry and Information Technology}
people:
  - id: official
    label: {zh: 某负责同志, en: An official}
    member_of: ndrc
sectors:
  - id: manufacturing
    label: {zh: 制造业, en: Manufacturing}
  - id: equipment
    label: {zh: 装备制造业, en: Equipment manufacturing}
    broader: manufacturing
documents:
  - id: implementation-plan
    label: {zh: 实施方案, en: Implementation plan}
    issued: 2024-03
    issued_by: [ndrc, miit]
principles:
  - id: market-led
    label: {zh: 市场为主、政府引导, en: Market-led and government-guided}
goals:
  - id: g
    label: {zh: 设备更新, en: Equipment renewal}
measures:
  - id: m
    label: {zh: 推进重点行业设备更新, en: Renew equipment in key sectors}
    serves: g
    lead: ndrc
    support: [miit]
    mentions: [equipment, implementation-plan, market-led, official]
indicators:
  - id: investment
    label: {zh: 设备投资, en: Equipment investment}
    tracks: [g, equipment]
    observations:
      - {id: growth, value: 25, unit: percent, period: 2027, base_period: 2023, expresses: growth-rate,
         status: target, comparator: at-least}
      - {id: doubling, value: 2, unit: times, period: 2035, base_period: 2020, status: target, comparator: nearly}
      - {id: share, value: 35.6, unit: share, period: 2023}
      - {id: total, value: 378, unit: count, period: 2023, cumulative: true, as_of: 2023-12-31}
      - {id: bonds, value: 3000, scale: 亿, unit: CNY, period: 2024, status: allocation, comparator: at-most}
      - {id: below, value: 1, unit: percent, period: 2024, comparator: less-than}
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("plan")
    (folder / "dataset.yaml").write_text(DATA, encoding="utf-8")
    _, graph = kg.build([folder], shacl=True)  # the SHACL shapes accept every new term
    return folder, graph


def _o(graph, subject: str, predicate: URIRef):
    return set(graph.objects(URIRef(BASE + subject), predicate))


def test_observation_says_what_its_value_expresses_and_against_what(plan):
    _, graph = plan
    assert _o(graph, "growth", KGO.expresses) == {KGO.GrowthRate}
    assert _o(graph, "growth", KGO.basePeriod) == {URIRef(f"{PERIOD}2023")}
    # the base period is a period like any other, with its dates
    assert set(graph.objects(URIRef(f"{PERIOD}2023"), KGO.startDate)) == {Literal("2023-01-01", datatype=XSD.date)}
    assert _o(graph, "growth", KGO.comparator) == {KGO.AtLeast}


def test_units_imply_what_a_value_expresses_and_a_share_stays_apart_from_a_percentage(plan):
    _, graph = plan
    assert _o(graph, "share", KGO.expresses) == {KGO.Share}
    assert _o(graph, "share", SDMX_ATTR.unitMeasure) == {QUDT_UNIT.PERCENT}
    assert _o(graph, "below", KGO.expresses) == set()  # a bare percent says nothing it does not know
    assert _o(graph, "doubling", KGO.expresses) == {KGO.Multiple}
    assert _o(graph, "doubling", SDMX_ATTR.unitMeasure) == {QUDT_UNIT.UNITLESS}


def test_comparators_statuses_and_dates_come_from_the_text(plan):
    _, graph = plan
    assert _o(graph, "doubling", KGO.comparator) == {KGO.Nearly}
    assert _o(graph, "bonds", KGO.comparator) == {KGO.AtMost}
    assert _o(graph, "below", KGO.comparator) == {KGO.LessThan}
    assert _o(graph, "bonds", KGO.status) == {KGO.Allocation}
    assert _o(graph, "total", KGO.cumulative) == {Literal(True)}
    assert _o(graph, "total", KGO.asOf) == {Literal("2023-12-31")}


def test_people_sectors_documents_principles_and_who_is_responsible(plan):
    _, graph = plan
    assert {KGO.Person, PROV.Person} <= _o(graph, "official", RDF.type)
    assert _o(graph, "official", ORG.memberOf) == {URIRef(BASE + "ndrc")}
    assert _o(graph, "equipment", SKOS.broader) == {URIRef(BASE + "manufacturing")}
    assert {KGO.Document, DCTERMS.BibliographicResource} <= _o(graph, "implementation-plan", RDF.type)
    assert _o(graph, "implementation-plan", DCTERMS.publisher) == {URIRef(BASE + "ndrc"), URIRef(BASE + "miit")}
    assert _o(graph, "market-led", RDF.type) == {KGO.Principle}
    assert _o(graph, "m", KGO.leadAgency) == {URIRef(BASE + "ndrc")}
    assert _o(graph, "m", KGO.supportingAgency) == {URIRef(BASE + "miit")}
    assert len(_o(graph, "m", KGO.mentions)) == 4


def test_the_responsibilities_query_answers_who_leads_and_who_supports(plan):
    folder, _ = plan
    from kg.graph import open_graph
    from kg.query import resolve_query, run_query

    text, name, params = resolve_query("responsibilities")
    result = run_query(open_graph([folder]), text, name=name, declared=params)
    assert [(str(m).removeprefix(BASE), str(role), str(o).removeprefix(BASE)) for m, role, o in result.rows] == [
        ("m", "support", "miit"), ("m", "lead", "ndrc")]


def test_the_json_schema_describes_the_new_keys():
    schema = json_schema()
    text = str(schema)
    for key in ("base_period", "expresses", "cumulative", "as_of", "lead", "support", "people", "sectors",
                "documents", "principles", "member_of", "issued_by"):
        assert f"'{key}'" in text, key
    assert "'growth-rate'" in text and "'allocation'" in text and "'less-than'" in text


@pytest.mark.parametrize(("line", "message"), [
    ("    lead: g\n", "{f}:35:11: measure 'm': lead: 'g' is a goal (defined at {f}:29:5), expected an organisation"),
    ("    support: official\n", "{f}:35:14: measure 'm': support: 'official' is a person (defined at {f}:11:5), "
                                "expected an organisation"),
])
def test_only_organisations_lead_or_support_a_measure(tmp_path: Path, line: str, message: str):
    text = DATA.replace("    lead: ndrc\n    support: [miit]\n", line)
    (tmp_path / "dataset.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as e:
        kg.build([tmp_path], shacl=False)
    assert [str(p) for p in e.value.problems] == [message.format(f=tmp_path / "dataset.yaml")]


def test_a_value_kind_outside_the_list_names_the_closest(tmp_path: Path):
    (tmp_path / "dataset.yaml").write_text(DATA.replace("expresses: growth-rate", "expresses: growth"),
                                           encoding="utf-8")
    with pytest.raises(DataError) as e:
        kg.build([tmp_path], shacl=False)
    assert [str(p) for p in e.value.problems] == [
        f"{tmp_path / 'dataset.yaml'}:43:92: observation 'growth': expresses: expected one of level, change, "
        "growth-rate, share, multiple, found text 'growth'; did you mean 'growth-rate'?"]
