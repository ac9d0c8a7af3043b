"""Numbers in a Chinese policy text, each with what the words around it say: scale, unit,
comparator, sign, rank, and the periods a passage names.

Pure functions over a text and offsets into it; nothing here knows about YAML. The rules are about
how Chinese official writing states quantities (``达到2.94万亿元``, ``累计创建…378家``, ``七成``,
``到2027年``), never about one document's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.vocab import QUDT_UNIT

__all__ = ["Number", "PeriodMention", "find_numbers", "find_periods", "aside_spans", "zh_numeral", "QUDT", "CLAUSE_ENDS",
           "SENTENCE_ENDS", "measured", "states_quantity"]

QUDT = str(QUDT_UNIT)

#: Characters that end a clause and a sentence.
CLAUSE_ENDS = "，,；;。！？!?：:\n"
SENTENCE_ENDS = "。！？!?\n"

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千"
#: Scale words after a number, longest first (``sdmx-attribute:unitMult``).
_SCALES = ("万亿", "千万", "百万", "十万", "亿", "万")
#: Unit words, longest first: (word, unit code or IRI, counts things).
_UNITS: tuple[tuple[str, str], ...] = (
    ("个百分点", "percentage-point"), ("百分点", "percentage-point"),
    ("千瓦时", "kWh"), ("平方公里", QUDT + "KiloM2"), ("平方米", QUDT + "M2"), ("立方米", QUDT + "M3"),
    ("千瓦", QUDT + "KiloW"), ("公里", QUDT + "KiloM"), ("公顷", QUDT + "HA"), ("小时", QUDT + "HR"),
    ("美元", "USD"), ("元", "CNY"), ("%", "percent"), ("吨", "tonne"), ("倍", "times"),
    ("人次", "count"), ("个", "count"), ("家", "count"), ("项", "count"), ("人", "count"), ("名", "count"),
    ("户", "count"), ("所", "count"), ("座", "count"), ("条", "count"), ("种", "count"), ("类", "count"),
    ("件", "count"), ("台", "count"), ("套", "count"), ("辆", "count"), ("支", "count"), ("位", "count"),
    ("处", "count"), ("批", "count"), ("年", "year"), ("成", "share"),
)
#: Unit words that follow only a Chinese numeral (``七大``); after digits they are other words.
_ZH_ONLY_UNITS = (("大", "count"),)
#: Nouns a count of which only sums up the items just listed (``三个维度``), not a quantity.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_QUOTES = {"“": "”", "\"": "\"", "《": "》", "「": "」", "『": "』"}
_MORE = ("超过", "突破", "高于", "多于", "大于", "超", "逾")
_AT_LEAST = ("不低于", "不少于", "不小于", "至少")
_ABOUT = ("大约", "约为", "约")
_NEARLY = ("接近", "将近", "近")
_AT_MOST = ("不超过", "不高于", "不多于", "不大于", "最多", "至多")
_LESS = ("低于", "少于", "小于", "不到", "不足")
_FALL = ("下降", "降低", "减少", "回落", "下滑", "缩小")
#: Verbs of change right before a value (增长6%, 增加100亿元): what follows is a change, not a level.
_CHANGE = re.compile("(?:增长|增加|下降|降低|减少|提高|提升|上升|回落|下滑|缩小|扩大)了?(?:约|近|超过|超|逾|达到?)?$")
#: 翻一番 (doubling), 翻两番: the value is the multiple of the base, 2 to the power of the count.
_DOUBLINGS = re.compile("翻(一|两|二|三)?番")
_SHARE_WORDS = ("占", "比重", "比例", "份额", "覆盖率", "利用率", "普及率", "达标率", "渗透率", "率")
_GROWTH_WORDS = ("增长率", "增速", "增幅", "贡献率", "增长", "下降", "提高", "降低")


def zh_numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 千 (scale words are read apart), or ``None``.

    >>> zh_numeral("七"), zh_numeral("百"), zh_numeral("五千"), zh_numeral("二十三"), zh_numeral("十四五")
    (7, 100, 5000, 23, None)
    """
    if not text:
        return None
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _ZH_DIGITS:
            if digit is not None:
                return None  # 十四五: two digits in a row is a name, not a number
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


