"""Strategies and properties for fuzzing the pipeline with arbitrary input, shared by the test suite
(tests/test_fuzz.py, a small budget on every run) and the long-running harness (benchmarks/fuzz.py).

The properties: no input, however broken, ends in a traceback or an internal error (INT001, a rule
that crashed); every problem names a file, and a line when the file exists; the importer refuses a
sheet with a message or reports each refused row by its number.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.check.pipeline import validate
from generator.paths import CACHE_DIR_NAME
from generator.problems import Problem
from generator.tools.importer import SheetError, plan_import
from tests.support.validate_fixtures import BASE

TODAY = dt.date(2026, 11, 27)
RECORD_FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))

# Characters that break things: controls, bidi and zero-width, full-width forms, quotes of every kind,
# YAML indicators, lookalikes, and a few scripts.
_NASTY_CHARS = "\x00\x01\x1b\x7f\u200b\u200d\u202e\u2066\ufeff\u3000\uff1a\uff0c\u201c\u201d'\"#:-?&*!|>%@`{}[],\\\t\r\n靑巿ⅰА𠀀🙂"
nasty_text = st.text(st.one_of(st.sampled_from(_NASTY_CHARS), st.characters(exclude_categories=("Cs",))), max_size=40)
scalar = st.one_of(
    nasty_text, st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.dates().map(dt.date.isoformat), st.sampled_from(["2025-02-30", "0123", ".nan", ""]),
)
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(nasty_text, inner, max_size=3)), max_leaves=8)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, tuple[Any, ...], Any]:
    """(file, how, path, value): set a node to a value, delete it, or add an unknown key."""
    file = draw(st.sampled_from(RECORD_FILES))
    data = yaml.safe_load((BASE / file).read_text("utf-8"))
    path = draw(st.sampled_from(_paths(data)))
    how = draw(st.sampled_from(["set", "set", "delete", "add"]))
    return file, how, path, draw(value)


def _apply(data: Any, how: str, path: tuple[Any, ...], new: Any) -> Any:
    """The record with one mutation applied; unchanged when an earlier mutation removed the path."""
    if not path:
        return new if how == "set" else data
    parent = data
    try:
        for k in path[:-1]:
            parent = parent[k]
        parent[path[-1]]  # noqa: B018 - the node must still exist
    except (KeyError, IndexError, TypeError):
        return data
    last = path[-1]
    if how == "set":
        parent[last] = new
    elif how == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][f"x_{abs(hash(str(new))) % 1000}"] = new
    return data


def registry_with(tmp: Path, mutations: list[tuple[str, str, tuple[Any, ...], Any]] = (),
                  raw: dict[str, bytes] | None = None) -> Path:
    """A copy of the clean fixture registry with the mutations applied (records written back with
    PyYAML) and the raw files laid over it."""
    root = tmp / "registry"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(BASE, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    for file, how, path, new in mutations:
        f = root / file
        data = _apply(yaml.safe_load(f.read_text("utf-8")), how, path, new)
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for file, content in (raw or {}).items():
        (root / file).write_bytes(content)
    return root


def check_registry(root: Path) -> list[Problem]:
    """Validate; assert the properties; return the problems."""
    problems = validate(root, today=TODAY, use_cache=False).problems
    crashed = [p for p in problems if p.code == "INT001"]
    assert not crashed, crashed[0].message_en
    for p in problems:
        assert p.file, p
        if (root.parent / p.file).is_file():
            assert p.line is not None and p.line >= 1, p
    return problems


def check_sheet(tmp: Path, text: str, registry: Path) -> None:
    """Import a sheet: refused with a message, or every refused row named by its number."""
    sheet = tmp / "sheet.csv"
    sheet.write_bytes(text.encode("utf-8"))
    try:
        res = plan_import(sheet, registry, today=TODAY)
    except SheetError as exc:
        assert str(exc)
        return
    for p in res.problems:
        assert p.row >= 1 and p.text(), p


HEADER = "序号,账号名称,平台,主办单位,账号链接,账号ID,所属地区,开设日期,状态\n"
sheet_text = st.lists(st.lists(nasty_text, min_size=0, max_size=10).map(
    lambda cells: ",".join('"' + c.replace('"', '""') + '"' for c in cells)), max_size=6).map(
    lambda rows: HEADER + "\n".join(rows))
