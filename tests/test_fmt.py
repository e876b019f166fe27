"""`portal fmt`: the canonical form keeps what a record means (the loader reads the same record before
and after, over the whole sample registry, a synthetic registry and generated documents), formatting
twice changes nothing, comments stay with their keys, and `--check` prints a diff and exits 1."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.load.read import SIZE_LIMITS
from generator.load.yaml.exact import load_exact
from generator.load.yaml.text import decode
from generator.tools.fmt import format_bytes, kind_of, known_canonical
from generator.tools.synth import synthesize
from generator.tools.yaml_emit import dump
from tests.conftest import SAMPLE_REGISTRY
from tests.test_differential import NASTY, strict_equal

ACCOUNT = "accounts/qs-gaj/qs-gaj-ks.yaml"


def _loaded(raw: bytes, kind: str) -> Any:
    return load_exact(decode(raw, SIZE_LIMITS[kind])).value


def _same_record(a: Any, b: Any) -> bool:
    """Equal as the loader reads them, key order aside (formatting puts keys in schema order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same_record(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_record(x, y) for x, y in zip(a, b, strict=True))
    return strict_equal(a, b)


def _assert_canonical_and_faithful(path: Path, kind: str) -> bool:
    raw = path.read_bytes()
    once = format_bytes(raw, kind)
    assert once.text is not None, (path, once.problem)
    assert _same_record(_loaded(raw, kind), _loaded(once.text.encode(), kind)), path
    twice = format_bytes(once.text.encode(), kind)
    assert twice.text == once.text and not twice.changed, path
    return once.changed


def _records(root: Path) -> list[tuple[Path, str]]:
    out = []
    for p in sorted(root.rglob("*.yaml")):
        kind = kind_of(p)
        if kind is not None:
            out.append((p, kind))
    return out


def test_the_sample_registry_is_canonical_and_keeps_its_meaning() -> None:
    records = _records(SAMPLE_REGISTRY)
    assert len(records) > 100
    changed = [p for p, kind in records if _assert_canonical_and_faithful(p, kind)]
    assert changed == []


def test_a_synthetic_registry_keeps_its_meaning(tmp_path: Path) -> None:
    synthesize(30, tmp_path, seed=7, today=dt.date(2026, 6, 1), profile="kunshan")
    records = _records(tmp_path)
    assert {kind for _, kind in records} >= {"portal", "unit", "account"}
    for p, kind in records:
        _assert_canonical_and_faithful(p, kind)


def test_the_quick_yes_is_only_said_of_canonical_files(tmp_path: Path) -> None:
    """`known_canonical` spares the round trip for most files of a registry written by portal import,
    synth or new, and never says yes to a file the formatter would change."""
    synthesize(25, tmp_path, seed=3, today=dt.date(2026, 6, 1), profile="national")
    records = _records(tmp_path) + _records(SAMPLE_REGISTRY)
    quick = [(p, kind) for p, kind in records if known_canonical(p.read_bytes(), kind)]
    assert len(quick) > 0.8 * len(records)
    for p, kind in quick:
        assert not format_bytes(p.read_bytes(), kind).changed, p


TEMPLATE = _loaded((SAMPLE_REGISTRY / ACCOUNT).read_bytes(), "account")


def _replace_strings(value: Any, texts: list[str], i: list[int]) -> Any:
    if isinstance(value, dict):
        return {k: _replace_strings(v, texts, i) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_strings(v, texts, i) for v in value]
    if isinstance(value, str) and texts:
        i[0] += 1
        return texts[i[0] % len(texts)]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.one_of(st.sampled_from(NASTY), st.text(st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=10)), max_size=12), shuffle=st.randoms())
def test_the_quick_yes_agrees_with_the_formatter(texts: list[str], shuffle: Any) -> None:
    record = _replace_strings(TEMPLATE, texts, [0])
    if shuffle.random() < 0.3:
        keys = list(record)
        shuffle.shuffle(keys)
        record = {k: record[k] for k in keys}
    raw = dump(record, "../../../schemas/account.schema.json").encode()
    if known_canonical(raw, "account"):
        assert not format_bytes(raw, "account").changed


