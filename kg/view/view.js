// kg network view. All text from the data is put into the page with textContent or drawn on the
// canvas, never parsed as HTML, so a label such as <img onerror=...> stays text.
//
// The page draws only what was asked for: it opens on the top of the tree (goals, battles, work
// areas) and a node's children appear when it is expanded (double-click, or the panel's button);
// "show everything" draws the whole graph. The sources are nodes too (each entity links to what it
// is quoted from, each source to its publisher), but their kind starts off: a panel lists them.
// Labels are drawn by this script, not by vis-network, so that each is placed by importance,
// wrapped, and hidden when it would overlap another.
//
// Test API (window.kgView): ready (a Promise resolved after the first frame is on screen),
// select(id), search(text) -> ranked ids, expand(id), collapse(id), readableLabels(),
// panelText(); ids are the entities' IRIs.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var UI = {
    zh: {search: "搜索（中文或英文，可多个词）", tree: "树状", force: "力导向", legend: "图例（点击筛选）",
         area: "工作领域", battle: "攻坚战", all: "全部", none: "没有节点符合这些条件；筛选未应用。",
         shown: "显示 {n} / {t} 个节点", definition: "定义", observations: "观测值", quotes: "原文",
         value: "数值", period: "时期", rank: "排名", status: "性质", comparator: "比较",
         note: "备注", close: "关闭", top: "前", filters: "筛选", everything: "显示全部", topOnly: "只显示上层",
         expand: "展开下层（{n}）", collapse: "收起下层", below: "下层：{list}", nothingBelow: "下层没有节点",
         matches: "{n} 个结果", noMatch: "没有结果", more: "另有 {n} 个结果未列出", onlyMatches: "只显示结果及其通往目标的路径",
         via: "经由 {x}", andMore: "另有 {n} 个", hint: "单击查看详情，双击展开或收起，点击空白处取消",
         partOf: "属于", serves: "服务于", servedBy: "服务它的", trackedBy: "反映它的指标", tracks: "反映",
         mentions: "提及", mentionedBy: "被提及于", indicatorOf: "所属指标", values: "观测值", related: "相关举措",
         neighbours: "关联", kindsLegend: "类别", panel: "详情", clear: "清除",
         dataset: "数据集", allDatasets: "全部数据集", inDataset: "数据集：{x}",
         implements: "落实", implementedBy: "落实它的", ledBy: "牵头单位", leads: "牵头负责", supportedBy: "配合单位",
         supports: "配合落实", sameAs: "等同于", exactMatch: "完全对应", closeMatch: "近似对应", publishedBy: "发布者",
         publishes: "发布", memberOf: "所属组织", members: "成员", broader: "上位", narrower: "下位",
         comesFrom: "出自", sourceOf: "出自此处的", parts: "组成部分"},
    en: {search: "Search (Chinese or English, any words)", tree: "Tree", force: "Force", legend: "Legend (click to filter)",
         area: "Work area", battle: "Battle", all: "All", none: "No node matches these filters; they were not applied.",
         shown: "Showing {n} of {t} nodes", definition: "Definition", observations: "Observations", quotes: "Source passages",
         value: "Value", period: "Period", rank: "Rank", status: "Status", comparator: "Comparison",
         note: "Note", close: "Close", top: "top ", filters: "Filters", everything: "Show everything", topOnly: "Top of the tree only",
         expand: "Show what hangs below ({n})", collapse: "Hide what hangs below", below: "Below: {list}", nothingBelow: "Nothing hangs below",
         matches: "{n} matches", noMatch: "No match", more: "{n} more matches not listed", onlyMatches: "Show only the matches and their paths to the goals",
         via: "via {x}", andMore: "and {n} more", hint: "Click for details, double-click to expand or collapse, click empty space to clear",
         partOf: "Part of", serves: "Serves", servedBy: "Served by", trackedBy: "Tracked by", tracks: "Tracks",
         mentions: "Mentions", mentionedBy: "Mentioned by", indicatorOf: "Value of", values: "Values", related: "Related measures",
         neighbours: "Neighbours", kindsLegend: "Kinds", panel: "Details", clear: "Clear",
         dataset: "Data set", allDatasets: "All data sets", inDataset: "Data set: {x}",
         implements: "Implements", implementedBy: "Implemented by", ledBy: "Led by", leads: "Leads", supportedBy: "Supported by",
         supports: "Supports", sameAs: "Same as", exactMatch: "Exact match", closeMatch: "Close match", publishedBy: "Published by",
         publishes: "Publishes", memberOf: "Member of", members: "Members", broader: "Broader", narrower: "Narrower",
         comesFrom: "Comes from", sourceOf: "Source of", parts: "Parts"}
  };
  // units as people write them: value, then scale and unit in Chinese; unit, value and scale in English
  var UNIT = {PERCENT: {zh: "%", en: "%", after: true}, CNY: {zh: "元", en: "CNY"}, USD: {zh: "美元", en: "USD"},
              NUM: {zh: "", en: ""}, YR: {zh: "年", en: "years", after: true}, UNITLESS: {zh: "", en: ""},
              TONNE: {zh: "吨", en: "t", after: true}, "KiloW-HR": {zh: "千瓦时", en: "kWh", after: true}};
  var SCALE = {1: "十", 2: "百", 3: "千", 4: "万", 5: "十万", 6: "百万", 7: "千万", 8: "亿", 12: "万亿"};
  var EN_SCALE = [[12, "trillion"], [9, "billion"], [6, "million"], [3, "thousand"]];
  var KIND_RANK = {}; data.kindOrder.forEach(function (k, i) { KIND_RANK[k] = i; });
  var TOP = {goal: true, battle: true, work_area: true};
  var SYMBOL = {star: "★", diamond: "◆", hexagon: "⬢", dot: "●", triangle: "▲", square: "■", box: "▬", triangleDown: "▼", ellipse: "◉"};
  var SIZE = {goal: 15, battle: 13, work_area: 13, measure: 8, indicator: 8, observation: 6};
  // which up link makes a node's place in the tree, best first
  // (a measure that implements another document's measure stays under its own work area)
  var PARENT_ORDER = ["partOfMeasure", "inWorkArea", "inBattle", "indicator", "tracks", "servesGoal", "contributesTo", "implements", "mentions"];
  function parentRank(prop) { var i = PARENT_ORDER.indexOf(prop); return i < 0 ? PARENT_ORDER.length : i; }
  var HL = "#1c1c1c";          // the one highlight colour (paths, selection)
  var MARK = "#ffc400";        // search matches
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';
  var BASE_FONT = 13, LINE = 1.25, MIN_READABLE = 10, TOP_FONT = 12, BADGE_FONT = 11;
  // the least zoom the tree opens at: below it, labels are drawn larger than the layout leaves room for
  var READABLE_SCALE = 0.8;

  var state = {lang: data.lang, layout: data.layout, kinds: {}, area: "", battle: "", dataset: "", selected: null,
               mode: data.focus ? "all" : "top", expanded: new Set(), pinned: new Set(),
               matches: [], matchSet: new Set(), active: -1, note: "", hl: null, hlEdges: null};

  // ---------------------------------------------------------------- indexes
  var byId = {}, parentsOf = {}, childrenOf = {}, edgesOf = {};
  var upProps = {}; data.upProperties.forEach(function (p) { upProps[p] = true; });
  // the page carries edges as [from, to, property] indexes, and leaves out empty fields
  data.nodes.forEach(function (n, i) {
    n.index = i;
    n.dataset = n.ds === undefined ? "" : data.datasets[n.ds].id;
    // sources start off (linked to most entities, they would cross the tree), unless one is the focus
    byId[n.id] = n; state.kinds[n.kind] = state.kinds[n.kind] || data.kindsOff.indexOf(n.kind) < 0 || n.id === data.focus;
    parentsOf[n.id] = []; childrenOf[n.id] = []; edgesOf[n.id] = [];
  });
  var serveProps = {}; data.serveProperties.forEach(function (p) { serveProps[p] = true; });
  data.edges = data.edges.map(function (a, i) {
    var p = data.properties[a[2]];
    return {id: "e" + i, from: data.nodes[a[0]].id, to: data.nodes[a[1]].id, property: p, serve: !!serveProps[p]};
  });
  data.edges.forEach(function (e) {
    edgesOf[e.from].push(e); edgesOf[e.to].push(e);
    e.up = e.property !== "mentions";
    if (upProps[e.property]) { parentsOf[e.from].push({id: e.to, prop: e.property}); childrenOf[e.to].push(e.from); }
    else if (e.property === "mentions") { parentsOf[e.to].push({id: e.from, prop: "mentions"}); childrenOf[e.from].push(e.to); }
  });
  var levelMemo = {};
  function level(id, seen) {  // the longest path up to a top goal
    if (id in levelMemo) return levelMemo[id];
    seen = seen || {}; seen[id] = true;
    var best = 0;
    parentsOf[id].forEach(function (p) { if (!seen[p.id]) best = Math.max(best, 1 + level(p.id, seen)); });
    delete seen[id];
    return (levelMemo[id] = best);
  }
  // parents in the order the tree prefers them: by link, then the most specific (deepest) first
  var sortedParents = {};
  function parents(id) {
    if (!sortedParents[id]) {
      sortedParents[id] = true;
      parentsOf[id].sort(function (a, b) {
        return parentRank(a.prop) - parentRank(b.prop) || level(b.id) - level(a.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
    }
    return parentsOf[id];
  }
  var descMemo = {};
  function descendants(id) {  // every node that hangs below, by kind
    if (descMemo[id]) return descMemo[id];
    var seen = new Set([id]), stack = [id], byKind = {};
    while (stack.length) {
      childrenOf[stack.pop()].forEach(function (c) {
        if (!seen.has(c)) { seen.add(c); stack.push(c); byKind[byId[c].kind] = (byKind[byId[c].kind] || 0) + 1; }
      });
    }
    return (descMemo[id] = {count: seen.size - 1, byKind: byKind});
  }
  var ancestorMemo = {};
  function ancestors(id) {  // the node and every node on its paths up to the goals (do not change the set)
    if (ancestorMemo[id]) return ancestorMemo[id];
    var seen = new Set([id]), stack = [id];
    while (stack.length) parentsOf[stack.pop()].forEach(function (p) { if (!seen.has(p.id)) { seen.add(p.id); stack.push(p.id); } });
    return (ancestorMemo[id] = seen);
  }
  var detailed = false;
  function details() {  // definitions, quotes, observations, other names, notes: read when first needed
    if (detailed) return;
    detailed = true;
    JSON.parse(document.getElementById("kg-details").textContent).forEach(function (d, i) {
      var n = data.nodes[i];
      n.alt = d.alt || []; n.definition = d.definition || {}; n.note = d.note || ""; n.quotes = d.quotes || [];
      if (d.observations) n.observations = d.observations;
    });
  }
  var importance = data.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
    return KIND_RANK[byId[a].kind] - KIND_RANK[byId[b].kind] || childrenOf[b].length - childrenOf[a].length || (a < b ? -1 : 1);
  });

  function label(n) { return (state.lang === "zh" ? n.zh : n.en) || n.zh || n.en; }
  function text(o) { return (o && (o[state.lang] || o.en || o.zh || o[""])) || ""; }
  function t(key, vars) {
    var s = UI[state.lang][key];
    Object.keys(vars || {}).forEach(function (k) { s = s.replace("{" + k + "}", vars[k]); });
    return s;
  }
  function kindName(kind) { return data.style[kind][state.lang]; }
  var datasetById = {}; data.datasets.forEach(function (d) { datasetById[d.id] = d; });
  function datasetName(ds) { return ds && datasetById[ds] ? text(datasetById[ds]) : ""; }
  function el(tag, content, cls) {
    var e = document.createElement(tag);
    if (content !== undefined && content !== null) e.textContent = String(content);
    if (cls) e.className = cls;
    return e;
  }
  function belowText(id) {
    var d = descendants(id);
    if (!d.count) return t("nothingBelow");
    return t("below", {list: data.kindOrder.filter(function (k) { return d.byKind[k]; })
      .map(function (k) { return d.byKind[k] + " " + kindName(k); }).join(state.lang === "zh" ? "，" : ", ")});
  }

  // ---------------------------------------------------------------- label text: wrapped, measured
  var measureCtx = document.createElement("canvas").getContext("2d");
  measureCtx.font = BASE_FONT + "px " + FONT;
  var widthMemo = {};
  function width(s) { return s in widthMemo ? widthMemo[s] : (widthMemo[s] = measureCtx.measureText(s).width); }
  var boxMemo = {zh: {}, en: {}};
  function labelBox(id) {  // lines and width at BASE_FONT px
    var memo = boxMemo[state.lang];
    if (memo[id]) return memo[id];
    var n = byId[id], s = label(n), max = TOP[n.kind] ? 190 : 160, lines = [], cur = "";
    var tokens = s.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][，。、；：）」’”]?|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) || [s];
    tokens.forEach(function (tok) {
      if (cur && width(cur + tok.trimEnd()) > max) { lines.push(cur.trimEnd()); cur = tok.trimStart(); }
      else cur += tok;
    });
    if (cur.trim()) lines.push(cur.trimEnd());
    if (lines.length > 3) {
      var last = lines[2];
      while (last.length > 1 && width(last + "…") > max) last = last.slice(0, -1);
      lines = [lines[0], lines[1], last + "…"];
    }
    var w = 0; lines.forEach(function (l) { w = Math.max(w, width(l)); });
    return (memo[id] = {lines: lines, w: w, h: lines.length * BASE_FONT * LINE});
  }

  // ---------------------------------------------------------------- the network
  function tooltip(n) { return el("div", label(n) + " — " + kindName(n.kind), "kg-tooltip"); }
  function nodeItem(id) {
    var n = byId[id], st = data.style[n.kind];
    return {id: id, title: tooltip(n), shape: st.shape, size: SIZE[n.kind] || 7, chosen: false,
            color: {background: st.color, border: st.color, hover: {background: st.color, border: HL}}, borderWidth: 1};
  }
  function edgeItem(e) {
    return {id: e.id, from: e.from, to: e.to, chosen: false, title: text(data.edgeLabels[e.property]),
            arrows: {to: {enabled: true, scaleFactor: 0.45}}, color: {color: e.serve ? "#a9a9a9" : "#cfcfcf"},
            dashes: !e.serve, width: 1, smooth: false};
  }
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    layout: {randomSeed: 1, improvedLayout: false},
    physics: {enabled: false, solver: "barnesHut", stabilization: {enabled: true, iterations: 250, fit: false},
              barnesHut: {gravitationalConstant: -14000, springLength: 220, springConstant: 0.02, avoidOverlap: 0.6}},
    interaction: {hover: true, tooltipDelay: 250, hideEdgesOnDrag: true, hideEdgesOnZoom: false, multiselect: false},
    nodes: {borderWidth: 1}, edges: {smooth: false}
  });
  var shown = new Set();   // ids in the DataSet now
  var treeEdges = [];      // edges between shown nodes
  var physicsOn = false;
  var treeParent = {};     // each shown node's parent in the tree layout

  function computeVisible(kinds, area, battle, dataset) {
    var vis = new Set();
    function withPaths(id) { ancestors(id).forEach(function (a) { vis.add(a); }); }
    if (state.mode === "all") data.nodes.forEach(function (n) { vis.add(n.id); });
    else if (state.mode === "matches") state.matches.forEach(withPaths);
    else data.nodes.forEach(function (n) {  // and measures or indicators that hang from nothing
      if (TOP[n.kind] || (!parentsOf[n.id].length && (n.kind === "measure" || n.kind === "indicator"))) vis.add(n.id);
      // one data set: also what hangs from nothing in it (a vocabulary's entities hang from other data sets)
      else if (dataset && n.dataset === dataset && !parentsOf[n.id].some(function (p) { return byId[p.id].dataset === dataset; })) vis.add(n.id);
    });
    state.pinned.forEach(withPaths);
    var stack = [];
    vis.forEach(function (id) { if (state.expanded.has(id)) stack.push(id); });
    while (stack.length) {
      childrenOf[stack.pop()].forEach(function (c) {
        if (!vis.has(c)) { vis.add(c); if (state.expanded.has(c)) stack.push(c); }
      });
    }
    var keepArea = area ? ancestors(area) : null, keepBattle = battle ? ancestors(battle) : null;
    var out = new Set();
    vis.forEach(function (id) {
      var n = byId[id];
      if (!kinds[n.kind]) return;
      if (dataset && n.dataset !== dataset) return;                         // only that data set's entities
      if (area && !ancestors(id).has(area) && !keepArea.has(id)) return;     // in the area, or what it serves
      if (battle && !ancestors(id).has(battle) && !keepBattle.has(id)) return;
      out.add(id);
    });
    return out;
  }

  // A tidy tree from left to right: each node in the column of its depth, under its first visible
  // parent; columns as wide as their labels; many leaves of one parent in a block of columns. Each
  // root's tree is a block of its own, the blocks of one data set together, and the blocks are
  // stacked in columns as tall as makes the whole the shape of the canvas. The room left for each
  // label is its size as drawn at \`zoom\`; with no zoom (the whole is to be shown), READABLE_SCALE
  // or, when the tree cannot be drawn whole at that zoom (a narrow window), the largest smaller zoom
  // that leaves the labels, drawn no smaller than TOP_FONT or MIN_READABLE px, room enough to fit
  // the canvas. That zoom holds until the whole is shown again: no fit goes below it.
  var LEAST_ZOOM = 0.4, FEW = 300;
  var layoutZoom = READABLE_SCALE;   // the zoom the tree now shown was laid out for (READABLE_SCALE or less)
  var prepared = null;               // the trees of the set of nodes last laid out
  function trees(vis) {  // each node's parent in the tree, its children, and the roots in order
    if (prepared && prepared.vis === vis) return prepared;
    var kids = {}, roots = [], parent = {};
    var ids = importance.filter(function (id) { return vis.has(id); });
    ids.forEach(function (id) {
      var p = parents(id).filter(function (q) { return vis.has(q.id); })[0];
      parent[id] = p ? p.id : null;
    });
    ids.forEach(function (id) {  // a cycle through mentions is cut where it closes
      var seen = new Set([id]), cur = parent[id];
      while (cur) { if (seen.has(cur)) { parent[id] = null; break; } seen.add(cur); cur = parent[cur]; }
    });
    ids.forEach(function (id) { if (parent[id]) (kids[parent[id]] = kids[parent[id]] || []).push(id); else roots.push(id); });
    // a data set's trees together, in the order of their most important root
    var dsOrder = {}, n = 0;
    roots.forEach(function (r) { var ds = byId[r].dataset; if (!(ds in dsOrder)) dsOrder[ds] = n++; });
    roots.sort(function (a, b) { return dsOrder[byId[a].dataset] - dsOrder[byId[b].dataset]; });  // stable: by importance within
    return (prepared = {vis: vis, parent: parent, kids: kids, roots: roots, size: ids.length, badges: {}});
  }
  function treePositions(vis, zoom) {
    var t = trees(vis), kids = t.kids, roots = t.roots, badges = t.badges;
    treeParent = t.parent;
    function badge(id) {  // the room of its badge, in px
      if (!(id in badges)) { var b = badgeText(id, vis); badges[id] = b ? badgeWidth(b) + 4 : 0; }
      return badges[id];
    }
    var W = container.clientWidth - 2 * FIT_MARGIN, H = container.clientHeight - 2 * FIT_MARGIN;
    function arrange(zoom) {  // positions, and the zoom at which they fill the canvas
      var sizes = {}, pos = {};
      function size(id) {  // the room a node takes, its label and badge as drawn at \`zoom\`
        if (sizes[id]) return sizes[id];
        var b = labelBox(id), r = radius(id), k = labelFont(id, zoom) / (BASE_FONT * zoom);
        // a column's width and the gap after it leave room for its labels and badges as drawn at READABLE_SCALE
        // (goals' at TOP_FONT px); at a smaller zoom, also for how much larger they are drawn
        var larger = zoom < READABLE_SCALE ? b.w * (k - labelFont(id, READABLE_SCALE) / (BASE_FONT * READABLE_SCALE))
                                             + badge(id) * (1 / zoom - 1 / READABLE_SCALE) : 0;
        return (sizes[id] = {w: 2 * r + 6 + b.w + 34 + larger,
                             h: Math.max(2 * r, b.h * k) + 10});
      }
      function block(root) {  // one root's tree, from (0, 0); its width and height
        var depth = {}, colW = [], members = [];
        function measure(id, d) {
          depth[id] = d; members.push(id);
          var ch = kids[id] || [];
          var grid = ch.filter(function (c) { return !kids[c]; }).length > 12;
          colW[d] = Math.max(colW[d] || 0, size(id).w);
          ch.forEach(function (c) {
            if (grid && !kids[c]) { depth[c] = d + 1; members.push(c); } else measure(c, d + 1);
          });
        }
        measure(root, 0);
        var colX = [radius(root)];
        for (var i = 1; i <= colW.length; i++) colX[i] = colX[i - 1] + (colW[i - 1] || 0) + 40;
        var order = [];
        function place(id, top) {
          var d = depth[id], ch = kids[id] || [], own = size(id).h, cur = top, first = order.length;
          var leaves = ch.filter(function (c) { return !kids[c]; }), inner = ch.filter(function (c) { return kids[c]; });
          inner.forEach(function (c) { cur = place(c, cur); });
          if (leaves.length > 12) {
            var cellW = 0, cellH = 0;
            leaves.forEach(function (c) { var s = size(c); cellW = Math.max(cellW, s.w); cellH = Math.max(cellH, s.h); });
            var cols = Math.max(1, Math.round(Math.sqrt(leaves.length * cellH / cellW * 1.6)));
            var rows = Math.ceil(leaves.length / cols);
            leaves.forEach(function (c, k) {
              pos[c] = [colX[d + 1] + Math.floor(k / rows) * cellW, cur + (k % rows) * cellH + cellH / 2];
            });
            cur += rows * cellH;
            leaves.forEach(function (c) { order.push(c); });
          } else leaves.forEach(function (c) { cur = place(c, cur); });
          if (cur - top < own) {  // a label taller than what hangs below it: that is centred beside it
            for (var j = first; j < order.length; j++) pos[order[j]][1] += (own - (cur - top)) / 2;
            cur = top + own;
          }
          pos[id] = [colX[d], (top + cur) / 2];
          order.push(id);
          return cur;
        }
        var h = place(root, 0), w = 0;
        // the block ends where its widest label and badge end as drawn at \`zoom\` (as the fit measures
        // them) or where its last column's room ends, whichever is further, so that a block of long
        // (English) labels does not claim to fit a canvas they would run off; and, band by band of
        // BAND units from its top, where its right side is (-Infinity where it holds nothing), so
        // that a later block may lie beside its free part (a tree whose first branches alone go
        // deep leaves its lower right empty)
        var edge = [];
        for (var e = Math.ceil(h / BAND); e > 0; e--) edge.push(-Infinity);
        members.forEach(function (id) {
          var right = Math.max(pos[id][0] - radius(id) + size(id).w, pos[id][0] + labelReach(id, zoom, badged(id, vis) ? WIDEST_BADGE : 0));
          w = Math.max(w, right);
          var half = size(id).h / 2, last = Math.min(edge.length - 1, Math.floor((pos[id][1] + half) / BAND));
          for (var j = Math.max(0, Math.floor((pos[id][1] - half) / BAND)); j <= last; j++) edge[j] = Math.max(edge[j], right);
        });
        return {members: members, w: w, h: h, edge: edge};
      }
      var packed = stack(roots.map(block), W, H);
      packed.places.forEach(function (p) {
        p[0].members.forEach(function (id) { pos[id] = [pos[id][0] + p[1], pos[id][1] + p[2]]; });
      });
      return {pos: pos, scale: packed.scale, zoom: zoom};
    }
    var best = arrange(zoom || READABLE_SCALE), low;
    if (!zoom && best.scale < best.zoom && t.size <= FEW) {
      if ((low = arrange(LEAST_ZOOM)).scale >= LEAST_ZOOM) {
        best = low;  // the largest zoom that fits, within a hundredth or so
        for (var i = 0, lo = LEAST_ZOOM, hi = READABLE_SCALE; i < 5; i++) {
          var mid = (lo + hi) / 2, next = arrange(mid);
          if (next.scale >= mid) { best = next; lo = mid; } else hi = mid;
        }
      } else if (low.scale / low.zoom > best.scale / best.zoom) best = low;  // none fits: the one that runs off least
    }
    layoutZoom = best.zoom;
    return best.pos;
  }
  var GAP = 16, COLUMN_GAP = 60, FIT_MARGIN = 12, BAND = 24;
  // Blocks in their order, in columns: of the column heights tried, the one whose whole can be drawn
  // largest in a canvas of W x H px (the fewest columns when equal); its places [block, x, y] and
  // that zoom. A block lies COLUMN_GAP right of what the blocks of the columns before it hold beside
  // it, band by band, not of their whole width.
  function stack(blocks, W, H) {
    var best = null, total = 0, tallest = 0;
    blocks.forEach(function (b) { total += b.h + GAP; tallest = Math.max(tallest, b.h); });
    function beside(before, y0, y1) {  // the x a block from y0 to y1 may start at, right of the places \`before\`
      var x = 0;
      before.forEach(function (p) {
        var b = p[0], last = Math.min(b.edge.length - 1, Math.floor((y1 + GAP / 2 - p[2]) / BAND));
        for (var j = Math.max(0, Math.floor((y0 - GAP / 2 - p[2]) / BAND)); j <= last; j++)
          if (b.edge[j] > -Infinity) x = Math.max(x, p[1] + b.edge[j] + COLUMN_GAP);
      });
      return x;
    }
    function columns(limit) {
      var cols = [[]], y = 0;
      blocks.forEach(function (b) {
        if (y && y + b.h > limit) { cols.push([]); y = 0; }
        cols[cols.length - 1].push(b);
        y += b.h + GAP;
      });
      var places = [], w = 0, h = 0;
      cols.forEach(function (col) {
        function at(y) {  // the column's places from y down, and how far right they reach
          var out = [], right = 0;
          col.forEach(function (b) { var x = beside(places, y, y + b.h); out.push([b, x, y]); right = Math.max(right, x + b.w); y += b.h + GAP; });
          return {places: out, right: right};
        }
        var height = -GAP; col.forEach(function (b) { height += b.h + GAP; });
        // from the top, or down to the bottom of the columns before it when that lies further left
        var top = at(0), bottom = height < h ? at(h - height) : top, pick = bottom.right < top.right ? bottom : top;
        places = places.concat(pick.places);
        w = Math.max(w, pick.right); h = Math.max(h, height);
      });
      return {places: places, scale: Math.min(W / Math.max(w, 1), H / Math.max(h, 1))};
    }
    for (var limit = total; ; limit = Math.max(tallest, limit / 1.08)) {
      var p = columns(limit);
      if (!best || p.scale > best.scale) best = p;
      if (limit <= tallest) break;
    }
    return best;
  }

  function sync(vis) {
    var remove = [], add = [];
    shown.forEach(function (id) { if (!vis.has(id)) remove.push(id); });
    vis.forEach(function (id) { if (!shown.has(id)) add.push(id); });
    var pos = state.layout === "tree" ? treePositions(vis, layoutZoom) : null;
    var physics = state.layout === "force" && vis.size <= data.physicsLimit;
    if (remove.length) nodes.remove(remove);
    var items = add.map(function (id) {
      var it = nodeItem(id), p = pos ? pos[id] : physics ? nearParent(id) : (data.grouped && data.grouped[byId[id].index]);
      if (p) { it.x = p[0]; it.y = p[1]; }
      return it;
    });
    if (items.length) nodes.add(items);
    shown = vis;
    if (pos) place(pos);
    var want = {};
    var edgeList = [];
    vis.forEach(function (id) {
      edgesOf[id].forEach(function (e) { if (e.from === id && vis.has(e.to)) { want[e.id] = true; edgeList.push(e); } });
    });
    treeEdges = edgeList;
    if (state.layout === "tree") edges.clear();  // the tree's edges are drawn by this script (beforeDrawing)
    else {
      edges.remove(edges.getIds().filter(function (eid) { return !want[eid]; }));
      edges.add(edgeList.filter(function (e) { return !edges.get(e.id); }).map(edgeItem));
    }
    if (physics !== physicsOn) { network.setOptions({physics: {enabled: physics}}); physicsOn = physics; }
    if (physics) network.stabilize(200);
    renderCount();
  }
  function place(pos) { nodes.update(Array.from(shown).map(function (id) { return {id: id, x: pos[id][0], y: pos[id][1]}; })); }
  function nearParent(id) {
    var p = parents(id).filter(function (q) { return shown.has(q.id); })[0];
    if (!p) return null;
    var at = network.getPosition(p.id);
    return [at.x + 60 * Math.cos(id.length), at.y + 60 * Math.sin(id.length)];
  }

  // ---------------------------------------------------------------- drawing: edges, highlight, marks, labels
  // Before vis draws the nodes: where each label goes (in screen pixels, most important first, each
  // only where it overlaps nothing placed before it), then the tree's edges, each from the end of
  // its parent's label. After: the highlight over a faded graph, search marks, then the labels.
  var placed = [], anchors = {};   // labels of the frame being drawn; where an edge leaves each node
  function badged(id, vis) { return !state.expanded.has(id) && childrenOf[id].some(function (c) { return !vis.has(c); }); }
  function badgeText(id, vis) { return badged(id, vis) ? "+" + descendants(id).count : ""; }  // how many hang below, if not all drawn
  function badgeWidth(badge) { return badge ? width(badge) * BADGE_FONT / BASE_FONT + 10 : 0; }
  // no badge is wider than this (so a fit need not count what hangs below every node)
  var WIDEST_BADGE = badgeWidth("+" + String(data.nodes.length).replace(/./g, "0"));
  function labelFont(id, scale) { return Math.min(20, Math.max(TOP[byId[id].kind] ? TOP_FONT : MIN_READABLE, BASE_FONT * scale)); }
  function occluders() {  // side panels that lie over the canvas (narrow windows)
    var c = container.getBoundingClientRect(), out = [];
    ["kg-panel", "kg-filters"].forEach(function (name) {
      var e = document.getElementById(name);
      if (e.hidden || getComputedStyle(e).position !== "absolute") return;
      var r = e.getBoundingClientRect();
      if (r.width && r.height) out.push([r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top]);
    });
    return out;
  }
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function radius(id) { return SIZE[byId[id].kind] || 7; }
  // how far right of its node's centre a label and its badge (\`badge\` px wide, or 0) reach when
  // drawn at zoom s, in canvas units: as placeLabels places them
  function labelReach(id, s, badge) {
    return (Math.max(radius(id) * s, 3) + 4 + labelBox(id).w * labelFont(id, s) / BASE_FONT + (badge ? badge + 4 : 0) + 1) / s;
  }
  function placeLabels() {
    var scale = network.getScale(), bodyNodes = network.body.nodes;
    var origin = network.canvasToDOM({x: 0, y: 0});
    var W = container.clientWidth, H = container.clientHeight;
    var taken = occluders(), grid = {}, CELL = 64, drawn = [];
    anchors = {};
    function cells(b, f) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++)
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) f(gx + "," + gy);
    }
    function clash(b) {
      var hit = null;
      taken.forEach(function (o) { if (overlaps(b, o)) hit = hit || {occluder: true}; });
      if (hit) return hit;
      cells(b, function (k) { (grid[k] || []).forEach(function (d) { if (!hit && overlaps(b, d.box)) hit = d; }); });
      return hit;
    }
    var order = [];
    if (state.selected) order.push(state.selected);
    if (state.hl) state.hl.forEach(function (id) { if (TOP[byId[id].kind]) order.push(id); });
    state.matches.slice(0, 200).forEach(function (id) { order.push(id); });
    if (state.hl) state.hl.forEach(function (id) { order.push(id); });
    var seen = new Set(), limit = 1500, x0 = -200, y0 = -60, x1 = W + 20, y1 = H + 60;
    function candidate(id) {
      if (seen.has(id) || !shown.has(id)) return;
      seen.add(id);
      var n = bodyNodes[id]; if (!n) return;
      var sx = origin.x + n.x * scale, sy = origin.y + n.y * scale;
      if (sx < x0 || sx > x1 || sy < y0 || sy > y1) return;
      var top = TOP[byId[id].kind], fs = labelFont(id, scale);
      if (!top && BASE_FONT * scale < 6 && !(state.hl && state.hl.has(id)) && !state.matchSet.has(id) && id !== state.selected) return;
      var b = labelBox(id), k = fs / BASE_FONT, r = radius(id) * scale;
      var badge = badgeText(id, shown), bw = badgeWidth(badge);
      var lx = sx + Math.max(r, 3) + 4, h = b.h * k;
      var box = [lx - 1, sy - h / 2 - 1, lx + b.w * k + (bw ? bw + 4 : 0) + 1, sy + h / 2 + 1];
      var hit = clash(box);
      // goals, battles and work areas are labelled whatever the zoom in the tree (whose spacing leaves
      // them room); elsewhere, and when faded, a label that would overlap another is left out
      if (hit && (!top || state.layout !== "tree" || (state.hl && !state.hl.has(id))) && id !== state.selected) return;
      var rec = {id: id, box: box, size: fs, overlapped: !!hit, sx: sx, sy: sy, lines: b.lines, k: k, badge: badge, bw: bw,
                 faded: !!state.hl && !state.hl.has(id)};
      if (hit && !hit.occluder) hit.overlapped = true;
      drawn.push(rec);
      anchors[id] = (box[2] + 4 - origin.x) / scale;
      cells(box, function (key) { (grid[key] = grid[key] || []).push(rec); });
    }
    order.forEach(candidate);
    for (var i = 0; i < importance.length && drawn.length < limit; i++) candidate(importance[i]);
    placed = drawn;
  }
  function edgePath(ctx, e) {  // child -> parent, drawn from the parent's label end to the child
    var bodyNodes = network.body.nodes, a = bodyNodes[e.from], b = bodyNodes[e.to];
    if (!a || !b) return;
    var child = e.up ? a : b, parent = e.up ? b : a;
    var sx = anchors[parent.id] !== undefined ? anchors[parent.id] : parent.x + radius(parent.id);
    var tx = child.x - radius(child.id);
    ctx.moveTo(sx, parent.y);
    if (tx > sx + 8) { var mx = (sx + tx) / 2; ctx.bezierCurveTo(mx, parent.y, mx, child.y, tx, child.y); }
    else ctx.lineTo(child.x, child.y);
  }
  function drawEdges(ctx, list, color, width, dashed) {
    ctx.save();
    ctx.strokeStyle = color; ctx.lineWidth = width;
    if (dashed) ctx.setLineDash([5 * width, 4 * width]);
    ctx.beginPath();
    list.forEach(function (e) { edgePath(ctx, e); });
    ctx.stroke();
    ctx.restore();
  }
  network.on("beforeDrawing", function (ctx) {
    placeLabels();
    if (state.layout !== "tree") return;
    var w = 1 / Math.min(1, network.getScale());
    function primary(e) { return treeParent[e.up ? e.from : e.to] === (e.up ? e.to : e.from); }
    // the tree's own edges darker than the other links (a measure also in a battle, a goal it serves directly)
    drawEdges(ctx, treeEdges.filter(function (e) { return !primary(e); }), "#e2e2e2", w, false);
    drawEdges(ctx, treeEdges.filter(function (e) { return primary(e) && e.serve; }), "#a8a8a8", w, false);
    drawEdges(ctx, treeEdges.filter(function (e) { return primary(e) && !e.serve; }), "#c4c4c4", w, true);
  });
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), bodyNodes = network.body.nodes, unit = 1 / Math.min(1, scale);
    var W = container.clientWidth, H = container.clientHeight;
    var topLeft = network.DOMtoCanvas({x: 0, y: 0}), bottomRight = network.DOMtoCanvas({x: W, y: H});
    if (state.hl) {  // fade what is not highlighted, then draw the highlighted part again on top
      ctx.save();
      ctx.fillStyle = "rgba(255,255,255,0.8)";
      ctx.fillRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
      ctx.restore();
      var list = [];
      state.hlEdges.forEach(function (eid) { list.push(data.edges[+eid.slice(1)]); });
      if (state.layout === "tree") drawEdges(ctx, list, HL, 2.2 * unit, false);
      else {
        ctx.save(); ctx.strokeStyle = HL; ctx.lineWidth = 2.2 * unit; ctx.beginPath();
        list.forEach(function (e) { var a = bodyNodes[e.from], b = bodyNodes[e.to]; if (a && b) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); } });
        ctx.stroke(); ctx.restore();
      }
      state.hl.forEach(function (id) { var n = bodyNodes[id]; if (n && shown.has(id)) n.draw(ctx); });
    }
    ctx.save();
    if (state.matchSet.size) {
      ctx.strokeStyle = MARK; ctx.lineWidth = 4 * unit;
      state.matchSet.forEach(function (id) {
        var n = bodyNodes[id];
        if (!n || !shown.has(id)) return;
        ctx.beginPath(); ctx.arc(n.x, n.y, radius(id) + 5 * unit, 0, 2 * Math.PI); ctx.stroke();
      });
    }
    if (state.selected && bodyNodes[state.selected] && shown.has(state.selected)) {
      var s = bodyNodes[state.selected];
      ctx.strokeStyle = HL; ctx.lineWidth = 2.5 * unit;
      ctx.beginPath(); ctx.arc(s.x, s.y, radius(state.selected) + 4 * unit, 0, 2 * Math.PI); ctx.stroke();
    }
    ctx.restore();
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    placed.forEach(function (d) {
      ctx.font = d.size + "px " + FONT;
      var lh = BASE_FONT * LINE * d.k, y = d.sy - (d.lines.length - 1) * lh / 2, x = d.box[0] + 1;
      d.lines.forEach(function (line, j) {
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(line, x, y + j * lh);
        ctx.fillStyle = d.faded ? "#a8a8a8" : "#1d1d1d"; ctx.fillText(line, x, y + j * lh);
      });
      if (d.badge) {
        var bx = d.box[2] - d.bw - 1, by = y;
        ctx.fillStyle = d.faded ? "#f2f2f2" : "#eef0f4";
        ctx.strokeStyle = d.faded ? "#d0d0d0" : "#9aa3b2"; ctx.lineWidth = 1;
        ctx.beginPath();
        if (ctx.roundRect) ctx.roundRect(bx, by - 8, d.bw, 16, 8); else ctx.rect(bx, by - 8, d.bw, 16);
        ctx.fill(); ctx.stroke();
        ctx.font = BADGE_FONT + "px " + FONT; ctx.fillStyle = d.faded ? "#aaa" : "#3b4454"; ctx.fillText(d.badge, bx + 5, by + 0.5);
      }
    });
    ctx.restore();
  });

  // ---------------------------------------------------------------- first frame, and frames after a click
  var resolveReady, ready = new Promise(function (r) { resolveReady = r; });
  function afterNextFrame(f) {  // after the frame now being drawn is on screen
    requestAnimationFrame(function () { var ch = new MessageChannel(); ch.port1.onmessage = function () { f(performance.now()); }; ch.port2.postMessage(0); });
  }
  network.once("afterDrawing", function () {
    afterNextFrame(function (now) {
      window.kgView.firstPaintMs = now;   // milliseconds since navigation started
      document.body.setAttribute("data-ready", "1");
      resolveReady(now);
      // the details (and the search index) are read while nobody waits, not on the first click
      (window.requestIdleCallback || function (f) { setTimeout(f, 200); })(function () { details(); index(); });
    });
  });
  var longTasks = [];
  try {
    new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { longTasks.push({start: e.startTime, ms: e.duration}); }); })
      .observe({type: "longtask", buffered: true});
  } catch (err) { /* long tasks are not observable in every browser */ }
  var pointerAt = null;
  container.addEventListener("pointerdown", function (e) { pointerAt = e.timeStamp; }, true);
  function frameAfterClick() {
    var start = pointerAt;
    if (start === null) return;
    pointerAt = null;
    afterNextFrame(function (now) { window.kgView.clickToFrameMs.push(now - start); });
  }

  // ---------------------------------------------------------------- text of the page
  function renderText() {
    document.documentElement.lang = state.lang;
    document.getElementById("kg-title").textContent = text(data.title);
    document.getElementById("kg-search").placeholder = t("search");
    document.getElementById("kg-search").setAttribute("aria-label", t("search"));
    [["kg-layout-tree", "tree"], ["kg-layout-force", "force"], ["kg-legend-title", "legend"], ["kg-area-label", "area"],
     ["kg-battle-label", "battle"], ["kg-dataset-label", "dataset"], ["kg-everything", state.mode === "top" ? "everything" : "topOnly"],
     ["kg-filters-toggle", "filters"], ["kg-hint", "hint"]].forEach(function (p) {
      document.getElementById(p[0]).textContent = t(p[1]);
    });
    ["zh", "en"].forEach(function (l) { document.getElementById("kg-lang-" + l).classList.toggle("on", state.lang === l); });
    ["tree", "force"].forEach(function (l) { document.getElementById("kg-layout-" + l).classList.toggle("on", state.layout === l); });
    document.getElementById("kg-filter-note").textContent = state.note ? t(state.note) : "";
    renderLegend();
    renderDatasets();
    renderSelect("kg-area", "work_area", state.area);
    renderSelect("kg-battle", "battle", state.battle);
    renderCount();
    renderResults();
  }
  function renderCount() {
    document.getElementById("kg-count").textContent = t("shown", {n: shown.size, t: data.nodes.length});
  }
  function renderLegend() {
    var ul = document.getElementById("kg-legend");
    ul.replaceChildren();
    data.kindOrder.forEach(function (kind) {
      if (!(kind in state.kinds)) return;
      var li = el("li");
      li.dataset.kind = kind;
      li.tabIndex = 0;
      var sw = el("span", SYMBOL[data.style[kind].shape] || "●", "swatch");
      sw.style.color = data.style[kind].color;
      li.appendChild(sw);
      li.appendChild(el("span", kindName(kind)));
      li.classList.toggle("off", !state.kinds[kind]);
      li.addEventListener("click", function () { toggleKind(kind); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggleKind(kind); } });
      ul.appendChild(li);
    });
  }
  function renderDatasets() {  // data sets by their titles in the page's language; hidden when there is one
    var sel = document.getElementById("kg-dataset");
    sel.replaceChildren();
    var all = el("option", t("allDatasets")); all.value = ""; sel.appendChild(all);
    data.datasets.forEach(function (d) {
      var o = el("option", text(d)); o.value = d.id; o.selected = d.id === state.dataset; sel.appendChild(o);
    });
    sel.title = state.dataset ? datasetName(state.dataset) : t("allDatasets");
    var one = data.datasets.length < 2;
    sel.hidden = one; document.getElementById("kg-dataset-label").hidden = one;
  }
  function renderSelect(id, kind, current) {
    var sel = document.getElementById(id);
    sel.replaceChildren();
    var all = el("option", t("all")); all.value = ""; sel.appendChild(all);
    data.nodes.filter(function (n) { return n.kind === kind && (!state.dataset || n.dataset === state.dataset); }).forEach(function (n) {
      var o = el("option", label(n)); o.value = n.id; o.selected = n.id === current; sel.appendChild(o);
    });
  }

  // ---------------------------------------------------------------- what is shown: disclosure and filters
  function refresh(kinds, area, battle, dataset) {
    var vis = computeVisible(kinds || state.kinds, area === undefined ? state.area : area, battle === undefined ? state.battle : battle,
                             dataset === undefined ? state.dataset : dataset);
    if (vis.size === 0) return false;
    sync(vis);
    return true;
  }
  function applyFilters(kinds, area, battle, dataset) {
    if (dataset === undefined) dataset = state.dataset;
    if (area && !state.expanded.has(area)) state.expanded.add(area);
    if (battle && !state.expanded.has(battle)) state.expanded.add(battle);
    if (!refresh(kinds, area, battle, dataset)) {
      state.note = "none";
      renderText();
      return false;
    }
    state.kinds = kinds; state.area = area; state.battle = battle; state.dataset = dataset; state.note = "";
    renderText();
    fitShown();
    return true;
  }
  function toggleKind(kind) {
    var kinds = Object.assign({}, state.kinds);
    kinds[kind] = !kinds[kind];
    applyFilters(kinds, state.area, state.battle);
  }
  document.getElementById("kg-area").addEventListener("change", function (e) { applyFilters(state.kinds, e.target.value, state.battle); });
  document.getElementById("kg-battle").addEventListener("change", function (e) { applyFilters(state.kinds, state.area, e.target.value); });
  document.getElementById("kg-dataset").addEventListener("change", function (e) {
    // a work area or battle of another data set would leave nothing: those filters give way
    var ds = e.target.value, area = state.area, battle = state.battle;
    if (ds && area && byId[area].dataset !== ds) area = "";
    if (ds && battle && byId[battle].dataset !== ds) battle = "";
    if (!applyFilters(state.kinds, area, battle, ds)) e.target.value = state.dataset;
  });

  function fitShown() {
    var ids = Array.from(shown);
    if (!ids.length) return;
    network.setSize("100%", "100%");  // the canvas as large as its box now (the header may have grown), or vis rescales the fit later
    if (state.layout !== "tree") { network.fit({nodes: ids, maxZoomLevel: 1, animation: false}); return; }
    // the tree with its labels as large as the canvas allows; laid out again for a smaller zoom if
    // it does not fit at READABLE_SCALE (or was laid out for less); if it still does not fit, at the
    // zoom it was laid out for (a smaller one would overlap its labels), from the top left
    var W = container.clientWidth, H = container.clientHeight, M = FIT_MARGIN, fit = largest(ids, W - 2 * M, H - 2 * M);
    if (ids.length <= FEW && (layoutZoom < READABLE_SCALE || fit.scale < READABLE_SCALE)) {
      place(treePositions(shown));
      fit = largest(ids, W - 2 * M, H - 2 * M);
    }
    var s = Math.max(fit.scale, layoutZoom), e = fit.extent(s);
    function axis(a, b, size) {  // centred if it fits, else from its start
      return (b - a) * s <= size - 2 * M ? (a + b) / 2 : a - M / s + size / (2 * s);
    }
    network.moveTo({scale: s, position: {x: axis(e[0], e[2], W), y: axis(e[1], e[3], H)}, animation: false});
  }
  function largest(ids, W, H) {  // the largest zoom (to 1.4) at which ids and their labels (badges at their widest) fit W x H px
    var bodyNodes = network.body.nodes, items = [];
    ids.forEach(function (id) {
      var n = bodyNodes[id];
      if (n) items.push({x: n.x, y: n.y, r: radius(id), b: labelBox(id), top: !!TOP[byId[id].kind], badge: badged(id, shown) ? WIDEST_BADGE : 0, id: id});
    });
    function extent(s) {  // [left, top, right, bottom] in canvas units, labels as drawn at zoom s
      var e = [Infinity, Infinity, -Infinity, -Infinity];
      items.forEach(function (d) {
        var right = d.x + d.r, half = d.r;
        if (d.top || BASE_FONT * s >= 6) {
          right = d.x + labelReach(d.id, s, d.badge);
          half = Math.max(d.r, (d.b.h * labelFont(d.id, s) / BASE_FONT / 2 + 1) / s);
        }
        if (d.x - d.r < e[0]) e[0] = d.x - d.r;
        if (d.y - half < e[1]) e[1] = d.y - half;
        if (right > e[2]) e[2] = right;
        if (d.y + half > e[3]) e[3] = d.y + half;
      });
      return e;
    }
    function fits(s) { var e = extent(s); return (e[2] - e[0]) * s <= W && (e[3] - e[1]) * s <= H; }
    var lo = 0.02, hi = 1.4;
    if (fits(hi)) lo = hi;
    else for (var i = 0; i < 20; i++) { var mid = (lo + hi) / 2; if (fits(mid)) lo = mid; else hi = mid; }
    return {scale: lo, extent: extent};
  }
  function fitTo(ids, keep) {  // fit ids, but never below a readable zoom (the tree's layout's): then keep \`keep\` in view
    ids = ids.filter(function (id) { return shown.has(id); });
    if (!ids.length) return;
    var s = state.layout === "tree" ? layoutZoom : READABLE_SCALE, c;
    if (state.layout === "tree") {  // with their labels, as the opening fit measures them
      var M = FIT_MARGIN, fit = largest(ids, container.clientWidth - 2 * M, container.clientHeight - 2 * M);
      var z = Math.max(s, Math.min(fit.scale, 1.3)), e = fit.extent(z);
      c = {x: (e[0] + e[2]) / 2, y: (e[1] + e[3]) / 2};
      if (fit.scale >= s) { network.moveTo({scale: z, position: c, animation: false}); return; }
    } else {
      network.fit({nodes: ids, maxZoomLevel: 1.3, animation: false});
      if (network.getScale() >= s) return;
      c = network.getViewPosition();
    }
    var hw = container.clientWidth / (2 * s), hh = container.clientHeight / (2 * s);
    if (keep && shown.has(keep)) {  // the node and its label stay in view
      var k = network.getPosition(keep), right = k.x + labelReach(keep, s, badged(keep, shown) ? WIDEST_BADGE : 0) + FIT_MARGIN / s;
      c = {x: Math.max(Math.min(c.x, k.x - 40 + hw), right - hw), y: Math.min(Math.max(c.y, k.y - hh * 0.8), k.y + hh * 0.8)};
    }
    network.moveTo({scale: s, position: c, animation: false});
  }
  function expand(id) {
    if (!byId[id]) return false;
    state.pinned.add(id);
    state.expanded.add(id);
    refresh();
    fitTo([id].concat(childrenOf[id]), id);
    if (state.selected === id) showPanel(id);
    return true;
  }
  function collapse(id) {
    if (!byId[id]) return false;
    state.expanded.delete(id);
    state.pinned.forEach(function (p) { if (p !== id && ancestors(p).has(id)) state.pinned.delete(p); });
    if (state.mode === "all") {  // everything stays but what hangs below this node
      state.mode = "top";
      data.nodes.forEach(function (n) { state.expanded.add(n.id); });
      state.expanded.delete(id);
    }
    if (state.selected && !computeVisible(state.kinds, state.area, state.battle, state.dataset).has(state.selected)) clearSelection();
    refresh();
    renderText();
    if (state.selected === id) showPanel(id);
    network.redraw();
    return true;
  }
  function toggle(id) { return state.expanded.has(id) && childrenOf[id].every(function (c) { return shown.has(c); }) ? collapse(id) : expand(id); }
  function showEverything(on) {
    state.mode = on ? "all" : "top";
    if (!on) { state.expanded = new Set(); state.pinned = new Set(); if (state.selected) state.pinned.add(state.selected); }
    refresh();
    renderText();
    fitShown();
  }
  document.getElementById("kg-everything").addEventListener("click", function () { showEverything(state.mode !== "all"); });

  // ---------------------------------------------------------------- language and layout
  // Every label changes width: the tree is laid out and fitted again as at opening (laid out for a
  // smaller zoom if it does not fit at READABLE_SCALE), and a selection's highlight fitted as when it
  // was chosen. The view stays as it is when no label changed (a graph labelled in one language only)
  // and in the force layout, whose fit does not depend on the labels.
  function setLang(lang) {
    if (lang === state.lang) return;
    var ids = Array.from(shown), boxes = ids.map(function (id) { var b = labelBox(id); return b.w + "\n" + b.lines.join("\n"); });
    state.lang = lang;
    var changed = ids.some(function (id, i) { var b = labelBox(id); return b.w + "\n" + b.lines.join("\n") !== boxes[i]; });
    nodes.update(ids.map(function (id) { return {id: id, title: tooltip(byId[id])}; }));
    edges.update(edges.getIds().map(function (eid) { return {id: eid, title: text(data.edgeLabels[data.edges[+eid.slice(1)].property])}; }));
    renderText();                                   // the header's words, then the panel's, before the fit:
    if (state.selected) showPanel(state.selected);  // they may change the canvas's size
    if (state.layout === "tree" && changed) {
      place(treePositions(shown, layoutZoom));
      fitShown();
      if (state.selected) fitTo(Array.from(state.hl), state.selected);
    }
    network.redraw();
  }
  function setLayout(layout) {
    state.layout = layout;
    var vis = shown;
    shown = new Set();
    nodes.clear(); edges.clear();
    if (layout === "force" && vis.size <= data.physicsLimit) network.once("stabilizationIterationsDone", fitShown);  // once settled
    sync(vis);
    fitShown();
    renderText();
  }
  network.on("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); physicsOn = false; });
  document.getElementById("kg-lang-zh").addEventListener("click", function () { setLang("zh"); });
  document.getElementById("kg-lang-en").addEventListener("click", function () { setLang("en"); });
  document.getElementById("kg-layout-tree").addEventListener("click", function () { setLayout("tree"); });
  document.getElementById("kg-layout-force").addEventListener("click", function () { setLayout("force"); });
  document.getElementById("kg-filters-toggle").addEventListener("click", function () {
    var f = document.getElementById("kg-filters");
    f.classList.toggle("collapsed");
    document.body.classList.toggle("filters-open", !f.classList.contains("collapsed"));
  });

  // ---------------------------------------------------------------- search
  var searchBox = document.getElementById("kg-search"), results = document.getElementById("kg-results");
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  function terms(q) {
    var out = [];
    q.toLowerCase().split(/\s+/).forEach(function (w) {
      var run = "";
      Array.from(w).forEach(function (ch) {
        if (CJK.test(ch)) { if (run) out.push(run); run = ""; out.push(ch); } else run += ch;
      });
      if (run) out.push(run);
    });
    return out.filter(function (x) { return x.length; });
  }
  var haystack = null;
  function index() {
    if (haystack) return haystack;
    details();
    haystack = {};
    data.nodes.forEach(function (n) {
      var names = [n.zh || "", n.en || ""].join("\n").toLowerCase();
      haystack[n.id] = {zh: (n.zh || "").toLowerCase(), en: (n.en || "").toLowerCase(), names: names,
                        other: names + "\n" + n.alt.join("\n").toLowerCase(),
                        all: names + "\n" + n.alt.join("\n").toLowerCase() + "\n" + Object.values(n.definition).join("\n").toLowerCase() + "\n" + (n.note || "").toLowerCase()};
    });
    return haystack;
  }
  function rank(q) {
    var ts = terms(q);
    if (!ts.length) return [];
    var h = index(), whole = q.trim().toLowerCase().replace(/\s+/g, " "), tight = whole.replace(/\s+/g, "");
    function every(s) { for (var i = 0; i < ts.length; i++) if (s.indexOf(ts[i]) < 0) return false; return true; }
    var hits = [];
    data.nodes.forEach(function (n) {
      var x = h[n.id], tier;
      if (x.zh === tight || x.en === whole) tier = 0;
      else if ((tight && x.zh.indexOf(tight) === 0) || x.en.indexOf(whole) === 0) tier = 1;
      else if (every(x.names)) tier = 2;
      else if (every(x.other)) tier = 3;
      else if (every(x.all)) tier = 4;
      else return;
      hits.push({id: n.id, tier: tier, len: label(n).length});
    });
    hits.sort(function (a, b) {
      return a.tier - b.tier || KIND_RANK[byId[a.id].kind] - KIND_RANK[byId[b.id].kind] || a.len - b.len || (a.id < b.id ? -1 : 1);
    });
    return hits.map(function (x) { return x.id; });
  }
  var LISTED = 50;
  function renderResults() {
    results.replaceChildren();
    if (!searchBox.value.trim() || searchBox.dataset.closed === "1") return;
    var head = el("li", state.matches.length ? t("matches", {n: state.matches.length}) : t("noMatch"), "summary");
    results.appendChild(head);
    state.matches.slice(0, LISTED).forEach(function (id, i) {
      var n = byId[id], li = el("li", null, "hit");
      li.appendChild(el("span", label(n), "name"));
      li.appendChild(el("span", " · " + kindName(n.kind), "kind"));
      li.dataset.id = id;
      li.setAttribute("role", "option");
      li.classList.toggle("active", i === state.active);
      li.setAttribute("aria-selected", i === state.active ? "true" : "false");
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(id); });
      results.appendChild(li);
    });
    if (state.matches.length > LISTED) results.appendChild(el("li", t("more", {n: state.matches.length - LISTED}), "summary"));
    if (state.matches.length) {
      var only = el("li", t("onlyMatches"), "only");
      only.id = "kg-only-matches";
      only.addEventListener("mousedown", function (e) { e.preventDefault(); onlyMatches(); });
      results.appendChild(only);
    }
  }
  function search(q) {
    if (searchBox.value !== q) searchBox.value = q;
    searchBox.dataset.closed = "0";
    state.matches = rank(q);
    state.matchSet = new Set(state.matches);
    state.active = state.matches.length ? 0 : -1;
    renderResults();
    network.redraw();
    return state.matches.slice();
  }
  function onlyMatches() {
    if (!state.matches.length) return;
    state.mode = "matches";
    state.expanded = new Set(); state.pinned = new Set();
    searchBox.dataset.closed = "1";
    refresh();
    renderText();
    fitShown();
  }
  function moveActive(step) {
    if (!state.matches.length) return;
    var n = Math.min(state.matches.length, LISTED);
    state.active = (state.active + step + n) % n;
    renderResults();
    var act = results.querySelector("li.active");
    if (act && act.scrollIntoView) act.scrollIntoView({block: "nearest"});
  }
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); moveActive(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); moveActive(-1); }
    else if (e.key === "Enter") { e.preventDefault(); if (state.active >= 0) choose(state.matches[state.active]); }
    else if (e.key === "Escape") { searchBox.dataset.closed = "1"; renderResults(); }
  });
  function choose(id) {
    searchBox.dataset.closed = "1";
    renderResults();
    var n = byId[id];
    if (!state.kinds[n.kind] || (state.area && !ancestors(id).has(state.area)) || (state.battle && !ancestors(id).has(state.battle))
        || (state.dataset && n.dataset !== state.dataset)) {
      var kinds = Object.assign({}, state.kinds); kinds[n.kind] = true;
      state.kinds = kinds; state.area = ""; state.battle = "";
      if (state.dataset !== n.dataset) state.dataset = "";
    }
    select(id);
  }

  // ---------------------------------------------------------------- selection: highlight and panel
  function highlightOf(id) {
    var n = byId[id], on = new Set(ancestors(id));
    if (TOP[n.kind]) {
      var stack = [id];
      while (stack.length) childrenOf[stack.pop()].forEach(function (c) { if (!on.has(c)) { on.add(c); stack.push(c); } });
    } else {
      edgesOf[id].forEach(function (e) { on.add(e.from); on.add(e.to); });
    }
    return on;
  }
  function groups(id) {
    var out = {}, direct = new Set();
    function add(g, other, extra) { (out[g] = out[g] || []).push({id: other, extra: extra || ""}); direct.add(other); }
    edgesOf[id].forEach(function (e) {
      var outgoing = e.from === id, other = outgoing ? e.to : e.from, p = e.property;
      if (p === "servesGoal" || p === "contributesTo") add(outgoing ? "serves" : "servedBy", other);
      else if (p === "inWorkArea" || p === "inBattle" || p === "partOfMeasure") add(outgoing ? "partOf" : "servedBy", other);
      else if (p === "tracks") add(outgoing ? "tracks" : "trackedBy", other);
      else if (p === "mentions") add(outgoing ? "mentions" : "mentionedBy", other);
      else if (p === "indicator") add(outgoing ? "indicatorOf" : "values", other);
      else if (p === "implements") add(outgoing ? "implements" : "implementedBy", other);
      else if (p === "leadAgency") add(outgoing ? "ledBy" : "leads", other);
      else if (p === "supportingAgency") add(outgoing ? "supportedBy" : "supports", other);
      else if (p === "owl:sameAs") add("sameAs", other);            // symmetric: one group both ways
      else if (p === "skos:exactMatch") add("exactMatch", other);
      else if (p === "skos:closeMatch") add("closeMatch", other);
      else if (p === "dcterms:publisher") add(outgoing ? "publishedBy" : "publishes", other);
      else if (p === "org:memberOf") add(outgoing ? "memberOf" : "members", other);
      else if (p === "skos:broader") add(outgoing ? "broader" : "narrower", other);
      else if (p === "prov:hadPrimarySource") add(outgoing ? "comesFrom" : "sourceOf", other);
      else if (p === "dcterms:isPartOf") add(outgoing ? "partOf" : "parts", other);   // a source's part
      else if (p === "relatedMeasure") add("related", other);
      else add(outgoing ? "link:" + p : "link:^" + p, other);          // a link this page has no words of its own for
    });
    // the goals it serves through what it is part of, each with the first step of the way
    var via = {}, queue = [id], seen = new Set([id]);
    while (queue.length) {
      var cur = queue.shift();
      parentsOf[cur].forEach(function (p) {
        if (seen.has(p.id)) return;
        seen.add(p.id);
        via[p.id] = cur === id ? null : (via[cur] || cur);
        queue.push(p.id);
        if (byId[p.id].kind === "goal" && !direct.has(p.id) && p.id !== id) add("serves", p.id, t("via", {x: label(byId[via[p.id]])}));
      });
    }
    return out;
  }
  var GROUP_ORDER = ["partOf", "serves", "servedBy", "parts", "implements", "implementedBy", "sameAs", "exactMatch", "closeMatch",
                     "ledBy", "supportedBy", "leads", "supports", "tracks", "trackedBy", "mentions", "mentionedBy",
                     "indicatorOf", "values", "publishedBy", "publishes", "memberOf", "members", "broader", "narrower", "related",
                     "comesFrom", "sourceOf"];
  function groupName(name) {  // the page's words, else the link's name from the ontology (← when it points here)
    if (name.indexOf("link:") !== 0) return t(name);
    var p = name.slice(5), back = p.charAt(0) === "^";
    return (back ? "← " : "") + text(data.edgeLabels[back ? p.slice(1) : p]);
  }
  function formatValue(o) {
    if (o.value === null || o.value === undefined) return "";
    var u = UNIT[o.unit] || {zh: o.unit || "", en: o.unit || ""}, v = String(o.value);
    if (state.lang === "zh") return v + (o.unitMult ? (SCALE[o.unitMult] || "×10^" + o.unitMult) : "") + u.zh;
    var num = v, word = "";
    if (o.unitMult) {
      var power = o.unitMult, pick = EN_SCALE.filter(function (s) { return power >= s[0]; })[0];
      var x = Number(v) * Math.pow(10, power - (pick ? pick[0] : 0));
      num = String(Number(x.toPrecision(12))); word = pick ? " " + pick[1] : "";
    }
    if (u.after) return num + word + (u.en === "%" ? "%" : " " + u.en);
    return (u.en ? u.en + " " : "") + num + word;
  }
  function formatObservation(o) {
    var rank = o.rank ? (o.rankWithin ? t("top") : "#") + o.rank + (text(o.rankScope) ? " · " + text(o.rankScope) : "") : "";
    return [formatValue(o), o.period || "", rank, text(o.status), text(o.comparator)];
  }
  function showPanel(id) {
    details();
    var n = byId[id], panel = document.getElementById("kg-panel");
    panel.replaceChildren();
    var close = el("button", "×", "close"); close.type = "button"; close.title = t("close"); close.setAttribute("aria-label", t("close"));
    close.addEventListener("click", clearSelection);
    panel.appendChild(close);
    var kind = el("div", null, "kind");
    var sym = el("span", (SYMBOL[data.style[n.kind].shape] || "●") + " ", "symbol"); sym.style.color = data.style[n.kind].color;
    kind.appendChild(sym); kind.appendChild(el("span", kindName(n.kind)));
    panel.appendChild(kind);
    panel.appendChild(el("h2", n.zh, "label-zh"));
    panel.appendChild(el("h2", n.en, "label-en"));
    if (n.dataset) panel.appendChild(el("p", t("inDataset", {x: datasetName(n.dataset)}), "dataset"));
    if (childrenOf[id].length) {
      panel.appendChild(el("p", belowText(id), "below"));
      var open = state.expanded.has(id) && childrenOf[id].every(function (c) { return shown.has(c); });
      var b = el("button", open ? t("collapse") : t("expand", {n: childrenOf[id].length}), "expand");
      b.type = "button";
      b.addEventListener("click", function () { toggle(id); showPanel(id); });
      panel.appendChild(b);
    }
    var g = groups(id), any = false;
    var sec = el("section", null, "neighbours");
    GROUP_ORDER.concat(Object.keys(g).filter(function (k) { return GROUP_ORDER.indexOf(k) < 0; }).sort()).forEach(function (name) {
      if (!g[name]) return;
      any = true;
      sec.appendChild(el("h3", groupName(name)));
      var ul = el("ul", null, "links"); ul.dataset.group = name;
      g[name].slice(0, 100).forEach(function (x) {
        var li = el("li"), a = el("button", label(byId[x.id]), "link");
        a.type = "button"; a.dataset.id = x.id;
        var s2 = el("span", SYMBOL[data.style[byId[x.id].kind].shape] || "●", "symbol"); s2.style.color = data.style[byId[x.id].kind].color;
        a.prepend(s2);
        a.addEventListener("click", function () { select(x.id); });
        li.appendChild(a);
        if (x.extra) li.appendChild(el("span", " " + x.extra, "via"));
        var ds = byId[x.id].dataset;  // a neighbour in another data set says which
        if (ds && ds !== n.dataset) li.appendChild(el("span", " · " + datasetName(ds), "dataset"));
        ul.appendChild(li);
      });
      if (g[name].length > 100) ul.appendChild(el("li", t("andMore", {n: g[name].length - 100}), "via"));
      sec.appendChild(ul);
    });
    if (any) panel.appendChild(sec);
    if (text(n.definition)) { panel.appendChild(el("h3", t("definition"))); panel.appendChild(el("p", text(n.definition), "definition")); }
    if (n.observations && n.observations.length) {
      panel.appendChild(el("h3", t("observations")));
      var table = el("table", null, "observations"), head = el("tr");
      [t("value"), t("period"), t("rank"), t("status"), t("comparator")].forEach(function (h) { head.appendChild(el("th", h)); });
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
    document.body.classList.add("panel-open");
    network.setSize("100%", "100%");  // now, so that the fit that follows is made for the new size
  }
  var pendingFit = null;
  function select(id, fromCanvas) {
    if (!byId[id]) return false;
    if (pendingFit) { clearTimeout(pendingFit); pendingFit = null; }
    var before = fromCanvas ? network.canvasToDOM(network.getPosition(id)) : null;
    if (!shown.has(id)) {
      state.pinned.add(id);
      refresh();
      if (!shown.has(id)) {  // the filters hide it (a neighbour in another data set): they give way
        state.kinds[byId[id].kind] = true; state.area = ""; state.battle = "";
        if (state.dataset !== byId[id].dataset) state.dataset = "";
        refresh(); renderText();
      }
    }
    state.selected = id;
    state.hl = highlightOf(id);
    state.hlEdges = new Set();
    state.hl.forEach(function (a) { edgesOf[a].forEach(function (e) { if (e.from === a && state.hl.has(e.to) && shown.has(e.from) && shown.has(e.to)) state.hlEdges.add(e.id); }); });
    window.kgView.highlighted = Array.from(state.hl).sort();
    showPanel(id);
    if (before) {
      // a click on the canvas: the node stays under the pointer (the panel may have narrowed the
      // canvas), so that a double-click finds it; the view fits the highlight a moment later
      var after = network.canvasToDOM(network.getPosition(id)), view = network.getViewPosition(), sc = network.getScale();
      network.moveTo({position: {x: view.x + (after.x - before.x) / sc, y: view.y + (after.y - before.y) / sc}, animation: false});
      pendingFit = setTimeout(function () {
        pendingFit = null;
        if (state.selected === id) fitTo(Array.from(state.hl), id);
      }, 400);
    } else fitTo(Array.from(state.hl), id);
    network.redraw();
    return true;
  }
  function clearSelection() {
    state.selected = null; state.hl = null; state.hlEdges = null;
    window.kgView.highlighted = [];
    var panel = document.getElementById("kg-panel");
    panel.hidden = true; panel.replaceChildren();
    document.body.classList.remove("panel-open");
    network.setSize("100%", "100%");
    network.redraw();
  }
  function clearAll() {
    clearSelection();
    state.matches = []; state.matchSet = new Set(); state.active = -1;
    searchBox.value = "";
    if (state.mode === "matches") { state.mode = "top"; refresh(); renderText(); }
    renderResults();
    network.redraw();
  }
  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0], true);
    else if (!params.edges.length) clearAll();
    frameAfterClick();
  });
  // the browser's own double-click (vis-network's, from touch gestures, misses one whose first click
  // opened the panel)
  container.addEventListener("dblclick", function (e) {
    if (pendingFit) { clearTimeout(pendingFit); pendingFit = null; }
    var r = container.getBoundingClientRect(), id = network.getNodeAt({x: e.clientX - r.left, y: e.clientY - r.top});
    if (id !== undefined) { toggle(id); if (state.selected === id) showPanel(id); }
  });
  if (window.ResizeObserver) new ResizeObserver(function () { network.setSize("100%", "100%"); network.redraw(); }).observe(container);

  function readableLabels() {
    var W = container.clientWidth, H = container.clientHeight;
    return placed.filter(function (d) {
      return !d.overlapped && d.size >= MIN_READABLE && d.box[0] >= 0 && d.box[1] >= 0 && d.box[2] <= W && d.box[3] <= H;
    }).map(function (d) { return d.id; });
  }
  function panelText() { var p = document.getElementById("kg-panel"); return p.hidden ? "" : p.innerText; }

  window.kgView = {network: network, nodes: nodes, edges: edges, ready: ready, select: select, search: search,
                   expand: expand, collapse: collapse, readableLabels: readableLabels, panelText: panelText,
                   clear: clearAll, showEverything: showEverything, onlyMatches: onlyMatches,
                   setLang: setLang, setLayout: setLayout, applyFilters: applyFilters, state: state,
                   shown: function () { return Array.from(shown).sort(); },
                   label: function (id) { return label(byId[id]); },
                   labelBoxes: function () { return placed.map(function (d) { return {id: d.id, box: d.box, size: d.size, lines: d.lines, overlapped: d.overlapped}; }); },
                   marked: function () { return state.matches.filter(function (id) { return shown.has(id); }); },
                   longTasks: function () { return longTasks.slice(); },
                   highlighted: [], firstPaintMs: null, clickToFrameMs: []};
  if (window.innerWidth < 1000) document.getElementById("kg-filters").classList.add("collapsed");
  renderText();
  refresh();
  renderText();
  fitShown();
  if (data.focus) select(data.focus);
})();
