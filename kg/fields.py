"""Field types as objects: each knows how its value is read from a YAML node (with located
problems), which triples it makes, and how JSON Schema describes it. The loader, the triples and
``kg schema`` all ask the type, so the three cannot drift apart.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Collection, Iterable, Iterator

import pyoxigraph as ox
import yaml

from kg.errors import Problem
from kg.iri import iri_problem, short
from kg.periods import parse_period
from kg.records import Citation, Loc
from kg.vocab import XSD

if TYPE_CHECKING:
    from kg.model import Field
    from kg.triples import Emitter

__all__ = ["Reader", "FieldType", "Text", "Date", "Labels", "ExternalIris", "Ref", "Refs", "Number", "Whole", "Boolean", "Choice",
           "Scale", "Unit", "PeriodType", "Citations", "Span", "Nested", "describe", "suggest",
           "ID_PATTERN", "LANG_PATTERN", "LANGS", "MAX_DIGITS", "TODO"]

#: Ids are ASCII slugs so that IRIs derived from them need no escaping.
# not ending in "." : a Turtle prefixed name cannot end with one unescaped, and not every reader takes "\."
ID_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9_-])?$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
#: Languages every entity label should be given in: at least one is required; a missing one is a
#: translation to do, a warning (an error with ``kg validate --strict``).
LANGS: tuple[str, ...] = ("zh", "en")
#: The text that stands for a label still to be translated (``kg draft`` writes it): read as missing.
TODO = "TODO"
#: Most digits of a number, and largest power of ten, kept exactly as written.
MAX_DIGITS = 100

_LANG = re.compile(LANG_PATTERN)
_NUMBER_WITH_WORDS = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(%|[十百千万亿]+)?")
_CITATION_KEYS = ("ref", "quote", "at")
_SCALAR_NAMES = {"int": "a whole number", "float": "a number", "bool": "true/false", "null": "nothing",
                 "str": "text", "timestamp": "a date"}
_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN}
#: A reference: an id, or ``other-dataset:id`` for an entity of another data set.
_REF_SCHEMA = {"type": "string", "pattern": "^(?:" + ID_PATTERN[1:-1] + ":)?" + ID_PATTERN[1:]}
#: An entity of another data set: ``dataset:id``.
_OTHER_REF_SCHEMA = {"type": "string", "pattern": "^" + ID_PATTERN[1:-1] + ":" + ID_PATTERN[1:]}
_OTHER_REF = re.compile(_OTHER_REF_SCHEMA["pattern"])
_IRI_START = re.compile(r"^https?://")
_INTEGER, _DECIMAL, _BOOLEAN = (ox.NamedNode(t) for t in (XSD.integer, XSD.decimal, XSD.boolean))
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)
_CITATION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["ref", "quote"],
    "properties": {
        "ref": {**_ID_SCHEMA, "description": "Id of the source."},
        "quote": {"type": "string", "minLength": 1, "description": "Exact text of the passage."},
        "at": {"type": "integer", "minimum": 0, "description": "Offset of the quote, when it occurs more than once."},
    },
}


def describe(node: yaml.Node) -> str:
    """What a node holds, for messages: ``a list``, ``text 'abc'``, ``nothing``."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = _SCALAR_NAMES.get(node.tag.rsplit(":", 1)[-1], "a value")
    return f"{kind} '{short(node.value)}'" if node.value != "" else "nothing"


def suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def integer_literal(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def decimal_literal(value: Decimal) -> ox.Literal:
    """An ``xsd:decimal`` in its XSD 1.1 canonical form (``100``, ``2.94``), the form a pyoxigraph
    store keeps, so every output path writes the same literal.

    Every digit written is kept: no arithmetic context (28 digits) touches the value.

    >>> decimal_literal(Decimal("1.23456789012345678901234567890123")).value
    '1.23456789012345678901234567890123'
    >>> decimal_literal(Decimal("5.0E+3")).value, decimal_literal(Decimal("2.940")).value, decimal_literal(Decimal("-0.0")).value
    ('5000', '2.94', '0')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ox.Literal("0" if text in ("-0", "") else text, datatype=_DECIMAL)


class Reader:
    """Reads the nodes of one file, collecting problems instead of raising."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def at(self, node: yaml.Node) -> Loc:
        mark = node.start_mark  # yamltext.loc, inline: every value read asks for its location
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node: yaml.Node, message: str, entity: str | None = None) -> None:
        self.problems.append(Problem(self.at(node), message, entity))

    def text(self, node: yaml.Node, what: str, who: str | None) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null" and node.value.strip():
            return node.value
        self.fail(node, f"{what}: expected text, found {describe(node)}", who)
        return None

    def number(self, node: yaml.Node, what: str, who: str | None) -> Decimal | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = None
            if value is not None and value.is_finite():
                if len(value.as_tuple().digits) <= MAX_DIGITS and abs(value.adjusted()) <= MAX_DIGITS:
                    return value
                self.fail(node, f"{what}: {short(node.value)} is out of range: kg keeps numbers exactly as "
                                f"written, with at most {MAX_DIGITS} digits", who)
                return None
        hint = ""
        if isinstance(node, yaml.ScalarNode):
            m = _NUMBER_WITH_WORDS.match(node.value)
            if m and m[2] == "%":
                hint = f"; write {m[1]} and give the unit as 'percent'"
            elif m and m[2] in Scale.POWERS:
                hint = f"; write {m[1]} and put '{m[2]}' in 'scale'"
        self.fail(node, f"{what}: expected a number, found {describe(node)}{hint}", who)
        return None

    def integer(self, node: yaml.Node, what: str, who: str | None) -> int | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                pass
        self.fail(node, f"{what}: expected a whole number, found {describe(node)}", who)
        return None

    def keys(self, node: yaml.MappingNode, allowed: Collection[str], what: str, who: str | None) -> dict[str, yaml.Node]:
        """The mapping's values by key; keys not in ``allowed`` (a set, or a dict by key) are
        problems with a suggestion."""
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            if k.value in allowed:
                out[k.value] = v
            else:
                self.fail(k, f"unknown key '{short(k.value)}' in {what}{suggest(k.value, allowed)}", who)
        return out


class FieldType:
    """One sort of value. Subclasses say how it is read, emitted and described."""

    #: Its values name other entities (checked by :mod:`kg.checks`).
    reference = False
    #: Its triples need no predicate of the field's own (offsets, provenance).
    own_predicates = False

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> Any:
        """The value of ``node``, or ``None`` after recording why it is not one."""
        raise NotImplementedError

    def references(self, value: Any) -> list[str]:
        """The ids (``id`` or ``dataset:id``) a value of a reference type names."""
        if isinstance(value, str):
            return [value]
        return list(value) if isinstance(value, list) else []

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: Any) -> Iterator[ox.Quad]:
        """The triples stating ``value`` of ``subject``."""
        raise NotImplementedError

    def schema(self, f: Field) -> dict[str, Any]:
        """Its JSON Schema."""
        raise NotImplementedError


class Text(FieldType):
    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> str | None:
        v = r.text(node, f.name, who)
        return v.strip() if v else v

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: str) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, ox.Literal(value))

    def schema(self, f: Field) -> dict[str, Any]:
        return dict(_ID_SCHEMA) if f.name == "id" else {"type": "string", "minLength": 1}


class Date(Text):
    """An ISO 8601 date: a year, a month or a day (2024, 2024-03, 2024-03-07) that exists."""

    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> str | None:
        text = super().read(r, node, f, who)
        if text is None:
            return None
        m = self._PATTERN.match(text)
        try:
            if m is None:
                raise ValueError
            import datetime

            datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            r.fail(node, f"{f.name}: expected an ISO 8601 date such as 2024, 2024-03 or 2024-03-07, "
                         f"found '{short(text)}'", who)
            return None
        return text

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"}


class Labels(FieldType):
    """Text per language; with ``lists``, several texts per language."""

    def __init__(self, lists: bool = False) -> None:
        self.lists = lists

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> dict[str, object] | None:
        if not isinstance(node, yaml.MappingNode):
            r.fail(node, f"{f.name}: expected a mapping of language to text, e.g. {{zh: ..., en: ...}}, "
                         f"found {describe(node)}", who)
            return None
        out: dict[str, object] = {}
        for k, v in node.value:
            if not _LANG.match(k.value):
                if node.flow_style and isinstance(v, yaml.ScalarNode) and v.value == "":
                    r.fail(k, f"{f.name}: a comma ends the text before '{k.value}'; "
                              "put text that holds a comma in quotes", who)
                else:
                    r.fail(k, f"{f.name}: '{k.value}' is not a language tag such as zh or en", who)
                continue
            if self.lists and isinstance(v, yaml.SequenceNode):
                items = [r.text(i, f"{f.name}.{k.value}", who) for i in v.value]
                out[k.value] = [i for i in items if i is not None]
            else:
                text = r.text(v, f"{f.name}.{k.value}", who)
                if text is not None and text.strip() != TODO:  # TODO: a translation still to do
                    out[k.value] = text.strip()
        if f.required and not any(lang in out for lang in LANGS):  # one is enough: the rest are translations
            for lang in LANGS:  # to do, which kg.checks.translation_gaps reports
                if lang not in out and not any(k.value == lang and (not isinstance(v, yaml.ScalarNode) or
                                                                     v.value.strip() != TODO) for k, v in node.value):
                    r.fail(node, f"{f.name}: missing the '{lang}' text", who)
        return out

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: dict) -> Iterator[ox.Quad]:
        return e.labels(subject, p, value)

    def schema(self, f: Field) -> dict[str, Any]:
        text: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.lists:
            text = {"anyOf": [text, {"type": "array", "items": text}]}
        out: dict[str, Any] = {"type": "object", "propertyNames": {"pattern": LANG_PATTERN},
                               "additionalProperties": text}
        if f.required:  # one language at least; the others are translations to do (warnings)
            out["anyOf"] = [{"required": [lang]} for lang in LANGS]
        return out


