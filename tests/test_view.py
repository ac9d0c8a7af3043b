"""The HTML network view: self-contained, offline, and working in a real browser."""

from __future__ import annotations

import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kg
from conftest import ROOT, require_system
from kg.view import render_view, write_view

BASE = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
TOP_KINDS = ("goal", "battle", "work_area")


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


def _wait_ready(driver, timeout: float = 60) -> float:
    """Wait for ``window.kgView.ready`` (the first frame on screen); return when it came (ms)."""
    end = time.time() + timeout
    while time.time() < end and not driver.execute_script("return !!(window.kgView && window.kgView.ready)"):
        time.sleep(0.05)
    driver.set_script_timeout(timeout)
    return driver.execute_async_script("const done = arguments[0]; window.kgView.ready.then(done);")


def _open(driver, page: Path) -> None:
    driver.get(page.as_uri())
    _wait_ready(driver)


def _js(driver, script: str, *args):
    return driver.execute_script("return " + script, *args)


def _top_ids(data: dict) -> set[str]:
    """What the page opens on: goals, battles and work areas (and measures or indicators that hang from nothing)."""
    up = set(data["upProperties"])
    has_parent = {e["from"] for e in data["edges"] if e["property"] in up} | {e["to"] for e in data["edges"] if e["property"] == "mentions"}
    return {n["id"] for n in data["nodes"]
            if n["kind"] in TOP_KINDS or (n["kind"] in ("measure", "indicator") and n["id"] not in has_parent)}


@pytest.fixture(scope="module")
def page_data(bundled) -> dict:
    from kg.ontology import ontology_store
    from kg.view.nodes import view_data

    return view_data(bundled[1], ontology_store())


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


def test_page_is_named_by_its_documents_before_its_vocabularies(bundled, page: Path):
    from rdflib.namespace import DCTERMS, RDF

    from kg.namespaces import KGO

    graph = bundled[1]
    size = {ds: len(set(graph.subjects(KGO.inDataset, ds))) for ds in graph.subjects(RDF.type, KGO.Dataset)}
    largest = max(size, key=lambda ds: size[ds])
    title = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8"))[1]
    parts = title.split(" · ")
    assert len(parts) == len(size)
    assert parts[0] == next(str(t) for t in graph.objects(largest, DCTERMS.title) if t.language == "zh")


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


def test_focus_holds_its_paths_up_and_what_hangs_below_not_its_siblings(bundled):
    from kg.ontology import ontology_store
    from kg.view.nodes import view_data

    data = view_data(bundled[1], ontology_store(), BASE + "green-low-carbon", 1)
    ids = {n["id"] for n in data["nodes"]}
    assert {BASE + "green-low-carbon", BASE + "direction-green", BASE + "global-advanced-manufacturing-base"} <= ids
    assert {BASE + "green-industrial-transformation", BASE + "offshore-wind-base"} <= ids  # one level below
    assert BASE + "org-green-factories" not in ids  # two levels below: what those measures mention
    # siblings through the top goal: other work areas, other directions, the battles
    assert not {BASE + "cluster-cultivation", BASE + "direction-high-end", BASE + "battle-innovation"} & ids
    deeper = {n["id"] for n in view_data(bundled[1], ontology_store(), BASE + "green-low-carbon", 2)["nodes"]}
    assert BASE + "org-green-factories" in deeper and BASE + "cluster-cultivation" not in deeper
    # a measure's focus: its paths up to the goals (through part-of, work area, battle) and nothing beside them
    measure = {n["id"] for n in view_data(bundled[1], ontology_store(), BASE + "hundred-provincial-green-factories", 0)["nodes"]}
    assert measure == {BASE + x for x in ("hundred-provincial-green-factories", "green-industrial-transformation",
                                          "green-low-carbon", "direction-green", "global-advanced-manufacturing-base")}


def test_opens_offline_on_the_top_of_the_tree_with_every_top_label_readable(browser, page: Path, page_data):
    browser.get(page.as_uri())
    first_frame = _wait_ready(browser)
    assert first_frame > 0 and _js(browser, "window.kgView.firstPaintMs") == first_frame
    top = _top_ids(page_data)
    assert set(_js(browser, "window.kgView.shown()")) == top and len(top) > 20
    assert _js(browser, "performance.getEntriesByType('resource').length") == 0
    assert _js(browser, "document.querySelectorAll('#kg-network canvas').length") == 1
    # goals, battles and work areas: labelled, at 10 px or more, inside the canvas, overlapping nothing
    readable = set(_js(browser, "window.kgView.readableLabels()"))
    kinds = {n["id"]: n["kind"] for n in page_data["nodes"]}
    tops = {n for n in top if kinds[n] in TOP_KINDS}
    assert readable <= top  # the rest as space allows
    assert tops <= readable, sorted(tops - readable)
    boxes = _label_boxes(browser)
    # long labels wrap
    wrapped = {b["id"]: b["lines"] for b in boxes if len(b["lines"]) > 1}
    assert BASE + "understanding-modern-industrial-system" in wrapped
    assert "".join(wrapped[BASE + "understanding-modern-industrial-system"]) == "加快构建以先进制造业为支撑的现代化产业体系"
    # hover text, and counts of what hangs below in the panel
    goal = BASE + "global-advanced-manufacturing-base"
    assert _js(browser, f"window.kgView.nodes.get('{goal}').title.textContent") == "全球先进制造业基地建设 — 目标"
    legend = _js(browser, "[...document.querySelectorAll('#kg-legend li')].map(li => li.dataset.kind)")
    assert legend[:5] == ["goal", "battle", "work_area", "measure", "indicator"] and set(legend) == {n["kind"] for n in page_data["nodes"]}
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    _shot(browser, "opening-view-zh")


