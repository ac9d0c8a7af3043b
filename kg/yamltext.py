"""Safe YAML parsing that keeps positions and refuses what a plain loader lets through.

PyYAML silently keeps the last of two equal keys, expands aliases without bound and
constructs arbitrary Python objects for some tags; here each of those is a located problem.
"""

from __future__ import annotations

import codecs
import re

import yaml

from kg.errors import Problem
from kg.records import Loc

__all__ = ["decode", "parse_yaml", "loc", "MAX_DEPTH", "MAX_NODES", "MAX_CHARS"]

try:  # the C composer is several times faster and keeps the same marks
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _Loader(_Base):
    """The safe loader, with the tag of each node resolved faster. The composer asks for every
    node, and PyYAML's answer is a generic lookup: a mapping or a sequence always gets the default
    tag (a safe loader has no path resolvers), and most scalars are text whose first character no
    implicit type (number, bool, null, date) can start with; the rest are few distinct values
    (years, numbers, keys such as ``text``), each looked up once per file."""

    _starts = frozenset(k for k in yaml.SafeLoader.yaml_implicit_resolvers if k is not None)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._resolved: dict[str, str] = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool],
                _scalar: type = yaml.ScalarNode, _str: str = _STR) -> str:
        if kind is not _scalar:
            return _MAP if kind is yaml.MappingNode else _SEQ
        if not implicit[0] or (value and value[0] not in self._starts):
            return _str
        tag = self._resolved.get(value)
        if tag is None:
            tag = self._resolved[value] = super().resolve(kind, value, implicit)
        return tag

    @property
    def odd_tags(self) -> bool:
        """Whether a value was given a tag kg refuses (``<<`` is a merge key, ``=`` a value key)."""
        return not _STANDARD_TAGS.issuperset(self._resolved.values())

    # SafeLoader has no path resolvers: nothing to track while descending
    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

#: Deepest nesting accepted; real data needs fewer than ten levels.
MAX_DEPTH = 64
#: Most nodes one file may expand to (aliases included): refuses "billion laughs".
MAX_NODES = 5_000_000
#: Most characters of text one file may expand to (aliases included): a few aliases of one long
#: string are few nodes but gigabytes of text.
MAX_CHARS = 100_000_000

#: Characters that no text may hold, even written as escapes ("\\e", "\\x01", "\\uFFFE"): C0 and C1
#: controls (tab and line breaks aside), DEL, surrogates and the non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def loc(path: str, node: yaml.Node) -> Loc:
    """The 1-based location of ``node`` in the file ``path``."""
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a data file as UTF-8 (a BOM is allowed), naming the likely encoding when it is not."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [Problem(Loc(path, 1, 1), "file is UTF-16 or UTF-32; save it as UTF-8", unreadable=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[data.rfind(b"\n", 0, e.start) + 1:e.start].decode("utf-8", "replace")) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        return None, [Problem(Loc(path, line, column), f"file is not valid UTF-8{hint}; save it as UTF-8", unreadable=True)]
    return text, []


def parse_yaml(text: str, path: str) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose ``text`` into a node tree, with every structural problem located.

    >>> node, problems = parse_yaml("a: 1\\na: 2\\n", "x.yaml")
    >>> [str(p) for p in problems]
    ["x.yaml:2:1: duplicate key 'a' (first at line 1)"]
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1, 1)
        what = " ".join(s for s in (e.context, e.problem) if s)
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            what += " (a tab: indent YAML with spaces)"
        elif "mapping values are not allowed" in what:
            what += " (a line indented differently from the one above it, or text holding ': ' without quotes)"
        if "nesting depth" in what:
            what = f"nesting is too deep (the limit is {MAX_DEPTH} levels)"
            return None, [Problem(where, what, unreadable=True)]
        return None, [Problem(where, f"YAML syntax error: {what}", unreadable=True)]
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        return None, [Problem(Loc(path, line, column),
                              f"control character U+{_codepoint(e.character):04X} is not allowed in YAML; remove it",
                              unreadable=True)]
    except RecursionError:
        return None, [Problem(Loc(path, 1, 1), f"nesting is too deep (the limit is {MAX_DEPTH} levels)",
                              unreadable=True)]
    finally:
        loader.dispose()
    if node is None:
        return None, []
    problems: list[Problem] = []
    aliases = "*" in text
    controls = "\\" in text or _CONTROL.search(text) is not None
    # the text says that no value needs a look: no alias to expand, no escape or control character
    # to search for, no '!' to give a tag (and no '<<' or '=' given one); only collections do
    if aliases or controls or "!" in text or loader.odd_tags or not _plain_structure(node):
        _check(node, path, problems, aliases=aliases, controls=controls)
    return node, problems


