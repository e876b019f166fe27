"""NAME001 measured on real official account names: real names must not be blocked (an unclear
tie is only a warning), and how many the rule flags is pinned so that a change is noticed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.check.naming import normalize, split_regions, tie, unit_terms
from tests.support.rules_kit import run

REAL = yaml.safe_load((Path(__file__).parent / "data" / "real_account_names.yaml").read_text("utf-8"))
# Names the heuristic cannot tie (no region, or no duty word): warnings, reviewed by hand.
EXPECTED_FLAGGED = {"中国政府网", "首都之窗", "微博云南", "平安中原", "乐游上海"}


def _terms(row: dict) -> dict:
    return unit_terms({"name": row["unit"], "kind": row["kind"], "level": row["level"], "region": row.get("region")})


def test_the_list_is_large_enough_and_unique() -> None:
    assert len(REAL) >= 100
    assert len({r["name"] for r in REAL}) == len(REAL)


@pytest.mark.parametrize(("name", "unit"), [("首善茅坪", "茅坪镇人民政府"), ("临淄交警", "淄博市公安局临淄分局交通警察大队"),
                                            ("古宣发布", "古城区委宣传部")])
def test_the_examples_of_the_issue_are_tied(name: str, unit: str) -> None:
    row = next(r for r in REAL if r["name"] == name)
    assert row["unit"] == unit and tie(name, _terms(row)) is not None


def test_rule_on_a_registry_of_real_names(tmp_path: Path) -> None:
    """The measurement: every real name as an account of its unit, NAME001 run through the engine."""
    reg = {"portal": {"name": "测试", "jurisdiction": "测试", "profile": "national", "root_unit": "u000"},
           "units": {}, "accounts": {}, "inspections": {}}
    for i, r in enumerate(REAL):
        uid = f"u{i:03d}"
        reg["units"][uid] = {"id": uid, "name": r["unit"], "kind": r["kind"], "level": r["level"],
                             **({"region": r["region"]} if r.get("region") else {})}
        reg["accounts"][f"a{i:03d}"] = {
            "id": f"a{i:03d}", "platform": "weibo", "name": r["name"], "platform_id": str(1000000 + i),
            "host_unit": uid, "status": "active",
            "filings": [{"type": "open", "event_date": "2024-01-02", "filed_date": "2024-01-03"}]}
    problems = run(reg, tmp_path, ["NAME001"])
    flagged = {p.params["name"] for p in problems}
    print(f"NAME001 flags {len(flagged)} of {len(REAL)} real names: {sorted(flagged)}")
    assert flagged == EXPECTED_FLAGGED
    assert all(p.severity.value == "warning" and p.params["unit"] in p.message_zh for p in problems)


@pytest.mark.parametrize(("name", "unit", "kind", "region"), [
    ("美食天下", "昆山市人力资源和社会保障局", "department", "江苏省苏州市昆山市"),
    ("小王的日常", "昆山市人民政府", "government", "江苏省苏州市昆山市"),
    ("青岛教育", "青岛市李沧区教育和体育局", "department", "山东省青岛市李沧区"),  # names the city, not 李沧
    ("苏州发布", "昆山市人民政府", "government", "江苏省苏州市昆山市"),
    ("城市之光", "北京市公安局", "department", "北京市"),
])
def test_unrelated_names_are_flagged(name: str, unit: str, kind: str, region: str) -> None:
    assert tie(name, unit_terms({"name": unit, "kind": kind, "region": region})) is None


def test_normalisation_and_regions() -> None:
    assert normalize("臨淄交警 ·發佈") == "临淄交警发布"
    assert normalize("ＡＢＣ１２３４５") == "abc12345"
    assert split_regions("青岛市李沧区住房和城乡建设局") == (["青岛市", "李沧区"], "住房和城乡建设局")
    assert split_regions("内蒙古自治区呼和浩特市", whole=True) == (["内蒙古自治区", "呼和浩特市"], "")


def test_place_names_holding_organ_like_characters_are_regions() -> None:
    from generator.check.naming import split_regions

    assert split_regions("苏州市吴中区人民政府") == (["苏州市", "吴中区"], "人民政府")
    assert split_regions("会同县人民政府") == (["会同县"], "人民政府")
    assert split_regions("中山市公安局") == (["中山市"], "公安局")
    assert split_regions("天津市和平区教育局") == (["天津市", "和平区"], "教育局")
    assert split_regions("北京市公安局交通管理局") == (["北京市"], "公安局交通管理局")


def _registry(rows: list[dict]) -> dict:
    reg = {"portal": {"name": "测试", "jurisdiction": "测试", "profile": "national", "root_unit": "u000"},
           "units": {}, "accounts": {}, "inspections": {}}
    for i, r in enumerate(rows):
        uid = f"u{i:03d}"
        reg["units"][uid] = {"id": uid, "name": r["unit"], "kind": r["kind"], "level": r["level"],
                             **{k: r[k] for k in ("region", "short_names", "division") if r.get(k)}}
        reg["accounts"][f"a{i:03d}"] = {
            "id": f"a{i:03d}", "platform": "weibo", "name": r["name"], "platform_id": str(1000000 + i),
            "host_unit": uid, "status": "active",
            "filings": [{"type": "open", "event_date": "2024-01-02", "filed_date": "2024-01-03"}]}
    return reg


LICANG_YBJ = {"unit": "青岛市李沧区医疗保障局", "kind": "department", "level": "county", "region": "山东省青岛市李沧区",
              "short_names": ["李沧医保", "市医保"]}


@pytest.mark.parametrize(("name", "place"), [
    ("胶州市医保局", "胶州市"),             # holds the short name 市医保, names a sister city
    ("青岛市胶州市医保", "胶州市"),
    ("共青团胶州市委", "胶州市"),
    ("山东省平度市医保", "平度市"),
    ("江苏省医保", "江苏省"),
    ("周市镇医保", "周市镇"),
    ("李沧区医保局", None),                 # its own district
    ("青岛市医保局", None),                 # the city above it
    ("山东省青岛市李沧区医疗保障局", None),
    ("李沧医保", None),
])
def test_a_name_that_names_another_place(tmp_path: Path, name: str, place: str | None) -> None:
    problems = run(_registry([{**LICANG_YBJ, "name": name}]), tmp_path, ["NAME001"])
    if place is None:
        assert problems == []
    else:
        assert [(p.code, p.params["places"]) for p in problems] == [("NAME001", place)]
        assert place in problems[0].message_zh and place in problems[0].message_en


def test_real_units_may_use_their_own_full_names(tmp_path: Path) -> None:
    """Every real unit's own full name, as an account name, names no other place."""
    rows = [{**r, "name": r["unit"]} for r in REAL]
    problems = run(_registry(rows), tmp_path, ["NAME001"])
    assert [p.params.get("places") for p in problems if p.params.get("places")] == []