def test_expand_collapse_double_click_and_show_everything(browser, page: Path, bundled, page_data):
    from selenium.webdriver import ActionChains

    _open(browser, page)
    area = BASE + "green-low-carbon"
    children = {e["from"] for e in page_data["edges"] if e["to"] == area and e["property"] == "inWorkArea"}
    assert BASE + "green-industrial-transformation" in children and not children & set(_js(browser, "window.kgView.shown()"))
    _js(browser, f"window.kgView.expand('{area}')")
    shown = set(_js(browser, "window.kgView.shown()"))
    assert children <= shown and BASE + "org-green-factories" not in shown  # one level at a time
    assert BASE + "green-industrial-transformation" in _js(browser, "window.kgView.readableLabels()")
    _shot(browser, "expanded-work-area")
    _js(browser, f"window.kgView.collapse('{area}')")
    assert not children & set(_js(browser, "window.kgView.shown()"))
    # a double-click on the canvas expands, a second one collapses
    battle = BASE + "battle-innovation"

    def double_click(node: str) -> None:
        at = _js(browser, f"window.kgView.network.canvasToDOM(window.kgView.network.getPosition('{node}'))")
        canvas = browser.find_element("css selector", "#kg-network canvas")
        rect = _js(browser, "arguments[0].getBoundingClientRect().toJSON()", canvas)
        ActionChains(browser).move_to_element_with_offset(canvas, round(at["x"] - rect["width"] / 2),
                                                          round(at["y"] - rect["height"] / 2)).double_click().perform()

    double_click(battle)
    assert BASE + "key-core-technologies" in _js(browser, "window.kgView.shown()")
    double_click(battle)
    assert BASE + "key-core-technologies" not in _js(browser, "window.kgView.shown()")
    # from the panel
    _js(browser, f"window.kgView.select('{area}')")
    browser.find_element("css selector", "#kg-panel button.expand").click()
    assert children <= set(_js(browser, "window.kgView.shown()"))
    # show everything, and back
    browser.find_element("id", "kg-everything").click()
    from kg.analyze import to_networkx
    network = to_networkx(bundled[1])
    assert network.number_of_nodes() == len(page_data["nodes"]) and page_data["kindsOff"] == ["source"]
    # everything but the sources, whose kind starts off (linked to most entities, they would cross the tree)
    assert _js(browser, "window.kgView.nodes.length") == sum(1 for _, d in network.nodes(data=True) if d["kind"] != "source")
    readable = _js(browser, "window.kgView.readableLabels()")
    assert readable and len(readable) < len(page_data["nodes"])  # labels by importance, as space allows
    browser.find_element("css selector", "#kg-legend li[data-kind='source']").click()  # switched on: every node
    assert _js(browser, "window.kgView.nodes.length") == network.number_of_nodes()
    browser.find_element("css selector", "#kg-legend li[data-kind='source']").click()
    browser.find_element("id", "kg-everything").click()
    assert set(_js(browser, "window.kgView.shown()")) == _top_ids(page_data)


def test_focus_view_opens_on_the_focus(browser, bundled, tmp_path: Path):
    out = write_view(bundled[1], tmp_path / "focus.html", lang="en", focus="green-low-carbon", depth=1)
    _open(browser, out)
    shown = set(_js(browser, "window.kgView.shown()"))
    assert {BASE + "green-low-carbon", BASE + "direction-green", BASE + "offshore-wind-base"} <= shown
    assert BASE + "cluster-cultivation" not in shown
    assert _js(browser, "window.kgView.state.selected") == BASE + "green-low-carbon"
    assert "Green" in _js(browser, "window.kgView.panelText()")
    assert BASE + "green-low-carbon" in _js(browser, "window.kgView.readableLabels()")
    _shot(browser, "focus-en")


def test_language_toggle_changes_every_word(browser, page: Path, page_data: dict):
    _open(browser, page)
    goal = BASE + "global-advanced-manufacturing-base"
    assert _js(browser, f"window.kgView.label('{goal}')") == "全球先进制造业基地建设"
    shown, total = len(_top_ids(page_data)), len(page_data["nodes"])
    assert browser.find_element("id", "kg-count").text == f"显示 {shown} / {total} 个节点"
    kinds = [li.get_attribute("data-kind") for li in browser.find_elements("css selector", "#kg-legend li")]
    for kind in kinds:  # one kind too many would blank the view: refused
        browser.find_element("css selector", f"#kg-legend li[data-kind='{kind}']").click()
        if browser.find_element("id", "kg-filter-note").text:
            break
    assert browser.find_element("id", "kg-filter-note").text == "没有节点符合这些条件；筛选未应用。"
    _js(browser, f"window.kgView.select('{BASE}above-scale-value-added-growth')")
    zh_panel = _js(browser, "window.kgView.panelText()")
    assert "6%" in zh_panel and "PERCENT" not in zh_panel and "反映" in zh_panel
    browser.find_element("id", "kg-lang-en").click()
    assert _js(browser, f"window.kgView.label('{goal}')") == "Building a global advanced manufacturing base"
    node = _js(browser, "window.kgView.shown()[0]")  # still shown: hiding its kind too was refused
    kind = next(n["kind"] for n in page_data["nodes"] if n["id"] == node)
    assert _js(browser, f"window.kgView.nodes.get('{node}').title.textContent") == (
        _js(browser, f"window.kgView.label('{node}')") + " — " + page_data["style"][kind]["en"])
    assert browser.find_element("id", "kg-legend-title").text == "Legend (click to filter)"
    assert browser.find_element("id", "kg-filter-note").text == "No node matches these filters; they were not applied."
    assert browser.find_element("id", "kg-count").text.startswith("Showing ")
    legend = browser.find_element("id", "kg-legend").text
    assert "Goal" in legend and not any("\u4e00" <= ch <= "\u9fff" for ch in legend)
    en_panel = _js(browser, "window.kgView.panelText()")
    assert "6%" in en_panel and "Tracks" in en_panel and "PERCENT" not in en_panel
    header = browser.find_element("css selector", "header").text + browser.find_element("id", "kg-filters").text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in header.replace("中文", "")), header
    _js(browser, f"window.kgView.select('{BASE}industrial-value-added')")
    cells = [td.text for td in browser.find_elements("css selector", "#kg-panel table.observations td")]
    assert cells[:3] == ["CNY 2.94 trillion", "2023", "#3 · China (nationwide)"]


