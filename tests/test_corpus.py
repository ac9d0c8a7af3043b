"""Documents linked to each other: ``other-dataset:id`` references, checked like local ones, on the
command line (each data set built apart) and in the library (the corpus at once)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import kg
from conftest import DATA, TEST_DATA

KGO = "https://w3id.org/kg-policy/ontology#"


def _pair(tmp: Path, provincial_measures: str, block: str = "") -> tuple[Path, Path]:
    """A national data set (the minimal one, renamed) and a provincial one whose measures may point into it."""
    national = tmp / "national"
    shutil.copytree(TEST_DATA / "minimal", national)
    text = (national / "dataset.yaml").read_text(encoding="utf-8")
    (national / "dataset.yaml").write_text(text.replace("id: minimal", "id: national")
                                           .replace("https://example.org/minimal/", "https://example.org/national/"),
                                           encoding="utf-8")
    provincial = tmp / "provincial"
    provincial.mkdir()
    (provincial / "dataset.yaml").write_text(
        "dataset:\n  id: provincial\n  base: https://example.org/provincial/\n  label: {zh: 省, en: Province}\n" + block,
        encoding="utf-8")
    (provincial / "measures.yaml").write_text(provincial_measures, encoding="utf-8")
    return national, provincial


def test_references_into_another_data_set_are_links_in_the_graph(cli, tmp_path: Path):
    national, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                           "    part_of: national:m\n    serves: [national:g]\n")
    assert cli("build", str(national), str(provincial), "--out", str(tmp_path / "out")).returncode == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    pm = URIRef("https://example.org/provincial/pm")
    assert (pm, URIRef(KGO + "partOfMeasure"), URIRef("https://example.org/national/m")) in g
    assert (pm, URIRef(KGO + "servesGoal"), URIRef("https://example.org/national/g")) in g
    _, library = kg.build([national, provincial], shacl=False)  # the library checks the corpus at once
    assert (pm, URIRef(KGO + "partOfMeasure"), URIRef("https://example.org/national/m")) in library


def test_an_organisation_that_only_publishes_a_source_is_connected_through_it(cli, tmp_path: Path):
    """The provincial notice is published by an office that nothing else names. Sources are nodes of
    the network (kg analyze's and the view's): the office hangs from the notice, which the provincial
    measure is quoted from, and the measure is part of the national one, so the two data sets are
    one connected network, each link a triple of the built graph."""
    from kg.analyze import to_networkx
    from kg.graph import read_turtle
    from kg.ontology import ontology_store
    from kg.view.nodes import view_data

    national, provincial = _pair(
        tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n    part_of: national:m\n"
                  "    source: {ref: notice, quote: 推进设备更新}\n"
                  "organisations:\n  - id: office\n    label: {zh: 省政府办公厅, en: Provincial government office}\n",
        "sources:\n  - id: notice\n    label: {zh: 省通知, en: Provincial notice}\n    kind: plan\n    file: notice.txt\n"
        "    publisher: office\n")
    (provincial / "notice.txt").write_text("各地要推进设备更新。", encoding="utf-8")
    out = tmp_path / "out"
    assert cli("build", str(national), str(provincial), "--out", str(out)).returncode == 0
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    pm, notice, office = (URIRef(f"https://example.org/provincial/{x}") for x in ("pm", "notice", "office"))
    assert (notice, URIRef(DCT + "publisher"), office) in ttl
    assert (pm, URIRef("http://www.w3.org/ns/prov#hadPrimarySource"), notice) in ttl
    assert set(ttl.subject_predicates(office)) == {(notice, URIRef(DCT + "publisher"))}  # nothing else names it

    result = cli("analyze", "--graph", str(out / "graph.ttl"), "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["sources"] == 2  # every entity and source of both data sets is a node
    assert report["nodes"] == len(set(ttl.subjects(URIRef(KGO + "inDataset"), None)))
    # one component; leaving the sources out, the office would be a piece of its own
    assert [(c["size"], c["entity_parts"]) for c in report["components"]] == [(report["nodes"], 2)]
    text = cli("analyze", "--graph", str(out / "graph.ttl")).stdout
    rows = text.split("Connected components")[1].splitlines()[3:]  # after the heading, the column names and the rule
    assert len(rows) == 1 and "organisation 1" in rows[0] and "source 2" in rows[0]
    g = to_networkx(read_turtle(out / "graph.ttl"))
    assert list(g.out_edges(str(office))) == [] and list(g.in_edges(str(office), keys=True)) == [
        (str(notice), str(office), "publisher")]
    assert g.nodes[str(notice)] == {"kind": "source", "label_zh": "省通知", "label_en": "Provincial notice",
                                    "dataset": "https://example.org/provincial/"}
    # the view holds the notice too, named by its title, its links named by the ontology; off at first
    data = view_data(read_turtle(out / "graph.ttl"), ontology_store())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert (nodes[str(notice)]["kind"], nodes[str(notice)]["zh"]) == ("source", "省通知")
    edges = {(e["from"], e["to"], e["property"]) for e in data["edges"]}
    assert {(str(notice), str(office), "dcterms:publisher"), (str(pm), str(notice), "prov:hadPrimarySource")} <= edges
    assert data["edgeLabels"]["prov:hadPrimarySource"] == {"zh": "出自", "en": "comes from"}
    assert data["kindsOff"] == ["source"]


@pytest.mark.parametrize("measures, message", [
    ("    part_of: national:mm\n",
     "measures.yaml:4:14: measure 'pm': part_of: no measure with id 'mm' in data set 'national'; did you mean 'm'?"),
    ("    part_of: national:g\n",
     "measures.yaml:4:14: measure 'pm': part_of: 'g' in data set 'national' is a goal, expected a measure"),
    ("    part_of: nationl:m\n",
     "measures.yaml:4:14: measure 'pm': part_of: 'nationl:m' names data set 'nationl', which is not in this build; "
     "did you mean 'national'?"),
])
def test_every_reference_error_across_data_sets_is_located(cli, tmp_path: Path, measures: str, message: str):
    national, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                           + measures)
    result = cli("build", "national", "provincial", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"provincial/{message}\n1 problem found\n"
    assert not (tmp_path / "out").exists()


def test_a_data_set_left_out_of_the_build_is_named(cli, tmp_path: Path):
    _, provincial = _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                                    "    part_of: national:m\n")
    result = cli("validate", "provincial", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("provincial/measures.yaml:4:14: measure 'pm': part_of: 'national:m' names data set "
                             "'national', which is not in this build\n1 problem found\n")


DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_relations_between_data_sets_and_entities_are_triples(cli, tmp_path: Path):
    national, provincial = _pair(
        tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n"
                  "    implements: [national:m, national:p]\n"
                  "    exact_match: national:m\n    close_match: [https://example.org/elsewhere/pm, national:m]\n",
        "  implements: [national]\n  references: national\n  area: national:somewhere\n")
    assert cli("build", str(national), str(provincial), "--out", str(tmp_path / "out")).returncode == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    prov, nat = URIRef("https://example.org/provincial/"), URIRef("https://example.org/national/")
    assert (prov, URIRef(KGO + "implements"), nat) in g
    assert (prov, URIRef(DCT + "references"), nat) in g
    pm = URIRef("https://example.org/provincial/pm")
    assert set(g.objects(pm, URIRef(KGO + "implements"))) == {URIRef("https://example.org/national/m"),
                                                              URIRef("https://example.org/national/p")}
    assert set(g.objects(pm, URIRef(SKOS + "exactMatch"))) == {URIRef("https://example.org/national/m")}
    assert set(g.objects(pm, URIRef(SKOS + "closeMatch"))) == {URIRef("https://example.org/elsewhere/pm"),
                                                              URIRef("https://example.org/national/m")}
    _, library = kg.build([national, provincial], shacl=True)  # the shapes accept what the loader does
    assert (prov, URIRef(KGO + "implements"), nat) in library


@pytest.mark.parametrize("block, measures, message", [
    ("  implements: [nationl]\n", "",
     "dataset.yaml:5:15: dataset 'provincial': implements: no data set 'nationl' in this build; "
     "did you mean 'national'?"),
    ("  responds_to: provincial\n", "",
     "dataset.yaml:5:16: dataset 'provincial': responds_to: a data set cannot name itself"),
    ("  area: national:elsewhere\n", "",
     "dataset.yaml:5:9: dataset 'provincial': area: no place with id 'elsewhere' in data set 'national'; "
     "did you mean 'somewhere'?"),
    ("", "    implements: national:g\n",
     "measures.yaml:4:17: measure 'pm': implements: 'g' in data set 'national' is a goal, "
     "expected a measure or a programme"),
    ("", "    exact_match: national:p\n",
     "measures.yaml:4:18: measure 'pm': exact_match: 'p' in data set 'national' is a programme, expected a measure"),
    ("", "    same_as: wikidata-Q148\n",
     "measures.yaml:4:14: measure 'pm': same_as: 'wikidata-Q148' is neither an http(s) IRI nor an entity of "
     "another data set (dataset:id)"),
])
def test_every_relation_error_is_located(cli, tmp_path: Path, block: str, measures: str, message: str):
    _pair(tmp_path, "measures:\n  - id: pm\n    label: {zh: 省举措, en: Provincial measure}\n" + measures, block)
    result = cli("build", "national", "provincial", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"provincial/{message}\n1 problem found\n"
    assert not (tmp_path / "out").exists()
    # the library, which checks the corpus at once, says the same (and where a wrong kind is defined)
    with pytest.raises(kg.DataError) as e:
        kg.build([tmp_path / "national", tmp_path / "provincial"], shacl=False)
    assert [re.sub(r" \(defined at [^)]*\)", "", str(p)) for p in e.value.problems] == [
        str(tmp_path / "provincial" / message)]


def test_the_bundled_documents_are_linked_to_each_other_and_to_the_vocabulary(bundled_store):
    """The speech takes up the national plan, its measures implement the plan's, its figures are
    of the shared places and indicator concepts: real triples between the bundled data sets."""
    g = bundled_store
    zj = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
    nat = "https://w3id.org/kg-policy/national-2024-equipment-renewal/"
    places, indicators = "https://w3id.org/kg-policy/cn-places/", "https://w3id.org/kg-policy/cn-indicators/"
    assert (URIRef(zj), URIRef(KGO + "respondsTo"), URIRef(nat)) in g
    assert (URIRef(zj + "standards-upgrade-for-renewal"), URIRef(KGO + "implements"),
            URIRef(nat + "standards-upgrade-action")) in g
    iva = URIRef(zj + "industrial-value-added-2023")
    assert g.value(iva, URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refArea")) == URIRef(places + "zhejiang")
    assert str(g.value(URIRef(places + "zhejiang"), URIRef(SKOS + "notation"))) == "330000"
    assert (URIRef(zj + "industrial-value-added"), URIRef(SKOS + "exactMatch"),
            URIRef(indicators + "industrial-value-added")) in g
    nbs = g.value(URIRef(indicators + "industrial-value-added"), URIRef(DCT + "publisher"))
    assert str(g.value(nbs, URIRef(SKOS + "prefLabel"))) in {"国家统计局", "National Bureau of Statistics of China"}
    # every source of the documents bundled beside the speech says where its text was taken from
    for base in (nat, places, indicators):
        sources = [s for s in g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(KGO + "Source"))
                   if str(s).startswith(base)]
        assert sources and all(str(g.value(s, URIRef(DCT + "source"))).startswith("http") for s in sources)


def _document(folder: Path, ds_id: str, text: str, indicators: str) -> Path:
    """A small data set of one source text whose indicators are the shared concept cn-indicators:industrial-value-added."""
    folder.mkdir()
    (folder / "source.txt").write_text(text, encoding="utf-8")
    (folder / "dataset.yaml").write_text(
        f"dataset:\n  id: {ds_id}\n  base: https://example.org/{ds_id}/\n  label: {{zh: 文件, en: Document}}\n"
        "  area: cn-places:zhejiang\nsources:\n  - {id: text, label: {zh: 正文, en: Text}, kind: report, file: source.txt}\n"
        "goals:\n  - {id: g, label: {zh: 目标, en: Goal}}\n" + indicators, encoding="utf-8")
    return folder


def _observation(oid: str, value: str, period: str, quote: str, extra: str = "") -> str:
    return (f"      - {{id: {oid}, value: {value}, scale: 万亿, unit: CNY, period: {period}, "
            f"source: {{ref: text, quote: \"{quote}\"}}{extra}}}\n")


def test_one_indicator_across_documents_periods_and_places(tmp_path: Path):
    """The series query follows the shared concept into every document; targets-vs-actuals gives
    one row per target with the latest actual of the same concept and area, from any document."""
    from kg.query import named_query, run_query

    earlier = _document(tmp_path / "earlier", "earlier", "工业增加值2022年2.0万亿元,2023年2.5万亿元,2027年目标3万亿元。",
                        "indicators:\n  - id: iva\n    label: {zh: 工业增加值, en: Industrial value added}\n"
                        "    exact_match: cn-indicators:industrial-value-added\n    tracks: [g]\n    observations:\n"
                        + _observation("iva-2022", "2.0", "2022", "2022年2.0万亿元")
                        + _observation("iva-2023", "2.5", "2023", "2023年2.5万亿元")
                        + _observation("iva-2027", "3", "2027", "2027年目标3万亿元", ", status: target"))
    later = _document(tmp_path / "later", "later", "1—4月工业增加值0.9万亿元;全国2023年工业增加值10万亿元。",
                      "indicators:\n  - id: value-added\n    label: {zh: 工业增加值, en: Industrial value added}\n"
                      "    exact_match: cn-indicators:industrial-value-added\n    tracks: [g]\n    observations:\n"
                      + _observation("va-jan-apr", "0.9", "2024-01/2024-04", "1—4月工业增加值0.9万亿元")
                      + _observation("va-china", "10", "2023", "全国2023年工业增加值10万亿元", ", area: cn-places:china"))
    graph = kg.build([DATA / "cn-places", DATA / "cn-indicators", earlier, later], shacl=True)[1]

    def ask(name: str, **params: str) -> list[dict[str, object]]:
        q = named_query(name)
        return run_query(graph, q.text, params, declared=q.params, name=name).records()

    series = ask("indicator-series", indicator="cn-indicators:industrial-value-added")
    assert [(r["period"], r["areaCode"], str(r["dataset"]).split("/")[-2], r["absolute"]) for r in series] == [
        ("2022", "330000", "earlier", 2_000_000_000_000), ("2023", None, "later", 10_000_000_000_000),
        ("2023", "330000", "earlier", 2_500_000_000_000), ("2024-01/2024-04", "330000", "later", 900_000_000_000),
        ("2027", "330000", "earlier", 3_000_000_000_000)]
    assert {r["area_label"] for r in series} == {"Zhejiang Province", "China (nationwide)"}
    targets = ask("targets-vs-actuals")
    assert [(r["target"], r["targetValue"], r["actualValue"], r["actualPeriod"], r["actuals"]) for r in targets] == [
        ("https://example.org/earlier/iva-2027", 3_000_000_000_000, 900_000_000_000, "2024-01/2024-04", 3)]


def _rows(graph, name: str, **params: str) -> set[tuple[str, ...]]:
    from kg.query import resolve_query, run_query

    text, shown, declared = resolve_query(name)
    result = run_query(graph, text, params, name=shown, declared=declared)
    return {tuple(str(v) for v in row) for row in result.rows}


def test_what_implements_a_measure_follows_the_implements_links(bundled):
    """implementations, checked against the graph's own implements triples (rdflib, a second reader)."""
    from kg.namespaces import KGO

    _, graph = bundled
    links = {(str(m), str(t)) for m, t in graph.subject_objects(KGO.implements)}
    measures = {str(m) for m in graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KGO.Measure)}
    expected = {(t, m) for m, t in links if m in measures}
    rows = _rows(graph, "implementations")
    assert {(target, measure) for target, _, measure, _, _ in rows} == expected and expected
    one = next(iter(sorted(expected)))[0]
    assert {r[0] for r in _rows(graph, "implementations", target=one)} == {one}