@dataclass(frozen=True)
class Number:
    """One quantity stated in the text: ``text[start:end]`` is the number with its scale and unit."""

    start: int
    end: int
    written: str
    value: Decimal | None
    scale: str | None
    unit: str
    comparator: str | None = None
    rank: int | None = None
    rank_within: bool = False
    #: Said of the unit when it is not written and was assumed.
    notes: tuple[str, ...] = field(default=())
    #: What the value states when the words say and the unit does not imply it: growth-rate
    #: (增长6%), change (增加100亿元), multiple (翻一番).
    expresses: str | None = None


@dataclass(frozen=True)
class PeriodMention:
    """A period the text names: ``role`` is plain, target (到2027年), base (较2023年) or as-of (截至…)."""

    start: int
    end: int
    period: str
    role: str
    #: A whole year (or a range of years), rather than months of one.
    yearly: bool
    #: For an as-of mention, the date it names (截至2023年底 -> 2023-12-31, 截至4月 -> 2024-04).
    as_of: str | None = None
    #: Named relative to the document's year (今年, 去年, 明年), not by its number.
    relative: bool = False


_YEAR = r"((?:19|20)\d\d)"
_DASH = r"\s*[—–\-－~～至到]\s*"
_QUARTERS = {"一季度": ("01", "03"), "二季度": ("04", "06"), "三季度": ("07", "09"), "四季度": ("10", "12"),
             "第一季度": ("01", "03"), "第二季度": ("04", "06"), "第三季度": ("07", "09"), "第四季度": ("10", "12"),
             "上半年": ("01", "06"), "下半年": ("07", "12"), "前三季度": ("01", "09")}
_PART = "|".join(sorted(_QUARTERS, key=len, reverse=True))
_PERIOD_PATTERNS = (
    (re.compile(_YEAR + _DASH + _YEAR + "年"), "years"),
    (re.compile(_YEAR + r"年(\d{1,2})" + _DASH + r"(\d{1,2})月"), "months"),
    (re.compile(_YEAR + r"年(\d{1,2})月(?:(\d{1,2})日)?"), "month"),
    (re.compile(_YEAR + "年(" + _PART + ")"), "part"),
    (re.compile(_YEAR + "年"), "year"),
    # months without a year: of the document's year, or of a relative year just before (去年1—4月)
    (re.compile(r"(?<!\d)(\d{1,2})" + _DASH + r"(\d{1,2})月"), "bare-months"),
    (re.compile("(?<!第)(" + _PART + ")"), "bare-part"),
    (re.compile(r"(?<!\d)(\d{1,2})月(?:(\d{1,2})日)?"), "bare-month"),
)
#: Years named relative to the document's: 今年/本年 its year, 去年/上年 the year before, 明年 the year after.
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "明年": 1}
#: Not a year of its own: 上年同期 is a base (read with 同比), 如今年轻, 上年纪, 至今年均 are other words.
_RELATIVE = re.compile("(今年|本年|去年|上年|明年)(?!同期|轻|纪|代|龄|份|均)")
#: What may stand just before a relative year: the start of a clause, a preposition, or the place it is
#: said of (该省今年, 全国去年); after other characters the two are usually part of a word (如今年, 以上年,
#: 成本年, 说明年), and after 比/较/与 (比上年) they are a base read with 同比.
_RELATIVE_AFTER = ("在", "于", "从", "自", "到", "截至", "截止", "聚焦", "展望", "回顾", "预计", "省", "市", "县", "区",
                   "国", "府")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 28 if month == 2 and not leap else _MONTH_DAYS[month - 1]


def _as_of(period: str, kind: str, day: str | None, end: bool) -> str:
    """The date an as-of mention names: its day, or with 底/末 the last day of its period, else the period."""
    last = period.split("/")[-1]
    if day:
        return f"{last}-{int(day):02d}"
    if kind in ("part", "bare-part") or end:
        if len(last) == 4:
            return f"{last}-12-31"
        y, m = int(last[:4]), int(last[5:7])
        return f"{last}-{_last_day(y, m):02d}"
    return last


def _mm(n: str) -> str:
    return f"{int(n):02d}"


def _relative_years(norm: str, year: int) -> dict[int, tuple[int, int]]:
    """Each relative year (今年, 去年, 明年…) the text names: its start -> its end and the year it is."""
    out = {}
    for m in _RELATIVE.finditer(norm):
        a = m.start()
        if a == 0 or norm[a - 1] in CLAUSE_ENDS + " \t“\"(（、" or norm.endswith(_RELATIVE_AFTER, 0, a):
            out[a] = (m.end(), year + _RELATIVE_YEARS[m[1]])
    return out


