// kg network view. All text from the data is put into the page with textContent or drawn on the
// canvas, never parsed as HTML, so a label such as <img onerror=...> stays text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var UI = {
    zh: {search: "搜索（中文或英文）", tree: "树状", force: "力导向", legend: "图例（点击筛选）",
         area: "工作领域", battle: "攻坚战", all: "全部", none: "没有节点符合这些条件；筛选未应用。",
         shown: "显示 {n} / {t} 个节点", definition: "定义", observations: "观测值", quotes: "原文",
         value: "数值", unit: "单位", period: "时期", rank: "排名", status: "性质", area_: "地区",
         note: "备注", close: "关闭", top: "前"},
    en: {search: "Search (Chinese or English)", tree: "Tree", force: "Force", legend: "Legend (click to filter)",
         area: "Work area", battle: "Battle", all: "All", none: "No node matches these filters; they were not applied.",
         shown: "Showing {n} of {t} nodes", definition: "Definition", observations: "Observations", quotes: "Source passages",
         value: "Value", unit: "Unit", period: "Period", rank: "Rank", status: "Status", area_: "Area",
         note: "Note", close: "Close", top: "top "}
  };
  var SCALE = {1: "十", 2: "百", 3: "千", 4: "万", 5: "十万", 6: "百万", 7: "千万", 8: "亿", 12: "万亿"};
  var state = {lang: data.lang, layout: data.layout, kinds: {}, area: "", battle: "", selected: null};
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; state.kinds[n.kind] = true; });
  var big = data.nodes.length > data.physicsLimit;
  var up = {}, down = {};
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    if (!e.serve) return;
    (up[e.from] = up[e.from] || []).push(e);
    (down[e.to] = down[e.to] || []).push(e);
  });

  function label(n) { return (state.lang === "zh" ? n.zh : n.en) || n.zh || n.en; }
  function text(o) { return (o && (o[state.lang] || o.en || o.zh || o[""])) || ""; }
  function t(key) { return UI[state.lang][key]; }
  function el(tag, content, cls) {
    var e = document.createElement(tag);
    if (content !== undefined && content !== null) e.textContent = String(content);
    if (cls) e.className = cls;
    return e;
  }

  // hover text: the name in full and its kind, as an element (vis-network puts a string in as HTML)
  function tooltip(n) { return el("div", label(n) + " — " + text(data.style[n.kind]), "kg-tooltip"); }
  function nodeItem(n) {
    var st = data.style[n.kind];
    var pos = data.positions[state.layout === "tree" || big ? "tree" : "grouped"][n.id] || [0, 0];
    if (state.layout === "force" && big) pos = data.positions.grouped[n.id] || pos;
    return {id: n.id, label: label(n), title: tooltip(n), shape: st.shape, color: {background: st.color, border: st.color},
            x: pos[0], y: pos[1], size: n.kind === "goal" ? 22 : n.kind === "observation" ? 8 : 14,
            font: {size: 14, multi: false}};
  }
  function edgeItem(e) {
    return {id: e.id, from: e.from, to: e.to, arrows: "to", label: data.edges.length <= data.edgeLabelLimit ? text(data.edgeLabels[e.property]) : undefined,
            font: {size: 10, align: "middle", color: "#666"}, color: {color: e.serve ? "#999" : "#ccc"},
            dashes: !e.serve};
  }

  var nodes = new vis.DataSet(data.nodes.map(nodeItem));
  var edges = new vis.DataSet(data.edges.map(edgeItem));
  var options = {
    layout: {randomSeed: 1, improvedLayout: false},
    physics: {enabled: state.layout === "force" && !big, solver: "barnesHut",
              stabilization: {enabled: true, iterations: 300, fit: true}},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: data.nodes.length > 2000},
    edges: {smooth: false}, nodes: {borderWidth: 1}
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.once("afterDrawing", function () {
    window.kgView.firstPaintMs = performance.now();  // milliseconds since navigation started
    document.body.setAttribute("data-ready", "1");
  });
  network.on("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); });

  // ---------------------------------------------------------------- text of the page
  function renderText() {
    document.documentElement.lang = state.lang;
    document.getElementById("kg-title").textContent = text(data.title);
    document.getElementById("kg-search").placeholder = t("search");
    document.getElementById("kg-layout-tree").textContent = t("tree");
    document.getElementById("kg-layout-force").textContent = t("force");
    document.getElementById("kg-legend-title").textContent = t("legend");
    document.getElementById("kg-area-label").textContent = t("area");
    document.getElementById("kg-battle-label").textContent = t("battle");
    ["zh", "en"].forEach(function (l) { document.getElementById("kg-lang-" + l).classList.toggle("on", state.lang === l); });
    ["tree", "force"].forEach(function (l) { document.getElementById("kg-layout-" + l).classList.toggle("on", state.layout === l); });
    renderLegend();
    renderSelect("kg-area", "work_area", state.area);
    renderSelect("kg-battle", "battle", state.battle);
  }
  function renderLegend() {
    var ul = document.getElementById("kg-legend");
    ul.replaceChildren();
    data.kindOrder.forEach(function (kind) {
      if (!(kind in state.kinds)) return;
      var li = el("li");
      li.dataset.kind = kind;
      var sw = el("span", null, "swatch");
      sw.style.background = data.style[kind].color;
      li.appendChild(sw);
      li.appendChild(el("span", data.style[kind][state.lang] + " (" + data.style[kind].shape + ")"));
      li.classList.toggle("off", !state.kinds[kind]);
      li.addEventListener("click", function () { toggleKind(kind); });
      ul.appendChild(li);
    });
  }
  function renderSelect(id, kind, current) {
    var sel = document.getElementById(id);
    sel.replaceChildren();
    var all = el("option", t("all")); all.value = ""; sel.appendChild(all);
    data.nodes.filter(function (n) { return n.kind === kind; }).forEach(function (n) {
      var o = el("option", label(n)); o.value = n.id; o.selected = n.id === current; sel.appendChild(o);
    });
  }

  // ---------------------------------------------------------------- filters (never blank the graph)
  function visibleSet(kinds, area, battle) {
    return data.nodes.filter(function (n) {
      if (!kinds[n.kind]) return false;
      if (area && n.areas.indexOf(area) < 0 && n.id !== area) return false;
      if (battle && n.battles.indexOf(battle) < 0 && n.id !== battle) return false;
      return true;
    });
  }
  function applyFilters(kinds, area, battle) {
    var shown = visibleSet(kinds, area, battle);
    var note = document.getElementById("kg-filter-note");
    if (shown.length === 0) {
      note.textContent = t("none");
      renderText();
      return false;
    }
    state.kinds = kinds; state.area = area; state.battle = battle;
    note.textContent = "";
    var keep = {};
    shown.forEach(function (n) { keep[n.id] = true; });
    nodes.update(data.nodes.map(function (n) { return {id: n.id, hidden: !keep[n.id]}; }));
    document.getElementById("kg-count").textContent = t("shown").replace("{n}", shown.length).replace("{t}", data.nodes.length);
    renderText();
    return true;
  }
  function toggleKind(kind) {
    var kinds = Object.assign({}, state.kinds);
    kinds[kind] = !kinds[kind];
    applyFilters(kinds, state.area, state.battle);
  }
  document.getElementById("kg-area").addEventListener("change", function (e) { applyFilters(state.kinds, e.target.value, state.battle); });
  document.getElementById("kg-battle").addEventListener("change", function (e) { applyFilters(state.kinds, state.area, e.target.value); });

  // ---------------------------------------------------------------- language and layout
  function setLang(lang) {
    state.lang = lang;
    nodes.update(data.nodes.map(function (n) { return {id: n.id, label: label(n), title: tooltip(n)}; }));
    if (data.edges.length <= data.edgeLabelLimit)
      edges.update(data.edges.map(function (e) { return {id: e.id, label: text(data.edgeLabels[e.property])}; }));
    renderText();
    if (state.selected) showPanel(state.selected);
  }
  function setLayout(layout) {
    state.layout = layout;
    var key = layout === "tree" ? "tree" : "grouped";
    nodes.update(data.nodes.map(function (n) { var p = data.positions[key][n.id] || [0, 0]; return {id: n.id, x: p[0], y: p[1]}; }));
    network.setOptions({physics: {enabled: layout === "force" && !big}});
    if (layout === "force" && !big) network.stabilize(300);
    network.fit();
    renderText();
  }
  document.getElementById("kg-lang-zh").addEventListener("click", function () { setLang("zh"); });
  document.getElementById("kg-lang-en").addEventListener("click", function () { setLang("en"); });
  document.getElementById("kg-layout-tree").addEventListener("click", function () { setLayout("tree"); });
  document.getElementById("kg-layout-force").addEventListener("click", function () { setLayout("force"); });

  // ---------------------------------------------------------------- search
  var search = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return data.nodes.filter(function (n) {
      return (n.zh || "").toLowerCase().indexOf(q) >= 0 || (n.en || "").toLowerCase().indexOf(q) >= 0;
    }).slice(0, 30);
  }
  search.addEventListener("input", function () {
    results.replaceChildren();
    matches(search.value).forEach(function (n) {
      var li = el("li", label(n) + " · " + data.style[n.kind][state.lang]);
      li.dataset.id = n.id;
      li.addEventListener("click", function () { choose(n.id); });
      results.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && results.firstChild) choose(results.firstChild.dataset.id);
    if (e.key === "Escape") results.replaceChildren();
  });
  function choose(id) {
    results.replaceChildren();
    var n = byId[id];
    if (!state.kinds[n.kind] || (state.area && n.areas.indexOf(state.area) < 0) || (state.battle && n.battles.indexOf(state.battle) < 0)) {
      var kinds = Object.assign({}, state.kinds); kinds[n.kind] = true;
      applyFilters(kinds, "", "");
    }
    network.selectNodes([id]);
    select(id);
    network.focus(id, {scale: 1.0, animation: false});
  }

  // ---------------------------------------------------------------- selection: panel and paths
  function closure(id, index, next) {
    var seenNodes = {}, seenEdges = {}, stack = [id];
    seenNodes[id] = true;
    while (stack.length) {
      var cur = stack.pop();
      (index[cur] || []).forEach(function (e) {
        seenEdges[e.id] = true;
        var other = e[next];
        if (!seenNodes[other]) { seenNodes[other] = true; stack.push(other); }
      });
    }
    return {nodes: seenNodes, edges: seenEdges};
  }
  function highlight(id) {
    var n = byId[id];
    var c = n.kind === "goal" ? closure(id, down, "from") : closure(id, up, "to");
    window.kgView.highlighted = Object.keys(c.nodes).sort();
    nodes.update(data.nodes.map(function (m) {
      var st = data.style[m.kind], on = !!c.nodes[m.id];
      return {id: m.id, color: on ? {background: st.color, border: m.id === id ? "#000" : st.color} : {background: "#e8e8e8", border: "#e8e8e8"},
              font: {color: on ? "#222" : "#bbb"}};
    }));
    edges.update(data.edges.map(function (e) {
      var on = !!c.edges[e.id];
      return {id: e.id, width: on ? 3 : 1, color: {color: on ? "#d62728" : "#eee"}};
    }));
  }
  function clearHighlight() {
    window.kgView.highlighted = [];
    nodes.update(data.nodes.map(function (m) { var st = data.style[m.kind]; return {id: m.id, color: {background: st.color, border: st.color}, font: {color: "#222"}}; }));
    edges.update(data.edges.map(function (e) { return {id: e.id, width: 1, color: {color: e.serve ? "#999" : "#ccc"}}; }));
  }
  function formatObservation(o) {
    var v = o.value === null ? "" : o.value + (o.unitMult ? (SCALE[o.unitMult] || "×10^" + o.unitMult) : "");
    var rank = o.rank ? (o.rankWithin ? t("top") : "#") + o.rank + (text(o.rankScope) ? " · " + text(o.rankScope) : "") : "";
    return [v, o.unit || "", o.period || "", rank, text(o.status), text(o.comparator)];
  }
  function showPanel(id) {
    var n = byId[id], panel = document.getElementById("kg-panel");
    panel.replaceChildren();
    var close = el("button", t("close"), "close"); close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; state.selected = null; network.unselectAll(); clearHighlight(); });
    panel.appendChild(close);
    panel.appendChild(el("div", data.style[n.kind][state.lang], "kind"));
    panel.appendChild(el("h2", n.zh, "label-zh"));
    panel.appendChild(el("h2", n.en, "label-en"));
    if (text(n.definition)) { panel.appendChild(el("h3", t("definition"))); panel.appendChild(el("p", text(n.definition), "definition")); }
    if (n.observations && n.observations.length) {
      panel.appendChild(el("h3", t("observations")));
      var table = el("table", null, "observations"), head = el("tr");
      [t("value"), t("unit"), t("period"), t("rank"), t("status"), ""].forEach(function (h) { head.appendChild(el("th", h)); });
      table.appendChild(head);
      n.observations.forEach(function (o) {
        var tr = el("tr");
        formatObservation(o).forEach(function (c) { tr.appendChild(el("td", c)); });
        table.appendChild(tr);
      });
      panel.appendChild(table);
    }
    if (n.quotes.length) {
      panel.appendChild(el("h3", t("quotes")));
      n.quotes.forEach(function (q) {
        panel.appendChild(el("blockquote", q.quote, "quote"));
        panel.appendChild(el("p", "— " + text(q.source) + " [" + q.start + "–" + q.end + "]", "source"));
      });
    }
    if (n.note) { panel.appendChild(el("h3", t("note"))); panel.appendChild(el("p", n.note, "note")); }
    panel.appendChild(el("p", n.id, "iri"));
    panel.hidden = false;
  }
  function select(id) {
    state.selected = id;
    showPanel(id);
    highlight(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
  });

  window.kgView = {network: network, nodes: nodes, edges: edges, select: select, setLang: setLang,
                   setLayout: setLayout, applyFilters: applyFilters, state: state, highlighted: [], firstPaintMs: null};
  renderText();
  applyFilters(state.kinds, "", "");
  if (data.focus) { network.selectNodes([data.focus]); select(data.focus); network.fit(); }
})();
