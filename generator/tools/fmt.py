"""The canonical form of a record file (`portal fmt`), written by ruamel.yaml's round trip, which keeps
comments and the flow style of short lists.

Canonical means: keys in the order the record's JSON Schema lists its properties (keys the schema
does not know keep their order, after the known ones); two-space indentation, list dashes indented
under their key; block style for mappings and long lists, flow style kept where it is short; scalars
as written (dates, numbers, true/false), quotes where YAML 1.2 needs them — the loader's own
resolution (generator/load/yaml/exact.py) decides, so a numeric-looking id such as a Weibo UID stays
quoted — and on text a reader could take for a number (starting with a digit, a sign or a dot, dates
excepted) or a YAML 1.1 yes/no, as `portal import` writes it; double quotes, never single ones; LF line ends, UTF-8 without a BOM, one final newline.

Guarantees: the loader reads the formatted text exactly as it read the original (checked on every
file before anything is written: a file whose meaning would change is refused, never written), and
formatting formatted text changes nothing. A file the loader refuses is not formatted; its problem is
reported instead.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from generator.load import schema as schema_check
from generator.load import texts
from generator.load.mistakes import explain_syntax
from generator.load.read import SIZE_LIMITS
from generator.load.yaml.exact import load_exact
from generator.load.yaml.fast import load_fast
from generator.load.yaml.text import YamlIssue, decode
from generator.problems import Problem, Severity
from generator.tools.yaml_emit import dump

FLOW_LIMIT = 100  # a flow collection whose line would be longer is written in block style


class Verbatim(str):
    """A plain scalar that is not text (a number, true/false, null): written back exactly as it was."""

    tag = ""


# YAML 1.2 core schema, as generator/load/yaml/exact.py resolves plain scalars.
_CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
]


class _CoreResolver(VersionedResolver):
    """Plain scalars resolve as the loader resolves them: no YAML 1.1 forms, no dates, no `1_000`."""

    _TABLE: dict[Any, list[tuple[str, re.Pattern[str]]]] = {None: [(t, re.compile(p)) for t, p in _CORE]}

    @property
    def versioned_resolver(self) -> Any:
        return self._TABLE

    @property
    def processing_version(self) -> Any:
        return (1, 2)


def _construct_verbatim(loader: Any, node: Any) -> Verbatim:
    v = Verbatim(node.value)
    v.tag = str(getattr(node.tag, "value", node.tag))
    return v


class _Constructor(RoundTripConstructor):
    pass


for _tag, _ in _CORE:
    _Constructor.add_constructor(_tag, _construct_verbatim)


class _Representer(RoundTripRepresenter):
    pass


def _represent_verbatim(rep: Any, data: Verbatim) -> Any:
    return rep.represent_scalar(data.tag, str(data), style=None)


_Representer.add_representer(Verbatim, _represent_verbatim)


class _Emitter(Emitter):
    """Double quotes where a scalar needs quotes (ruamel prefers single ones)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and not self.event.style and self.analysis is not None and self.analysis.allow_double_quoted:
            return '"'
        return style


def yaml_round_trip(preserve_quotes: bool = False) -> YAML:
    """ruamel.yaml's round trip with the loader's scalar resolution and the canonical layout;
    `preserve_quotes` keeps every scalar's quotes as written (appending to a file), else the
    canonical quoting applies."""
    y = YAML(typ="rt")
    y.Resolver = _CoreResolver
    y.Constructor = _Constructor
    y.Representer = _Representer
    y.Emitter = _Emitter
    y.width = 1_000_000  # never fold a long line
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = preserve_quotes
    y.allow_unicode = True
    return y


# ----- the schema's property order ---------------------------------------------------------------

