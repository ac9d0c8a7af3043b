"""Named things found by their form: organisations (…部, …委, …局, …厅), programmes (…工程,
…计划, …行动, and terms in quotation marks that read as a name and state no quantity), places (…省, …市, …县,
…新区), documents (《…》 titles, with the short name 以下简称 gives them), sectors (…产业, …行业,
…制造业) and people (a name beside an official title: 习近平总书记, 省长王浩, 代省长刘捷)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft.numbers import states_quantity

__all__ = ["Thing", "find_things", "find_documents", "find_sectors", "find_people", "quote_names_something",
           "BROAD_SECTORS"]


@dataclass(frozen=True)
class Thing:
    """A name at ``text[start:end]``; ``kind`` is programme, organisation, place, document, sector or
    person; ``alt`` other names the text gives it (以下简称…); ``note`` what the text says of it."""

    kind: str
    label: str
    start: int
    end: int
    alt: tuple[str, ...] = ()
    note: str | None = None


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
_PROGRAMME = re.compile(f"(?:“[^“”\\n]{{1,30}}”[{_HAN}]{{0,4}}(?:工程|计划|行动|专项|攻坚)|"
                        f"[{_HAN}]{{2,16}}(?:工程|计划|行动|专项))(?![{_HAN}])")
_QUOTED = re.compile("“([^“”\\n]{2,15})”")
#: What makes a quoted phrase a name rather than a phrase set off for emphasis (“优势项”, “进一步”):
#: a count it begins with (“八八战略”, “三支队伍”, “千项万亿”, “415X”), a code (a Latin letter, a digit,
#: “人工智能+”, “链长+链主”), a word that ends a name (…战略, …精神, …之省), or a province or the
#: country it begins with (“浙江制造”, “浙江标准”: brands named after a place).
_COUNTED_NAME = re.compile("^[0-9０-９一二两三四五六七八九十百千万]")
_CODE = re.compile("[A-Za-z0-9Ａ-Ｚａ-ｚ０-９+＋]")
_NAME_ENDS = ("工程", "计划", "行动", "专项", "战略", "精神", "工作法", "模式", "品牌", "之省", "之市", "之都", "之城",
              "之乡")
_PROVINCES = ("中国", "中华", "全国", "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏",
              "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
              "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾")


def quote_names_something(inner: str) -> bool:
    """Whether a phrase in quotation marks (without them) reads as a name: ``八八战略``, ``415X``,
    ``浙江制造``, ``单项冠军之省``, but not ``优势项`` or ``提高全要素生产率``."""
    return bool(_COUNTED_NAME.match(inner) or _CODE.search(inner) or inner.endswith(_NAME_ENDS)
                or inner.startswith(_PROVINCES))
_PLACE = re.compile(f"(?:(?<![{_HAN}])([{_HAN}]{{3}})|([{_HAN}]{{2}}))(省|自治区|市|县|新区)(?![级委场民值政域长])")
#: Characters before a place's name that are not part of it (在杭州市, 加快钱塘新区).
_BEFORE_PLACE = ("加快", "推进", "支持", "建设", "在", "对", "为", "向", "于", "从", "到", "和", "与", "及", "、", "将")
_NOT_IN_PLACE = "全我本各该其每此某省市县区城都超上股楼集门地级个强大之名"
#: The tail of a date or count just before a name (2024年浙江省, 14日杭州市): no place begins with it.
_AFTER_NUMBER = "年月日号届次期"


def _cut_verb(label: str, conjunctions: bool = True) -> str:
    """``深入实施产业基础再造工程`` -> ``产业基础再造工程``; an organisation's name keeps its
    conjunctions (工业和信息化部)."""
    verbs = _VERBS if conjunctions else tuple(v for v in _VERBS if v not in ("和", "与", "及", "等"))
    for v in sorted(verbs, key=len, reverse=True):
        i = label.rfind(v)
        if i >= 0 and len(label) - i - len(v) >= 4:
            label = label[i + len(v):]
    return label


_DOCUMENT = re.compile("《([^《》\n]{2,60})》")
#: 《…》(以下简称《…》) or “…”: the short name a document goes by in the rest of the text.
_SHORT_NAME = re.compile("[(（]以下简称[《“]([^》”\n]{1,20})[》”][)）]")
_SECTOR = re.compile(f"[{_HAN}]{{2,12}}?(?:产业|行业|制造业|服务业)(?![{_HAN}])|"
                     f"[{_HAN}]{{2,12}}?(?:产业|行业|制造业|服务业)(?=[和与及等])")
#: Words that name no particular sector: 重点行业, 相关产业, 各行业.
_GENERIC_SECTOR = re.compile("^(?:各|相关|有关|其他|其它|该|本|全|重点|主要|主导|优势|特色|一批|若干|上述|这些)"
                             "(?:产业|行业|制造业|服务业)$|^(?:各|相关|有关|其他|该|本)")
_SECTOR_VERBS = ("培育发展", "发展壮大", "做强做优", "做大做强", "做优做强", "壮大", "培育", "发展", "推动", "推进", "支持", "引导", "聚焦", "布局",
                 "打造", "提升", "改造", "升级", "深化", "加快", "实施", "统筹", "构建", "以", "对", "在", "为", "和", "与",
                 "及", "等", "的")
#: Official titles; a person's name stands just before (习近平总书记) or just after (省长王浩) one.
_TITLES = ("总书记", "国家主席", "副主席", "主席", "副总理", "总理", "国务委员", "副省长", "省长", "副市长", "市长", "县长",
           "区长", "书记", "副部长", "部长", "副主任", "主任", "厅长", "局长", "委员长")
#: The commonest surnames: a name begins with one.
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
                "莫孔向汤习温胡俞丛倪易")
#: Words before a title that qualify it (代省长 acting governor, 常务副省长, 原部长 former minister): part of
#: the title, so the name stands before them or after the title.
_TITLE_PREFIXES = ("常务", "代理", "代", "原", "前", "时任")
#: A name does not end with the last character of a place or an organisation (浙江省长, 国务院总理).
_NOT_NAME_END = "省市县区州镇乡村国部委局厅院会府办"
_SPEECH_VERBS = ("在", "主持", "强调", "指出", "表示", "出席", "讲话", "说", "提出", "要求", "会见", "调研", "考察", "作", "代表")


def find_documents(text: str) -> list[Thing]:
    """Each document named by its title in 《…》, once, with the short names 以下简称 gives it."""
    found: dict[str, Thing] = {}
    short: set[str] = set()
    for m in _DOCUMENT.finditer(text):
        title = m[1].strip()
        if title in short or len(title) < 2:
            continue
        alias = _SHORT_NAME.match(text, m.end())
        alt = (alias[1],) if alias and alias[1] != title else ()
        short.update(alt)
        old = found.get(title)
        if old is None:
            found[title] = Thing("document", title, m.start(1), m.start(1) + len(title), alt)
        elif alt and alt[0] not in old.alt:
            found[title] = Thing("document", title, old.start, old.end, old.alt + alt)
    return sorted(found.values(), key=lambda t: t.start)


def find_sectors(text: str) -> list[Thing]:
    """Sectors and industries by their form (…产业, …行业, …制造业, …服务业), once each."""
    found: dict[str, Thing] = {}
    quoted = [(m.start(), m.end()) for m in re.finditer("《[^《》\n]*》|“[^“”\n]*”", text)]
    for m in _SECTOR.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        label = m[0]
        for _ in range(3):
            for v in sorted(_SECTOR_VERBS, key=len, reverse=True):
                i = label.rfind(v)
                if i >= 0 and len(label) - i - len(v) >= 4:
                    label = label[i + len(v):]
        label = re.sub(f"^[{_HAN_NUMERALS}]+大", "", label)  # 七大高耗能行业: the kind, not the count
        if len(label) >= 4 and not _GENERIC_SECTOR.search(label) and label not in found:
            start = m.end() - len(label)
            found[label] = Thing("sector", label, start, m.end())
    for label, start in _measured_sectors(text):
        if label not in found and not any(a <= start < b for a, b in quoted):
            found[label] = Thing("sector", label, start, start + len(label))
    return sorted(found.values(), key=lambda t: t.start)


_HAN_NUMERALS = "一二两三四五六七八九十百千"
#: A sector named as the subject of a statistic (服务业增加值, 规上工业增加值, 制造业投资): the sector is
#: what the clause says before the measure, after the last word that leads up to it.
#: The broad sectors of national statistics: a thing, but what a whole document may be about (制造业 in
#: a speech on manufacturing), so a passage that names one does not list it among what it mentions.
BROAD_SECTORS = frozenset(("工业", "制造业", "服务业", "农业", "建筑业"))
_SECTOR_MEASURED = re.compile(f"[{_HAN}]{{0,12}}(?:产业|行业|制造业|服务业|工业|农业|建筑业)"
                              "(?=增加值|总产值|产值|营业收入|营收|投资|利润)")
_BEFORE_SECTOR = ("此外", "其中", "同时", "分别", "提出", "力争", "确保", "实现", "推动", "扩大", "单位", "全国", "全省",
                  "全市", "该省", "本省", "我省", "占", "并", "和", "与", "及", "的", "个", "年", "月") + tuple(
    p + s for p in _PROVINCES for s in ("省", "市", "自治区", ""))


def _measured_sectors(text: str) -> list[tuple[str, int]]:
    """Each sector a statistic is about (此外,浙江服务业增加值 -> 服务业), with its offset."""
    out = []
    for m in _SECTOR_MEASURED.finditer(text):
        label, start = m[0], m.start()
        cut = max((label.rfind(w) + len(w) for w in _BEFORE_SECTOR if 0 <= label.rfind(w) <= len(label) - len(w) - 2),
                  default=0)
        label, start = label[cut:], start + cut
        if len(label) >= 3 and not _GENERIC_SECTOR.search(label):  # not 工业, 农业: parts of many words
            out.append((label, start))
    return out


def find_people(text: str) -> list[Thing]:
    """People the text names beside an official title, once each, the title as a note."""
    found: dict[str, Thing] = {}
    titles = "|".join(sorted(_TITLES, key=len, reverse=True))
    prefixes = "|".join(_TITLE_PREFIXES)
    for m in re.finditer(f"(?:{prefixes})?(?:{titles})", text):
        a = m.start()
        name = None
        for n in (3, 2):  # 习近平总书记, 王浩省长
            cand = text[a - n:a] if a >= n else ""
            if (len(cand) == n and re.fullmatch(f"[{_HAN}]+", cand) and cand[0] in _SURNAMES
                    and cand[-1] not in _NOT_NAME_END):
                name, start = cand, a - n
                break
        if name is None:  # 省长王浩在…, 国务院总理李强主持…
            after = text[m.end():m.end() + 4]
            for n in (3, 2):
                cand = after[:n]
                if len(cand) == n and re.fullmatch(f"[{_HAN}]+", cand) and cand[0] in _SURNAMES and (
                        text.startswith(_SPEECH_VERBS, m.end() + n) or re.match(r"[，,。、：:（(\s]", text[m.end() + n:m.end() + n + 1])):
                    name, start = cand, m.end()
                    break
        if name is not None and name not in found:
            found[name] = Thing("person", name, start, start + len(name), note=f"as written: {text[min(start, a):max(start + len(name), m.end())]}")
    return sorted(found.values(), key=lambda t: t.start)


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
        if (not re.search(r"[，,。；;]", inner) and not any(inner in k for k in found) and not states_quantity(inner)
                and quote_names_something(inner)):
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
        if name[:1] in _AFTER_NUMBER and start > 0 and re.match(f"[0-9０-９{_HAN_NUMERALS}零〇]", text[start - 1]):
            name, start = name[1:], start + 1
        if len(name) >= 2 and not any(c in _NOT_IN_PLACE for c in name):
            add("place", name + m[3], start)
    for thing in find_documents(text) + find_sectors(text) + find_people(text):
        if thing.label not in found:
            found[thing.label] = thing
    return sorted(found.values(), key=lambda t: (t.start, t.label))
