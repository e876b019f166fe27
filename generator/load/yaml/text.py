"""Bytes → text, shared by the fast and the exact path so that both start from the same text.

UTF-8 only (a leading BOM is dropped), a size limit, CRLF and lone CR become LF, characters outside
YAML's printable set (and the invisible line/paragraph separators) are rejected, and a line indented
with a tab is rejected with its own message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass
class YamlIssue(Exception):
    """A problem found while reading a file; line and column are 1-based."""

    code: str
    line: int | None = None
    column: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


# YAML 1.2 printable set minus NEL, LS, PS and a BOM after the start (all invisible, all read
# differently by different parsers).
_CONTROL = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_TAB_INDENT = re.compile(r"^ *\t[ \t]*\S", re.MULTILINE)
_CJK = re.compile("[\u4e00-\u9fff]")

_CHAR_NAMES = {
    "\x00": "NUL（空字符）", "\x0b": "VT（垂直制表符）", "\x0c": "FF（换页符）", "\x1b": "ESC",
    "\x7f": "DEL", "\x85": "NEL（下一行）", "\u2028": "LS（行分隔符）", "\u2029": "PS（段落分隔符）",
    "\ufeff": "BOM（字节顺序标记）",
}


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of text[index]."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def char_label(ch: str) -> str:
    name = _CHAR_NAMES.get(ch) or unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


_NOT_ASCII = re.compile(rb"[\x80-\xff]")


def _encoding_issue(raw: bytes, exc: UnicodeDecodeError) -> YamlIssue:
    """ENC001 at the first character that is not UTF-8. A GBK file (Notepad's or Excel's "ANSI" on a
    Chinese Windows) is placed at its first Chinese character, named as GBK reads it: its first bytes
    may pass for UTF-8 by chance, so the decoder's own error offset can lie one character later."""
    start = exc.start
    line = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
    guess_zh, guess_en, source = "", "", "GB18030"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess_zh, guess_en, source = "（看起来是 UTF-16 编码，记事本里叫“Unicode”）", " (it looks like UTF-16)", "UTF-16"
    else:
        try:
            decoded = raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _CJK.search(decoded):
                first = _NOT_ASCII.search(raw)
                assert first is not None  # the text has a Chinese character
                line, column = position(raw[: first.start()].decode("ascii"), first.start())
                ch = decoded[first.start()]
                guess_zh = f"（看起来是 GBK/GB18030 编码，常见于 Windows 记事本或 Excel 另存的文件；第一个中文字是“{ch}”）"
                guess_en = f" (it looks like GBK/GB18030, common for files saved by Windows Notepad or Excel; first Chinese character: {ch})"
    return YamlIssue("ENC001", line, column, {"guess_zh": guess_zh, "guess_en": guess_en, "source": source})


def decode(raw: bytes, limit: int) -> str:
    """The text both parsers read, or YamlIssue (ENC001, SIZE001, YAML009, YAML008)."""
    if len(raw) > limit:
        raise YamlIssue("SIZE001", 1, 1, {"size_kib": (len(raw) + 1023) // 1024, "limit_kib": limit // 1024})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _encoding_issue(raw, exc) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = None if _printable(text) else _CONTROL.search(text)
    if m:
        line, col = position(text, m.start())
        raise YamlIssue("YAML009", line, col, {"char": char_label(m.group())})
    if "\t" in text:
        m = _TAB_INDENT.search(text)
        if m:
            line, col = position(text, m.start())
            raise YamlIssue("YAML008", line, col + m.group().index("\t"))
    return text


def _printable(text: str) -> bool:
    """A quick yes for the common case: str.isprintable() is far faster than a regex over CJK text,
    and every character we reject is one it calls unprintable (the converse does not hold: an
    ideographic space is unprintable to it, so a no means "look closer")."""
    if "\t" in text:
        text = text.replace("\t", " ")
    return text.replace("\n", " ").isprintable()


def control_char(value: str) -> str | None:
    """The first disallowed character in a value (escapes in double quotes can make them)."""
    m = _CONTROL.search(value)
    return m.group() if m else None