def _resolve(node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref`s (relative to the schema `base`, an $id) to the schema object that describes a value."""
    seen = 0
    while "$ref" in node and seen < 20:
        ref = node["$ref"]
        uri, _, frag = ref.partition("#")
        if uri:
            base = base.rsplit("/", 1)[0] + "/" + uri
        target: Any = schema_check.schemas().get(base, {})
        for part in (p for p in frag.split("/") if p):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        node, seen = target if isinstance(target, dict) else {}, seen + 1
    return node, base


def _schema_of(kind: str) -> tuple[dict[str, Any], str]:
    for sid, s in schema_check.schemas().items():
        if sid.rsplit("/", 1)[-1] == f"{kind}.schema.json":
            return s, sid
    raise KeyError(kind)


def _order(value: Any, node: dict[str, Any], base: str) -> None:
    """Put every mapping's keys in the order its schema lists them, recursively."""
    node, base = _resolve(node, base)
    if isinstance(value, CommentedMap):
        props = node.get("properties") or {}
        known = [k for k in props if k in value]
        if known and list(value)[: len(known)] != known:
            _reorder(value, known + [k for k in value if k not in props])
        for k in value:
            sub = props.get(k)
            if sub is None and isinstance(node.get("additionalProperties"), dict):
                sub = node["additionalProperties"]
            if sub is not None:
                _order(value[k], sub, base)
    elif isinstance(value, CommentedSeq):
        items = node.get("items")
        if isinstance(items, dict):
            for v in value:
                _order(v, items, base)


def _tail(container: Any, key: Any) -> tuple[dict[Any, Any], Any]:
    """Where the comment after the entry `key` of `container` (its whole value included) is kept:
    ruamel attaches it to the last scalar of a nested block value (a flow collection keeps its own)."""
    v = container[key]
    while isinstance(v, (CommentedMap, CommentedSeq)) and len(v) and not v.fa.flow_style():
        container, key = v, (list(v)[-1] if isinstance(v, CommentedMap) else len(v) - 1)
        v = container[key]
    return container.ca.items, key


def _split(token: CommentToken | None) -> tuple[str, str]:
    """A comment after a value: (its end-of-line part, the full lines after it)."""
    if token is None:
        return "", ""
    text = token.value
    cut = text.find("\n")
    return (text, "") if cut < 0 else (text[: cut + 1], text[cut + 1 :])


def _reorder(m: CommentedMap, keys: list[Any]) -> None:
    """Reorder `m` to `keys`; a full-line comment above a key moves with it, an end-of-line comment
    stays on its line."""
    old = list(m)
    eol: dict[Any, tuple[CommentToken | None, str]] = {}
    above: dict[Any, str] = {}
    for i, k in enumerate(old):
        items, tk = _tail(m, k)
        entry = items.get(tk)
        token = entry[2] if entry is not None and len(entry) > 2 else None
        head, rest = _split(token)
        eol[k] = (token, head)
        above[old[i + 1] if i + 1 < len(old) else None] = rest
        if token is not None:
            entry[2] = None
    values = [(k, m[k]) for k in keys]
    for k in old:
        del m[k]
    for k, v in values:
        m[k] = v
    if above.get(keys[0]):  # above the new first key: with the mapping's own leading comments
        _prepend(m, above.pop(keys[0]))
    after = [*keys[1:], None]
    for k, nxt in zip(keys, after, strict=True):
        token, head = eol[k]
        text = (head or "\n") + above.get(nxt, "")
        if text == "\n":
            continue
        items, tk = _tail(m, k)
        entry = items.setdefault(tk, [None, None, None, None])
        while len(entry) < 3:
            entry.append(None)
        if token is None:
            token = CommentToken(text, CommentMark(0), None)
        else:
            token.value = text
        entry[2] = token


def _prepend(m: CommentedMap, text: str) -> None:
    """Add full comment lines before the first key of `m`."""
    tokens = [CommentToken(line + "\n", CommentMark(0), None) for line in text.rstrip("\n").split("\n")]
    if m.ca.comment is None:
        m.ca.comment = [None, []]
    while len(m.ca.comment) < 2:
        m.ca.comment.append([])
    m.ca.comment[1] = (m.ca.comment[1] or []) + tokens


# ----- styles ---------------------------------------------------------------------------------------

def _line_len(value: Any) -> int:
    return sum(len(str(v)) + 4 for v in (value.values() if isinstance(value, dict) else value))


def canonical_styles(value: Any, indent: int = -2) -> Any:
    """Scalars to their canonical style, flow collections kept when short (the record itself is always
    a block mapping); returns the new value."""
    if isinstance(value, CommentedMap):
        if value.fa.flow_style() and (indent < 0 or any(isinstance(v, (dict, list)) for v in value.values())
                                      or indent + _line_len(value) > FLOW_LIMIT):
            value.fa.set_block_style()
        flow = value.fa.flow_style()
        for k in list(value):
            value[k] = _flow_quoted(canonical_styles(value[k], indent + 2), flow)
        return value
    if isinstance(value, CommentedSeq):
        if value.fa.flow_style() and (any(isinstance(v, (dict, list)) for v in value)
                                      or indent + _line_len(value) > FLOW_LIMIT):
            value.fa.set_block_style()
        flow = value.fa.flow_style()
        for i, v in enumerate(value):
            value[i] = _flow_quoted(canonical_styles(v, indent + 4), flow)
        return value
    if isinstance(value, (Verbatim, LiteralScalarString, FoldedScalarString)):
        return value
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if _looks_like_number(value) else str(value)
    return value


def _flow_quoted(value: Any, flow: bool) -> Any:
    """Inside […] or {…}, text starting with an indicator ("? x", ":x", "-x") double-quoted: ruamel's
    emitter writes "? x" plain there, where YAML reads a complex key."""
    if flow and type(value) is str and value.startswith(("?", ":", "-")):
        return DoubleQuotedScalarString(value)
    return value


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YAML11_BOOL = frozenset(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])


def _looks_like_number(s: str) -> bool:
    """Text a reader (or a YAML 1.1 tool) could take for a number or a yes/no: quoted although YAML 1.2
    would read it plain as text (`"0799-8200123"`, `"2026-Q2"`), as `portal import` and `portal synth`
    write it. Dates are written plain, as people write them."""
    return bool(s) and (s[0] in "0123456789+-." and not _DATE.fullmatch(s) or s in _YAML11_BOOL)


# ----- the whole file ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Formatted:
    text: str | None  # the canonical text, or None when the file is not formatted
    changed: bool
    problem: Problem | None = None  # why it is not formatted (without its file)


class MeaningChanged(Exception):
    """The canonical text would read differently: a defect of the formatter, never written."""


_COMMENT_LINE = re.compile(r"^[ ]*#", re.MULTILINE)


def format_bytes(raw: bytes, kind: str) -> Formatted:
    """The canonical form of one record file's bytes."""
    try:
        text = decode(raw, SIZE_LIMITS[kind])
    except YamlIssue as issue:
        return Formatted(None, False, _problem(issue))
    try:
        before = load_exact(text).value
    except YamlIssue as issue:
        return Formatted(None, False, _problem(explain_syntax(text, issue)[0]))
    y = yaml_round_trip()
    doc = y.load(text)
    schema, base = _schema_of(kind)
    _order(doc, schema, base)
    doc = canonical_styles(doc)
    out = io.StringIO()
    y.dump(doc, out)
    result = out.getvalue().rstrip("\n") + "\n"
    try:
        after = load_exact(decode(result.encode("utf-8"), SIZE_LIMITS[kind] * 2)).value
    except YamlIssue:
        raise MeaningChanged(kind) from None
    if not same_record(before, after):
        raise MeaningChanged(kind)
    if len(_COMMENT_LINE.findall(result)) < len(_COMMENT_LINE.findall(text)):
        return Formatted(None, False, Problem(
            "FMT001", Severity.ERROR, "", "无法在保留全部注释的情况下整理这个文件，未改动",
            "the file cannot be formatted without losing a comment; left as it is",
            "把注释移到字段的上一行（不要放在花括号、方括号或多行引号文字的中间或后面）",
            "move the comment onto its own line above a key (not inside or after a {…}, […] or quoted text)", 1, 1))
    return Formatted(result, result.encode("utf-8") != raw)


def _problem(issue: YamlIssue) -> Problem:
    return texts.make(issue.code, "", issue.line, issue.column, **issue.params)


def same_record(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):  # key order is what formatting changes
        return set(a) == set(b) and all(same_record(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_record(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


# ----- a quick yes for files already canonical --------------------------------------------------------

_SCHEMA_LINE = re.compile(rb"# yaml-language-server: \$schema=[^\n#]*\n")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
_PLAIN_MAY_DIFFER = tuple("?:~=")  # first characters yaml_emit quotes and the emitter may not
_FLOW_MAY_DIFFER = frozenset(":#?")


class _Shape:
    """A schema object, resolved once: its properties in order and the shapes of its children."""

    __slots__ = ("order", "props", "node", "base", "_children", "_items")

    def __init__(self, node: dict[str, Any], base: str) -> None:
        self.node, self.base = _resolve(node, base)
        self.props: dict[str, Any] = self.node.get("properties") or {}
        self.order = {k: i for i, k in enumerate(self.props)}
        self._children: dict[str, _Shape] = {}
        self._items: _Shape | None = None

    def child(self, key: str) -> _Shape:
        shape = self._children.get(key)
        if shape is None:
            shape = self._children[key] = _Shape(self.props[key], self.base)
        return shape

    def items(self) -> _Shape:
        if self._items is None:
            items = self.node.get("items")
            self._items = _Shape(items if isinstance(items, dict) else {}, self.base)
        return self._items


_SHAPES: dict[str, _Shape] = {}
_RESERVED_TEXT = frozenset(["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""])


def _text_alike(s: str) -> bool:
    return (s.isprintable() and "\\" not in s and not s.startswith(_PLAIN_MAY_DIFFER)
            and s.lower() not in _RESERVED_TEXT)


def _emitted_alike(value: Any, shape: _Shape, indent: int) -> bool:
    """Whether yaml_emit wrote `value` exactly as the formatter would: keys in schema order, and no
    scalar or list the two could write differently."""
    if isinstance(value, dict):
        order, last = shape.order, -1
        for k, v in value.items():
            i = order.get(k)
            if i is None or i < last or not _KEY.fullmatch(k) or not _emitted_alike(v, shape.child(k), indent + 2):
                return False
            last = i
        return True
    if isinstance(value, list):
        if value and all(not isinstance(v, (dict, list)) for v in value):
            if indent + _line_len(value) > FLOW_LIMIT:
                return False  # yaml_emit may have written a flow list the formatter writes in block style
            if any(isinstance(v, str) and _FLOW_MAY_DIFFER.intersection(v) for v in value):
                return False
        items = shape.items()
        return all(_emitted_alike(v, items, indent + 4) for v in value)
    if isinstance(value, str):
        return _text_alike(value)
    return value is None or isinstance(value, (bool, int))


def known_canonical(raw: bytes, kind: str) -> bool:
    """True when the file is certainly canonical without formatting it: its bytes are exactly what
    `yaml_emit` (the writer of `portal import` and `portal synth`) writes for what the fast loader
    reads, keys in schema order, no comment but the schema line, and nothing the two writers could
    write differently. False means only "format it to know" (tests/test_fmt.py holds the promise)."""
    m = _SCHEMA_LINE.match(raw)
    body = raw[m.end():] if m else raw
    if b"#" in body or b"\r" in raw or raw.startswith(b"\xef\xbb\xbf") or not raw.endswith(b"\n"):
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    data = load_fast(text, raw)
    if data is None:
        return False
    shape = _SHAPES.get(kind)
    if shape is None:
        shape = _SHAPES[kind] = _Shape(*_schema_of(kind))
    if not _emitted_alike(data, shape, -2):
        return False
    line = m.group().decode()[len("# yaml-language-server: $schema="):-1] if m else None
    return dump(data, line) == text


def kind_of(path: Path) -> str | None:
    """The record kind a registry path holds (the path is the identity), or None for any other file."""
    if path.suffix != ".yaml":
        return None
    if path.name == "portal.yaml":
        return "portal"
    if path.parent.name == "units":
        return "unit"
    if path.parent.parent.name == "accounts":
        return "account"
    if path.parent.parent.name == "inspections":
        return "inspection"
    return None
