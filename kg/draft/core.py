"""Policy text -> a draft data set: the outline's goals, work areas and measures, every number as
an observation grouped into indicators, and the named things the measures mention."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.english import find_numbers_en, find_periods_en
from kg.draft.ids import Ids, slug
from kg.draft.numbers import CLAUSE_ENDS, SENTENCE_ENDS, Number, PeriodMention, find_numbers, find_periods
from kg.draft.outline import Node, node_at, outline
from kg.draft.records import Draft, Entity, Observation
from kg.draft.things import BROAD_SECTORS, find_things

__all__ = ["draft", "document_year"]

_GOAL = {"zh": re.compile("目标|总体要求|指导思想|愿景"),
         "en": re.compile(r"(?i)\b(?:goals?|objectives?|targets?|general requirements|guiding principles?|vision)\b")}
_IMPERATIVE = re.compile(
    "^(?:.{0,8}?(?:要|必须|应当|务必|需要)|加快|推动|推进|实施|建设|打造|培育|开展|组织|滚动|深化|强化|完善|新增|积极|大力|"
    "着力|全面|持续|深入|支持|鼓励|引导|加强|提升|扩大|谋划|创建|集中|力争|争取|确保|努力|坚持|统筹|健全|构建|建立|落实|"
    "提高|促进|优化|防止|严防|坚决|聚焦|结合|发展|做强|做大|新建|推广|布局|引进|招引)")
_EN_IMPERATIVE = re.compile(r"(?i)^(?:.{0,30}\b(?:will|shall|must|should|aim to|strive to)\b|(?:build|promote|expand|"
                            r"accelerate|implement|develop|strengthen|improve|support|establish|ensure|create|launch)\b)")
_TARGET_WORDS = {"zh": ("力争", "目标", "预期", "争取", "确保", "计划", "将"),
                 "en": ("target", "aim", "strive", "will", "by ", "goal", "plan to", "expected")}
_ACTUAL_WORDS = {"zh": ("已", "累计", "完成", "同比", "比上年", "较上年", "首次", "连续"),
                 "en": ("has ", "have ", "had ", "reached", "was ", "were ", "year on year", "cumulative", "so far")}
#: A count of a named set (钱塘新区、前湾新区等7个省级新区; 七大高耗能行业): a fact, not a target.
_NAMED_SET = re.compile("(等|共)$")
_LABEL_TAIL = re.compile("(?:同比|比上年|较上年)?(?:达到|达|为|是|突破|超过|超|逾|保持|实现|完成|约为|约|近|接近|不低于|不少于|"
                         "至少|不超过|高于|低于|居|位居|连续|的|了|分别)+$")
_LABEL_HEAD = re.compile("^(?:其中|同时|另外|此外|并|和|及|取得|组织实施|累计创建|集中力量打造|加快推动|滚动实施|建设|"
                         "创建|打造|培育|新增|实施|推动|推进|开展|提出|力争|争取|确保|努力)+")
#: A label that says only how a quantity changes (货物贸易出口达3.9万亿元、增长9.5%): the quantity is the
#: subject of its clause.
_CHANGE_ONLY = re.compile("(?:同比|比上年|较上年)?(?:增长|下降|增加|减少|提高|降低|上升|提升)")
_EN_LABEL_TAIL = re.compile(r"(?i)(?:\s+(?:of|at|to|by|was|were|is|are|has|have|reached|rose|grew|increased|fell|"
                            r"decreased|reach|about|around|nearly|over|more than|at least|approximately|the|a|an))+\s*$")


def document_year(text: str, lang: str = "zh") -> tuple[int, bool]:
    """The year the document was written, and whether it was assumed: a full date in it (2024年3月7日),
    else the year after the latest year it reports on, else the year before its first target year."""
    dates = re.findall(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日" if lang == "zh" else
                       r"\b\d{1,2} [A-Z][a-z]+ ((?:19|20)\d\d)\b|[A-Z][a-z]+ \d{1,2}, ((?:19|20)\d\d)\b", text)
    years = [int(y) for d in dates for y in (d if isinstance(d, tuple) else (d,)) if y]
    if years:
        return max(years), False
    mentions = [p for p in (find_periods(text, 2000) if lang == "zh" else find_periods_en(text, 2000))
                if not p.relative]  # 今年, 去年: counted from the year sought
    first_line = len(text) - len(text.lstrip()) + len((text.lstrip().splitlines() or [""])[0])
    titled = [p for p in mentions if p.start < first_line and "/" in p.period and p.yearly]
    if titled:  # 行动方案（2024—2027年）: a plan's years, from its first
        return int(titled[0].period[:4]), True
    plain = [int(p.period) for p in mentions if p.role in ("plain", "as-of") and p.yearly and "/" not in p.period]
    if plain:  # a report on 2023 is written in 2024
        return max(plain) + 1, True
    ranges = [int(p.period[-4:]) for p in mentions if p.role in ("plain", "as-of") and p.yearly]
    if ranges:
        return max(ranges) + 1, True
    targets = [int(p.period[:4]) for p in mentions if p.role == "target"]
    return (min(targets) - 1, True) if targets else (2000, True)


def _span(text: str, i: int, stops: str) -> tuple[int, int]:
    a = i
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    b = i
    while b < len(text) and text[b] not in stops:
        b += 1
    while a < b and text[a] in " \t*【[":
        a += 1
    return a, b


def draft(text: str, lang: str = "zh", dataset: str = "draft", year: int | None = None) -> Draft:
    """Draft a data set from a policy text (``lang`` ``zh`` or ``en``); ``year`` is the document's,
    found in the text (and flagged as assumed) when not given."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    assumed = False
    if year is None:
        year, assumed = document_year(text, lang)
    root = outline(text, lang)
    ids = Ids()
    entities: list[Entity] = []
    roles: dict[int, Entity] = {}  # id(node) -> its entity
    nodes = root.walk()[1:]
    numbers = find_numbers(text) if lang == "zh" else find_numbers_en(text)
    periods = find_periods(text, year) if lang == "zh" else find_periods_en(text, year)
    facts = _fact_sentences(text, numbers, periods, year, lang, nodes)
    _assign(root, lang, ids, entities, roles, facts, goal=None, area=None, measure=None)
    things = find_things(text, lang)
    thing_ids = {}
    for t in things:
        e = Entity(t.kind, ids.new(f"{_PREFIX[t.kind]}-{slug(t.label, lang)}"), t.label, t.start, t.end,
                   note=t.note, alt=list(t.alt))
        thing_ids[t.label] = e.id
        entities.append(e)
    if lang == "zh":
        _agencies(text, nodes, roles, ids, entities, thing_ids)
    for e in entities:
        if e.kind in ("goal", "work_area", "measure"):
            passage = text[e.start:e.end]
            found = [i for label, i in thing_ids.items()
                     if label not in BROAD_SECTORS and _named_alone(label, passage, thing_ids)]
            if found:
                e.links["mentions"] = found
    observations = _observations(text, lang, year, numbers, periods, nodes, roles, ids, entities)
    title = _title(text, root, lang)
    kind = _source_kind(title, lang)
    return Draft(dataset, lang, text, title, year, assumed, kind, entities, observations)


