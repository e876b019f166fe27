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

from generator.model import labels, platforms
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





# Full-width forms (ＡＢＣ１２３－：) and the ideographic space, to what an English keyboard types.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CURLY_OPEN, _CURLY_CLOSE = "“‘", "”’"


def _fits(node: dict[str, Any], value: str) -> bool:
    """Whether `value` meets the pattern and date format of the schema object `node`."""
    pattern = node.get("pattern")
    if pattern and not re.search(pattern, value):
        return False
    if node.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return False
    return True


def _clerk_fix(node: dict[str, Any], value: Any, field: str, field_en: str) -> dict[str, Any] | None:
    """Texts naming what a clerk typed and what was meant, for a value that fails its pattern or format
    because of a Chinese keyboard: a platform's name for its code (快手 → kuaishou), full-width digits
    and letters (２０２５－０３－０１), curly quotes around the value (“qs-gaj”). None when it is none of these."""
    if not isinstance(value, str) or not value:
        return None
    if node.get("x-catalogue") == "platforms":
        key = platforms.key_for(value)
        if key is None:
            return None
        return {"message_zh": f"字段 {field} 写的是平台名称“{_show(value)}”，这里要写平台代码",
                "message_en": f"{field_en}: “{_show(value)}” is a platform's name; write its code",
                "hint_zh": f"写成 {field}: {key}（“{_show(value)}”的平台代码是 {key}；全部平台代码可运行 portal platforms 查看）",
                "hint_en": f"write {field_en}: {key} (the code of “{_show(value)}”; `portal platforms` lists every code)",
                "params": {"suggest": key}}
    half = value.translate(_HALF_WIDTH)
    if half != value and _fits(node, half):
        i = next(i for i, (a, b) in enumerate(zip(value, half, strict=True)) if a != b)
        return {"message_zh": f"字段 {field} 的值“{_show(value)}”里有全角字符“{value[i]}”",
                "message_en": f"{field_en}: “{_show(value)}” contains the full-width character “{value[i]}”",
                "hint_zh": f"把全角的数字、字母和符号改成半角（切换到英文输入法再输入），写成 {_show(half)}",
                "hint_en": f"type digits, letters and signs in half width (English input): {_show(half)}",
                "params": {"suggest": half, "char": value[i], "offset": i}}
    if len(value) > 2 and value[0] in _CURLY_OPEN and value[-1] in _CURLY_CLOSE and _fits(node, value[1:-1]):
        inner = value[1:-1]
        return {"message_zh": f"字段 {field} 的值两边是中文引号{value[0]}{value[-1]}，它们被当成了内容",
                "message_en": f"{field_en}: the curly quotes around the value are read as part of it",
                "hint_zh": f"改用英文双引号或去掉引号，写成 \"{_show(inner)}\"",
                "hint_en": f"use ASCII double quotes or none: \"{_show(inner)}\"",
                "params": {"suggest": inner, "offset": 0}}
    return None


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
              ) -> tuple[str, tuple[str | int, ...], str, dict[str, Any]]:
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
        meant = labels.code_of(inst.translate(_HALF_WIDTH), options) if isinstance(inst, str) else None
        if meant is None and isinstance(inst, str) and inst.translate(_HALF_WIDTH).strip("“”‘’ ") in options:
            meant = inst.translate(_HALF_WIDTH).strip("“”‘’ ")
        close = [meant] if meant else difflib.get_close_matches(str(inst), options, n=1, cutoff=0.5)
        listed = "、".join(options)
        if meant:
            hint_zh = f"这里要写代码，“{_show(inst)}”写成 {meant}；可选值：{listed}"
            hint_en = f"write the code: {meant} for “{_show(inst)}”; allowed: {', '.join(options)}"
        else:
            hint_zh = f"可选值：{listed}" + (f"；您是不是要写“{close[0]}”？" if close else "")
            hint_en = f"allowed: {', '.join(options)}" + (f"; did you mean “{close[0]}”?" if close else "")
        return "SCH004", ipath, "value", {
            "message_zh": f"字段 {field} 的值“{_show(inst)}”不在允许的范围内",
            "message_en": f"{field_en}: “{_show(inst)}” is not an allowed value",
            "hint_zh": hint_zh, "hint_en": hint_en, "params": {"suggest": close[0]} if close else {}}
    if kind in ("pattern", "format"):
        fix = _clerk_fix(node, inst, field, field_en)
        if fix is not None:
            return "SCH005", ipath, "value", fix
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


def _column(text: str, line: int, col: int, offset: int) -> int:
    """The column of the value's character `offset`, when the value starts at (line, col) on one line."""
    lines = text.split("\n", line)
    if line > len(lines):
        return col
    src = lines[line - 1]
    return col + offset + (1 if src[col - 1:col] in ("\"", "'") else 0)


def check(kind: str, data: Any, file: str, locate: Any,
          plain: Mapping[tuple[str | int, ...], str] | None = None, text: str = "") -> list[Problem]:
    """Every schema problem of data. `locate(path, how)` gives (line, column); `plain` as in
    `translate`; `text` (the source) places a mistake inside a value at its character."""
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
        params = {"field": t["field"]} if "field" in t else dict(t.get("params") or {})
        offset = params.pop("offset", None)
        if text and isinstance(offset, int):
            col = _column(text, line, col, offset)
        out.append(Problem(code, Severity.ERROR, file, t["message_zh"], t["message_en"], t["hint_zh"], t["hint_en"],
                           line, col, json_path(ipath), params))
    out.sort(key=Problem.sort_key)
    return out


def version_material() -> bytes:
    """Schema content for the cache's version key."""
    return b"".join(p.read_bytes() for p in sorted(Path(SCHEMAS_DIR).glob("*.schema.json")))
