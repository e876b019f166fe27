"""One record file: its bytes read safely, then parsed and schema-checked into an `Analysis`.

Each file goes through the fast path (yaml-rs + jsonschema-rs); only when that path declines or finds
a problem is the file read again on the exact path (libyaml events, positions of every node), which
decides and says where. Both mean the same by a document (tests/test_differential.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from generator.load import mistakes
from generator.load import schema as schema_check
from generator.load import texts as lp
from generator.load.yaml.exact import ExactDoc, load_exact
from generator.load.yaml.fast import load_fast
from generator.load.yaml.text import YamlIssue, decode
from generator.problems import Problem

KIB = 1024
SIZE_LIMITS = {"portal": 256 * KIB, "unit": 256 * KIB, "account": 256 * KIB, "inspection": 8 * 1024 * KIB}


class Analysis(NamedTuple):
    """What a file's bytes amount to: the record, or its problems. Stored in the cache as a plain
    tuple (marshal keeps no classes); read either back by unpacking."""

    data: dict[str, Any] | None  # the record, when it loaded and passed its schema
    problems: tuple[dict[str, Any], ...] = ()  # else its problems, as `texts.to_dict` gives them (no file)
    rid: str | None = None  # the id a broken record gives itself, if readable


def _issue(i: YamlIssue) -> Problem:
    return lp.make(i.code, "", i.line, i.column, **i.params)


def _locator(doc: ExactDoc) -> Any:
    def where(path: tuple[str | int, ...], how: str) -> tuple[int, int]:
        if how == "key":
            return doc.locate_key(path)
        if how == "container":
            return doc.locate_container(path) if path else doc.values.get((), (1, 1))
        return doc.locate(path)

    return where


def analyse(raw: bytes, kind: str) -> Analysis:
    """Load and schema-check one file's bytes."""
    try:
        text = decode(raw, SIZE_LIMITS[kind])
    except YamlIssue as i:
        return Analysis(None, (lp.to_dict(_issue(i)),))
    data = load_fast(text, raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    if data is not None and schema_check.is_valid(kind, data):
        return Analysis(data)
    try:
        doc = load_exact(text)
    except YamlIssue as i:
        return Analysis(None, tuple(lp.to_dict(_issue(x)) for x in mistakes.explain_syntax(text, i)))
    problems = schema_check.check(kind, doc.value, "", _locator(doc), doc.plain, text)
    if not problems:
        return Analysis(doc.value)
    problems = mistakes.explain_schema(text, problems)
    rid = doc.value.get("id")
    return Analysis(None, tuple(lp.to_dict(p) for p in problems), rid if isinstance(rid, str) else None)


def too_large(size: int, limit: int) -> Analysis:
    """SIZE001 for a file of `size` bytes over `limit`."""
    return Analysis(None, (lp.to_dict(lp.make("SIZE001", "", 1, 1, size_kib=(size + KIB - 1) // KIB,
                                               limit_kib=limit // KIB)),))


def load_file(path: Path, kind: str, rel: str = "") -> tuple[dict[str, Any] | None, list[Problem]]:
    """One file, without the cache: (data, []) or (None, problems)."""
    data, problems, _ = analyse(Path(path).read_bytes(), kind)
    if data is not None:
        return data, []
    return None, [lp.from_dict(d, rel or str(path)) for d in problems]


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_capped(path: str, limit: int, size: int = -1) -> bytes | None:
    """At most limit + 1 bytes of the file (one more than allowed says "too large"), or None when the
    file is gone. Raises OSError when it exists and cannot be read: a file the walk found is never
    skipped in silence. `size` (from the walk's stat) sizes the one read a file usually takes, which
    halves the cost of open().read(). Never follows a link (ELOOP) or blocks on a pipe swapped in
    since the walk."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    try:
        want = limit + 1 if size < 0 else min(size, limit) + 1
        data = os.read(fd, want)
        if len(data) == want and want <= limit:  # the file grew since its stat: read on
            parts, total = [data], len(data)
            while total <= limit and (more := os.read(fd, limit + 1 - total)):
                parts.append(more)
                total += len(more)
            data = b"".join(parts)
        return data
    finally:
        os.close(fd)