def test_document_lineage_and_the_same_concept_across_documents(bundled):
    from rdflib.namespace import OWL, SKOS

    from kg.namespaces import KGO

    _, graph = bundled
    datasets = set(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KGO.Dataset))
    relations = [KGO.implements, KGO.respondsTo, URIRef("http://purl.org/dc/terms/references"),
                 URIRef("http://purl.org/dc/terms/replaces")]
    lineage = {(str(d), str(r), str(o)) for r in relations for d, o in graph.subject_objects(r)
               if d in datasets and o in datasets}
    assert _rows(graph, "document-lineage") == lineage and lineage
    home = {s: o for s, o in graph.subject_objects(KGO.inDataset)}
    same = {(str(s), str(p), str(o)) for p in (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)
            for s, o in graph.subject_objects(p) if s in home and o in home and home[s] != home[o]}
    assert {r[:3] for r in _rows(graph, "same-concept")} == same and same



def _stated_by_the_data(concept: str) -> set[tuple[str, str, str, Decimal, str]]:
    """What the bundled YAML files say of a shared concept, read with PyYAML (not with kg): every
    observation of every indicator that is ``exact_match`` the concept, as
    (data set, observation id, period, value, status)."""
    import yaml

    rows = set()
    for folder in sorted(p for p in DATA.iterdir() if (p / "dataset.yaml").is_file()):
        for path in sorted(folder.rglob("*.yaml")):
            for ind in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("indicators", []):
                matches = ind.get("exact_match", [])
                if concept in ([matches] if isinstance(matches, str) else matches):
                    rows |= {(folder.name, o["id"], str(o["period"]), Decimal(str(o["value"])),
                              o.get("status", "actual")) for o in ind.get("observations", [])}
    return rows