def test_search_ranked_in_both_languages_with_keyboard(browser, page: Path):
    from selenium.webdriver.common.keys import Keys

    _open(browser, page)
    green = BASE + "green-low-carbon"
    assert _js(browser, "window.kgView.search('Green low carbon')")[0] == green  # each word on its own
    assert _js(browser, "window.kgView.search('绿色 低碳')")[0] == green          # Chinese by characters
    assert _js(browser, "window.kgView.search('低碳绿色')")[0] == green
    ranked = _js(browser, "window.kgView.search('绿色化')")
    assert ranked[0] == BASE + "direction-green"  # the exact label first
    prefix = _js(browser, "window.kgView.search('绿色')")
    starts = [i for i, x in enumerate(prefix) if _js(browser, f"window.kgView.label('{x}')").startswith("绿色")]
    assert starts == list(range(len(starts))) and len(starts) >= 2  # then labels that start with it
    # other names after labels, definitions last
    other = _js(browser, "window.kgView.search('strategy')")
    assert BASE + "new-industrialization" in other  # only its other name ("New industrialization strategy") says so
    in_labels = [x for x in other if "strategy" in _js(browser, f"window.kgView.label('{x}')").lower()]
    assert other.index(BASE + "new-industrialization") >= len(in_labels)
    defined = _js(browser, "window.kgView.search('新突破')")  # only in the top goal's definition
    assert defined == [BASE + "global-advanced-manufacturing-base"]
    # more matches than are listed are said, not silently dropped
    many = _js(browser, "window.kgView.search('e')")
    assert len(many) > 50 and str(len(many) - 50) in browser.find_element("id", "kg-results").text
    # the keyboard: arrows move, Enter opens
    box = browser.find_element("id", "kg-search")
    box.clear()
    box.send_keys("绿色 低碳")
    hits = [li.get_attribute("data-id") for li in browser.find_elements("css selector", "#kg-results li.hit")]
    assert hits == _js(browser, "window.kgView.state.matches")[:50] and len(hits) >= 3
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert browser.find_element("css selector", "#kg-results li.active").get_attribute("data-id") == hits[2]
    box.send_keys(Keys.ARROW_UP)
    assert browser.find_element("css selector", "#kg-results li.active").get_attribute("data-id") == hits[1]
    box.send_keys(Keys.ENTER)
    assert _js(browser, "window.kgView.state.selected") == hits[1]
    assert hits[1] in _js(browser, "window.kgView.shown()")
    # matches are marked on the canvas; "only the matches" shows them and their paths to the goals
    assert set(_js(browser, "window.kgView.marked()")) == set(hits) & set(_js(browser, "window.kgView.shown()"))
    _js(browser, "window.kgView.search('绿色 低碳')")
    browser.find_element("id", "kg-only-matches").click()
    shown = set(_js(browser, "window.kgView.shown()"))
    matches = set(_js(browser, "window.kgView.state.matches"))
    assert matches <= shown and BASE + "direction-green" in shown and BASE + "global-advanced-manufacturing-base" in shown
    assert BASE + "cluster-cultivation" not in shown
    assert set(_js(browser, "window.kgView.marked()")) == matches
    _shot(browser, "search-only-matches")


def test_search_then_panel_with_quote_and_observations(browser, page: Path):
    _open(browser, page)
    box = browser.find_element("id", "kg-search")
    box.send_keys("百家省级绿色工厂")
    items = browser.find_elements("css selector", "#kg-results li.hit")
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
    items = {li.get_attribute("data-id"): li for li in browser.find_elements("css selector", "#kg-results li.hit")}
    assert list(items)[:2] == [BASE + "place-offshore-wind-base", BASE + "offshore-wind-base"]  # label prefix first
    items[BASE + "offshore-wind-base"].click()
    assert panel.find_element("class name", "quote").text == "建设海上风电基地"
    _js(browser, f"window.kgView.select('{BASE}industrial-value-added')")
    cells = [td.text for td in panel.find_elements("css selector", "table.observations td")]
    assert cells[:3] == ["2.94万亿元", "2023", "#3 · 全国"]  # the unit as people write it


