"""The name lists of a published notice (通报), as notices print them: a problem heading, then the
accounts found with it as `名称（平台）、名称（平台）…` (optionally `名称（平台，主办单位）`), on the lines
below or after a colon on the heading's own line:

    一、监测时间点前2周内无更新（2个）
    青山发布（微信公众号）、东湖教育（抖音）。
    二、存在商业广告：南溪文旅（微博，南溪县文化广电和旅游局）

Numbering (一、 (二) 1. …) and counts (（2个）) are dropped from headings; any other line that is not a
list is a heading. Read as UTF-8, UTF-16 or GB18030, like the sheets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.tools.importer.sheet import SheetError, _decode

_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百0-9]+[)）]|[一二三四五六七八九十百]+[、.．]|[0-9]+[、.．)）])\s*")
_COUNT = re.compile(r"[（(]\s*(?:共\s*)?[0-9]+\s*个?(?:账号)?\s*[)）]\s*$")
_ENTRY = re.compile(r"^(?P<name>[^（()）、，,；;：:]+?)\s*[（(](?P<inner>[^（()）]+)[)）]$")
_SEPARATORS = frozenset("、，,；;")
MAX_BYTES = 4 * 1024**2  # a notice is a few pages


@dataclass(frozen=True)
class Listed:
    line: int
    heading: str  # the problem heading it is listed under ("" when none came before it)
    name: str
    platform: str
    host: str


def _entries(text: str) -> list[tuple[str, str, str]] | None:
    """(name, platform, host) of each `名称（平台[，主办单位]）` in a list line, or None when it is not one."""
    body = text.strip().rstrip("。.").strip()
    body = re.sub(r"\s*等\s*$", "", body)
    if not body:
        return None
    out = []
    for part in _split(body):
        m = _ENTRY.match(part.strip())
        if not m:
            return None
        inner = [x.strip() for x in re.split(r"[，,/／]", m.group("inner")) if x.strip()]
        if not inner:
            return None
        out.append((m.group("name").strip(), inner[0], inner[1] if len(inner) > 1 else ""))
    return out


def _split(body: str) -> list[str]:
    """The parts between separators outside brackets (a host unit after a comma stays in its entry)."""
    parts, depth, current = [], 0, []
    for ch in body:
        if ch in "（(":
            depth += 1
        elif ch in ")）":
            depth -= 1
        if ch in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _heading(text: str) -> str:
    t = _NUMBERING.sub("", text.strip()).strip()
    t = t.rstrip("：:").strip()
    return _COUNT.sub("", t).strip().rstrip("：:").strip()


def parse_notice(text: str) -> list[Listed]:
    out: list[Listed] = []
    heading = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw).replace("\u3000", " ").strip().strip("\ufeff\u200b")
        if not line:
            continue
        listed = _entries(line)
        if listed is None and re.search(r"[：:]", line):
            head, _, rest = re.split(r"([：:])", line, maxsplit=1)
            listed = _entries(rest)
            if listed is not None:
                heading = _heading(head)
        if listed is None:
            heading = _heading(line)
            continue
        out += [Listed(number, heading, name, platform, host) for name, platform, host in listed]
    return out


def read_notice(path: Path) -> list[Listed]:
    if not path.is_file():
        raise SheetError(f"找不到文件 {path} / no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise SheetError(f"通报文件超过 {MAX_BYTES // 1024**2} MB / the notice exceeds {MAX_BYTES // 1024**2} MB")
    return parse_notice(_decode(path.read_bytes()))
