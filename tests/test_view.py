"""The HTML network view: self-contained, offline, and working in a real browser."""

from __future__ import annotations

import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kg
from conftest import ROOT
from kg.view import render_view, write_view

BASE = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
#: The first paint of a 10,000-node view must come within this many seconds (see bench/).
LARGE_FIRST_PAINT_S = 20


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.scripts_with_src = 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append(value)
        if tag == "script" and dict(attrs).get("src"):
            self.scripts_with_src += 1


SCREENSHOTS = ROOT / "out" / "screenshots"  # test artefacts; out/ is not committed


def _shot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def _wait_ready(driver, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if driver.execute_script("return document.body && document.body.getAttribute('data-ready') === '1'"):
            return
        time.sleep(0.1)
    raise AssertionError("the view did not draw within the time limit: "
                         + str(driver.get_log("browser") if hasattr(driver, "get_log") else ""))


@pytest.fixture(scope="module")
def page(bundled, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view") / "graph.html"
    write_view(bundled[1], out, lang="zh")
    return out


def test_page_is_one_file_that_references_nothing(page: Path):
    html = page.read_text(encoding="utf-8")
    refs = _Refs()
    refs.feed(html)
    assert refs.refs == [] and refs.scripts_with_src == 0
    assert "default-src 'none'" in html  # the browser itself refuses any request the page might make


def test_view_is_deterministic(bundled):
    assert render_view(bundled[1]) == render_view(bundled[1])


def test_kg_build_writes_the_view_beside_the_turtle(cli, tmp_path: Path):
    result = cli("build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "graph.html").stat().st_size > 100_000
    assert "wrote " + str(tmp_path / "graph.html") in result.stdout


def test_view_cli_options_and_errors(cli, tmp_path: Path):
    ok = cli("view", "--focus", "green-low-carbon", "--depth", "1", "--layout", "force", "--out", str(tmp_path / "f.html"))
    assert ok.returncode == 0, ok.stderr
    bad = cli("view", "--focus", "nowhere", "--out", str(tmp_path / "g.html"))
    assert (bad.returncode, bad.stderr) == (2, "kg view: no entity with id 'nowhere' in the graph\n")
    assert not (tmp_path / "g.html").exists()
    assert cli("view", "--layout", "spiral").returncode == 2


def test_opens_offline_and_draws_every_node(browser, page: Path, bundled):
    browser.get(page.as_uri())
    _wait_ready(browser)
    n = browser.execute_script("return window.kgView.nodes.length")
    from kg.analyze import to_networkx
    assert n == to_networkx(bundled[1]).number_of_nodes()
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return document.querySelectorAll('#kg-network canvas').length") == 1
    legend = browser.execute_script("return [...document.querySelectorAll('#kg-legend li')].map(li => li.dataset.kind)")
    assert legend[:5] == ["goal", "battle", "work_area", "measure", "indicator"] and len(legend) == 11
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
    _shot(browser, "whole-graph-zh")


def test_language_toggle(browser, page: Path):
    browser.get(page.as_uri())
    _wait_ready(browser)
    goal = BASE + "global-advanced-manufacturing-base"
    label = f"return window.kgView.nodes.get('{goal}').label"
    assert browser.execute_script(label) == "全球先进制造业基地建设"
    tooltip = f"return window.kgView.nodes.get('{goal}').title.textContent"
    assert browser.execute_script(tooltip) == "全球先进制造业基地建设 — 目标"  # hover text: name and kind
    browser.find_element("id", "kg-lang-en").click()
    assert browser.execute_script(label) == "Building a global advanced manufacturing base"
    assert browser.execute_script(tooltip) == "Building a global advanced manufacturing base — Goal"
    assert browser.find_element("id", "kg-legend-title").text == "Legend (click to filter)"


def test_search_then_panel_with_quote_and_observations(browser, page: Path):
    browser.get(page.as_uri())
    _wait_ready(browser)
    box = browser.find_element("id", "kg-search")
    box.send_keys("百家省级绿色工厂")
    items = browser.find_elements("css selector", "#kg-results li")
    assert items and items[0].text.startswith("建设百家省级绿色工厂")
    items[0].click()
    panel = browser.find_element("id", "kg-panel")
    assert panel.is_displayed()
    assert panel.find_element("class name", "label-zh").text == "建设百家省级绿色工厂"
    assert panel.find_element("class name", "label-en").text == "Build a hundred provincial green factories"
    assert panel.find_element("class name", "quote").text == "建设百家省级绿色工厂"
    assert panel.find_element("class name", "iri").text == BASE + "hundred-provincial-green-factories"
    _shot(browser, "search-zh-panel")
    box.clear()
    box.send_keys("offshore wind")  # by the English label too
    items = browser.find_elements("css selector", "#kg-results li")
    assert items and items[0].get_attribute("data-id") == BASE + "offshore-wind-base"
    items[0].click()
    assert panel.find_element("class name", "quote").text == "建设海上风电基地"
    browser.execute_script(f"window.kgView.select('{BASE}industrial-value-added')")
    cells = [td.text for td in panel.find_elements("css selector", "table.observations td")]
    assert cells[:4] == ["2.94万亿", "CNY", "2023", "#3 · 全国"]


def test_selecting_a_measure_highlights_its_paths_to_the_goals(browser, page: Path):
    browser.get(page.as_uri())
    _wait_ready(browser)
    browser.execute_script(f"window.kgView.select('{BASE}hundred-provincial-green-factories')")
    lit = set(browser.execute_script("return window.kgView.highlighted"))
    assert {BASE + "green-industrial-transformation", BASE + "green-low-carbon", BASE + "direction-green",
            BASE + "global-advanced-manufacturing-base"} <= lit
    assert BASE + "cluster-cultivation" not in lit
    _shot(browser, "measure-paths-highlighted")
    browser.execute_script(f"window.kgView.select('{BASE}direction-green')")
    lit = set(browser.execute_script("return window.kgView.highlighted"))
    assert BASE + "hundred-provincial-green-factories" in lit and BASE + "offshore-wind-base" in lit
    assert BASE + "two-maps-six-lists-system" not in lit


def test_filters_never_blank_the_graph(browser, page: Path):
    browser.get(page.as_uri())
    _wait_ready(browser)
    visible = "return window.kgView.nodes.get({filter: n => !n.hidden}).length"
    kinds = [li.get_attribute("data-kind") for li in browser.find_elements("css selector", "#kg-legend li")]
    for kind in kinds:  # switch every class off, one after the other
        browser.find_element("css selector", f"#kg-legend li[data-kind='{kind}']").click()
        assert browser.execute_script(visible) > 0
    assert browser.find_element("id", "kg-filter-note").text != ""
    browser.execute_script("window.kgView.applyFilters(Object.fromEntries(Object.keys(window.kgView.state.kinds).map(k => [k, true])), '', '')")
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element("id", "kg-area")).select_by_value(BASE + "green-low-carbon")
    shown = browser.execute_script("return window.kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert BASE + "offshore-wind-base" in shown and BASE + "two-maps-six-lists-system" not in shown


def test_labels_are_text_never_markup(browser, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", data)
    evil = '<img src=x onerror="window.__xss=1">'
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("{zh: 目标, en: Goal}", f"{{zh: 目标, en: '{evil}'}}"),
                        encoding="utf-8")
    _, graph = kg.build([data])
    out = tmp_path / "evil.html"
    write_view(graph, out, lang="en")
    browser.get(out.as_uri())
    _wait_ready(browser)
    browser.execute_script("window.kgView.select('https://example.org/minimal/g')")
    assert browser.find_element("css selector", "#kg-panel .label-en").text == evil
    assert browser.execute_script("return window.__xss === undefined && document.querySelectorAll('#kg-panel img').length === 0")
    box = browser.find_element("id", "kg-search")
    box.send_keys("onerror")
    assert browser.find_elements("css selector", "#kg-results li")[0].text.startswith(evil)
    assert browser.execute_script("return window.__xss === undefined")


def test_ten_thousand_nodes_draw_in_time(browser, tmp_path: Path):
    from bench.synthetic import generate

    generate(tmp_path / "big", measures=3600)
    _, graph = kg.build([tmp_path / "big"], shacl=False)
    out = write_view(graph, tmp_path / "big.html")
    browser.get(out.as_uri())
    _wait_ready(browser, timeout=LARGE_FIRST_PAINT_S + 30)
    n = browser.execute_script("return window.kgView.nodes.length")
    first_paint = browser.execute_script("return window.kgView.firstPaintMs") / 1000
    assert n >= 9_900
    assert first_paint < LARGE_FIRST_PAINT_S, f"first paint after {first_paint:.1f} s"
