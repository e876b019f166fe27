"""Schema checking with jsonschema-rs (Draft 2020-12, formats validated), and the translation of its
errors into problems an office clerk understands: a stable code, Chinese and English text, a hint.

SCH001 required field missing · SCH002 unknown field (closest known name suggested) · SCH003 wrong
type · SCH004 not an allowed value · SCH005 pattern or format (the schema's x-hint-zh/x-hint-en) ·
SCH006 length or size limits · SCH007 a computed value written into a record (the schema lists such
names under `x-computed`: an inspection's score and result are computed from its rubric) · SCH000
anything else.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.paths import SCHEMAS_DIR
from generator.problems import Problem, Severity

KINDS = ("portal", "unit", "account", "inspection")


@functools.cache
def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by its $id."""
    out = {}
    for p in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        s = json.loads(p.read_text("utf-8"))
        out[s["$id"]] = s
    return out


@functools.cache
def validators() -> dict[str, Any]:
    by_id = schemas()
    reg = jsonschema_rs.Registry(list(by_id.items()))
    out = {}
    for sid, s in by_id.items():
        name = sid.rsplit("/", 1)[-1].split(".")[0]
        if name in KINDS:
            out[name] = jsonschema_rs.validator_for(s, registry=reg, validate_formats=True)
    return out


def is_valid(kind: str, data: Any) -> bool:
    return bool(validators()[kind].is_valid(data))


def json_path(parts: list[str | int] | tuple[str | int, ...]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def _node(location: str) -> dict[str, Any]:
    """The schema object holding the failing keyword (from its absolute keyword location)."""
    uri, _, frag = location.partition("#")
    node: Any = schemas().get(uri, {})
    parts = [p.replace("~1", "/").replace("~0", "~") for p in frag.split("/") if p]
    for p in parts[:-1]:
        if isinstance(node, dict):
            node = node.get(p, {})
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        else:
            return {}
    return node if isinstance(node, dict) else {}


_TYPE_ZH = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true/false", "object": "“字段: 值”的映射",
            "array": "列表", "null": "空值"}


def _type_of(v: Any) -> tuple[str, str]:
    if v is None:
        return "空值", "empty"
    if isinstance(v, bool):
        return "true/false", "true/false"
    if isinstance(v, int | float):
        return "数字", "a number"
    if isinstance(v, str):
        return "文字", "text"
    if isinstance(v, list):
        return "列表", "a list"
    return "映射", "a mapping"


def _show(v: Any) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= 60 else s[:57] + "…"


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _impossible_date(v: Any) -> bool:
    if not isinstance(v, str) or not _DATE_SHAPE.fullmatch(v):
        return False
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return True
    return False





def _at(data: Any, path: tuple[str | int, ...], default: Any) -> Any:
    """The value at path in data (the checker's own copy of a value may differ: NaN has no JSON)."""
    v = data
    try:
        for k in path:
            v = v[k]
    except (KeyError, IndexError, TypeError):
        return default
    return v


