"""The exact path: libyaml's event parser, our own tree, our own YAML 1.2 core-schema resolution.

Keeps the line and column of every node (values and mapping keys), rejects anchors, aliases, tags,
duplicate keys, non-string keys, several documents and a top level that is not a mapping. Used for
files with a problem (to point at it) and for files the fast path declines. Several times slower
than the fast path, so only used where it is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.load.yaml.fast import MAX_DEPTH
from generator.load.yaml.text import YamlIssue, char_label, control_char

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
Pos = tuple[int, int]

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema), plain scalars only.
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


def resolve_plain(s: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    if s in _NULL:
        return None
    if s in _BOOL:
        return _BOOL[s]
    if _INT10.fullmatch(s):
        return int(s, 10)
    if _INT8.fullmatch(s):
        return int(s[2:], 8)
    if _INT16.fullmatch(s):
        return int(s[2:], 16)
    if _FLOAT.fullmatch(s):
        return float(s)
    if _INF.fullmatch(s):
        return float("-inf") if s.startswith("-") else float("inf")
    if _NAN.fullmatch(s):
        return float("nan")
    return s


@dataclass
class ExactDoc:
    value: dict[str, Any]
    # position of each node's value, and of the key that introduces it (mapping members only)
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)
    # the source text of plain scalars that did not resolve to text (0123, .nan, true …): a hint that
    # asks for quotes repeats what was written, not what it was read as
    plain: dict[Path, str] = field(default_factory=dict)

    def locate(self, path: Path) -> Pos:
        """The node at path, or its nearest existing parent. A collection under a key points at the
        key (its own first line may be the next line)."""
        p = tuple(path)
        while p and p not in self.values:
            p = p[:-1]
        if p in self.keys and _is_collection(self._get(p)):
            return self.keys[p]
        return self.values.get(p, (1, 1))

    def locate_key(self, path: Path) -> Pos:
        return self.keys.get(tuple(path)) or self.locate(path)

    def locate_container(self, path: Path) -> Pos:
        """Where a mapping is introduced: its key, or (list items, top level) its first line."""
        p = tuple(path)
        return self.keys.get(p) or self.locate(p)

    def _get(self, path: Path) -> Any:
        v: Any = self.value
        for k in path:
            v = v[k]
        return v


def _is_collection(v: Any) -> bool:
    return isinstance(v, dict | list)


def _pos(mark: Any) -> Pos:
    return mark.line + 1, mark.column + 1


_SYNTAX_ZH = [
    ("mapping values are not allowed", "这里不能出现“: ”（冒号加空格）",
     "如果值里本身含有“: ”，请给整个值加英文引号，例如 name: \"甲: 乙\"",
     "if the value itself contains “: ”, put the whole value in quotes"),
    ("could not find expected ':'", "缺少冒号“:”",
     "每行写成“字段名: 值”，冒号后面要有一个空格；也请检查引号是否成对",
     "write “key: value” with a space after the colon; also check that quotes are paired"),
    ("found unexpected end of stream", "引号没有闭合",
     "检查这一行开始的引号，开头和结尾的引号要成对", "check that the quote opened here is closed"),
    ("did not find expected key", "缩进不一致",
     "同一层的字段要对齐，用相同数量的空格缩进", "keys of the same level must line up, indented by the same spaces"),
    ("did not find expected '-' indicator", "列表缩进不一致",
     "同一个列表里每一项的“-”要对齐", "the “-” of every item of a list must line up"),
    ("expected <block end>", "缩进不一致",
     "同一层的字段要对齐，用相同数量的空格缩进", "keys of the same level must line up, indented by the same spaces"),
    ("found character that cannot start any token", "这里有一个不能作为值开头的字符",
     "以 @ ` % 等符号开头的值请加英文引号", "put values starting with @ ` % in quotes"),
    ("block sequence entries are not allowed", "这里不能开始一个列表",
     "列表项“- ”应写在字段名的下一行并缩进", "start the list on the line after the key, indented"),
    ("did not find expected node content", "缺少内容", "检查括号、逗号和引号", "check brackets, commas and quotes"),
    ("did not find expected ',' or ']'", "方括号列表没有正确结束",
     "检查“[”与“]”是否成对、各项之间是否用逗号分隔", "check that [ and ] pair up and items are separated by commas"),
    ("did not find expected ',' or '}'", "花括号没有正确结束",
     "检查“{”与“}”是否成对", "check that { and } pair up"),
    ("found unknown escape character", "双引号里有无效的反斜杠转义",
     "把“\\”写成“\\\\”，或改用单引号", "write “\\\\” for a backslash, or use single quotes"),
]


def _syntax_issue(exc: yaml.MarkedYAMLError) -> YamlIssue:
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark is not None else (1, 1)
    problem = " ".join(x for x in (exc.context, exc.problem) if x) or "syntax error"
    zh, hzh, hen = "无法解析", "检查这一行及上一行的缩进、冒号和引号", "check indentation, colons and quotes here and on the line above"
    for needle, z, hz, he in _SYNTAX_ZH:
        if needle in problem:
            zh, hzh, hen = z, hz, he
            break
    return YamlIssue("YAML001", line, col,
                     {"problem_zh": zh, "problem_en": problem, "hint_zh": hzh, "hint_en": hen})


class _Frame:
    __slots__ = ("container", "path", "key", "key_pos", "seen")

    def __init__(self, container: Any, path: Path) -> None:
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.key_pos: Pos = (1, 1)
        self.seen: dict[str, int] = {}


_NO_KEY = object()


def _show(v: Any) -> str:
    return str(v)[:60]


def load_exact(text: str) -> ExactDoc:
    """Parse text (already decoded by yaml_text.decode) or raise YamlIssue."""
    doc = ExactDoc(value={})
    stack: list[_Frame] = []
    root: list[Any] = []
    root_pos: Pos = (1, 1)
    documents = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            kind = type(ev)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlIssue("YAML005", *_pos(ev.start_mark))
                continue
            if kind is yaml.AliasEvent:
                raise YamlIssue("YAML003", *_pos(ev.start_mark), {"token": f"*{ev.anchor}"})
            if kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if ev.anchor is not None:
                    raise YamlIssue("YAML003", *_pos(ev.start_mark), {"token": f"&{ev.anchor}"})
                if ev.tag is not None:
                    raise YamlIssue("YAML004", *_pos(ev.start_mark), {"tag": ev.tag})
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                if stack:
                    _attach(stack[-1], frame.container, frame.path, doc)
                continue
            else:
                continue
            pos = _pos(ev.start_mark)
            top = stack[-1] if stack else None
            # A mapping key?
            if top is not None and isinstance(top.container, dict) and top.key is _NO_KEY:
                if kind is not yaml.ScalarEvent:
                    raise YamlIssue("YAML007", *pos, {"key": "[…]" if kind is yaml.SequenceStartEvent else "{…}"})
                key = resolve_plain(ev.value) if ev.style == "" else ev.value
                if not isinstance(key, str):
                    raise YamlIssue("YAML007", *pos, {"key": ev.value or "（空）"})
                bad = control_char(key)
                if bad:
                    raise YamlIssue("YAML009", *pos, {"char": char_label(bad)})
                if key in top.seen:
                    raise YamlIssue("YAML002", *pos, {"key": _show(key), "first_line": top.seen[key]})
                top.seen[key] = pos[0]
                top.key, top.key_pos = key, pos
                continue
            if top is None:
                path: Path = ()
                root_pos = pos
            elif isinstance(top.container, dict):
                path = (*top.path, top.key)
            else:
                path = (*top.path, len(top.container))
            doc.values[path] = pos
            if kind is yaml.ScalarEvent:
                value = resolve_plain(ev.value) if ev.style == "" else ev.value
                if ev.style == "" and not isinstance(value, str):
                    doc.plain[path] = ev.value
                if isinstance(value, str):
                    bad = control_char(value)
                    if bad:
                        raise YamlIssue("YAML009", *pos, {"char": char_label(bad)})
                if top is None:
                    root.append(value)
                else:
                    _attach(top, value, path, doc)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise YamlIssue("YAML010", *pos, {"limit": MAX_DEPTH})
                container: Any = {} if kind is yaml.MappingStartEvent else []
                if top is None:
                    root.append(container)
                stack.append(_Frame(container, path))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_issue(exc) from None
    except yaml.YAMLError as exc:  # reader errors and the like
        raise YamlIssue("YAML001", 1, 1, {"problem_zh": "无法解析", "problem_en": str(exc).splitlines()[0],
                                          "hint_zh": "", "hint_en": ""}) from None
    value = root[0] if root else None
    if not isinstance(value, dict):
        found_zh, found_en = (
            ("但文件是空的", "the file is empty") if value is None or not root
            else ("而不是一个列表", "not a list") if isinstance(value, list)
            else ("而不是单独一个值", "not a single value")
        )
        raise YamlIssue("YAML006", *root_pos, {"found_zh": found_zh, "found_en": found_en})
    doc.value = value
    return doc


def _attach(frame: _Frame, value: Any, path: Path, doc: ExactDoc) -> None:
    if isinstance(frame.container, dict):
        frame.container[frame.key] = value
        doc.keys[path] = frame.key_pos
        frame.key = _NO_KEY
    else:
        frame.container.append(value)
