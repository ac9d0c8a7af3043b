"""A text's outline as entities: goals, principles, work areas and measures, following its nesting;
the organisations a sentence says lead or support a measure (由…牵头，…配合); the named things
(things.py) as entities, linked from the goals, work areas and measures whose passages name them."""

from __future__ import annotations

import re

from kg.draft.ids import Ids, slug
from kg.draft.outline import Node, node_at
from kg.draft.records import Entity
from kg.draft.things import BROAD_SECTORS, find_things

__all__ = ["outline_entities", "add_named_things"]

_GOAL = {"zh": re.compile("目标|总体要求|指导思想|愿景"),
         "en": re.compile(r"(?i)\b(?:goals?|objectives?|targets?|general requirements|guiding principles?|vision)\b")}


def outline_entities(root: Node, lang: str, ids: Ids, facts: set[int]) -> tuple[list[Entity], dict[int, Entity]]:
    """The goals, principles, work areas and measures of an outline, in document order, and the entity
    each node became, by ``id(node)``; ``facts`` (the ``id`` of sentences that only report figures)
    are not measures."""
    entities: list[Entity] = []
    roles: dict[int, Entity] = {}  # id(node) -> its entity
    _assign(root, lang, ids, entities, roles, facts, goal=None, area=None, measure=None)
    return entities, roles


def add_named_things(text: str, lang: str, nodes: list[Node], roles: dict[int, Entity], ids: Ids,
                     entities: list[Entity]) -> None:
    """Append the named things of ``text`` (things.py) to ``entities``, and the organisations a
    sentence says lead or support a measure; link each goal, work area and measure to the things its
    passage names (``mentions``)."""
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


def _drafted(entity: Entity, node: Node, out: list[Entity], roles: dict[int, Entity], **links: Entity | None) -> Entity:
    """``entity``, stated by the outline's ``node``, linked to each of ``links`` given, drafted."""
    entity.links.update({name: [to.id] for name, to in links.items() if to is not None})
    out.append(entity)
    roles[id(node)] = entity
    return entity


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
            _drafted(Entity("principle", ids.new("principle-" + slug(name, lang)), name, *where), child, out, roles)
            continue  # what follows explains the principle: neither measures nor areas
        if child.kind == "sentence" and lang == "zh" and _agency_clauses(child.title) is not None:
            continue  # 由…牵头，…配合: who carries out the measure above, not a measure
        if _is_goal(child, lang):
            entity = _drafted(Entity("goal", ids.new("goal-" + slug(label, lang)), label, child.start, child.end),
                              child, out, roles, broader=goal)
            _assign(child, lang, ids, out, roles, facts, entity, None, None)
            continue
        if area is None and child.kind in ("heading", "topic") and child.children:
            entity = _drafted(Entity("work_area", ids.new("area-" + slug(label, lang)), label, child.start, child.end),
                              child, out, roles, serves=goal)
            _assign(child, lang, ids, out, roles, facts, goal, entity, None)
            continue
        is_measure = child.kind in ("heading", "topic", "lead") or (
            child.kind == "sentence" and id(child) not in facts and len(child.title) >= 6
            and not child.title.endswith(("?", "？")) and (area is not None or measure is not None))
        if is_measure and (area is not None or goal is not None):
            entity = _drafted(Entity("measure", ids.new("m-" + slug(label, lang)), label, child.start, child.end),
                              child, out, roles, part_of=measure, work_area=area, serves=goal if area is None else None)
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
