"""Every number of a text as an observation: its period, the period it is compared with, its status
(target, actual, allocation), the rank it holds, and the indicator it is grouped into by the words
that say what it measures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.ids import Ids, slug
from kg.draft.numbers import CLAUSE_ENDS, SENTENCE_ENDS, Number, PeriodMention
from kg.draft.outline import Node, node_at
from kg.draft.records import Entity, Observation

__all__ = ["fact_sentences", "find_observations"]

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


def fact_sentences(text: str, numbers: list[Number], periods: list[PeriodMention], year: int, lang: str,
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


def find_observations(text: str, lang: str, year: int, numbers: list[Number], periods: list[PeriodMention],
                      nodes: list[Node], roles: dict[int, Entity], ids: Ids, entities: list[Entity]) -> list[Observation]:
    """The observations of ``numbers``, in their order (a rank alone, 居全国第三, goes to the value it
    qualifies); the indicators they are grouped into are appended to ``entities``, each tracking the
    entity of the passage it lies in (``roles``, by ``id(node)``), else the one its sentence names or follows."""
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