def _title(text: str, root: Node, lang: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = re.sub(r"^\s*(?:\d{1,2}[.．、]|#+)?\s*", "", first).strip(" \t*【】").replace("】", " ")
    return first[:80] or ("未命名文件" if lang == "zh" else "Untitled document")


def _source_kind(title: str, lang: str) -> str:
    words = {"speech": ("讲话", "致辞", "speech", "remarks", "address"), "plan": ("规划", "方案", "计划", "plan", "programme"),
             "report": ("报告", "report"), "faq": ("问答", "FAQ")}
    for kind, ws in words.items():
        if any(w in title for w in ws):
            return kind
    return "other"


def _named_alone(label: str, passage: str, labels: dict[str, str]) -> bool:
    """Whether ``passage`` names ``label`` other than as part of a longer name it also holds
    (制造业 in 先进制造业)."""
    covered: set[int] = set()
    for other in labels:
        if label in other and other != label:
            covered.update(j for m in re.finditer(re.escape(other), passage) for j in range(m.start(), m.end()))
    return any(m.start() not in covered for m in re.finditer(re.escape(label), passage))


_PREFIX = {"programme": "prog", "place": "place", "organisation": "org", "document": "doc", "sector": "sector",
           "person": "person"}
#: A heading over the principles of the work (基本原则, 工作原则).
_PRINCIPLES = re.compile("原则")
#: A principle as Chinese plans state them: a short 坚持… sentence leading its paragraph, often after a dash.
_PRINCIPLE = re.compile("^[—―－-]*\\s*(坚持[^，,。；;]{2,23})$")


def _is_goal(node: Node, lang: str) -> bool:
    return node.kind == "heading" and bool(_GOAL[lang].search(node.title))


def _principle(node: Node, lang: str, under_principles: bool) -> tuple[int, int] | None:
    """Where the principle a node states lies (without a leading dash), or None."""
    if lang != "zh" or node.kind not in ("heading", "topic", "lead"):
        return None
    m = _PRINCIPLE.match(node.title)
    if m is None and under_principles and node.kind in ("topic", "lead"):
        m = re.match("^[—―－-]*\\s*(.{2,30})$", node.title)
    return (node.start + m.start(1), node.start + m.end(1)) if m else None


def _assign(node: Node, lang: str, ids: Ids, out: list[Entity], roles: dict[int, Entity], facts: set[int],
            goal: Entity | None, area: Entity | None, measure: Entity | None, principles: bool = False) -> None:
    """Give each outline node its kind: goals (headings about 目标), principles (坚持…, or what a
    基本原则 heading lists), work areas (the highest other heading or topic with content),
    measures (what lies below them), following the nesting."""
    for child in node.children:
        entity = None
        label = _short(child.title, lang)
        if child.kind == "heading" and lang == "zh" and _PRINCIPLES.search(child.title) and len(child.title) <= 10:
            _assign(child, lang, ids, out, roles, facts, goal, area, measure, principles=True)
            continue
        where = _principle(child, lang, principles)
        if where is not None:
            name = child.title[where[0] - child.start:where[1] - child.start]
            entity = Entity("principle", ids.new("principle-" + slug(name, lang)), name, *where)
            out.append(entity)
            roles[id(child)] = entity
            continue  # what follows explains the principle: neither measures nor areas
        if child.kind == "sentence" and lang == "zh" and _agency_clauses(child.title) is not None:
            continue  # 由…牵头，…配合: who carries out the measure above, not a measure
        if _is_goal(child, lang):
            entity = Entity("goal", ids.new("goal-" + slug(label, lang)), label, child.start, child.end)
            if goal is not None:
                entity.links["broader"] = [goal.id]
            out.append(entity)
            roles[id(child)] = entity
            _assign(child, lang, ids, out, roles, facts, entity, None, None)
            continue
        if area is None and child.kind in ("heading", "topic") and child.children:
            entity = Entity("work_area", ids.new("area-" + slug(label, lang)), label, child.start, child.end)
            if goal is not None:
                entity.links["serves"] = [goal.id]
            out.append(entity)
            roles[id(child)] = entity
            _assign(child, lang, ids, out, roles, facts, goal, entity, None)
            continue
        is_measure = child.kind in ("heading", "topic", "lead") or (
            child.kind == "sentence" and id(child) not in facts and len(child.title) >= 6
            and not child.title.endswith(("?", "？")) and (area is not None or measure is not None))
        if is_measure and (area is not None or goal is not None):
            entity = Entity("measure", ids.new("m-" + slug(label, lang)), label, child.start, child.end)
            if measure is not None:
                entity.links["part_of"] = [measure.id]
            if area is not None:
                entity.links["work_area"] = [area.id]
            elif goal is not None:
                entity.links["serves"] = [goal.id]
            out.append(entity)
            roles[id(child)] = entity
        _assign(child, lang, ids, out, roles, facts, goal, area, entity or measure)


#: Who carries a measure out: 由X牵头, Y配合, Z等按职责分工负责, X会同Y.
_AGENCY_ROLE = re.compile("^(?:由)?(.+?)(?:等)?(牵头负责|牵头|配合|参与|协助|按职责分工负责|分工负责|负责)$")
_ORG_END = re.compile("(?:部|委|局|厅|署|办|委员会|办公室|总局|银行|院|会|中心|政府|集团|公司)$")
_AGENCY_PASSAGE = re.compile("[（(]([^（）()\n]{4,120})[）)]|[^。；;！？\n（）()]{4,120}")


def _agency_names(names: str) -> list[str] | None:
    """``省经信厅、省发展改革委`` -> the names; None when one is not an organisation's name."""
    out: list[str] = []
    for piece in names.split("、"):
        piece = piece.strip(" ，,")
        parts = [piece]
        m = re.match("(.+?(?:部|委|局|厅|署|办|银行|院|会|中心|政府))[和及与](.+)$", piece)
        if m and _ORG_END.search(m[2]):  # 财政部和人民银行; 工业和信息化部 stays whole
            parts = [m[1], m[2]]
        for part in parts:
            if not _ORG_END.search(part) or len(part) < 2 or len(part) > 20:
                return None
            if not re.match("^(?:各|有关|相关|其他|其它)", part):
                out.append(part)
    return out


def _agency_clauses(passage: str) -> tuple[list[str], list[str]] | None:
    """The lead and supporting organisations a passage names, when it does nothing else: 由省经信厅牵头，
    省发展改革委配合; （工业和信息化部牵头，国家发展改革委等按职责分工负责）; X会同Y负责."""
    lead: list[str] = []
    support: list[str] = []
    clauses = [c for c in re.split("[，,；;。]", passage.strip(" （()）。")) if c.strip()]
    if not clauses:
        return None
    for clause in clauses:
        m = _AGENCY_ROLE.match(clause.strip())
        if m is None:
            return None
        who, role = m[1], m[2]
        helper: list[str] = []
        if "会同" in who:
            who, _, other = who.partition("会同")
            names = _agency_names(other.removesuffix("等"))
            if names is None:
                return None
            helper = names
        names = _agency_names(who.removesuffix("等"))
        if names is None:
            return None
        if role in ("配合", "参与", "协助") or role.endswith("负责") and "牵头" not in role and lead:
            support += names
        else:
            lead += names
        support += helper
    return (lead, support) if lead or support else None


def _agencies(text: str, nodes: list[Node], roles: dict[int, Entity], ids: Ids, entities: list[Entity],
              thing_ids: dict[str, str]) -> None:
    """Give each measure the organisations that lead it (牵头) and support it (配合), from a sentence or
    a bracketed note in its paragraph that says only that."""
    starts = [n.start for n in nodes]
    for m in _AGENCY_PASSAGE.finditer(text):
        found = _agency_clauses(m[1] if m[1] else m[0])
        if found is None:
            continue
        measure = _measure_for(text, nodes, starts, roles, m.start())
        if measure is None:
            continue
        for field_name, names in zip(("lead", "support"), found):
            for name in names:
                if name not in thing_ids:
                    at = m.start() + m[0].index(name)
                    e = Entity("organisation", ids.new(f"org-{slug(name)}"), name, at, at + len(name))
                    thing_ids[name] = e.id
                    entities.append(e)
                targets = measure.links.setdefault(field_name, [])
                if thing_ids[name] not in targets:
                    targets.append(thing_ids[name])


def _measure_for(text: str, nodes: list[Node], starts: list[int], roles: dict[int, Entity], i: int) -> Entity | None:
    """The measure a passage at ``i`` speaks of: the first measure of its paragraph, else the measure
    it lies under."""
    line = text.rfind("\n", 0, i) + 1
    for n in nodes:
        if line <= n.start < i and id(n) in roles and roles[id(n)].kind == "measure":
            return roles[id(n)]
    node = node_at(nodes, starts, i)
    while node is not None:
        e = roles.get(id(node))
        if e is not None and e.kind == "measure":
            return e
        node = node.parent
    return None


def _short(title: str, lang: str) -> str:
    """A label from a passage: the passage, cut at a comma when it is long."""
    title = re.sub(r"^要(?=[\u4e00-\u9fff]{2})", "", title) if lang == "zh" else title
    limit = 40 if lang == "zh" else 120
    if len(title) <= limit:
        return title
    cut = [m.start() for m in re.finditer("[，,；;]", title) if 8 <= m.start() <= limit]
    return title[:cut[-1]] if cut else title[:limit] + "…"


# observations --------------------------------------------------------------------------------


@dataclass
class _Context:
    text: str
    lang: str
    year: int
    periods: list[PeriodMention]
    sections: list[int]  # starts of level-1 sections


def _section(ctx: _Context, i: int) -> int:
    return max((s for s in ctx.sections if s <= i), default=0)


def _period(ctx: _Context, n: Number) -> tuple[str, str | None, PeriodMention | None]:
    """The period of a number, the role that gave it (target, as-of...) and the mention that named
    it in the number's own sentence (None when carried from earlier or assumed)."""
    text = ctx.text
    s0, _ = _span(text, n.start, SENTENCE_ENDS)
    p0 = text.rfind("\n", 0, n.start) + 1
    within = [p for p in ctx.periods if s0 <= p.start < n.start and p.role != "base"]
    if within:
        return within[-1].period, within[-1].role, within[-1]
    target = [p for p in ctx.periods if p0 <= p.start < n.start and p.role == "target"]
    if target:
        return target[-1].period, "target", None
    sec = _section(ctx, n.start)
    carried = [p for p in ctx.periods if sec <= p.start < n.start and p.yearly and p.role in ("plain", "as-of")]
    if carried:
        return carried[-1].period, carried[-1].role, None
    return str(ctx.year), None, None


def _previous(period: str) -> str:
    """The same period a year earlier: 2023 -> 2022, 2024-01/2024-04 -> 2023-01/2023-04."""
    return "/".join(f"{int(p[:4]) - 1}{p[4:]}" for p in period.split("/"))


#: Words that compare with the same period a year before (同比, 比上年, 较上年同期).
_YEAR_ON_YEAR = re.compile("同比|(?:比|较|与)(?:上年|去年)")


#: Growth not over one year: an average (年均), a sum of years (累计), since a date (以来), over the
#: previous month or quarter (环比).
_NOT_ANNUAL = re.compile("年均|平均|累计|以来|环比")


def _base_period(ctx: _Context, n: Number, c0: int, period: str, role: str | None) -> str | None:
    """The period a value is compared with, as its clause says: 较2023年 -> 2023; 同比, 比上年 -> the
    same period a year before the value's own. An annual growth rate that names no base (2024年…增长5.5%)
    is, by the convention of Chinese statistics, over the year before; not a growth to a target year
    (到2027年…增长25%), whose base the plan sets."""
    named = [p for p in ctx.periods if p.role == "base" and c0 <= p.start < n.start]
    if named:
        return named[-1].period
    if _YEAR_ON_YEAR.search(ctx.text, c0, n.start):
        return _previous(period)
    s0, _ = _span(ctx.text, n.start, SENTENCE_ENDS)
    if (ctx.lang == "zh" and n.expresses == "growth-rate" and re.fullmatch(r"\d{4}", period) and role != "target"
            and not _NOT_ANNUAL.search(ctx.text, s0, n.start)):
        return _previous(period)
    return None


#: Money that is allocated rather than spent or aimed at: 安排资金, 下达预算, 发行国债, 专项债券.
_ALLOCATION = re.compile("安排|下达|拨付|发行|预算|国债|专项债|债券|补助资金|奖补资金|专项资金")


def _status(ctx: _Context, n: Number, period: str, role: str | None, lead: str) -> str:
    text = ctx.text
    s0, _ = _span(text, n.start, SENTENCE_ENDS)
    prefix = text[s0:n.start]
    c0, _ = _span(text, n.start, CLAUSE_ENDS)
    if ctx.lang == "zh" and n.unit in ("CNY", "USD") and _ALLOCATION.search(text, c0, n.start):
        return "allocation"
    if role == "target" or any(w in prefix for w in _TARGET_WORDS[ctx.lang]):
        return "target"
    if role == "as-of" or any(w in prefix for w in _ACTUAL_WORDS[ctx.lang]):
        return "actual"
    year = int(period[-4:]) if "/" not in period else int(period.split("/")[1][:4])
    if year < ctx.year:
        return "actual"
    if int(period[:4]) > ctx.year:
        return "target"
    if _NAMED_SET.search(prefix) or text.startswith("大", n.end - 1):
        return "actual"
    imperative = _IMPERATIVE if ctx.lang == "zh" else _EN_IMPERATIVE
    if imperative.match(text[s0:n.start + 1].lstrip("*")) or imperative.match(lead):
        return "target"
    return "actual"


def _fact_sentences(text: str, numbers: list[Number], periods: list[PeriodMention], year: int, lang: str,
                    nodes: list[Node]) -> set[int]:
    """Sentences that report actual figures: facts behind indicators, not measures."""
    ctx = _Context(text, lang, year, periods, [n.start for n in nodes if n.level == 1])
    facts = set()
    for node in nodes:
        if node.kind != "sentence":
            continue
        inside = [n for n in numbers if node.start <= n.start < node.end and n.value is not None]
        lead = node.parent.title if node.parent is not None else ""
        if inside and all(_status(ctx, n, *_period(ctx, n)[:2], lead) == "actual" for n in inside):
            facts.add(id(node))
    return facts


def _observations(text: str, lang: str, year: int, numbers: list[Number], periods: list[PeriodMention],
                  nodes: list[Node], roles: dict[int, Entity], ids: Ids, entities: list[Entity]) -> list[Observation]:
    ctx = _Context(text, lang, year, periods, [n.start for n in nodes if n.level == 1])
    starts = [n.start for n in nodes]
    indicators: dict[str, Entity] = {}
    out: list[Observation] = []
    by_number: dict[int, Observation] = {}
    for n in numbers:
        c0, c1 = _span(text, n.start, CLAUSE_ENDS)
        node = node_at(nodes, starts, n.start)
        lead = node.parent.title if node is not None and node.parent is not None else ""
        if n.rank is not None and n.value is None:
            if _attach_rank(text, n, c0, out, by_number):
                continue
        period, role, mention = _period(ctx, n)
        status = _status(ctx, n, period, role, lead)
        base = _base_period(ctx, n, c0, period, role)
        cumulative = "累计" in text[c0:n.start] if lang == "zh" else False
        as_of = mention.as_of if mention is not None and mention.role == "as-of" else None
        label = _indicator_label(text, lang, n, c0, c1, numbers)
        key = re.sub(r"\s+", "", label)
        indicator = indicators.get(key)
        if indicator is None:
            indicator = Entity("indicator", ids.new("ind-" + slug(label, lang)), label, c0, c1)
            tracked = _entity_of(node, roles)
            if tracked is None:
                tracked = _nearest(text, n.start, entities)
                if tracked is not None:
                    indicator.note = f"TODO: no heading above it; tracks the {tracked.kind} its passage names or follows"
            if tracked is not None:
                indicator.links["tracks"] = [tracked.id]
            indicators[key] = indicator
            entities.append(indicator)
        stem = indicator.id.removeprefix("ind-")
        obs = Observation(ids.new(f"{stem}-{period.replace('/', '-')}"), indicator.id, (n.start, n.end), (c0, c1),
                          n.value, n.scale, n.unit, period, status, n.comparator, n.rank, n.rank_within,
                          list(n.notes), base, n.expresses, cumulative, as_of)
        if n.rank is not None and n.value is None:
            obs.notes.append(f"only a rank is stated ({text[n.start:n.end]})")
        out.append(obs)
        by_number[n.start] = obs
    return out


def _nearest(text: str, i: int, entities: list[Entity]) -> Entity | None:
    """What a value outside the outline (a news article's paragraph) is most likely of: a document or
    programme its sentence names before it (《行动方案》提出，到2027年…), else the goal, work area or
    measure before it."""
    s0, _ = _span(text, i, SENTENCE_ENDS)
    sentence = text[s0:i]
    for e in entities:
        if e.kind in ("document", "programme") and any(name in sentence for name in [e.label, *(f"《{a}》" for a in e.alt)]):
            return e
    before = [e for e in entities if e.kind in ("goal", "work_area", "measure") and e.start < i]
    return max(before, key=lambda e: e.start) if before else None


def _attach_rank(text: str, n: Number, c0: int, out: list[Observation], by_number: dict[int, Observation]) -> bool:
    """Give a rank (居全国第三) to the value it qualifies: the one before it in its clause, the one
    before it in its sentence when the clause says nothing else, or every one of the sentence (均)."""
    s0, _ = _span(text, n.start, SENTENCE_ENDS)
    prefix = re.sub(r"(位居|位列|居|排名|列|全国|全省|全球|世界|全市)", "", text[c0:n.start]).strip()
    same_clause = [o for o in out if c0 <= o.number[0] < n.start and o.value is not None]
    same_sentence = [o for o in out if s0 <= o.number[0] < n.start and o.value is not None]
    if prefix in ("均", "都", "分别") and same_sentence:
        targets = same_sentence
    elif same_clause:
        targets = same_clause[-1:]
    elif not prefix and same_sentence:
        targets = same_sentence[-1:]
    else:
        return False
    scope = re.search(r"(全国|全省|全球|世界|全市)", text[c0:n.end])
    for o in targets:
        o.rank, o.rank_within = n.rank, n.rank_within
        if scope:
            o.notes.append(f"rank among: {scope[1]} (rank_scope is a place: add one)")
    return True


def _entity_of(node: Node | None, roles: dict[int, Entity]) -> Entity | None:
    while node is not None:
        if id(node) in roles:
            return roles[id(node)]
        node = node.parent
    return None


def _indicator_label(text: str, lang: str, n: Number, c0: int, c1: int, numbers: list[Number]) -> str:
    """What a number measures: the words before it in its clause (after 、), or, for a count
    written before what it counts (4个集群), the words after it."""
    if lang == "en":
        before = text[c0:n.start]
        label = _EN_LABEL_TAIL.sub("", before).strip(" ,;:-")
        return label or text[n.end:c1].strip(" ,;:.") or "value"
    prefix = text[c0:n.start]
    if "分别" in prefix:
        k = prefix.rindex("分别")
        values = [m for m in numbers if c0 + k <= m.start < c1]
        subjects = [s for s in prefix[:k].split("、") if s]
        if len(subjects) < len(values):  # A、B和C分别…: 和 joins the last two; 普及率, 工业和信息化 keep theirs
            subjects = [s for s in re.split("[、和及与]", prefix[:k]) if s]
        earlier = [m for m in numbers if c0 + k <= m.start < n.start]
        mid = ""
        first = next((m for m in numbers if m.start >= c0 + k), None)
        if first is not None:
            mid = text[c0 + k + 2:first.start]
        if len(earlier) < len(subjects):
            return _clean(subjects[len(earlier)] + mid)
    seg = max(c0, text.rfind("、", c0, n.start) + 1)
    opened = text.rfind("“", seg, n.start)
    if opened >= 0 and "”" not in text[opened:n.start]:  # 将“生产总值增长5.5%左右”列入: what the quote says
        seg = opened + 1
    before = text[seg:n.start]
    for m in numbers:  # the words between this number and an earlier one of the clause
        if seg <= m.start < n.start:
            before = text[m.end:n.start]
    label = _clean(before)
    if _CHANGE_ONLY.fullmatch(label) and seg > c0:
        first = next((m for m in numbers if c0 <= m.start < seg), None)
        if first is not None:
            subject = _LABEL_TAIL.sub("", _clean(text[c0:first.start]))
            label = subject + label if subject else label
    nxt = next((m.start for m in numbers if m.start >= n.end), c1)
    after = re.split("[和及与、等]", text[n.end:min(c1, nxt)])[0]
    after = re.sub("^(?:及以上|以上|以下|以内|左右|多|余)", "", after)
    if n.unit == "year":
        label = _clean(label + after) or label
    elif n.unit == "count" and re.match("[\u4e00-\u9fff“]", after) and len(label) < 4 or len(label) < 2:
        label = _clean(after) or label
    return label or "数值"


def _clean(label: str) -> str:
    label = re.sub(r"(?:较|比|与|相比)?(?:19|20)\d\d年(?:相比|同期)?|\d{1,2}\s*[—–\-－~～至到]\s*\d{1,2}月|\d{1,2}月|同比|比上年|较上年", "", label)
    label = label.strip(" \t*“”,，:：")
    for _ in range(3):
        label = _LABEL_TAIL.sub("", _LABEL_HEAD.sub("", label)).strip(" ,，")
    return label