def translate(error: Any, data: Any = None, plain: Mapping[tuple[str | int, ...], str] | None = None,
              ) -> tuple[str, tuple[str | int, ...], str, dict[str, str]]:
    """(code, instance path to point at, how to point, texts) for one jsonschema-rs error; `data` is
    the checked record and `plain` the source text of its plain non-text scalars (ExactDoc.plain)."""
    kind = error.kind.name
    info = error.kind.as_dict()
    ipath = tuple(error.instance_path)
    field = json_path(ipath) or "（文件顶层）"
    field_en = json_path(ipath) or "(top level)"
    inst = _at(data, ipath, error.instance) if data is not None else error.instance
    written = (plain or {}).get(ipath)
    node = _node(error.absolute_keyword_location or "")
    if kind == "required":
        name = info["property"]
        return "SCH001", ipath, "container", {
            "message_zh": f"缺少必填字段“{name}”" + (f"（在 {field} 中）" if ipath else ""),
            "message_en": f"the required field “{name}” is missing" + (f" (in {field_en})" if ipath else ""),
            "hint_zh": f"请添加一行“{name}: …”，与同一层的其他字段对齐",
            "hint_en": f"add a line “{name}: …” aligned with the other fields of that level",
            "field": name}
    if kind == "additionalProperties":
        raise AssertionError("handled by the caller, one problem per unknown field")
    if kind == "type":
        want = info.get("types") or []
        want_zh = "或".join(_TYPE_ZH.get(t, t) for t in want)
        got_zh, got_en = _type_of(inst)
        if "string" in want and isinstance(inst, int | float | bool):
            shown = _show(written if written is not None else inst)
            hint_zh = f"请给这个值加上英文引号，写成 \"{shown}\"（例如微博 UID、行政区划代码等编号都要加引号）"
            hint_en = f"put the value in quotes: \"{shown}\" (ids such as a Weibo UID or a division code are text)"
        elif inst is None:
            hint_zh, hint_en = "这个字段不能留空；不需要时请整行删除", "the field cannot be empty; delete the line if it does not apply"
        else:
            hint_zh = f"这里应填写{want_zh}，请参照模板修改"
            hint_en = f"this must be {' or '.join(want)}; follow the template"
        return "SCH003", ipath, "value", {
            "message_zh": f"字段 {field} 应为{want_zh}，现在是{got_zh}",
            "message_en": f"{field_en} must be {' or '.join(want)}, not {got_en}",
            "hint_zh": hint_zh, "hint_en": hint_en}
    if kind == "enum":
        options = [str(o) for o in info.get("options", [])]
        close = difflib.get_close_matches(str(inst), options, n=1, cutoff=0.5)
        listed = "、".join(options)
        return "SCH004", ipath, "value", {
            "message_zh": f"字段 {field} 的值“{_show(inst)}”不在允许的范围内",
            "message_en": f"{field_en}: “{_show(inst)}” is not an allowed value",
            "hint_zh": f"可选值：{listed}" + (f"；您是不是要写“{close[0]}”？" if close else ""),
            "hint_en": f"allowed: {', '.join(options)}" + (f"; did you mean “{close[0]}”?" if close else "")}
    if kind in ("pattern", "format"):
        hint_zh = node.get("x-hint-zh", "")
        hint_en = node.get("x-hint-en", "")
        if kind == "format" and info.get("format") == "date" and _impossible_date(inst):
            msg_zh = f"字段 {field} 的日期“{inst}”不存在（该月没有这一天）"
            msg_en = f"{field_en}: the date “{inst}” does not exist"
        else:
            msg_zh = f"字段 {field} 的值“{_show(inst)}”格式不正确"
            msg_en = f"{field_en}: “{_show(inst)}” is not in the expected format"
        return "SCH005", ipath, "value", {
            "message_zh": msg_zh, "message_en": msg_en,
            "hint_zh": hint_zh or "请参照模板的写法修改", "hint_en": hint_en or "follow the template"}
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum",
                "exclusiveMinimum", "exclusiveMaximum", "minProperties", "maxProperties"):
        limit = info.get("limit")
        texts = {
            "minLength": (f"字段 {field} 不能为空" if limit == 1 else f"字段 {field} 至少要有 {limit} 个字",
                          f"{field_en} must have at least {limit} character(s)"),
            "maxLength": (f"字段 {field} 太长，最多 {limit} 个字", f"{field_en} is too long (at most {limit} characters)"),
            "minItems": (f"列表 {field} 至少要有 {limit} 项", f"{field_en} needs at least {limit} item(s)"),
            "maxItems": (f"列表 {field} 最多 {limit} 项", f"{field_en} has more than {limit} items"),
            "minimum": (f"字段 {field} 不能小于 {limit}", f"{field_en} must be at least {limit}"),
            "maximum": (f"字段 {field} 不能大于 {limit}", f"{field_en} must be at most {limit}"),
        }
        zh, en = texts.get(kind, (f"字段 {field} 超出了允许的范围", f"{field_en} is out of range"))
        return "SCH006", ipath, "value", {
            "message_zh": zh, "message_en": en,
            "hint_zh": "请按要求修改这个值" if limit != 1 else "请填写内容，不需要时整行删除",
            "hint_en": "change the value to fit the limit" if limit != 1 else "fill it in, or delete the line"}
    return "SCH000", ipath, "value", {
        "message_zh": f"字段 {field} 不符合格式要求：{error.message}",
        "message_en": f"{field_en}: {error.message}",
        "hint_zh": "请参照模板修改", "hint_en": "follow the template"}


def check(kind: str, data: Any, file: str, locate: Any,
          plain: Mapping[tuple[str | int, ...], str] | None = None) -> list[Problem]:
    """Every schema problem of data. `locate(path, how)` gives (line, column); `plain` as in
    `translate`."""
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()  # one problem per code and node (pattern and format both fail)
    for error in validators()[kind].iter_errors(data):
        if error.kind.name == "additionalProperties":
            ipath = tuple(error.instance_path)
            node = _node(error.absolute_keyword_location or "")
            known = list(node.get("properties", {}))
            for name in error.kind.as_dict().get("unexpected", []):
                if name in (node.get("x-computed") or ()):
                    line, col = locate((*ipath, name), "key")
                    out.append(Problem(
                        "SCH007", Severity.ERROR, file,
                        f"“{name}”由程序根据检查指标计算，不能填写" + (f"（在 {json_path(ipath)} 中）" if ipath else ""),
                        f"“{name}” is computed from the rubric and cannot be written" + (f" (in {json_path(ipath)})" if ipath else ""),
                        "删除这一行：结果（合格、不合格）和得分由检查指标根据 vetoes、deductions 和 observations 计算",
                        "delete the line: the result and the score are computed from the rubric, the vetoes, the "
                        "deductions and the observations",
                        line, col, json_path((*ipath, name)), {"field": str(name)}))
                    continue
                close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
                line, col = locate((*ipath, name), "key")
                out.append(Problem(
                    "SCH002", Severity.ERROR, file,
                    f"不认识的字段“{name}”" + (f"（在 {json_path(ipath)} 中）" if ipath else ""),
                    f"unknown field “{name}”" + (f" (in {json_path(ipath)})" if ipath else ""),
                    (f"您是不是要写“{close[0]}”？请检查拼写" if close else "请删除这个字段，或检查拼写；可用字段：" + "、".join(known)),
                    (f"did you mean “{close[0]}”? check the spelling" if close else "delete it or check the spelling; known fields: " + ", ".join(known)),
                    line, col, json_path((*ipath, name)), {"field": str(name), "suggest": close[0] if close else ""}))
            continue
        code, ipath, how, t = translate(error, data, plain)
        if code != "SCH001":
            if (code, json_path(ipath)) in seen:
                continue
            seen.add((code, json_path(ipath)))
        line, col = locate(ipath, how)
        params = {"field": t["field"]} if "field" in t else {}
        out.append(Problem(code, Severity.ERROR, file, t["message_zh"], t["message_en"], t["hint_zh"], t["hint_en"],
                           line, col, json_path(ipath), params))
    out.sort(key=Problem.sort_key)
    return out


def version_material() -> bytes:
    """Schema content for the cache's version key."""
    return b"".join(p.read_bytes() for p in sorted(Path(SCHEMAS_DIR).glob("*.schema.json")))