def test_panel_lists_neighbours_by_relation_and_highlights(browser, page: Path):
    _open(browser, page)
    measure = BASE + "hundred-provincial-green-factories"
    _js(browser, f"window.kgView.select('{measure}')")
    groups = _js(browser, """Object.fromEntries([...document.querySelectorAll('#kg-panel ul.links')].map(
        ul => [ul.dataset.group, [...ul.querySelectorAll('button.link')].map(b => b.dataset.id)]))""")
    assert groups["partOf"] == [BASE + "green-industrial-transformation", BASE + "green-low-carbon"]
    assert BASE + "direction-green" in groups["serves"] and BASE + "global-advanced-manufacturing-base" in groups["serves"]
    assert groups["trackedBy"] and groups["mentions"]
    text = _js(browser, "window.kgView.panelText()")
    assert "属于" in text and "绿色低碳" in text and "服务于" in text and "绿色化" in text and "经由 绿色低碳" in text
    # the measure's paths to the goals are lit, and the view fits them
    lit = set(_js(browser, "window.kgView.highlighted"))
    assert {BASE + "green-industrial-transformation", BASE + "green-low-carbon", BASE + "direction-green",
            BASE + "global-advanced-manufacturing-base"} <= lit
    assert BASE + "cluster-cultivation" not in lit
    readable = set(_js(browser, "window.kgView.readableLabels()"))
    assert {measure, BASE + "green-industrial-transformation", BASE + "green-low-carbon", BASE + "direction-green"} <= readable
    _shot(browser, "measure-paths-highlighted")
    # a neighbour is a click away; a work area lights both ways: its measures and its goals
    browser.find_element("css selector", f"#kg-panel button.link[data-id='{BASE}green-low-carbon']").click()
    assert browser.find_element("css selector", "#kg-panel .label-zh").text == "绿色低碳"
    lit = set(_js(browser, "window.kgView.highlighted"))
    assert {BASE + "direction-green", BASE + "global-advanced-manufacturing-base", measure, BASE + "offshore-wind-base"} <= lit
    assert BASE + "two-maps-six-lists-system" not in lit
    served_by = _js(browser, "[...document.querySelectorAll('#kg-panel ul[data-group=servedBy] button')].map(b => b.dataset.id)")
    assert BASE + "green-industrial-transformation" in served_by
    # a click on empty canvas clears selection, highlight, panel and search marks
    _js(browser, "window.kgView.search('绿色')")
    canvas = browser.find_element("css selector", "#kg-network canvas")
    empty = _js(browser, """(() => { const v = window.kgView, r = arguments[0].getBoundingClientRect();
        for (let y = 20; y < r.height; y += 20) for (let x = 20; x < r.width; x += 20)
          if (v.network.getNodeAt({x, y}) === undefined) return {x, y, w: r.width, h: r.height}; })()""", canvas)
    from selenium.webdriver import ActionChains
    ActionChains(browser).move_to_element_with_offset(canvas, round(empty["x"] - empty["w"] / 2), round(empty["y"] - empty["h"] / 2)).click().perform()
    assert _js(browser, "window.kgView.highlighted") == [] and not browser.find_element("id", "kg-panel").is_displayed()
    assert _js(browser, "window.kgView.marked()") == [] and _js(browser, "window.kgView.panelText()") == ""


def test_filters_never_blank_the_graph(browser, page: Path):
    _open(browser, page)
    kinds = [li.get_attribute("data-kind") for li in browser.find_elements("css selector", "#kg-legend li")]
    notes = []
    for kind in kinds:  # switch every class off, one after the other
        browser.find_element("css selector", f"#kg-legend li[data-kind='{kind}']").click()
        assert _js(browser, "window.kgView.nodes.length") > 0
        notes.append(browser.find_element("id", "kg-filter-note").text)
    # the first kinds switch off; the one that would leave nothing shown is refused, with a note
    assert notes[0] == "" and "没有节点符合这些条件；筛选未应用。" in notes
    _js(browser, "window.kgView.applyFilters(Object.fromEntries(Object.keys(window.kgView.state.kinds).map(k => [k, true])), '', '')")
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element("id", "kg-area")).select_by_value(BASE + "green-low-carbon")
    shown = set(_js(browser, "window.kgView.shown()"))
    assert BASE + "offshore-wind-base" in shown and BASE + "two-maps-six-lists-system" not in shown
    assert BASE + "direction-green" in shown  # the goals the area serves stay
    assert BASE + "green-low-carbon" in _js(browser, "window.kgView.readableLabels()")  # and the view is refitted


def test_narrow_window(browser, page: Path, page_data):
    browser.set_window_size(800, 900)
    try:
        _open(browser, page)
        assert _js(browser, "document.documentElement.scrollWidth") <= 800
        # the top of the tree still opens whole, every goal, battle and work area readable
        tops = {n["id"] for n in page_data["nodes"] if n["kind"] in TOP_KINDS}
        assert tops <= set(_js(browser, "window.kgView.readableLabels()")), sorted(tops - set(_js(browser, "window.kgView.readableLabels()")))
        _shot(browser, "narrow-800-opening")
        assert not browser.find_element("id", "kg-filters").is_displayed()  # collapsed at first
        _js(browser, f"window.kgView.select('{BASE}hundred-provincial-green-factories')")
        canvas = _js(browser, "document.querySelector('#kg-network').getBoundingClientRect().toJSON()")
        assert canvas["width"] >= 780 and canvas["height"] >= 300
        assert browser.find_element("id", "kg-panel").is_displayed()
        assert BASE + "hundred-provincial-green-factories" in _js(browser, "window.kgView.readableLabels()")
        _shot(browser, "narrow-800-selected")
        browser.find_element("id", "kg-filters-toggle").click()
        assert browser.find_element("id", "kg-filters").is_displayed()
        browser.find_element("id", "kg-filters-toggle").click()
        assert not browser.find_element("id", "kg-filters").is_displayed()
        assert _js(browser, "document.documentElement.scrollWidth") <= 800
    finally:
        browser.set_window_size(1400, 900)


