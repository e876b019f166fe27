"""The naming rules' fast paths (memoised region splits and duty aliases, the duty test run only
where its answer is used) give exactly the answers of the straightforward version kept below."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

from generator.check.naming import (
    _GENERIC,
    DUTY_ALIASES,
    _duty_re,
    _longest_subsequence_run,
    normalize,
    region_stem,
    split_regions,
    tie,
    unit_terms,
)

REAL = yaml.safe_load((Path(__file__).parent / "data" / "real_account_names.yaml").read_text("utf-8"))


# The implementation before the fast paths, verbatim.
def _reference_unit_terms(unit: dict[str, Any]) -> dict[str, Any]:
    full = normalize(unit.get("name") or "")
    shorts = [normalize(s) for s in unit.get("short_names") or () if s]
    region_text = normalize(unit.get("region") or "")
    regions, core = split_regions(full)
    if region_text:  # the declared region is authoritative; its last segment is the lowest
        declared, _ = split_regions(region_text, whole=True)
        regions = declared or [region_text]
        core = full
        for r in regions:  # the organ part: 共青团江苏省委员会 → 共青团委员会
            core = core.replace(r, "")
    stems = [region_stem(r) for r in regions]
    duties = {normalize(d) for d in unit.get("duties") or () if d}
    for word, aliases in DUTY_ALIASES.items():
        if word in core:
            duties.update(aliases)
    duty_re = _duty_re(frozenset(duties)) if duties else None
    return {"full": full, "shorts": shorts, "stems": stems, "core": core, "duties": duties, "duty_re": duty_re,
            "government": unit.get("kind") == "government"}


def _reference_tie(name: str, terms: dict[str, Any]) -> str | None:
    n = normalize(name)
    full = terms["full"]
    if full and full in n:
        return "full"
    if any(s and s in n for s in terms["shorts"]):
        return "short"
    stems: list[str] = terms["stems"]
    lowest = stems[-1] if stems else ""
    has_region = bool(lowest) and lowest in n
    core: str = terms["core"]
    duty_re = terms.get("duty_re")
    has_duty = bool(duty_re and duty_re.search(n))
    if not has_duty and core:
        run = _longest_subsequence_run(n, core)
        has_duty = len(run) >= 2 and run not in _GENERIC
    if terms["government"]:
        if has_region:
            return "region"
    elif has_region and has_duty:
        return "region+duty"
    # abbreviation across region and organ: 古宣 ← 古城区委宣传部, 昆山人社 ← 昆山市人力资源和社会保障局
    if lowest and full:
        run = _longest_subsequence_run(n, full)
        if len(run) >= 2 and run[0] == lowest[0] and any(ch in core for ch in run[1:]):
            return "abbreviation"
    if has_duty and not stems:
        return "duty"  # a unit with no region (national bodies): its duty word suffices
    return None


def _units() -> list[dict[str, Any]]:
    """Every real unit with and without its region, as a government and as a department, with and
    without short names and duties."""
    out = []
    for r in REAL:
        for region, kind, extra in itertools.product((r.get("region"), None), ("government", "department"),
                                                     ({}, {"short_names": [r["name"][:2]], "duties": ["发布"]})):
            out.append({"name": r["unit"], "kind": kind, **({"region": region} if region else {}), **extra})
    return out


def test_unit_terms_are_unchanged() -> None:
    for u in _units():
        assert unit_terms(u) == _reference_unit_terms(u), u


def test_ties_are_unchanged() -> None:
    names = [r["name"] for r in REAL] + ["首善茅坪", "古宣", "昆山人社", "城市之光", "发布", "交警"]
    for u in _units():
        ours, theirs = unit_terms(u), _reference_unit_terms(u)
        for name in names:
            assert tie(name, ours) == _reference_tie(name, theirs), (name, u)


def test_traditional_characters_are_the_converters() -> None:
    """naming reads the converter's character table instead of building the converter (0.15 s)."""
    import opencc_purepy

    from generator.check.naming import _traditional_chars

    assert _traditional_chars() == frozenset(opencc_purepy.OpenCC("t2s").dictionary.ts_characters[0])
    assert normalize("臨淄交警 ·發佈") == "临淄交警发布"