def _end(period: str) -> tuple[int, int]:
    """The last month of a period as kg writes it (2024, 2024-04, 2024-01/2024-04)."""
    last = period.split("/")[-1].split("-")
    return int(last[0]), int(last[1]) if len(last) > 1 else 12


def test_the_bundled_documents_give_one_indicator_across_documents_and_years(bundled_store):
    """The 2024 speech and the 2025 government work report both state the growth of above-size
    industrial value added and point to the shared concept: for every shared concept the series query
    returns exactly what the documents' YAML says, one of them spans two documents and two periods,
    and the report's 2025 target meets the latest actual before it, whichever document states it."""
    import yaml

    from kg.query import named_query, run_query

    def ask(name: str, **params: str) -> list[dict[str, object]]:
        q = named_query(name)
        return run_query(bundled_store, q.text, params, declared=q.params, name=name).records()

    def local(iri: object) -> str:
        return str(iri).rstrip("/").rsplit("/", 1)[-1]

    vocabulary = yaml.safe_load((DATA / "cn-indicators" / "dataset.yaml").read_text(encoding="utf-8"))
    spanning = []
    for concept in [c["id"] for c in vocabulary["indicators"]]:
        series = ask("indicator-series", indicator=f"cn-indicators:{concept}")
        got = {(local(r["dataset"]), local(r["observation"]), str(r["period"]), Decimal(str(r["value"])),
                local(r["status"]).rsplit("#", 1)[-1].lower()) for r in series}
        assert got == _stated_by_the_data(f"cn-indicators:{concept}"), concept
        assert {r["areaCode"] for r in series} <= {"330000"}  # all of Zhejiang, the shared place
        if len({d for d, *_ in got}) >= 2 and len({p for _, _, p, *_ in got}) >= 2:
            spanning.append(concept)
    assert spanning == ["above-scale-industrial-value-added-growth"]

    growth = _stated_by_the_data("cn-indicators:above-scale-industrial-value-added-growth")
    targets = [(oid, p, v) for _, oid, p, v, s in growth if s == "target"]
    assert targets
    rows = {local(r["target"]): r for r in ask("targets-vs-actuals")}
    for oid, period, value in targets:
        before = sorted((_end(p), p, v) for _, _, p, v, s in growth if s == "actual" and _end(p) < (int(period[:4]), 1))
        row = rows[oid]
        assert (Decimal(str(row["targetValue"])), row["actuals"]) == (value, len(before))
        assert (str(row["actualPeriod"]), Decimal(str(row["actualValue"]))) == before[-1][1:]