def _codepoint(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def _too_big(root: yaml.Node, path: str, values: int, chars: int) -> Problem | None:
    if values > MAX_NODES:
        return Problem(loc(path, root), f"file expands to more than {MAX_NODES:,} values (aliases included); refusing it")
    if chars > MAX_CHARS:
        return Problem(loc(path, root), f"file expands to more than {MAX_CHARS:,} characters (aliases included); "
                                        "refusing it")
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes :func:`_check` walks into from ``node``."""
    if node.tag not in _STANDARD_TAGS:
        return []
    if isinstance(node, yaml.MappingNode):
        return [value for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _expanded_size(root: yaml.Node) -> tuple[int, int] | None:
    """The values and characters ``root`` expands to, each alias counted as often as it is used,
    found visiting each node once (a "billion laughs" is a few dozen nodes); None when a node holds
    itself, which the walk then refuses as too deep."""
    sizes: dict[int, tuple[int, int]] = {}
    open_: set[int] = set()  # the nodes being sized: the path from the root to the node on top
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            open_.discard(id(node))
            inner = [sizes[id(child)] for child in _children(node)]
            own = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
            sizes[id(node)] = (1 + sum(v for v, _ in inner), own + sum(c for _, c in inner))
        elif id(node) not in sizes:
            if id(node) in open_:
                return None
            open_.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _plain_structure(root: yaml.Node) -> bool:
    """Whether :func:`_check` would find nothing, for a text with no alias, escape, control
    character or tag: then only collections can hold a problem (a key that is not a plain value,
    a duplicate key, too deep, too many values), and each value needs no look. False means ask
    :func:`_check`, which says what is wrong. Every scalar's text is a part of the file's, so the
    characters stay under :data:`MAX_CHARS` (a file is at most 64 MiB)."""
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    level: list[yaml.Node] = [root] if type(root) is not scalar else []
    depth, seen = 0, 1
    while level:
        depth += 1
        if depth >= MAX_DEPTH:  # its values would be the level past the limit
            return False
        below: list[yaml.Node] = []
        for node in level:
            items = node.value
            if type(node) is mapping:
                seen += 2 * len(items)
                try:  # a key that is a collection has a list for its value: unhashable
                    if len({key.value for key, _ in items}) != len(items):
                        return False
                except TypeError:
                    return False
                below += [value for _, value in items if type(value) is not scalar]
            else:
                seen += len(items)
                below += [item for item in items if type(item) is not scalar]
        if seen > MAX_NODES:
            return False
        level = below
    return True


def _check(root: yaml.Node, path: str, problems: list[Problem], aliases: bool = True, controls: bool = True) -> None:
    """Walk iteratively (no recursion limit to hit) checking tags, keys, depth and size; each
    value's characters too when ``controls`` says the text may hold a control character."""
    size = _expanded_size(root) if aliases else None
    too_big = _too_big(root, path, *size) if size is not None else None
    if too_big is not None:  # refused at once, not after walking millions of values
        problems.append(too_big)
        return
    # level by level: the depth is the level's, and no (node, depth) pair is made per node
    level: list[yaml.Node] = [root]
    depth = seen = chars = 0
    scalar, mapping, sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    while level:
        depth += 1
        below: list[yaml.Node] = []
        for node in level:
            seen += 1
            is_scalar = isinstance(node, scalar)
            if is_scalar:
                chars += len(node.value)
            if seen > MAX_NODES or chars > MAX_CHARS:
                problems.append(_too_big(root, path, seen, chars))  # type: ignore[arg-type]
                return
            if controls and is_scalar:
                bad = _CONTROL.search(node.value)
                if bad:
                    problems.append(Problem(loc(path, node), f"control character U+{ord(bad[0]):04X} is not "
                                                             "allowed in text, even escaped; remove it"))
            if depth > MAX_DEPTH:
                problems.append(Problem(loc(path, node), f"nesting is too deep (the limit is {MAX_DEPTH} levels)"))
                return
            if node.tag not in _STANDARD_TAGS:
                shown = node.tag.replace("tag:yaml.org,2002:", "!!")
                problems.append(Problem(loc(path, node), f"tag '{shown}' is not allowed; only plain YAML values are"))
                continue
            if isinstance(node, mapping):
                first: dict[str, int] = {}
                for key, value in node.value:
                    if not isinstance(key, scalar):
                        problems.append(Problem(loc(path, key), "a key must be a plain value"))
                        continue
                    if key.value in first:
                        problems.append(Problem(loc(path, key),
                                                f"duplicate key '{key.value}' (first at line {first[key.value]})"))
                    else:
                        first[key.value] = key.start_mark.line + 1
                    below.append(value)
            elif isinstance(node, sequence):
                below.extend(node.value)
        level = below
