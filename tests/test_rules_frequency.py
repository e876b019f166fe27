"""Update frequency as the documents count it: 江西's twice a week is a count per week, 昆山's WeChat
service accounts a weekly average over the month before the check; with only the last update known,
only a certain shortfall is reported. Zombie gaps count the threshold itself (六安 15 天以上)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.rules_cases import add_account, inspection
from tests.support.rules_kit import base, run

SERVICE = ("ks-rsj-service", "ks-rsj", "wechat_service", "昆山人社服务", "gh_3a5f9c0e1b2f")


def _frq(profile: str, tmp: Path, last: str, date: str = "2026-01-18", aid: str = "ks-gov-weibo",
         service: bool = False, **obs: object) -> list[tuple[str, str]]:
    reg = base(profile)
    if service:
        add_account(*SERVICE)(reg)
    inspection(last, date=date, aid=aid, **obs)(reg)
    return [(p.code, p.path) for p in run(reg, tmp, ["FRQ001"])]


@pytest.mark.parametrize(("since", "count", "flagged"), [
    ("2026-01-11", 2, False),  # one week (7 days before the check): 2 suffice, Monday and Tuesday included
    ("2026-01-11", 1, True),
    ("2025-12-21", 7, True),   # four weeks: 1.75 a week
    ("2025-12-21", 8, False),
    ("2026-01-05", 2, False),  # 13 days hold one whole week: 2 suffice, the average is not certain
    ("2026-01-14", 0, False),  # a window shorter than a week is not judged by its count
])
def test_jiangxi_twice_a_week_is_a_count(tmp_path: Path, since: str, count: int, flagged: bool) -> None:
    found = _frq("jiangxi", tmp_path, "2026-01-17", updates={"since": since, "count": count})
    assert found == ([("FRQ001", "results[0].observations.updates.count")] if flagged else [])


@pytest.mark.parametrize(("last", "flagged"), [("2026-01-11", False), ("2026-01-10", True)])
def test_jiangxi_last_update_alone_flags_only_a_week_without_update(tmp_path: Path, last: str, flagged: bool) -> None:
    """Checked on Sunday 2026-01-18: a post on 01-11 may be one of two that week; none since 01-10 is
    certainly fewer than two in the week before the check."""
    found = _frq("jiangxi", tmp_path, last)
    assert found == ([("FRQ001", "results[0].observations.last_update")] if flagged else [])


@pytest.mark.parametrize(("last", "updates", "flagged"), [
    ("2026-01-10", None, False),                                   # 10 days: today's false positive
    ("2025-12-23", None, False),                                   # 28 days: the month is not yet empty
    ("2025-12-22", None, True),                                    # nothing in the 4 weeks before the check
    ("2026-01-19", {"since": "2025-12-20", "count": 4}, False),    # one a week on average over the month
    ("2026-01-19", {"since": "2025-12-20", "count": 3}, True),
    ("2026-01-19", {"since": "2026-01-06", "count": 0}, False),    # two weeks only: not the month
])
def test_kunshan_service_account_weekly_average_over_a_month(tmp_path: Path, last: str, updates: dict | None,
                                                            flagged: bool) -> None:
    obs = {"updates": updates} if updates else {}
    found = _frq("kunshan", tmp_path, last, date="2026-01-20", aid=SERVICE[0], service=True, **obs)
    assert [c for c, _ in found] == (["FRQ001"] if flagged else [])


def test_kunshan_other_accounts_keep_the_weekly_gap(tmp_path: Path) -> None:
    assert _frq("kunshan", tmp_path / "a", "2026-01-12", date="2026-01-20", aid="ks-rsj-wechat") == [
        ("FRQ001", "results[0].observations.last_update")]
    assert _frq("kunshan", tmp_path / "b", "2026-01-13", date="2026-01-20", aid="ks-rsj-wechat") == []


def test_the_message_names_the_requirement(tmp_path: Path) -> None:
    reg = base("jiangxi")
    inspection("2026-01-17", date="2026-01-18", aid="ks-gov-weibo", updates={"since": "2025-12-21", "count": 7})(reg)
    (p,) = run(reg, tmp_path, ["FRQ001"])
    assert p.params["rule_zh"] in p.message_zh and "2" in p.params["rule_zh"]
    assert "7" in p.params["found_zh"] and "8" in p.params["found_zh"]


@pytest.mark.parametrize(("profile", "last", "flagged"), [
    ("luan", "2026-01-05", True), ("luan", "2026-01-06", False),          # 15 天以上 includes 15
    ("national", "2026-01-05", True), ("national", "2026-01-06", False),  # nothing in the 14 days before
    ("kunshan", "2026-01-05", True), ("kunshan", "2026-01-06", False),
])
def test_zombie_gap_counts_the_threshold_itself(tmp_path: Path, profile: str, last: str, flagged: bool) -> None:
    reg = base(profile)
    inspection(last)(reg)  # checked 2026-01-20
    problems = run(reg, tmp_path, ["FRQ002"])
    assert [(p.code, p.params["gap"], p.params["limit"]) for p in problems] == (
        [("FRQ002", 15, 15)] if flagged else [])