def test_text_starting_with_a_digit_of_another_script_is_written_plain_by_both_writers() -> None:
    """YAML numbers are ASCII: "²" or "٣号" read as text, so yaml_emit and the formatter agree to leave them
    unquoted, and the quick yes stays true to the formatter."""
    for text in ["²", "٣号", "①号窗口", "０７９９"]:
        record = _replace_strings(TEMPLATE, [text], [0])
        raw = dump(record, "../../../schemas/account.schema.json").encode()
        assert f"name: {text}\n".encode() in raw
        assert known_canonical(raw, "account")
        assert not format_bytes(raw, "account").changed


# --- generated documents -------------------------------------------------------------------------

SCHEMA_KEYS = ["id", "platform", "name", "platform_id", "url", "host_unit", "status", "opened", "filings",
               "type", "event_date", "filed_date", "approval", "by", "date", "reason", "changes", "field", "from",
               "to", "notices", "private", "contacts", "phone", "x", "中文", "on", "1"]
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=10)
scalars = st.one_of(st.sampled_from(NASTY), printable, st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.dates().map(str))
keys = st.sampled_from(SCHEMA_KEYS)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)
documents = st.dictionaries(keys, values, min_size=1, max_size=8)
styles = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, None]),
    "default_style": st.sampled_from([None, None, "'", '"']),
    "allow_unicode": st.booleans(),
    "indent": st.sampled_from([2, 4]),
})


def _with_comments(text: str, where: list[int]) -> tuple[str, list[str]]:
    """`text` with full-line comments inserted before the lines `where` names; the comments."""
    lines = text.split("\n")
    added = []
    for i in sorted({w % max(len(lines), 1) for w in where}, reverse=True):
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        lines.insert(i, " " * indent + f"# 注释 {i}")
        added.append(f"# 注释 {i}")
    return "\n".join(lines), added


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents, style=styles, kind=st.sampled_from(["account", "unit", "inspection"]),
       comments=st.lists(st.integers(0, 50), max_size=3), crlf=st.booleans(), bom=st.booleans())
def test_formatting_is_faithful_and_idempotent(doc: dict[str, Any], style: dict[str, Any], kind: str,
                                               comments: list[int], crlf: bool, bom: bool) -> None:
    text, added = _with_comments(yaml.safe_dump(doc, sort_keys=False, width=1000, **style), comments)
    raw = ("\ufeff" if bom else "").encode() + text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8")
    once = format_bytes(raw, kind)
    if once.text is None:  # the loader refuses it: nothing to format
        return
    assert _same_record(_loaded(raw, kind), _loaded(once.text.encode(), kind))
    assert once.text.endswith("\n") and not once.text.endswith("\n\n") and "\r" not in once.text
    assert format_bytes(once.text.encode(), kind).text == once.text
    for comment in added:
        assert comment in once.text


@pytest.mark.parametrize("text", ["id: {id: '? x'}\n", "id: ['? x', ':a', -b]\n", "{id: ['? x']}\n"])
def test_text_starting_with_an_indicator_inside_brackets_keeps_its_meaning(text: str) -> None:
    """ruamel's emitter writes "? x" plain inside [ ] or { }, where YAML reads a complex key."""
    once = format_bytes(text.encode(), "account")
    assert once.text is not None
    assert _same_record(_loaded(text.encode(), "account"), _loaded(once.text.encode(), "account"))
    assert format_bytes(once.text.encode(), "account").text == once.text


# --- comments, styles, the command line ------------------------------------------------------------

MESSY = """\
# yaml-language-server: $schema=../../../schemas/account.schema.json
# 青山公安的快手号
name: 平安青山   # 与抖音同名
id: qs-gaj-ks
# 平台代码见 portal platforms
platform: kuaishou
platform_id: '3xzy2jlv4000000'
url: "https://www.kuaishou.com/profile/3xzy2jlv4000000"
host_unit: qs-gaj
status: 'active'
opened: 2023-07-25
filings:
  # 开设备案
  - event_date: 2023-07-25  # 上线日期
    type: open
    filed_date: 2023-07-26
    filed_with: [qs-ban]
    approval: {date: 2023-07-10, by: qs-ban}
    reason: 新开设政务新媒体账号
"""


