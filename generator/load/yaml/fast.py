"""The fast path: yaml-rs (Rust, YAML 1.2) plus checks that make it mean what the exact path means.

`load_fast` returns the document as plain data, or None when it cannot vouch for the result; the
caller then asks the exact path, which is the authority. It declines:

- before parsing, on a conservative scan of the raw text for anything yaml-rs reads differently or
  lets through silently: tabs, backslashes (escapes), `!` `&` `*` `?` at the start of a token (tags,
  anchors, aliases, complex keys), `%` directives, `---`/`...` document markers, and `:` right
  before a flow indicator (`,?[]{}`), which libyaml rejects in a flow collection;
- when yaml-rs fails (the exact path finds and places the error);
- after parsing, on anything the walk does not expect: a top level that is not a mapping, a key that
  is not a string, a float, or an integer when the text holds a form YAML 1.2 core reads as a string
  (`1_000`, `0b1`, `0X1F`, `-0x1`).

By default yaml-rs turns `2024-01-02` into a date, even when quoted; YAML 1.2 core has no dates and
keeps the text. So yaml-rs is asked not to (`parse_datetime=False`): dates, times and datetimes stay
the strings they were written as, which is also cheaper than printing dates back.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml_rs

_BEFORE_TOKEN = frozenset(b" \n\t\r[{,")  # a character here makes the next ! & * ? start a token
# libyaml rejects `:` directly before a flow indicator inside a plain scalar of a flow collection
# (`{0`:}`: "found unexpected ':'"); yaml-rs reads it as YAML 1.2 does. The exact path decides.
_COLON_FLOW = tuple(b":" + bytes([c]) for c in b",?[]{}")
# A token yaml-rs may read as an integer where YAML 1.2 core reads a string: digits with
# underscores (`1_000`, `_1`, `1_`), binary, capital-letter or signed hex and octal (`0b1`, `0X1F`).
_INT_HAZARD = re.compile(r"(?<![\w.])[-+]?(?:_[0-9_]|[0-9]+_|0[bBxXoO])")
_intern = sys.intern
_BIG = 1 << 63
_SHORT = 40  # shorter values (dates, enums, ids) repeat across records: share one copy
MAX_DEPTH = 20  # records are shallow; a deeper document is declined (the exact path says where)


class _Decline(Exception):
    pass


def risky_text(text: str | bytes) -> bool:
    """True when the raw text holds anything the fast path leaves to the exact path. Works on the
    UTF-8 bytes (far faster to search than CJK text; every character looked for is ASCII, and in
    UTF-8 an ASCII byte only ever stands for itself)."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if b"\t" in raw or b"\\" in raw:
        return True
    for ch in (b"!", b"&", b"*", b"?"):
        i = raw.find(ch)
        while i != -1:
            if i == 0 or raw[i - 1] in _BEFORE_TOKEN:
                return True
            i = raw.find(ch, i + 1)
    if b":" in raw and any(pair in raw for pair in _COLON_FLOW):
        return True
    return raw.startswith((b"%", b"---", b"...")) or b"\n%" in raw or b"\n---" in raw or b"\n..." in raw


def _walk_map(m: dict[Any, Any], flags: list[bool], depth: int = 1) -> dict[str, Any]:
    if depth > MAX_DEPTH:
        raise _Decline
    out: dict[str, Any] = {}
    for k, v in m.items():
        if type(k) is not str:
            raise _Decline
        tv = type(v)
        if tv is str:
            if len(v) <= _SHORT:
                v = _intern(v)
        elif v is None or tv is bool:
            pass
        elif tv is dict:
            v = _walk_map(v, flags, depth + 1)
        elif tv is list:
            v = _walk_list(v, flags, depth + 1)
        elif tv is int:
            if not -_BIG < v < _BIG:
                raise _Decline  # beyond JSON's (and the cache's) 64-bit integers
            flags[0] = True
        else:
            raise _Decline
        out[_intern(k)] = v
    return out


def _walk_list(seq: list[Any], flags: list[bool], depth: int) -> list[Any]:
    if depth > MAX_DEPTH:
        raise _Decline
    out: list[Any] = []
    for v in seq:
        tv = type(v)
        if tv is str:
            if len(v) <= _SHORT:
                v = _intern(v)
        elif v is None or tv is bool:
            pass
        elif tv is dict:
            v = _walk_map(v, flags, depth + 1)
        elif tv is list:
            v = _walk_list(v, flags, depth + 1)
        elif tv is int:
            if not -_BIG < v < _BIG:
                raise _Decline  # beyond JSON's (and the cache's) 64-bit integers
            flags[0] = True
        else:
            raise _Decline
        out.append(v)
    return out


def load_fast(text: str, raw: bytes | None = None) -> dict[str, Any] | None:
    """Plain data for text (already decoded by yaml_text.decode; raw: its bytes, if at hand), or
    None: ask the exact path."""
    if risky_text(text if raw is None else raw):
        return None
    try:
        value = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any failure: the exact path finds it and says where
        return None
    if type(value) is not dict:
        return None
    flags = [False]
    try:
        out = _walk_map(value, flags)
    except (_Decline, RecursionError):
        return None
    if flags[0] and _INT_HAZARD.search(text):
        return None
    return out