@pytest.fixture(scope="module")
def page_en(bundled, tmp_path_factory) -> Path:
    """The page as ``kg build`` writes it: opening in English."""
    out = tmp_path_factory.mktemp("view-en") / "graph.html"
    write_view(bundled[1], out, lang="en")
    return out


def _top_labels(driver, page_data: dict) -> tuple[set[str], set[str]]:
    """The goals, battles and work areas shown, and those whose labels are readable (as the opening
    test means it: at 10 px or more, inside the canvas, overlapping no other label)."""
    kinds = {n["id"]: n["kind"] for n in page_data["nodes"]}
    tops = {x for x in _js(driver, "window.kgView.shown()") if kinds[x] in TOP_KINDS}
    _label_boxes(driver)
    return tops, tops & set(_js(driver, "window.kgView.readableLabels()"))


def _label_boxes(driver) -> list[dict]:
    """The drawn labels' boxes, each checked at 10 px or more and overlapping no other."""
    boxes = _js(driver, "window.kgView.labelBoxes()")
    assert min(b["size"] for b in boxes) >= 10
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a["box"][0] < b["box"][2] and b["box"][0] < a["box"][2]
                        and a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]), (a, b)
    return boxes


def _view(driver) -> list[float]:
    """Where the view is: its zoom and centre, and every node's place."""
    return _js(driver, """(() => { const n = window.kgView.network, at = n.getViewPosition(), p = n.getPositions();
        return [n.getScale(), at.x, at.y].concat(...Object.keys(p).sort().map(id => [p[id].x, p[id].y])); })()""")


@pytest.mark.parametrize("width", [1280, 800])
def test_language_switch_refits_as_the_opening_does(browser, page: Path, page_en: Path, page_data, width: int):
    """English labels are longer than Chinese ones: after a switch the tree is laid out and fitted
    again as at opening, every goal, battle and work area readable where the opening manages it."""
    browser.set_window_size(width, 900)
    try:
        _open(browser, page_en)
        tops, opening_en = _top_labels(browser, page_data)
        en_view = _view(browser)
        if width >= 1280:
            assert tops <= opening_en, sorted(tops - opening_en)
        _open(browser, page)
        tops, readable = _top_labels(browser, page_data)
        assert tops <= readable, sorted(tops - readable)
        zh_view = _view(browser)
        for lang in ("en", "zh", "en"):
            browser.find_element("id", f"kg-lang-{lang}").click()
            now, readable = _top_labels(browser, page_data)
            assert now == tops
            if lang == "zh" or width >= 1280:
                assert tops <= readable, (lang, sorted(tops - readable))
            else:  # the tree does not fit 800 px in English at any zoom that keeps its labels 12 px: as at opening
                assert readable >= opening_en, (lang, sorted(opening_en - readable))
            _shot(browser, f"language-switch-{width}-{lang}")
            # laid out and fitted exactly as a page opening in that language
            assert _view(browser) == pytest.approx(en_view if lang == "en" else zh_view), lang
        # the same language again: nothing moves
        browser.find_element("id", "kg-lang-en").click()
        assert _view(browser) == en_view
        # a selection stays selected, its panel in the new words, its highlight fitted and readable
        measure = BASE + "hundred-provincial-green-factories"
        _js(browser, f"window.kgView.expand('{BASE}green-low-carbon')")
        _js(browser, f"window.kgView.select('{measure}')")
        shown, lit = _js(browser, "window.kgView.shown()"), _js(browser, "window.kgView.highlighted")
        browser.find_element("id", "kg-lang-zh").click()
        assert _js(browser, "window.kgView.state.selected") == measure
        assert _js(browser, "window.kgView.shown()") == shown and _js(browser, "window.kgView.highlighted") == lit
        assert browser.find_element("css selector", "#kg-panel .kind").text.endswith("举措")
        assert {measure, BASE + "green-low-carbon"} <= set(_js(browser, "window.kgView.readableLabels()"))
    finally:
        browser.set_window_size(1400, 900)


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
    assert browser.find_elements("css selector", "#kg-results li.hit")[0].text.startswith(evil)
    assert browser.execute_script("return window.__xss === undefined")


def test_ten_thousand_entities_open_on_the_top(browser, tmp_path: Path):
    from bench.synthetic import generate

    generate(tmp_path / "big", measures=3600)
    _, graph = kg.build([tmp_path / "big"], shacl=False)
    out = write_view(graph, tmp_path / "big.html")
    browser.get(out.as_uri())
    _wait_ready(browser, timeout=120)
    total = _js(browser, "JSON.parse(document.getElementById('kg-data').textContent).nodes.length")
    shown = _js(browser, "window.kgView.shown()")
    assert total >= 9_900 and len(shown) == 4 * 20  # 10 goals, 4 battles and 6 work areas per document
    readable = _js(browser, "window.kgView.readableLabels()")
    assert len(readable) >= 20 and set(readable) <= set(shown)
    assert _js(browser, "window.kgView.search('Work area w3')")[:1]
    _js(browser, "window.kgView.select(window.kgView.search('Measure 17')[0])")
    assert "Measure 17" in _js(browser, "window.kgView.panelText()")


# ---------------------------------------------------------------- data sets, links between them, the newer kinds

NATIONAL = "https://w3id.org/kg-policy/national-2024-equipment-renewal/"
PLACES = "https://w3id.org/kg-policy/cn-places/"
INDICATORS = "https://w3id.org/kg-policy/cn-indicators/"