def test_keys_move_to_schema_order_with_their_comments() -> None:
    out = format_bytes(MESSY.encode(), "account").text
    assert out is not None
    lines = out.split("\n")
    assert lines[0].startswith("# yaml-language-server: $schema=")  # stays on top
    keys = [ln.split(":")[0] for ln in lines if ln and not ln.startswith((" ", "#"))]
    assert keys == ["id", "platform", "name", "platform_id", "url", "host_unit", "status", "opened", "filings"]
    assert lines[lines.index("platform: kuaishou") - 1] == "# 平台代码见 portal platforms"
    assert any(ln.startswith("name: 平安青山") and ln.endswith("# 与抖音同名") for ln in lines)
    assert lines[lines.index("  - type: open") - 1] == "  # 开设备案"
    assert any(ln.startswith("    event_date: 2023-07-25") and ln.endswith("# 上线日期") for ln in lines)
    assert "    filed_with: [qs-ban]" in lines  # short flow list kept
    assert 'platform_id: "3xzy2jlv4000000"' in lines  # numeric-looking text stays quoted, in double quotes
    assert "url: https://www.kuaishou.com/profile/3xzy2jlv4000000" in lines  # quotes YAML does not need go
    assert "status: active" in lines
    for comment in [ln.strip() for ln in MESSY.split("\n") if "#" in ln]:
        assert comment.split("#", 1)[1] in out


def test_yaml_needs_quotes_where_the_loader_would_read_something_else() -> None:
    src = 'id: "0123"\nname: "true"\nhandle: "1_000"\nreason: "null"\npositioning: "a: b"\nverification_text: "#1"\n'
    out = format_bytes(src.encode(), "account").text
    assert out is not None
    for line in src.strip().split("\n"):
        assert line in out.split("\n")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    reg = tmp_path / "registry"
    shutil.copytree(SAMPLE_REGISTRY, reg, ignore=shutil.ignore_patterns(".portal-cache"))
    return reg


def test_check_prints_a_diff_and_fmt_rewrites(registry: Path) -> None:
    path = registry / ACCOUNT
    notepad = b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode()
    path.write_bytes(notepad)
    runner = CliRunner()
    res = runner.invoke(main, ["fmt", "--check", str(registry)])
    assert res.exit_code == 1
    assert f"--- {path}" in res.output and f"+++ {path} (portal fmt)" in res.output
    assert "+name: 平安青山   # 与抖音同名" in res.output and "-platform_id: '3xzy2jlv4000000'" in res.output
    assert "BOM" in res.output and "CRLF" in res.output
    assert path.read_bytes() == notepad  # --check writes nothing
    res = runner.invoke(main, ["fmt", str(path)])
    assert res.exit_code == 0, res.output
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert runner.invoke(main, ["fmt", "--check", str(path)]).exit_code == 0
    res = runner.invoke(main, ["validate", "--registry", str(registry), "--today", "2026-12-01", "--format", "json"])
    assert res.exit_code == 0, res.output


def test_a_broken_file_is_reported_and_left_alone(registry: Path) -> None:
    path = registry / ACCOUNT
    broken = path.read_text("utf-8").replace("name: 平安青山", "name：平安青山").encode()
    path.write_bytes(broken)
    res = CliRunner().invoke(main, ["fmt", str(path)])
    assert res.exit_code == 1
    assert "YAML011" in res.output and f"{path}:4:5" in res.output
    assert path.read_bytes() == broken


def test_the_sample_registry_is_canonical() -> None:
    """CI runs `portal fmt --check` on the registry: the bundled one must pass it."""
    result = CliRunner().invoke(main, ["fmt", "--check", str(SAMPLE_REGISTRY)])
    assert result.exit_code == 0, result.output
