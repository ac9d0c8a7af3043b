"""Quotes that forgive how they were typed, and say where a quote really is when it is not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.quotes import Normalised, find, nearest

SOURCE = "示例讲话。要建设绿色工厂，工业增加值达到2.94万亿元。目标是建设百家“绿色工厂”。"


@pytest.mark.parametrize("typed, really", [
    ("要建设绿色工厂,工业增加值", "要建设绿色工厂，工业增加值"),         # half-width comma for full-width
    ("要建设 绿色工厂", "要建设绿色工厂"),                                # a space the source does not have
    ("达到２．９４万亿元", "达到2.94万亿元"),                              # full-width digits and point
    ('建设百家"绿色工厂"', "建设百家“绿色工厂”"),                        # straight quotation marks for curly
])
def test_each_normalisation_finds_what_the_source_really_says(typed: str, really: str):
    (start, end), = find(SOURCE, typed, 0, len(SOURCE))
    assert SOURCE[start:end] == really


def test_an_exact_match_wins_and_is_found_at_every_place():
    assert find(SOURCE, "绿色工厂", 0, len(SOURCE)) == [(8, 12), (36, 40)]
    assert find(SOURCE, "绿色工厂", 20, len(SOURCE)) == [(36, 40)]  # a span limits where it may be


def test_normalised_offsets_point_into_the_original_text():
    norm = Normalised("a ，b")
    assert norm.text == "a,b" and norm.span(1, 2) == (2, 4)


def test_the_nearest_passage_is_as_long_as_the_quote_around_what_they_share():
    start, end = nearest(SOURCE, "目标是建设千家绿色工厂", 0, len(SOURCE))
    assert SOURCE[start:end] == "目标是建设百家“绿色工"
    assert nearest(SOURCE, "完全无关的话", 0, len(SOURCE)) is None


def _dataset(tmp: Path, quote: str) -> Path:
    tmp.mkdir()
    (tmp / "dataset.yaml").write_text(
        "dataset:\n  id: q\n  base: https://example.org/q/\n  label: {zh: 引文, en: Quotes}\n"
        "sources:\n  - id: speech\n    label: {zh: 讲话, en: Speech}\n    kind: speech\n    file: speech.txt\n"
        "  - id: faq\n    label: {zh: 问答, en: FAQ}\n    kind: faq\n    file: faq.txt\n"
        "goals:\n  - id: g\n    label: {zh: 目标, en: Goal}\n"
        f"    source: {{ref: speech, quote: '{quote}'}}\n", encoding="utf-8")
    (tmp / "speech.txt").write_text(SOURCE, encoding="utf-8")
    (tmp / "faq.txt").write_text("问：什么是415X？答：四大世界级先进产业群。", encoding="utf-8")
    return tmp


def test_a_forgiven_quote_is_stored_as_the_source_says_it(cli, tmp_path: Path):
    from rdflib import Graph, Literal, URIRef

    data = _dataset(tmp_path / "q", "要建设绿色工厂,工业增加值")
    assert cli("build", str(data), "--out", str(tmp_path / "out")).returncode == 0
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    passage = URIRef("https://example.org/q/speech#char=5,18")
    assert g.value(passage, URIRef("https://w3id.org/kg-policy/ontology#quote")) == Literal("要建设绿色工厂，工业增加值")


def test_a_quote_from_another_source_says_which(cli, tmp_path: Path):
    result = cli("validate", str(_dataset(tmp_path / "q", "什么是415X")))
    assert result.returncode == 1
    assert result.stderr == (f"{tmp_path / 'q' / 'dataset.yaml'}:17:34: goal 'g': quote not found in source 'speech': "
                             "'什么是415X'; it is in source 'faq' at 2–9\n1 problem found\n")


def test_a_quote_found_nowhere_names_the_nearest_passage(cli, tmp_path: Path):
    result = cli("validate", str(_dataset(tmp_path / "q", "目标是建设千家绿色工厂")))
    assert result.returncode == 1
    assert result.stderr == (f"{tmp_path / 'q' / 'dataset.yaml'}:17:34: goal 'g': quote not found in source 'speech': "
                             "'目标是建设千家绿色工厂'; the nearest passage is '目标是建设百家“绿色工' at 28–39\n"
                             "1 problem found\n")