def _groups(driver) -> dict[str, list[str]]:
    """The panel's neighbour groups: group name -> the ids listed under it."""
    return _js(driver, """Object.fromEntries([...document.querySelectorAll('#kg-panel ul.links')].map(
        ul => [ul.dataset.group, [...ul.querySelectorAll('button.link')].map(b => b.dataset.id)]))""")


def test_links_are_named_in_both_languages_from_the_ontology(page_data):
    from kg.graph import NETWORK_LINKS
    from kg.ontology import ontology_store
    from kg.view.nodes import property_key, property_labels

    names = page_data["edgeLabels"]
    assert set(names) == {property_key(str(p)) for p in NETWORK_LINKS}
    for key, name in names.items():  # every link, kg's own and those reused from other vocabularies
        assert any("\u4e00" <= ch <= "\u9fff" for ch in name["zh"]), (key, name)
        assert name["en"] and name["en"] == name["en"].lower() and not set(name["en"]) & set(":/#_"), (key, name)
    assert names["skos:exactMatch"] == {"zh": "完全对应", "en": "exact match"}
    assert names["dcterms:publisher"] == {"zh": "发布者", "en": "publisher"}
    assert names["org:memberOf"] == {"zh": "所属组织", "en": "member of"}
    assert names["leadAgency"] == {"zh": "牵头单位", "en": "lead agency"}
    assert names["prov:hadPrimarySource"] == {"zh": "出自", "en": "comes from"}  # the links of the sources too
    assert names["dcterms:isPartOf"] == {"zh": "属于", "en": "is part of"}
    # a link the ontology does not name: the end of its IRI, as words
    vocabulary = ontology_store()
    assert property_labels(vocabulary, "http://example.org/ns#isFundedBy") == {"zh": "is funded by", "en": "is funded by"}
    assert property_labels(vocabulary, "http://example.org/terms/co_author") == {"zh": "co author", "en": "co author"}
    assert property_key("http://www.w3.org/2004/02/skos/core#closeMatch") == "skos:closeMatch"
    assert property_key("http://example.org/ns#isFundedBy") == "http://example.org/ns#isFundedBy"


def test_every_node_knows_its_data_set(page_data, bundled):
    from rdflib import URIRef

    from kg.namespaces import KGO

    titles = {d["id"]: (d["zh"], d["en"]) for d in page_data["datasets"]}
    assert set(titles) == {str(d) for d in bundled[1].subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KGO.Dataset)}
    assert {BASE, NATIONAL, PLACES, INDICATORS} <= set(titles)
    assert titles[NATIONAL][1].startswith("Action plan for large-scale equipment renewal")
    for n in page_data["nodes"]:
        assert n["dataset"] == str(bundled[1].value(URIRef(n["id"]), KGO.inDataset)), n["id"]


def test_data_set_filter(browser, page: Path, page_data):
    from selenium.webdriver.support.ui import Select

    _open(browser, page)
    in_set = {n["id"]: n["dataset"] for n in page_data["nodes"]}
    chooser = Select(browser.find_element("id", "kg-dataset"))
    titles = [d["zh"] for d in page_data["datasets"]]
    assert [o.text for o in chooser.options] == ["全部数据集", *titles]
    assert browser.find_element("id", "kg-dataset-label").text == "数据集"
    # one document: only its entities, refitted, its goals readable
    chooser.select_by_value(NATIONAL)
    shown = set(_js(browser, "window.kgView.shown()"))
    national_goals = {n["id"] for n in page_data["nodes"] if n["dataset"] == NATIONAL and n["kind"] == "goal"}
    assert national_goals and national_goals <= shown and {in_set[x] for x in shown} == {NATIONAL}
    assert national_goals <= set(_js(browser, "window.kgView.readableLabels()"))
    assert [o.text for o in Select(browser.find_element("id", "kg-area")).options] == ["全部"]  # no work area of its own
    _js(browser, "window.kgView.showEverything(true)")  # every entity of it (its sources start off)
    assert set(_js(browser, "window.kgView.shown()")) == {n["id"] for n in page_data["nodes"]
                                                           if n["dataset"] == NATIONAL and n["kind"] != "source"}
    _js(browser, "window.kgView.showEverything(false)")
    # a vocabulary: its entities hang from other documents, and are shown all the same
    chooser.select_by_value(PLACES)
    places = {n["id"] for n in page_data["nodes"] if n["dataset"] == PLACES and n["kind"] != "source"}
    assert set(_js(browser, "window.kgView.shown()")) == places and places <= set(_js(browser, "window.kgView.readableLabels()"))
    browser.find_element("css selector", "#kg-legend li[data-kind='place']").click()  # would leave nothing: refused
    assert browser.find_element("id", "kg-filter-note").text == "没有节点符合这些条件；筛选未应用。"
    assert set(_js(browser, "window.kgView.shown()")) == places
    _shot(browser, "data-set-filter-vocabulary")
    # the panel names the data set; a link to another data set is listed with that data set's name
    chooser.select_by_value(BASE)
    assert {in_set[x] for x in _js(browser, "window.kgView.shown()")} == {BASE}
    measure = BASE + "ecological-renovation"
    _js(browser, f"window.kgView.select('{measure}')")
    text = _js(browser, "window.kgView.panelText()")
    zhejiang, national = (next(d["zh"] for d in page_data["datasets"] if d["id"] == x) for x in (BASE, NATIONAL))
    assert "数据集：" + zhejiang in text
    groups = _groups(browser)
    assert groups["implements"] == [NATIONAL + "equipment-renewal-action"] and groups["partOf"]
    item = browser.find_element("css selector", "#kg-panel ul[data-group=implements] li").text
    assert item.endswith("· " + national) and "落实" in text
    # following it leaves the filter: the other document's measure is shown, its panel lists what implements it
    browser.find_element("css selector", f"#kg-panel button.link[data-id='{NATIONAL}equipment-renewal-action']").click()
    assert _js(browser, "window.kgView.state.dataset") == "" and chooser.first_selected_option.text == "全部数据集"
    assert NATIONAL + "equipment-renewal-action" in _js(browser, "window.kgView.shown()")
    assert measure in _groups(browser)["implementedBy"]
    assert "数据集：" + national in _js(browser, "window.kgView.panelText()")
    # the same concept in two data sets, both ways, in both languages
    _js(browser, f"window.kgView.select('{BASE}industrial-value-added')")
    assert _groups(browser)["exactMatch"] == [INDICATORS + "industrial-value-added"]
    _js(browser, f"window.kgView.select('{INDICATORS}industrial-value-added')")
    assert BASE + "industrial-value-added" in _groups(browser)["exactMatch"] and "完全对应" in _js(browser, "window.kgView.panelText()")
    _js(browser, f"window.kgView.select('{BASE}china')")
    assert _groups(browser)["sameAs"] == [PLACES + "china"]
    browser.find_element("id", "kg-lang-en").click()
    en = _js(browser, "window.kgView.panelText()")
    assert "Same as" in en and "Data set: " + next(d["en"] for d in page_data["datasets"] if d["id"] == BASE) in en
    assert [o.text for o in Select(browser.find_element("id", "kg-dataset")).options] == [
        "All data sets", *(d["en"] for d in page_data["datasets"])]
    assert browser.find_element("id", "kg-dataset-label").text == "Data set"


