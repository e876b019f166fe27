"""Profiles as data: schema, inheritance, completeness against the rule registry, resolve_settings
and its PRF problems, the generated reference page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.check.engine import all_rules
from generator.check.profiles import (
    ASSESSMENT_FACTS,
    ProfileError,
    list_profiles,
    load_profile,
    profile_facts,
    resolve_settings,
    rule_table,
    rules_reference_markdown,
)
from generator.paths import PROFILES_DIR, SCHEMAS_DIR

SPECS = {s.code: s for s in all_rules()}
JURISDICTION = {c for c, s in SPECS.items() if s.group == "jurisdiction"}


def test_the_six_profiles_ship_and_match_their_schema() -> None:
    assert list_profiles() == ["baicheng", "jiangxi", "kunshan", "licang", "luan", "national"]
    schema = json.loads((SCHEMAS_DIR / "profile.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in list_profiles():
        raw = yaml.safe_load((PROFILES_DIR / f"{name}.yaml").read_text("utf-8"))
        jsonschema.validate(raw, schema)
        p = load_profile(name)
        assert p.chain[-1] == "national" and p.chain[0] == name


def test_national_lists_every_jurisdiction_rule_and_profiles_name_only_real_rules_and_params() -> None:
    assert set(load_profile("national").rules) >= JURISDICTION
    declared = {k for s in SPECS.values() for k in s.params}
    for name in list_profiles():
        p = load_profile(name)
        for code, entry in p.rules.items():
            assert code in SPECS, f"{name}: unknown rule {code}"
            assert set(entry.get("params") or {}) <= set(SPECS[code].params), f"{name}: {code} params"
        assert set(p.facts) <= declared | ASSESSMENT_FACTS, f"{name}: a fact nothing reads: {set(p.facts) - declared}"


@pytest.mark.parametrize(("profile", "code", "severity", "params"), [
    ("kunshan", "FIL001", "error", {"filing_working_days": 2, "effective_date": "2019-11-09"}),
    ("licang", "FIL001", "error", {"filing_working_days": 5}),
    ("baicheng", "FIL001", "error", {"filing_working_days": 3}),
    ("luan", "FIL001", "error", {"filing_working_days": 3, "filing_types": ["open", "change"]}),
    ("luan", "FIL002", "error", {"advance_working_days": 7}),
    ("national", "FIL001", "off", {}),
    ("licang", "DRG002", "error", {"notice_min_working_days": 15}),
    ("licang", "DRG003", "error", {"months": 1}),
    ("baicheng", "ONE001", "error", {}),
    ("kunshan", "ONE001", "warning", {}),
    ("kunshan", "ONE002", "warning", {"threshold": 3}),
    ("luan", "FRQ002", "warning", {"zombie_gap_days": 15}),
    ("national", "FRQ002", "warning", {"zombie_gap_days": 15}),
    ("kunshan", "FRQ002", "warning", {"zombie_gap_days": 15}),
    ("licang", "FRQ003", "warning", {"original_max_gap_days": 14}),
    ("jiangxi", "APP003", "error", {}),
    ("licang", "APP004", "error", {}),
    ("kunshan", "SUB001", "error", {"effective_date": "2019-11-09"}),
    ("licang", "SUB001", "off", {}),
])
def test_profile_settings(profile: str, code: str, severity: str, params: dict) -> None:
    settings_for, problems = resolve_settings({"profile": profile})
    assert problems == []
    s = settings_for(SPECS[code])
    assert s.severity == severity
    for k, v in params.items():
        assert s.params[k] == v


@pytest.mark.parametrize(("profile", "code", "clause"), [
    ("licang", "APP004", "第十五条（四）"),   # servers abroad
    ("licang", "APR001", "第六条（一）"),     # prior approval
    ("licang", "FBD003", "第六条（三）"),
    ("licang", "FRQ001", "第八条（四）"),
    ("kunshan", "FRQ001", "二（四）"),
    ("kunshan", "COV001", "二（二）"),
    ("baicheng", "FIL001", "三（二）一是"),
    ("baicheng", "FRQ001", "三（二）三是"),
    ("jiangxi", "COV001", "十、"),
    ("luan", "FIL002", "二（三）"),
    ("luan", "FRQ002", "六（三）"),
])
def test_basis_cites_the_clause_of_the_seed(profile: str, code: str, clause: str) -> None:
    assert clause in load_profile(profile).rules[code]["basis_zh"]


def test_every_local_basis_cites_a_clause() -> None:
    """Each basis_zh a local profile writes starts with the clause it comes from (第N条, 一、, 二（三）, 附件 N)."""
    clause = re.compile(r"^(第[一二三四五六七八九十]+条|[一二三四五六七八九十]+[、（]|附件 \d)")
    for name in list_profiles():
        if name == "national":
            continue
        for code, entry in yaml.safe_load((PROFILES_DIR / f"{name}.yaml").read_text("utf-8"))["rules"].items():
            if entry.get("basis_zh"):
                assert clause.match(entry["basis_zh"]), (name, code, entry["basis_zh"])


def test_facts_for_the_inspection_scoring() -> None:
    assert profile_facts("luan")["zombie_gap_days"] == 15
    assert profile_facts("jiangxi")["update_thresholds"][0]["max_gap_working_days"] == 1
    assert [t.get("min_per_week") for t in profile_facts("jiangxi")["update_thresholds"]] == [None, 2, 2]
    assert profile_facts("kunshan")["update_thresholds"][0]["match"] == {"platform": "wechat_service"}
    facts = profile_facts("kunshan")
    facts["zombie_gap_days"] = 99  # a copy: callers cannot change the profile
    assert profile_facts("kunshan")["zombie_gap_days"] == 15


def test_overrides_apply_and_bad_ones_are_problems_not_crashes() -> None:
    settings_for, problems = resolve_settings({"profile": "licang", "rule_overrides": {
        "DRG002": {"params": {"notice_min_working_days": 20}}, "NAME001": {"severity": "error"}}})
    assert problems == []
    assert settings_for(SPECS["DRG002"]).params["notice_min_working_days"] == 20
    assert settings_for(SPECS["NAME001"]).severity == "error"

    settings_for, problems = resolve_settings({"profile": "kunshan", "rule_overrides": {
        "XYZ001": {"severity": "off"},
        "FIL001": {"params": {"filing_working_days": "two", "nonsense": 1}},
        "ONE001": {"severity": "fatal"}}})
    assert sorted(p.code for p in problems) == ["PRF003", "PRF004", "PRF005", "PRF005"]
    assert all(p.message_zh and p.message_en and p.path.startswith("rule_overrides") for p in problems)
    assert settings_for(SPECS["FIL001"]).params["filing_working_days"] == 2  # the bad value is not used


def test_unknown_profile_is_a_problem_and_falls_back_to_national() -> None:
    settings_for, problems = resolve_settings({"profile": "atlantis"})
    assert [p.code for p in problems] == ["PRF001"]
    assert "atlantis" in problems[0].message_zh and "kunshan" in problems[0].message_en
    assert problems[0].path == "profile"
    assert settings_for(SPECS["FIL001"]).severity == "off"
    with pytest.raises(ProfileError):
        load_profile("atlantis")


def test_rule_table_and_reference_page() -> None:
    rows = rule_table("licang")
    assert [r["code"] for r in rows] == sorted(SPECS)
    page = rules_reference_markdown("licang")
    assert page.startswith("# 检查规则：青岛市李沧区")
    assert "青李沧政办发〔2021〕33号" in page
    for code in SPECS:
        assert f"## {code}" in page
    assert "notice_min_working_days` = `15`" in page
    assert rules_reference_markdown("licang") == page  # deterministic


def test_a_profile_that_breaks_its_schema_is_named_with_the_place(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    from generator.check import profiles

    text = (PROFILES_DIR / "national.yaml").read_text("utf-8")
    assert "  filing_working_days: null\n" in text
    (tmp_path / "broken.yaml").write_text(text.replace("name: national", "name: broken").replace(
        "  filing_working_days: null\n", "  filing_working_days: many\n"), "utf-8")
    monkeypatch.setattr(profiles, "PROFILES_DIR", tmp_path)
    profiles._raw.cache_clear()
    try:
        with pytest.raises(profiles.ProfileError) as err:
            profiles._raw("broken")
    finally:
        profiles._raw.cache_clear()
    assert err.value.code == "PRF002"
    assert "facts/filing_working_days" in err.value.message_en and "facts/filing_working_days" in err.value.message_zh