def find_periods(text: str, year: int) -> list[PeriodMention]:
    """Every period named in ``text``. Months without a year are of ``year`` (the document's), or of
    the relative year just before them (去年1—4月); a relative year is counted from ``year``."""
    norm = text.translate(_FULL_WIDTH)
    relative = _relative_years(norm, year)
    year_ending = {end: (a, y) for a, (end, y) in relative.items()}
    taken: list[tuple[int, int]] = [(a, end) for a, (end, _) in relative.items()]
    out = [_mention(norm, a, end, a, str(y), "year", None, relative=True) for a, (end, y) in relative.items()]
    for pattern, kind in _PERIOD_PATTERNS:
        for m in pattern.finditer(norm):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groups()
            # the words before a bare month count from the relative year naming its year (截至去年12月)
            words_from, year_of = year_ending.get(m.start(), (m.start(), year))
            if kind.startswith("bare") and norm.endswith("年", 0, m.start()) and m.start() not in year_ending:
                continue  # 2024年一季度 is read whole; 全年一季度 names no year
            if kind == "bare-month" and m.start() not in year_ending and \
                    not norm.endswith(("截至", "截止", "止到"), 0, m.start()):
                continue  # a month alone (1月14日电) is read only as a date something is counted to
            if kind == "years":
                if int(g[1]) < int(g[0]):
                    continue
                period = f"{g[0]}/{g[1]}"
            elif kind == "months":
                if not (1 <= int(g[1]) <= int(g[2]) <= 12):
                    continue
                period = f"{g[0]}-{_mm(g[1])}/{g[0]}-{_mm(g[2])}"
            elif kind == "month":
                if not 1 <= int(g[1]) <= 12:
                    continue
                period = f"{g[0]}-{_mm(g[1])}"
            elif kind == "part":
                a, b = _QUARTERS[g[1]]
                period = f"{g[0]}-{a}/{g[0]}-{b}"
            elif kind == "year":
                period = g[0]
            elif kind == "bare-month":
                if not 1 <= int(g[0]) <= 12:
                    continue
                period = f"{year_of}-{_mm(g[0])}"
            elif kind == "bare-months":
                if not (1 <= int(g[0]) <= int(g[1]) <= 12):
                    continue
                period = f"{year_of}-{_mm(g[0])}/{year_of}-{_mm(g[1])}"
            else:
                a, b = _QUARTERS[g[0]]
                period = f"{year_of}-{a}/{year_of}-{b}"
            day = g[2] if kind == "month" else g[1] if kind == "bare-month" else None
            taken.append((m.start(), m.end()))
            out.append(_mention(norm, m.start(), m.end(), words_from, period, kind, day))
    return sorted(out, key=lambda p: p.start)


def _mention(norm: str, start: int, end: int, words_from: int, period: str, kind: str, day: str | None,
             relative: bool = False) -> PeriodMention:
    """The period named at ``norm[start:end]``, its role read from the words before ``words_from``
    and after ``end``."""
    yearly = kind in ("years", "year")
    before = norm[max(0, words_from - 3):words_from]
    after = norm[end:end + 2]
    as_of = None
    if re.search(r"(截至|截止|截止到)$", before):
        role = "as-of"
        as_of = _as_of(period, kind, day, after.startswith(("底", "末")))
    elif re.search(r"(到|至|力争到|争取到)$", before) or after.startswith(("前", "末")) and yearly:
        role = "target"
    elif re.search(r"(较|比|相比|与)$", before):
        role = "base"
    else:
        role = "plain"
    return PeriodMention(start, end, period, role, yearly, as_of, relative)


def aside_spans(text: str) -> list[tuple[int, int]]:
    """Lines wholly in parentheses: an editor's or speaker's aside, not the document's statement."""
    # no bracket inside: （一）推进…（…负责） is a numbered item with a note, not an aside
    return [(m.start(), m.end()) for m in re.finditer(r"(?m)^[ \t]*[(（][^\n()（）]*[)）][。.]?[ \t]*$", text)]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: names (“415X”, “千项万亿”), or quoted words that state a quantity."""
    return [(m.start(), m.end()) for m in re.finditer("“[^“”\n]{0,40}”|「[^「」\n]{0,40}」|\"[^\"\n]{0,40}\"", text)]


def _title_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside book-title marks: a document's title, never quantities."""
    return [(m.start(), m.end()) for m in re.finditer("《[^《》\n]{0,60}》", text)]