def test_where_an_entity_comes_from_is_a_click_away(browser, page: Path, page_data):
    """Sources are nodes, off at first: a panel lists the sources an entity is quoted from; following
    one shows it, with its publisher, the source it is part of and what is quoted from it."""
    _open(browser, page)
    shown = set(_js(browser, "window.kgView.shown()"))
    kinds = {n["id"]: n["kind"] for n in page_data["nodes"]}
    assert not any(kinds[x] == "source" for x in shown)
    measure = NATIONAL + "equipment-renewal-action"
    quoted_from = sorted(e["to"] for e in page_data["edges"] if e["from"] == measure and e["property"] == "prov:hadPrimarySource")
    _js(browser, f"window.kgView.select('{measure}')")
    assert quoted_from and _groups(browser)["comesFrom"] == quoted_from and "出自" in _js(browser, "window.kgView.panelText()")
    source = quoted_from[0]
    publishers = [e["to"] for e in page_data["edges"] if e["from"] == source and e["property"] == "dcterms:publisher"]
    browser.find_element("css selector", f"#kg-panel button.link[data-id='{source}']").click()
    assert source in _js(browser, "window.kgView.shown()")
    groups = _groups(browser)
    assert publishers and groups["publishedBy"] == publishers and measure in groups["sourceOf"]
    title = next(n["zh"] for n in page_data["nodes"] if n["id"] == source)
    text = _js(browser, "window.kgView.panelText()")
    assert "来源" in text and title in text and "出自此处的" in text
    _shot(browser, "source-panel")
    # an organisation linked to sources alone (it publishes them; it is quoted from them)
    org = publishers[0]
    links = [e for e in page_data["edges"] if org in (e["from"], e["to"])]
    assert all(kinds[e["to"] if e["from"] == org else e["from"]] == "source" for e in links)
    browser.find_element("css selector", f"#kg-panel button.link[data-id='{org}']").click()
    expected = {"publishes": [e["from"] for e in links if e["property"] == "dcterms:publisher"]}
    quoted = [e["to"] for e in links if e["property"] == "prov:hadPrimarySource"]
    assert _groups(browser) == {**expected, **({"comesFrom": quoted} if quoted else {})}
    # a source that is part of another (the speech, of the web page): both ways, named in English too
    speech, page_source = BASE + "speech", BASE + "page"
    _js(browser, f"window.kgView.select('{speech}')")
    assert _groups(browser)["partOf"] == [page_source]
    _js(browser, f"window.kgView.select('{page_source}')")
    assert speech in _groups(browser)["parts"]
    browser.find_element("id", "kg-lang-en").click()
    assert "Parts" in _js(browser, "window.kgView.panelText()")
    _js(browser, f"window.kgView.select('{measure}')")
    assert "Comes from" in _js(browser, "window.kgView.panelText()")


@pytest.fixture(scope="module")
def linked_page(tmp_path_factory) -> Path:
    """Two small data sets: a provincial measure implementing a national one, led and supported by
    organisations, mentioning a sector, a document and a principle; a person in an organisation."""
    tmp = tmp_path_factory.mktemp("linked")
    national = tmp / "national"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", national)
    text = (national / "dataset.yaml").read_text(encoding="utf-8")
    (national / "dataset.yaml").write_text(text.replace("id: minimal", "id: national").replace(
        "https://example.org/minimal/", "https://example.org/national/").replace("{zh: 最小示例, en: Minimal example}",
                                                                                 "{zh: 国家方案, en: National plan}"),
                                           encoding="utf-8")
    provincial = tmp / "provincial"
    provincial.mkdir()
    (provincial / "dataset.yaml").write_text(
        "dataset:\n  id: provincial\n  base: https://example.org/provincial/\n  label: {zh: 省方案, en: Provincial plan}\n"
        "  implements: [national]\n", encoding="utf-8")
    (provincial / "entities.yaml").write_text("""\
goals:
  - id: pg
    label: {zh: 省目标, en: Provincial goal}
work_areas:
  - id: pw
    label: {zh: 省领域, en: Provincial area}
    serves: [pg]
measures:
  - id: pm
    label: {zh: 推进设备更新, en: Push equipment renewal}
    work_area: pw
    implements: [national:m]
    exact_match: national:m
    lead: [dept]
    support: [bureau]
    mentions: [steel, plan, market-led]
organisations:
  - id: dept
    label: {zh: 省经济和信息化厅, en: Provincial department of economy and IT}
  - id: bureau
    label: {zh: 省统计局, en: Provincial statistics bureau}
sectors:
  - id: steel
    label: {zh: 钢铁行业, en: Steel industry}
    broader: [manufacturing]
  - id: manufacturing
    label: {zh: 制造业, en: Manufacturing}
people:
  - id: official
    label: {zh: 分管副省长, en: Vice governor in charge}
    member_of: [dept]
documents:
  - id: plan
    label: {zh: 实施方案, en: Implementation plan}
    issued_by: [dept]
principles:
  - id: market-led
    label: {zh: 坚持市场为主, en: Market-led}
""", encoding="utf-8")
    _, graph = kg.build([national, provincial])
    return write_view(graph, tmp / "linked.html", lang="zh")


