"""The typing mistakes office clerks make most, named where they are, with the fix.

A Chinese input method types a full-width colon “：”, a full-width space “　” (U+3000) and curly
quotes “” where YAML needs `:`, a space and `"`. The parser then fails somewhere after the mistake
("could not find expected ':'" on the next line) or reads the quotes as part of the value; these
checks read the source text and point at the offending character instead.

`diagnose` runs only for a file that already failed (a syntax error or schema problems on the exact
path): it changes which problem a broken file reports, never whether a file loads, so the fast and
the exact path still mean the same by every document and a clean file pays nothing.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.load import texts
from generator.load.yaml.text import YamlIssue
from generator.problems import Problem

# A key as records write them (ASCII), then a full-width colon: `name：青山交通`, `- type：open`.
_FULL_COLON = re.compile(r"^(?P<lead>[ \u3000]*(?:-[ \u3000]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \u3000]*(?P<colon>：)"
                         r"[ \u3000]*(?P<rest>.*)$")
# Full-width spaces where YAML needs plain spaces: the indentation, after a list dash, after a key's colon.
_LEAD_IDEO = re.compile(r"^[ \u3000]*\u3000")
_DASH_IDEO = re.compile(r"^[ ]*(?:-[ ]+)*-\u3000")
_COLON_IDEO = re.compile(r"^[ ]*(?:-[ ]+)*[A-Za-z_][A-Za-z0-9_]*:\u3000")
# A value written between curly quotes: `platform_id: “3654435768”`, `- “qs-ban”`.
_CURLY = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*(?:[A-Za-z_][A-Za-z0-9_]*:[ ]+)?)(?P<open>[“‘])(?P<inner>[^“”‘’]*)"
                    r"(?P<close>[”’])[ ]*(?:#.*)?$")


class Mistake(NamedTuple):
    code: str
    line: int
    column: int
    params: dict[str, str]


def _short(s: str, n: int = 40) -> str:
    s = s.strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def _quoted(value: str) -> str:
    """The value as YAML text between ASCII double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line_mistake(text: str, n: int) -> Mistake | None:
    m = _FULL_COLON.match(text)
    if m:
        rest = m.group("rest")
        fixed = f"{m.group('key')}: {rest}".rstrip() if rest else f"{m.group('key')}:"
        return Mistake("YAML011", n, m.start("colon") + 1, {"key": m.group("key"), "fixed": _short(fixed)})
    m = _LEAD_IDEO.match(text) or _DASH_IDEO.match(text) or _COLON_IDEO.match(text)
    if m:
        where_zh, where_en = (("缩进", "indentation") if _LEAD_IDEO.match(text)
                              else ("“-”后面", "after the list dash “-”") if _DASH_IDEO.match(text)
                              else ("冒号后面", "after the colon"))
        return Mistake("YAML012", n, text.index("\u3000") + 1, {"where_zh": where_zh, "where_en": where_en})
    m = _CURLY.match(text)
    if m:
        lead = m.group("lead")
        fixed = f"{lead.strip()} {_quoted(m.group('inner'))}".strip()
        return Mistake("YAML013", n, m.start("open") + 1, {"quote": m.group("open") + m.group("close"), "fixed": _short(fixed)})
    return None


def diagnose(text: str) -> list[Mistake]:
    """Every line of `text` (decoded, LF line ends) holding one of the mistakes, first mistake per
    line. Comment lines and the text of block scalars (`|`, `>`) are not read."""
    out: list[Mistake] = []
    block_indent: int | None = None
    for n, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        if re.search(r":[ ]+[|>][-+0-9]*[ ]*(?:#.*)?$", line):
            block_indent = indent
        found = _line_mistake(line, n)
        if found is not None:
            out.append(found)
    return out


# Mistakes that break the structure: when the parser fails, they are its cause.
_STRUCTURAL = ("YAML011", "YAML012")


def explain_syntax(text: str, issue: YamlIssue) -> list[YamlIssue]:
    """The problems of a file the parser refused: its structure-breaking mistakes, if it has any
    (the parser's own error is their consequence), else the parser's error."""
    found = [YamlIssue(m.code, m.line, m.column, dict(m.params)) for m in diagnose(text) if m.code in _STRUCTURAL]
    return found or [issue]


def explain_schema(text: str, problems: list[Problem]) -> list[Problem]:
    """The schema problems of a file, each mistake standing in for the problems found on its line
    (a mistake on a line with no problem is left alone: the file would load without its fix)."""
    lines = {p.line for p in problems}
    found = {m.line: m for m in diagnose(text) if m.line in lines}
    if not found:
        return problems
    kept = [p for p in problems if p.line not in found]
    kept += [texts.make(m.code, "", m.line, m.column, **m.params) for m in found.values()]
    return sorted(kept, key=Problem.sort_key)