def measured(n: Number) -> bool:
    """Whether a number states a measured quantity by a unit of measure written after it (5.5%, 1.4万亿元,
    150万吨), rather than counting (千项, 4个), a year or a multiple: in quotation marks such a number is
    still a quantity (将“生产总值增长5.5%左右”列入…目标), where a count or a bare number is part of a name."""
    return (n.value is not None and not n.notes and n.unit not in ("count", "year", "times", "index")
            and not n.written.endswith("成"))


def states_quantity(phrase: str) -> bool:
    """Whether a quoted phrase (without its quotation marks) states a measured quantity: not a name."""
    return any(measured(n) for n in find_numbers(phrase))


_ARABIC = re.compile(r"(?<![\d.A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_ZH = re.compile("[" + _ZH_NUMERAL + "]+(?:万亿|亿|万)?|(?<![" + _ZH_NUMERAL + "])(?:万亿|亿)")
_LIST_ITEM = re.compile(r"[、和及与]")


def _clause_start(text: str, i: int) -> int:
    j = i
    while j > 0 and text[j - 1] not in CLAUSE_ENDS:
        j -= 1
    return j


def _listed_items(prefix: str) -> int:
    """How many items the text just before a count lists: ``A、B和C`` -> 3."""
    prefix = re.sub(r"(这|等|共|上述)$", "", prefix)
    if not prefix or not _LIST_ITEM.search(prefix):
        return 0
    return len([p for p in _LIST_ITEM.split(prefix) if p.strip()])


def _unit_after(norm: str, i: int, chinese: bool) -> tuple[str | None, str | None, str, int]:
    """The scale, unit and their words that follow a number ending at ``i``, and where they end."""
    scale = next((s for s in _SCALES if norm.startswith(s, i)), None)
    j = i + len(scale) if scale else i
    units = _UNITS + (_ZH_ONLY_UNITS if chinese else ())
    extra = ""
    if norm.startswith(("多", "余"), j) and any(norm.startswith(w, j + 1) for w, _ in units):
        extra = norm[j]
        j += 1
    for word, unit in units:
        if norm.startswith(word, j) and not norm.startswith(word + "数", j):  # 两位数: digits, not people
            return scale, unit, extra, j + len(word)
    return scale, None, extra, j


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every quantity stated in ``text[start:end]``, in order.

    >>> [(n.written, str(n.value), n.scale, n.unit) for n in find_numbers("全省工业增加值达到2.94万亿元,占GDP比重达35.6%")]
    [('2.94万亿元', '2.94', '万亿', 'CNY'), ('35.6%', '35.6', None, 'share')]
    >>> [(n.written, str(n.value), n.unit, n.comparator) for n in find_numbers("营收占全省规上的七成")]
    [('七成', '70', 'share', 'about')]
    """
    end = len(text) if end is None else end
    norm = text.translate(_FULL_WIDTH)  # same length: offsets hold
    quoted = _quoted_spans(norm)
    skipped = _title_spans(norm) + aside_spans(norm) + [(p.start, p.end) for p in find_periods(norm[:end], 2000)]
    found: list[Number] = []
    candidates = [(m, False) for m in _ARABIC.finditer(norm, start, end)]
    candidates += [(m, True) for m in _ZH.finditer(norm, start, end)]
    for m, chinese in sorted(candidates, key=lambda c: c[0].start()):
        a, b = m.start(), m.end()
        if any(s <= a < e for s, e in skipped):
            continue
        if found and a < found[-1].end:
            continue
        number = _read(norm, text, a, b, chinese, start)
        if number is not None and any(s <= a < e for s, e in quoted) and not measured(number):
            continue  # “415X”, “千项万亿”: a name
        if number is not None:
            found.append(number)
    doubled = _doublings(norm, text, start, end, quoted + skipped) + _full_coverage(norm, text, start, end,
                                                                                    quoted + skipped)
    if doubled:
        found = sorted([n for n in found if not any(d.start <= n.start < d.end for d in doubled)] + doubled,
                       key=lambda n: n.start)
    return found


def _read(norm: str, text: str, a: int, b: int, chinese: bool, floor: int) -> Number | None:
    token = norm[a:b]
    before = norm[max(floor, a - 6):a]
    line_start = norm.rfind("\n", 0, a) + 1
    at_line_start = not norm[line_start:a].strip(" \t*#【[(（")
    if chinese:
        scale_in = next((s for s in _SCALES if token.endswith(s)), None)
        digits = token[:-len(scale_in)] if scale_in else token
        bare = digits == ""
        if digits == "" and scale_in:  # 万亿 alone: a value only after a verb of amount (突破万亿)
            if not re.search("(" + "|".join(_MORE + _AT_LEAST + _ABOUT) + r"|达到?|为|是)$", before):
                return None
            n: int | None = 1
        else:
            n = zh_numeral(digits)
        if n is None:
            return None
        b = a + len(digits)
        value = Decimal(n)
    else:
        if norm.startswith(("月", "日", "号"), b) or re.match(r"\s*[—–\-－~～]\s*\d", norm[b:b + 3]):
            return None  # a date or a range of months (periods are read apart)
        if re.match(r"[A-Za-z]", norm[b:b + 1]):
            return None  # 5G, 415X: part of a name
        if norm.startswith((":", "：", "是"), b) or at_line_start and re.match(r"[.、)）]", norm[b:b + 1]):
            return None  # the label of an item: 1. 2、 问题 1:
        value = Decimal(token.replace(",", ""))
        bare = False
    if before.endswith("第"):
        return _rank(norm, a, b, value, before)
    if before.endswith("前") and re.search("(居|列|位居|位列|进入|排名)[^，,。；;]{0,6}前$", norm[max(floor, a - 12):a]):
        return _rank(norm, a, b, value, before, within=True)
    scale, unit, extra, stop = _unit_after(norm, b, chinese)
    if chinese:
        if unit is None and not (bare and scale):
            return None  # 三农, 五千亿产业集群: a Chinese numeral without a unit is part of a word
        if n == 1 and unit not in ("times", "share") and not scale:
            return None  # 一个, 一批, 一项: "a", not a quantity
        if unit == "count" and _listed_items(norm[_clause_start(norm, a):a]) == n:
            return None  # A、B和C三个方面: sums up what was just listed
        if norm[b:stop] == "大" and (re.search("(党的|中共|党的第)$", before) or
                                    re.match("(精神|报告|以来|代表|召开|胜利|会议)", norm[stop:stop + 2])):
            return None  # 党的二十大: a Party congress, not twenty of something
    if unit is None:
        if scale is None:
            return None  # a bare number: a code, a label, a year
        unit = "CNY"
        notes: tuple[str, ...] = (f"TODO: no unit written after {scale}; CNY assumed",)
    else:
        notes = ()
    if unit == "year" and not chinese and len(token) == 4 and 1900 <= value <= 2100:
        return None
    if unit == "share" and norm[stop - 1] == "成":
        value *= 10
    if unit == "percent" and _is_share(norm[_clause_start(norm, a):a]):
        unit = "share"
    comparator = _comparator(norm, a, stop, floor, unit)
    if extra:
        comparator = "more-than"
    if norm[stop - 1] == "成" and comparator is None:
        comparator = "about"
    if unit in ("percent", "percentage-point") and re.search("(" + "|".join(_FALL) + ")了?$", before):
        value = -value
    expresses = _expresses(norm, a, unit)
    if unit == "share" and value > 100:  # 投资完成率129.6%: a rate, but more than a part of a whole: a level
        unit, expresses = "percent", "level"
    return Number(a, stop, text[a:stop], value, scale, unit, comparator, notes=notes, expresses=expresses)


def _rank(norm: str, a: int, b: int, value: Decimal, before: str, within: bool = False) -> Number | None:
    """``居全国第三``, ``均居全国前三``: a rank, to be given to the value it qualifies."""
    if value < 1 or value != value.to_integral_value():
        return None
    context = norm[max(0, a - 12):a]
    if not re.search("(居|列|位居|位列|排名|排|位|进入)[^，,。；;]{0,6}(第|前)$", context) and \
            not re.search("(全国|全省|全球|世界|全市|全区)(第|前)$", context):
        return None  # 第三届, 第一章: an ordinal, not a rank
    end = b + (1 if norm.startswith(("名", "位"), b) else 0)
    return Number(a - 1, end, norm[a - 1:end], None, None, "index", rank=int(value), rank_within=within)


def _is_share(prefix: str) -> bool:
    """Whether a percentage is a part of a whole (占…比重, …率) rather than a change (增长6%)."""
    if any(prefix.endswith(w) or prefix.endswith(w + "了") for w in _GROWTH_WORDS):
        return False
    if any(w in prefix for w in ("增长率", "增速", "增幅", "贡献率")):
        return False
    return any(w in prefix for w in _SHARE_WORDS)


def _comparator(norm: str, a: int, stop: int, floor: int, unit: str) -> str | None:
    """The comparator the words around a number give: 以上/不低于 at-least, 超过 more-than, 约/左右
    about, 近 nearly, 不超过/以内/以下 at-most, 低于/不到 less-than (以上, 以下 and 以内 include the
    number in Chinese official usage)."""
    listed = re.search(r"(?:[\d.]+[%％]?、)+$", norm[max(floor, a - 40):a])
    if listed and "分别" in norm[max(floor, _clause_start(norm, a)):a]:
        a = a - len(listed[0])  # 分别超过90%、75%: the words before the first value hold for each
    before = norm[max(floor, a - 4):a]
    after = norm[stop:stop + 3]
    if after.startswith(("以上", "及以上")):
        return "at-least"
    if after.startswith(("以下", "及以下", "以内")):
        return "at-most"
    if after.startswith("左右"):
        return "about"
    if any(before.endswith(w) for w in _AT_LEAST + _AT_MOST):  # before 低于 and 高于: 不低于 ends with them
        return "at-least" if any(before.endswith(w) for w in _AT_LEAST) else "at-most"
    if before.endswith("近") and unit == "year":
        return None  # 近三年, 近5年: the last years, not nearly so many
    for words, name in ((_MORE, "more-than"), (_LESS, "less-than"), (_NEARLY, "nearly"), (_ABOUT, "about")):
        if any(before.endswith(w) for w in words):
            return name
    return None


def _expresses(norm: str, a: int, unit: str) -> str | None:
    """What a value states when its unit does not imply it: a growth rate (同比增长6%, 分别增长7.1%、6.3%),
    a change (增加100亿元) or a multiple (是…的2倍); share, percentage-point and times say it themselves."""
    prefix = re.sub(r"(?:[\d.]+[%％]?[、和及])+$", "", norm[_clause_start(norm, a):a])  # 分别增长7.1%、6.3%
    if not _CHANGE.search(prefix):
        return None
    if unit == "percent" or unit == "times":
        return "growth-rate"
    if unit in ("share", "percentage-point", "year"):
        return None
    return "change"


#: 实现…全覆盖 (full coverage attained or aimed at): every unit of the set is covered, a share of 100%;
#: 基本实现 (basically attained) is nearly so. Without a verb of attainment (推进全覆盖) it is a direction.
_FULL_COVERAGE = re.compile("(基本)?(?:实现|达到|做到)[^" + CLAUSE_ENDS + "]{0,30}?全覆盖")


def _full_coverage(norm: str, text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> list[Number]:
    """实现全覆盖 -> 100 ``share``: the share of the units covered, as statistics count coverage."""
    out = []
    for m in _FULL_COVERAGE.finditer(norm, start, end):
        a = m.end() - 3
        if any(s <= a < e for s, e in quoted):
            continue
        out.append(Number(a, m.end(), text[a:m.end()], Decimal(100), None, "share", "nearly" if m[1] else None))
    return out


def _doublings(norm: str, text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> list[Number]:
    """翻一番 (2), 翻两番 (4), 翻番 (2): a multiple of the base."""
    out = []
    for m in _DOUBLINGS.finditer(norm, start, end):
        if any(s <= m.start() < e for s, e in quoted):
            continue
        times = {"一": 1, None: 1, "两": 2, "二": 2, "三": 3}[m[1]]
        out.append(Number(m.start(), m.end(), text[m.start():m.end()], Decimal(2 ** times), None, "times",
                          _comparator(norm, m.start(), m.end(), start, "times")))
    return out