class Ref(FieldType):
    """The id of one other entity of the data set."""

    reference = True

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> str | None:
        v = r.text(node, f.name, who)
        return v.strip() if v else None

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: str) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, e.iri(value))

    def schema(self, f: Field) -> dict[str, Any]:
        return dict(_REF_SCHEMA)


class Refs(FieldType):
    """Ids of other entities: one, or a list."""

    reference = True

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> list[str]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = [r.text(i, f.name, who) for i in items]
        return [i.strip() for i in out if i is not None]

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: list[str]) -> Iterator[ox.Quad]:
        for target in value:
            yield ox.Quad(subject, p, e.iri(target))

    def schema(self, f: Field) -> dict[str, Any]:
        return {"anyOf": [_REF_SCHEMA, {"type": "array", "items": _REF_SCHEMA}]}


class ExternalIris(FieldType):
    """What an entity is elsewhere: one, or a list, of http(s) IRIs outside the graph (Wikidata, an
    official code list), each checked, or of entities of another data set built with it
    (``dataset:id``), checked like any reference."""

    reference = True

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> list[str] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for item in items:
            text = r.text(item, f.name, who)
            if text is None:
                continue
            text = text.strip()
            if re.match(r"^https?://\S+$", text):
                problem = iri_problem(text)
            elif _OTHER_REF.match(text):
                problem = None
            else:
                problem = "is neither an http(s) IRI nor an entity of another data set (dataset:id)"
            if problem is None:
                out.append(text)
            else:
                r.fail(item, f"{f.name}: '{short(text)}' {problem}", who)
        return out

    def references(self, value: Any) -> list[str]:
        return [v for v in value if not _IRI_START.match(v)] if isinstance(value, list) else []

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: list[str]) -> Iterator[ox.Quad]:
        for target in value:
            yield ox.Quad(subject, p, ox.NamedNode(target) if _IRI_START.match(target) else e.iri(target))

    def schema(self, f: Field) -> dict[str, Any]:
        one = {"anyOf": [{"type": "string", "pattern": r"^https?://\S+$"}, _OTHER_REF_SCHEMA]}
        return {"anyOf": [one, {"type": "array", "items": one}]}


class Number(FieldType):
    """A number exactly as written (``xsd:decimal``)."""

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> Decimal | None:
        return r.number(node, f.name, who)

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: Decimal) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, decimal_literal(value))

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "number"}


class Whole(FieldType):
    """A whole number, 1 or more (a rank)."""

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> int | None:
        v = r.integer(node, f.name, who)
        if v is not None and v < 1:
            r.fail(node, f"{f.name}: must be 1 or more, found {v}", who)
            return None
        return v

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: int) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, integer_literal(value))

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1}


class Boolean(FieldType):
    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        r.fail(node, f"{f.name}: expected true or false, found {describe(node)}", who)
        return None

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: bool) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, _TRUE if value else _FALSE)

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "boolean"}


class Choice(FieldType):
    """One of a few words, each standing for an individual of the ontology."""

    def __init__(self, options: dict[str, str]) -> None:
        self.options = options
        self._nodes = {word: ox.NamedNode(str(iri)) for word, iri in options.items()}

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.value in self.options:
            return node.value
        found = node.value if isinstance(node, yaml.ScalarNode) else ""
        r.fail(node, f"{f.name}: expected one of {', '.join(self.options)}, found {describe(node)}"
                     f"{suggest(found, self.options)}", who)
        return None

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: str) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, self._nodes[value])

    def node(self, word: str) -> ox.NamedNode:
        """The individual ``word`` stands for."""
        return self._nodes[word]

    def schema(self, f: Field) -> dict[str, Any]:
        return {"enum": list(self.options)}