def test_new_kinds_and_links_in_legend_panel_and_search(browser, linked_page: Path):
    _open(browser, linked_page)
    p = "https://example.org/provincial/"
    legend = {li.get_attribute("data-kind"): li.text.strip()
              for li in browser.find_elements("css selector", "#kg-legend li")}
    assert {k: legend[k][1:].strip() for k in ("sector", "person", "document", "principle")} == {
        "sector": "行业", "person": "人物", "document": "文件", "principle": "原则"}
    _js(browser, f"window.kgView.select('{p}pm')")
    groups = _groups(browser)
    assert groups["ledBy"] == [p + "dept"] and groups["supportedBy"] == [p + "bureau"]
    assert groups["implements"] == ["https://example.org/national/m"] and groups["exactMatch"] == ["https://example.org/national/m"]
    assert set(groups["mentions"]) == {p + "steel", p + "plan", p + "market-led"} and groups["partOf"] == [p + "pw"]
    assert p + "pg" in groups["serves"]
    zh = _js(browser, "window.kgView.panelText()")
    assert all(w in zh for w in ("牵头单位", "配合单位", "落实", "完全对应", "数据集：省方案", "· 国家方案"))
    _js(browser, f"window.kgView.select('{p}dept')")
    groups = _groups(browser)
    assert groups["leads"] == [p + "pm"] and groups["members"] == [p + "official"] and groups["publishes"] == [p + "plan"]
    _js(browser, f"window.kgView.select('{p}steel')")
    assert _groups(browser)["broader"] == [p + "manufacturing"] and _groups(browser)["mentionedBy"] == [p + "pm"]
    # search finds the new kinds and names their kind, in both languages
    assert _js(browser, "window.kgView.search('副省长')")[0] == p + "official"
    kinds = [li.find_element("class name", "kind").text for li in browser.find_elements("css selector", "#kg-results li.hit")]
    assert kinds[0] == "· 人物"
    browser.find_element("id", "kg-lang-en").click()
    assert _js(browser, "window.kgView.search('market led')")[0] == p + "market-led"
    assert browser.find_element("css selector", "#kg-results li.hit .kind").text == "· Principle"
    assert _js(browser, "window.kgView.search('implementation plan')")[0] == p + "plan"
    _js(browser, f"window.kgView.select('{p}pm')")
    en = _js(browser, "window.kgView.panelText()")
    assert all(w in en for w in ("Led by", "Supported by", "Implements", "Exact match", "Data set: Provincial plan"))
    legend = browser.find_element("id", "kg-legend").text
    assert all(w in legend for w in ("Sector", "Person", "Document", "Principle"))
    # in the force layout each link is an edge whose hover text is its name, in the page's language
    _js(browser, "window.kgView.showEverything(true)")
    _js(browser, "window.kgView.setLayout('force')")

    def edge_titles() -> dict[str, str]:
        return _js(browser, """Object.fromEntries(window.kgView.edges.get().map(
            e => [window.kgView.nodes.get(e.from) && e.from.split('/').pop() + '>' + e.to.split('/').pop(), e.title]))""")

    titles = edge_titles()
    assert titles["pm>dept"] == "lead agency" and titles["official>dept"] == "member of" and titles["plan>dept"] == "publisher"
    assert titles["pm>m"] in ("implements", "exact match") and titles["steel>manufacturing"] == "broader"
    browser.find_element("id", "kg-lang-zh").click()
    titles = edge_titles()
    assert titles["pm>dept"] == "牵头单位" and titles["official>dept"] == "所属组织" and titles["plan>dept"] == "发布者"
    _shot(browser, "linked-kinds-force")


@pytest.mark.slow
def test_the_readme_picture_is_made_again_with_every_top_label_readable(tmp_path, capsys):
    """bench.screenshot, which makes notebooks/figures/view.png, still runs and checks what it shows."""
    require_system("chromium and chromedriver", bool((shutil.which("chromium") or shutil.which("chromium-browser"))
                                                       and shutil.which("chromedriver")))
    from PIL import Image

    from bench.screenshot import main

    from kg.graph import open_graph

    out = tmp_path / "view.png"
    assert main(["--out", str(out)]) == 0
    assert Image.open(out).size[0] == 1600
    tops = sum(1 for kind in ("goal", "battle", "work_area") for _ in open_graph().entities(kind))
    assert capsys.readouterr().out.splitlines()[-1].endswith(f", {tops} goal, battle and work area labels readable")
