"""Named things found by their form: organisations (…部, …委, …局, …厅), programmes (…工程,
…计划, …行动, and terms in quotation marks) and places (…省, …市, …县, …新区)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Thing", "find_things"]


@dataclass(frozen=True)
class Thing:
    """A name at ``text[start:end]``; ``kind`` is programme, organisation or place."""

    kind: str
    label: str
    start: int
    end: int


_HAN = r"\u4e00-\u9fff"
#: Where a name can start: after punctuation, or after a verb that governs it.
_VERBS = ("深入实施", "大力实施", "组织实施", "实施", "开展", "启动", "推进", "深化", "推动", "落实", "建设", "打造",
          "开发", "完善", "参与", "支持", "由", "会同", "和", "与", "及", "等")
_ORG = re.compile(f"[{_HAN}]{{2,14}}?(?:委员会|办公室|总局|部|委|局|厅|署|办)(?![{_HAN}])|"
                  f"[{_HAN}]{{2,14}}?(?:委员会|办公室|总局|部|委|局|厅|署|办)(?=牵头|负责|会同|配合|联合|等|和|与|及)")
_ORG_PREFIX = re.compile("^(国家|国务院|中央|中共|省|市|县|区|自治区|财政|教育|科技|工业和信息化|商务|生态环境|"
                         "交通运输|农业农村|水利|人力资源|住房和城乡建设|自然资源|文化和旅游|卫生健康|应急管理|"
                         "人民银行|发展改革|发改|经信|经济和信息化|市场监管)")
_NOT_ORG = ("干部", "全部", "内部", "外部", "局部", "东部", "中部", "西部", "南部", "北部", "总部", "格局", "布局", "大局",
            "全局", "开局", "结局", "当局")
_PROGRAMME = re.compile(f"(?:“[^“”\\n]{{1,30}}”[{_HAN}]{{0,4}}|[{_HAN}]{{2,16}})(?:工程|计划|行动|专项)(?![{_HAN}])")
_QUOTED = re.compile("“([^“”\\n]{2,15})”")
_PLACE = re.compile(f"(?:(?<![{_HAN}])([{_HAN}]{{3}})|([{_HAN}]{{2}}))(省|自治区|市|县|新区)(?![级委场民值政域长])")
#: Characters before a place's name that are not part of it (在杭州市, 加快钱塘新区).
_BEFORE_PLACE = ("加快", "推进", "支持", "建设", "在", "对", "为", "向", "于", "从", "到", "和", "与", "及", "、", "将")
_NOT_IN_PLACE = "全我本各该其每此某省市县区城都超上股楼集门地级个强大之名"


def _cut_verb(label: str, conjunctions: bool = True) -> str:
    """``深入实施产业基础再造工程`` -> ``产业基础再造工程``; an organisation's name keeps its
    conjunctions (工业和信息化部)."""
    verbs = _VERBS if conjunctions else tuple(v for v in _VERBS if v not in ("和", "与", "及", "等"))
    for v in sorted(verbs, key=len, reverse=True):
        i = label.rfind(v)
        if i >= 0 and len(label) - i - len(v) >= 4:
            label = label[i + len(v):]
    return label


def find_things(text: str, lang: str = "zh") -> list[Thing]:
    """Each named thing, once (its first mention), in text order; nothing for English yet."""
    if lang != "zh":
        return []
    found: dict[str, Thing] = {}

    def add(kind: str, label: str, start: int) -> None:
        label = label.strip()
        if len(label) >= 2 and label not in found:
            found[label] = Thing(kind, label, start, start + len(label))

    for m in _PROGRAMME.finditer(text):
        label = m[0] if m[0].startswith("“") else _cut_verb(m[0])
        add("programme", label, m.end() - len(label))
    for m in _QUOTED.finditer(text):
        inner = m[1]
        if not re.search(r"[，,。；;]", inner) and not any(inner in k for k in found):
            add("programme", m[0], m.start())
    for m in _ORG.finditer(text):
        label = _cut_verb(m[0], conjunctions=False)
        if _ORG_PREFIX.match(label) and not label.endswith(_NOT_ORG):
            add("organisation", label, m.end() - len(label))
    for m in _PLACE.finditer(text):
        name, start = (m[1], m.start(1)) if m[1] else (m[2], m.start(2))
        for word in _BEFORE_PLACE:
            if name.startswith(word):
                name, start = name[len(word):], start + len(word)
                break
        if len(name) >= 2 and not any(c in _NOT_IN_PLACE for c in name):
            add("place", name + m[3], start)
    return sorted(found.values(), key=lambda t: (t.start, t.label))
