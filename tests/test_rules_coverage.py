"""Who must run an account (COV001): 昆山 only its 区镇 governments and 管委会 (the scope list of annex 1
says who is supervised, the others "may open as needed"); 江西 also 赣江新区 and the province's
直属机构, except classified bodies and those national rules exempt (unit field coverage_exempt)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.support.rules_cases import add_account, set_unit
from tests.support.rules_kit import base, run

WECHAT_ID = "gh_3a5f9c0e1b40"


def _cov(profile: str, tmp: Path, unit: dict, *, account: bool = False, today: dt.date | None = None) -> list[str]:
    reg = base(profile)
    set_unit(unit["id"], **unit)(reg)
    if account:
        add_account(f"{unit['id']}-wechat", unit["id"], "wechat_subscription", "昆山发布厅", WECHAT_ID)(reg)
    kw = {"today": today} if today else {}
    return [p.code for p in run(reg, tmp, ["COV001"], **kw)]


KUNSHAN_MUST = [
    {"id": "ks-zp", "name": "昆山市张浦镇人民政府", "kind": "government", "level": "town"},
    {"id": "ks-kfq", "name": "昆山经济技术开发区管理委员会", "kind": "government", "level": "county"},
    {"id": "ks-hq", "name": "花桥经济开发区管委会", "kind": "government", "level": "town"},
]
KUNSHAN_MAY = [
    {"id": "ks-gaj", "name": "昆山市公安局", "kind": "department", "level": "county", "in_scope": True},
    {"id": "ks-bl", "name": "昆山市柏庐城市管理办事处", "kind": "government", "level": "town", "in_scope": True},
    {"id": "ks-rmt", "name": "昆山市融媒体中心", "kind": "institution", "level": "county", "in_scope": True},
]


@pytest.mark.parametrize("unit", KUNSHAN_MUST, ids=lambda u: u["id"])
def test_kunshan_town_governments_and_zones_must_have_an_account(tmp_path: Path, unit: dict) -> None:
    assert _cov("kunshan", tmp_path / "a", unit) == ["COV001"]
    assert _cov("kunshan", tmp_path / "b", unit, account=True) == []


@pytest.mark.parametrize("unit", KUNSHAN_MAY, ids=lambda u: u["id"])
def test_kunshan_other_supervised_units_may_open_as_needed(tmp_path: Path, unit: dict) -> None:
    assert _cov("kunshan", tmp_path, unit) == []


def test_national_still_requires_the_units_in_scope(tmp_path: Path) -> None:
    assert _cov("national", tmp_path, KUNSHAN_MAY[0]) == ["COV001"]


JIANGXI_MUST = [
    {"id": "jx-gjxq", "name": "江西赣江新区管理委员会", "kind": "government", "level": "province"},
    {"id": "jx-tjj", "name": "江西省统计局", "kind": "department", "level": "province"},  # 省政府直属机构
    {"id": "jx-nc", "name": "南昌市人民政府", "kind": "government", "level": "city"},
    {"id": "jx-jx", "name": "进贤县人民政府", "kind": "government", "level": "county"},
]


@pytest.mark.parametrize("unit", JIANGXI_MUST, ids=lambda u: u["id"])
def test_jiangxi_required_units(tmp_path: Path, unit: dict) -> None:
    assert _cov("jiangxi", tmp_path / "a", unit) == ["COV001"]
    assert _cov("jiangxi", tmp_path / "b", unit, account=True) == []


@pytest.mark.parametrize("reason", ["classified", "state_rule"])
def test_jiangxi_exempt_units_are_not_reported(tmp_path: Path, reason: str) -> None:
    unit = {"id": "jx-gab", "name": "江西省国家保密局", "kind": "department", "level": "province",
            "coverage_exempt": reason}
    assert _cov("jiangxi", tmp_path, unit) == []


def test_jiangxi_province_institutions_may_open_as_needed(tmp_path: Path) -> None:
    unit = {"id": "jx-skx", "name": "江西省社会科学院", "kind": "institution", "level": "province"}
    assert _cov("jiangxi", tmp_path, unit) == []


@pytest.mark.parametrize(("today", "expected"), [(dt.date(2019, 7, 30), []), (dt.date(2019, 7, 31), ["COV001"])])
def test_jiangxi_due_day_itself_is_still_in_time(tmp_path: Path, today: dt.date, expected: list[str]) -> None:
    """十、“7月30日前……均应开设”: reported from 31 July."""
    assert _cov("jiangxi", tmp_path, JIANGXI_MUST[2], today=today) == expected