class Scale(Choice):
    """A Chinese scale word (万, 亿, ...), stated as its power of ten (``sdmx-attribute:unitMult``)."""

    POWERS: dict[str, int] = {"十": 1, "百": 2, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8, "万亿": 12}

    def __init__(self) -> None:
        super().__init__({})
        self.options = self.POWERS  # type: ignore[assignment]
        self._powers = {word: integer_literal(n) for word, n in self.POWERS.items()}

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: str) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, self._powers[value])


class Unit(FieldType):
    """A unit code (``CNY``, ``percent``, ...) or a full unit IRI."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.codes = codes
        self._nodes = {code: ox.NamedNode(str(iri)) for code, iri in codes.items()}

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> str | None:
        text = r.text(node, f.name, who)
        if text is None:
            return None
        if text in self.codes:
            return text
        if re.match(r"^https?://\S+$", text):
            problem = iri_problem(text)
            if problem is None:
                return text
            r.fail(node, f"unit: '{short(text)}' {problem}", who)
            return None
        r.fail(node, f"unit: expected one of {', '.join(self.codes)} or a full IRI, found '{text}'"
                     f"{suggest(text, self.codes)}", who)
        return None

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: str) -> Iterator[ox.Quad]:
        yield ox.Quad(subject, p, self._nodes.get(value) or ox.NamedNode(str(value)))

    def schema(self, f: Field) -> dict[str, Any]:
        return {"anyOf": [{"enum": list(self.codes)}, {"type": "string", "pattern": r"^https?://\S+$"}]}


class PeriodType(FieldType):
    """A reference period: 2023, 2024-04, or a range 2024-01/2024-04 (a shared ``period:`` node)."""

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> Any:
        text = r.text(node, f.name, who)
        if text is None:
            return None
        try:
            return parse_period(text)
        except ValueError as e:
            r.fail(node, f"period: {e}", who)
            return None

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: Any) -> Iterator[ox.Quad]:
        yield from e.period(value)
        yield ox.Quad(subject, p, e.period_iri(value))

    def schema(self, f: Field) -> dict[str, Any]:
        part = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
        return {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                          {"type": "string", "pattern": f"^{part}(/{part})?$"}]}


class Citations(FieldType):
    """Passages of a source: ``{ref: SOURCE_ID, quote: exact text, at: offset}``, one or a list."""

    own_predicates = True

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> list[Citation]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                r.fail(item, f"source: expected a mapping {{ref: SOURCE_ID, quote: ...}}, found {describe(item)}", who)
                continue
            values = r.keys(item, _CITATION_KEYS, "source", who)
            for required in ("ref", "quote"):
                if required not in values:
                    r.fail(item, f"source: missing '{required}'", who)
            ref = values.get("ref") and r.text(values["ref"], "source.ref", who)
            quote = values.get("quote") and r.text(values["quote"], "source.quote", who)
            at = r.integer(values["at"], "source.at", who) if "at" in values else None
            if ref and quote:
                out.append(Citation(ref.strip(), quote, r.at(values["quote"]), at))
        return out

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: list[Citation]) -> Iterator[ox.Quad]:
        return e.citations(subject, value, p)

    def schema(self, f: Field) -> dict[str, Any]:
        return {"anyOf": [{"$ref": "#/$defs/citation"}, {"type": "array", "items": {"$ref": "#/$defs/citation"}}]}

    @staticmethod
    def definition() -> dict[str, Any]:
        """The JSON Schema of one citation (``#/$defs/citation``)."""
        return _CITATION_SCHEMA


class Span(FieldType):
    """``[start, end)`` character offsets within a file."""

    own_predicates = True

    def read(self, r: Reader, node: yaml.Node, f: Field, who: str | None) -> tuple[int, int] | None:
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        nums = [r.integer(i, f.name, who) for i in items]
        if len(items) == 2 and None not in nums and 0 <= nums[0] and nums[0] >= nums[1]:  # type: ignore[operator]
            r.fail(node, f"span: the start, {nums[0]}, must come before the end, {nums[1]}", who)
            return None
        if len(items) != 2 or None in nums or nums[0] < 0:  # type: ignore[operator]
            r.fail(node, f"span: expected [start, end] with 0 <= start < end, found {describe(node)}", who)
            return None
        return (nums[0], nums[1])  # type: ignore[return-value]

    def emit(self, e: Emitter, subject: ox.NamedNode, p: ox.NamedNode, value: tuple[int, int]) -> Iterator[ox.Quad]:
        return e.offsets(subject, *value)

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}


class Nested(FieldType):
    """Entities of another kind written inside this one (an indicator's observations); the loader
    reads them as entities of their own."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def schema(self, f: Field) -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": f"#/$defs/{self.kind}_nested"}}
