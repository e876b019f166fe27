"""A small, fast YAML writer for records (plain dicts of str/int/bool/list/dict), used by `portal synth`
and `portal import`. Output is block style, readable, deterministic (keys in insertion order) and
means the same under YAML 1.1 and 1.2: strings that could be read as anything else are double-quoted;
ISO dates (YYYY-MM-DD) are written plain, as people write them.
"""

from __future__ import annotations

import json
import re
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPECIAL_FIRST = set("-?:,[]{}#&*!|>'\"%@`+.~= \t")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ""}
_FLOW_UNSAFE = set(",[]{}")


_CACHE: dict[str, str] = {}


def scalar(value: Any) -> str:
    """One scalar as YAML text."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    hit = _CACHE.get(s)
    if hit is not None:
        return hit
    out = s if _DATE.fullmatch(s) or _plain_ok(s) else json.dumps(s, ensure_ascii=False)
    if len(_CACHE) > 200_000:  # names, dates and reasons repeat: keep the cache, bounded
        _CACHE.clear()
    _CACHE[s] = out
    return out


def _plain_ok(s: str) -> bool:
    # ASCII digits only: YAML reads "²" or "٣" as text, and so must the formatter's canonical form
    if not s or s[0] in _SPECIAL_FIRST or s[0] in "0123456789" or s[-1] in " \t:":
        return False
    if s.lower() in _RESERVED:
        return False
    if ": " in s or " #" in s or "\n" in s or "\t" in s or "\r" in s or "\\" in s:
        return False
    # keep every character printable and outside the C1/line-separator ranges YAML treats specially
    return s.isprintable()


def _flow_item_ok(v: Any) -> bool:
    if not isinstance(v, str):
        return isinstance(v, (int, bool))
    return _plain_ok(v) and not (_FLOW_UNSAFE & set(v)) or _DATE.fullmatch(v) is not None


def _key(k: str) -> str:
    """A mapping key as YAML text: plain when it reads back as the same string, else double-quoted
    (a calendar year such as "2027" would otherwise come back as a number); a key is one line, so any
    character YAML could read as a line break is escaped."""
    return k if _plain_ok(k) else json.dumps(k, ensure_ascii=not k.isprintable())


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Emit a mapping's items at `indent`."""
    for key, v in value.items():
        k = _key(key)
        if isinstance(v, dict):
            if not v:
                out.append(f"{indent}{k}: {{}}")
                continue
            out.append(f"{indent}{k}:")
            _emit(v, indent + "  ", out)
        elif isinstance(v, list):
            if not v:
                out.append(f"{indent}{k}: []")
            elif all(_flow_item_ok(x) for x in v) and sum(len(str(x)) for x in v) < 60:
                out.append(f"{indent}{k}: [{', '.join(scalar(x) for x in v)}]")
            else:
                out.append(f"{indent}{k}:")
                _emit_list(v, indent + "  ", out)
        else:
            out.append(f"{indent}{k}: {scalar(v)}")


def _emit_list(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            start = len(out)
            _emit(item, indent + "  ", out)
            out[start] = indent + "- " + out[start][len(indent) + 2 :]
        else:
            out.append(f"{indent}- {scalar(item)}")


def dump(record: dict[str, Any], schema: str | None = None) -> str:
    """The record as a YAML document; `schema` (a relative path) becomes the yaml-language-server line."""
    out: list[str] = [f"# yaml-language-server: $schema={schema}"] if schema else []
    _emit(record, "", out)
    out.append("")
    return "\n".join(out)
