"""The loader: positions, values and the checks that need no other file."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import TEST_DATA
from kg.loader import parse, read
from kg.periods import parse_period
from kg.yamltext import MAX_DEPTH, _check, decode, parse_yaml


def test_values_are_typed_and_located():
    text = (
        "indicators:\n"
        "  - id: i\n"
        "    label: {zh: 指标, en: Indicator}\n"
        "    observations:\n"
        "      - id: o\n"
        "        value: 2.94\n"
        "        scale: 万亿\n"
        "        unit: CNY\n"
        "        period: 2024-01/2024-04\n"
    )
    _, records, problems = parse(text, "x.yaml")
    assert problems == []
    by_id = {r.id: r for r in records}
    obs = by_id["o"]
    assert obs.values["value"] == Decimal("2.94")  # exact, not a float
    assert obs.values["indicator"] == "i"
    assert str(obs.at("period")) == "x.yaml:9:17"
    assert obs.values["period"].start.isoformat() == "2024-01-01"
    assert obs.values["period"].end.isoformat() == "2024-04-30"


def test_all_problems_of_a_file_are_reported_at_once():
    text = "goals:\n  - id: a\n    label: {zh: TODO}\n  - id: b\n    lable: {zh: 乙, en: B}\n"
    _, _, problems = parse(text, "g.yaml")
    assert [str(p) for p in problems] == [  # TODO stands for a text still to write: a label needs one
        "g.yaml:3:12: goal 'a': label: missing the 'zh' text",
        "g.yaml:3:12: goal 'a': label: missing the 'en' text",
        "g.yaml:5:5: unknown key 'lable' in goal; did you mean 'label'?",
        "g.yaml:4:5: goal 'b': missing required key 'label'",
    ]


@pytest.mark.parametrize("data, message", [
    ("\ufeffgoals: []\n".encode("utf-16"), "x.yaml:1:1: file is UTF-16 or UTF-32; save it as UTF-8"),
    ("goals:\n  - id: 数据\n".encode("gb18030"), "x.yaml:2:9: file is not valid UTF-8 (it looks like GBK/GB18030); save it as UTF-8"),
])
def test_wrong_encodings_are_named(data: bytes, message: str):
    text, problems = decode(data, "x.yaml")
    assert text is None
    assert [str(p) for p in problems] == [message]


def test_byte_order_mark_is_accepted():
    text, problems = decode("\ufeffgoals: []\n".encode("utf-8"), "x.yaml")
    assert problems == [] and text == "goals: []\n"


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    _, problems = parse_yaml(bomb, "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:1:1: file expands to more than 5,000,000 values (aliases included); refusing it"]


def test_deep_nesting_is_refused():
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    _, problems = parse_yaml(text, "x.yaml")
    assert len(problems) == 1 and "nesting is too deep" in problems[0].message


@pytest.mark.parametrize("text", [
    "{a, a}\n", "a:\n  - b: 1\n    b: 2\n", "{[a]: 1}\n", "? {a: 1}\n: 2\n", "x: =\n", "'<<': 1\nx: '='\n",
    "a: [1, 1]\nb: {c: 1}\n", "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1), "[" * MAX_DEPTH + "]" * MAX_DEPTH,
    "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH, "".join("  " * i + "k:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "v: 1\n",
], ids=lambda t: t[:12])
def test_a_plain_text_is_checked_as_if_every_value_were_looked_at(text):
    """A text with no alias, escape, control character or tag skips looking at each value; the
    problems are still exactly those of the full walk (which the shortcut falls back to)."""
    node, problems = parse_yaml(text, "x.yaml")
    full: list = []
    _check(node, "x.yaml", full)
    assert [str(p) for p in problems] == [str(p) for p in full]


@pytest.mark.parametrize("text, start, end", [
    ("2023", "2023-01-01", "2023-12-31"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2024-01/2024-04", "2024-01-01", "2024-04-30"),
    ("2024-04-30", "2024-04-30", "2024-04-30"),
])
def test_periods(text: str, start: str, end: str):
    p = parse_period(text)
    assert (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text, message", [
    ("2024-13", "'2024-13' has month 13; months run from 01 to 12"),
    ("2023-02-29", "'2023-02-29' has day 29; 2023-02 has 28 days"),
    ("2024-05/2024-01", "range '2024-05/2024-01' ends before it starts"),
    ("Q1 2024", "'Q1 2024' is not a year (2023), month (2024-04) or day (2024-04-30)"),
])
def test_impossible_periods(text: str, message: str):
    with pytest.raises(ValueError) as e:
        parse_period(text)
    assert str(e.value) == message


def test_a_small_corpus_is_read_without_worker_processes(monkeypatch):
    """Starting workers costs more than they save on small data: kg starts them only for large data."""
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise AssertionError("a pool of worker processes was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    corpus, problems = read([TEST_DATA / "minimal"], workers=2)
    assert problems == [] and corpus.records()


def test_a_broken_dataset_file_gives_its_own_problem_only(cli, minimal_copy):
    """A duplicate key in dataset.yaml is the problem; "expected a dataset block" would only repeat it."""
    path = minimal_copy / "dataset.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  base:", "  id: again\n  base:"), encoding="utf-8")
    result = cli("validate", ".", cwd=minimal_copy)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "dataset.yaml:3:3: duplicate key 'id' (first at line 2)\n1 problem found\n"
