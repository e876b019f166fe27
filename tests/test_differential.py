"""Differential test: the fast path (yaml-rs + checks) and the exact path (libyaml events + our YAML
1.2 core resolution) mean the same by every document. Whenever the fast path gives a value, the exact
path gives the same value (same types too); the fast path may decline, never disagree. And no input,
however broken, makes the loader raise."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.load.read import SIZE_LIMITS, analyse
from generator.load.yaml.exact import load_exact
from generator.load.yaml.fast import load_fast
from generator.load.yaml.text import YamlIssue, decode

PROJECT = Path(__file__).resolve().parent.parent
LIMIT = 256 * 1024

NASTY = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "True", "TRUE", "tRUE", "false", "null", "Null",
    "NULL", "nULL", "~", "", "0", "-0", "+0", "012", "0o17", "0O17", "0o8", "0x1F", "0X1F", "0xg", "0b101",
    "1_000", "_1", "1_", "+12", "-12", "1e3", "1E3", "1.5e+3", ".5", "1.", "-.5", "+.5", ".inf", "-.inf",
    ".Inf", ".INF", ".nan", ".NaN", "nan", "inf", "1e999", "99999999999999999999999", "9223372036854775807",
    "9223372036854775808", "-9223372036854775809", "2024-01-02", "2024-1-2", "2025-02-30", "0001-01-01",
    "2024-01-02 10:00:00", "2024-01-02T10:00:00Z", "2001-12-14t21:59:43.10-05:00", "12:30", "12:30:00",
    "1:20", "190:20:30", "20240102", "=", "<<", "-", "--", "a b", "a: b", "a #b", "#x", "'", '"', "@x", "`x",
    "%x", "!x", "&x", "*x", "? x", "| x", "> x", "[a]", "{a: 1}", "a,b", "中文", "中文: 值", "全角：冒号",
    "https://x.cn/a?b=1&c=2", "gh_3a5f9c0e1b2d", "91360100MA35XXXX1A", " lead", "trail ", "a  b", "\u3000",
    "0.1.2", "1.2.3.4", "1,000", "$1", "1e", "e3", "0x", "-0x1", "+0o7", "0b", ".", "..", "...", "---",
    "_1", "1__0", "0x_1", "0b1_0", "+1_0", "-1_0", "0o1_7", "0x1f_", "0B1", "-0b1", "+0x1", "veto_2", "12_a",
]


def strict_equal(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def check_agree(text: str) -> str:
    """Assert agreement; return "fast", "declined" or "rejected" (for statistics)."""
    try:
        text = decode(text.encode("utf-8", "surrogatepass"), LIMIT)
    except (YamlIssue, UnicodeEncodeError):
        return "rejected"  # the shared first step: the same for both paths by construction
    fast = load_fast(text)
    try:
        exact: Any = load_exact(text).value
        error = None
    except YamlIssue as issue:
        exact, error = None, issue
    if fast is None:
        return "declined" if error is None else "rejected"
    assert error is None, f"fast path accepted what the exact path rejects ({error.code}): {text!r}"
    assert strict_equal(fast, exact), f"paths disagree on {text!r}: fast={fast!r} exact={exact!r}"
    return "fast"


def _all_fixture_files() -> list[Path]:
    files = sorted((PROJECT / "tests" / "fixtures").rglob("*.yaml"))
    if (PROJECT / "registry").is_dir():
        files += sorted((PROJECT / "registry").rglob("*.yaml"))
    return files


def test_every_fixture_and_registry_file() -> None:
    seen = {"fast": 0, "declined": 0, "rejected": 0}
    for path in _all_fixture_files():
        raw = path.read_bytes()
        seen[check_agree(raw.decode("utf-8", "surrogateescape"))] += 1
    assert seen["fast"] > 0


def test_fast_path_takes_ordinary_records() -> None:
    """The fast path must actually be used for normal files, or it saves nothing."""
    base = PROJECT / "tests" / "fixtures" / "validate" / "base"
    files = sorted(base.rglob("*.yaml"))
    assert files
    for f in files:
        assert check_agree(f.read_text("utf-8")) == "fast", f


# --- generated documents -------------------------------------------------------------------------

# Mostly printable text (control characters are rejected before either parser runs), some of all.
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=12)
any_text = st.one_of(printable, printable, printable, st.text(max_size=12))
keys = st.one_of(st.sampled_from(["id", "name", "a", "b", "filed_date", "中文", "x y", "on", "1", "null"]),
                 any_text.filter(bool))
scalars = st.one_of(
    st.sampled_from(NASTY), any_text, st.integers(), st.booleans(), st.none(),
    st.floats(allow_nan=False), st.dates().map(str),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)
documents = st.dictionaries(keys, values, min_size=1, max_size=6)
styles = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, True, None]),
    "default_style": st.sampled_from([None, None, "'", '"']),
    "allow_unicode": st.booleans(),
    "width": st.sampled_from([20, 80, 1000]),
    "indent": st.sampled_from([2, 4]),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents, style=styles)
def test_dumped_documents_agree(doc: dict[str, Any], style: dict[str, Any]) -> None:
    check_agree(yaml.safe_dump(doc, sort_keys=False, **style))


plain_lines = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "id", "中文", "'q'", '"q"', "- a", "  d", "  - e"]),
              st.sampled_from(["", "'", '"']),
              st.one_of(st.sampled_from(NASTY), any_text)),
    min_size=1, max_size=6,
)


@settings(max_examples=600, deadline=None)
@given(lines=plain_lines)
def test_hand_written_scalars_agree(lines: list[tuple[str, str, str]]) -> None:
    text = "".join(f"{k}: {q}{v}{q}\n" for k, q, v in lines)
    check_agree(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab:- \n'\"[]{},#&*!?|>%@`\t0123456789._+~中") + ["\u2028"]),
                    max_size=40))
@example(text="{0`:}")  # found by this test: libyaml rejects `:` before a flow indicator, yaml-rs did not
def test_yaml_punctuation_soup_agrees(text: str) -> None:
    check_agree(text)


# --- nothing ever raises -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300), kind=st.sampled_from(sorted(SIZE_LIMITS)))
def test_arbitrary_bytes_never_raise(raw: bytes, kind: str) -> None:
    res = analyse(raw, kind)
    assert (res.data is None) == bool(res.problems)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), kind=st.sampled_from(sorted(SIZE_LIMITS)))
def test_arbitrary_text_never_raises(text: str, kind: str) -> None:
    res = analyse(text.encode("utf-8", "surrogatepass"), kind)
    assert (res.data is None) == bool(res.problems)


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf!t\na: 1\n", b"\xef\xbb\xbf&x\na: 1\n", b"\xef\xbb\xbf%YAML 1.2\n---\na: !x 1\n"])
def test_bom_does_not_hide_a_token_from_the_fast_path(raw: bytes) -> None:
    assert analyse(raw, "account").problems


@pytest.mark.parametrize("raw", [b"a:\n" + b"  " * 300 + b"- x\n", b"[" * 5000 + b"]" * 5000, b"a: " + b"[" * 2000])
def test_deep_nesting_never_raises(raw: bytes) -> None:
    assert analyse(raw, "account").problems
