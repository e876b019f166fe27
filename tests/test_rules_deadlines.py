"""Deadline details: unknown calendar years reported once per year (never counted as weekdays),
the portal.yaml calendar, 六安's staff-change exemption, info said once, effective dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.support.rules_cases import add_account, add_filing, deregistered, inspection, open_on, wechat
from tests.support.rules_kit import base, run

LATE_2027 = dt.date(2027, 2, 1)


def test_unknown_year_is_its_own_problem_and_the_deadline_is_not_guessed(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2026-12-30", "2027-01-05")(reg)
    add_account("ks-gov-douyin", "ks-gov", "douyin", "昆山发布", "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxe",
                filings=[{"type": "open", "event_date": "2026-12-31", "filed_date": "2027-01-04"}])(reg)
    problems = run(reg, tmp_path, ["CAL001", "FIL001"], today=LATE_2027)
    assert [p.code for p in problems] == ["CAL001"]  # one problem for the year, FIL001 stays silent
    cal = problems[0]
    assert cal.file.endswith("portal.yaml") and cal.params["year"] == 2027 and cal.params["count"] == 2
    assert "2027" in cal.message_zh and "calendar" in cal.hint_zh and "2027" in cal.hint_en


def test_with_the_year_in_portal_yaml_the_deadline_is_computed(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2026-12-30", "2027-01-05")(reg)  # 12-31, (01-01 holiday, weekend), 01-04, 01-05: 3rd working day
    reg["portal"]["calendar"] = {"2027": {"source": "国办发明电〔2026〕x号", "holidays": ["2027-01-01"], "workdays": []}}
    problems = run(reg, tmp_path, ["CAL001", "FIL001"], today=LATE_2027)
    assert [p.code for p in problems] == ["FIL001"]
    assert problems[0].params["deadline"] == "2027-01-04"


def test_filing_within_the_known_year_needs_no_calendar(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2026-12-29", "2026-12-31")(reg)
    assert run(reg, tmp_path, ["CAL001", "FIL001"], today=LATE_2027) == []


def test_luan_staff_change_is_filed_after_not_before(tmp_path: Path) -> None:
    """六安: a change of the two staff (两员) is filed within 3 working days after, not 7 before."""
    reg = base("luan")
    add_filing(type="change", event_date="2025-09-30", filed_date="2025-10-10", changes=[{"field": "staff"}],
               approval={"by": "ks-office", "date": "2025-09-29"})(reg)
    assert run(reg, tmp_path / "a", ["FIL001", "FIL002"]) == []  # 2nd working day after National Day
    reg2 = base("luan")
    add_filing(type="change", event_date="2025-09-30", filed_date="2025-10-13", changes=[{"field": "staff"}],
               approval={"by": "ks-office", "date": "2025-09-29"})(reg2)
    assert [p.code for p in run(reg2, tmp_path / "b", ["FIL001", "FIL002"])] == ["FIL001"]


def test_missing_data_is_said_once_per_account_as_info(tmp_path: Path) -> None:
    reg = base("kunshan")
    wechat(reg)["filings"][0].update(imported=True)
    add_filing(type="change", event_date="2026-01-05", filed_date="2026-01-30", date_unknown=True,
               changes=[{"field": "name"}])(reg)
    problems = run(reg, tmp_path, ["FIL009", "FIL001", "APR001", "APR002"])
    assert [(p.code, p.severity.value) for p in problems] == [("FIL009", "info")]
    assert problems[0].params["count"] == 2


def test_events_before_the_rules_took_effect_are_not_judged(tmp_path: Path) -> None:
    reg = base("kunshan")  # 昆政办发〔2019〕162号: 2019-11-09
    open_on("2019-09-30", "2019-10-30", None)(reg)
    assert run(reg, tmp_path, ["FIL001", "APR001"]) == []


def test_rule_override_changes_the_number(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2025-09-30", "2025-10-11")(reg)
    reg["portal"]["rule_overrides"] = {"FIL001": {"severity": "warning", "params": {"filing_working_days": 3}}}
    assert run(reg, tmp_path / "a", ["FIL001"]) == []
    open_on("2025-09-30", "2025-10-13")(reg)
    problems = run(reg, tmp_path / "b", ["FIL001"])
    assert [(p.code, p.severity.value) for p in problems] == [("FIL001", "warning")]
    assert "2025-10-11" in problems[0].message_zh  # the deadline, with the make-up Saturday


def test_abolition_before_the_rules_took_effect_is_not_judged_by_the_month_limit(tmp_path: Path) -> None:
    reg = base("licang")  # 青李沧政办发〔2021〕33号: 2021-07-23
    reg["units"]["ks-rsj"]["abolished"] = "2021-03-01"
    problems = run(reg, tmp_path, ["DRG003", "DRG006"])
    assert [p.code for p in problems] == ["DRG006"]  # still running: the national warning remains


def test_a_weekend_filing_after_the_deadline_names_that_deadline(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2025-11-05", "2025-11-08")(reg)  # Wednesday + 2 working days = Friday 11-07; filed on Saturday
    problems = run(reg, tmp_path, ["FIL001"])
    assert [(p.code, p.path, p.params["deadline"]) for p in problems] == [
        ("FIL001", "filings[0].filed_date", "2025-11-07")]


def test_notice_period_names_the_earliest_effective_day(tmp_path: Path) -> None:
    """李沧 第七条: counted from the day after publication; the 15th working day is the make-up Saturday."""
    reg = base("licang")
    deregistered("ks-rsj-wechat", "2025-09-15", "2025-10-10")(reg)
    problems = run(reg, tmp_path, ["DRG002"])
    assert [(p.code, p.params["days"], p.params["earliest"]) for p in problems] == [("DRG002", 14, "2025-10-11")]


def test_calendar_check_counts_only_the_filing_types_the_deadline_rule_judges(tmp_path: Path) -> None:
    """六安: FIL001 judges openings and changes only, FIL002 closures and changes: a deregistration
    crossing into an unknown year is judged by neither, so no year is missing."""
    reg = base("luan")
    add_filing(type="deregister", event_date="2026-12-30", filed_date="2027-01-05")(reg)
    assert run(reg, tmp_path / "a", ["CAL001"], today=LATE_2027) == []
    add_filing(type="change", event_date="2026-12-31", filed_date="2027-01-05", changes=[{"field": "name"}])(reg)
    problems = run(reg, tmp_path / "b", ["CAL001"], today=LATE_2027)
    assert [(p.code, p.params["year"], p.params["count"]) for p in problems] == [("CAL001", 2027, 1)]


def test_calendar_check_follows_the_overrides_of_the_deadline_rules(tmp_path: Path) -> None:
    reg = base("kunshan")
    open_on("2026-12-30", "2027-01-05")(reg)
    reg["portal"]["rule_overrides"] = {"FIL001": {"params": {"filing_types": ["change"]}}}
    assert run(reg, tmp_path / "a", ["CAL001", "FIL001"], today=LATE_2027) == []
    reg["portal"]["rule_overrides"] = {"FIL001": {"severity": "off"}}
    assert run(reg, tmp_path / "b", ["CAL001", "FIL001"], today=LATE_2027) == []
    reg["portal"]["rule_overrides"] = {"FIL001": {"params": {"filing_working_days": 10}}}
    assert [p.code for p in run(reg, tmp_path / "c", ["CAL001", "FIL001"], today=LATE_2027)] == ["CAL001"]


def test_calendar_check_covers_a_working_day_update_gap(tmp_path: Path) -> None:
    """江西 city governments update every working day: a check in a year the package does not know
    is reported by CAL001, not silently skipped."""
    reg = base("jiangxi")
    reg["units"]["ks-gov"]["level"] = "city"
    inspection("2027-01-04", date="2027-01-07", aid="ks-gov-weibo")(reg)
    reg["inspections"]["ks-2026-01"]["period"] = "2027-01"
    reg["inspections"]["ks-2027-01"] = reg["inspections"].pop("ks-2026-01")
    reg["inspections"]["ks-2027-01"]["id"] = "ks-2027-01"
    problems = run(reg, tmp_path, ["CAL001", "FRQ001"], today=LATE_2027)
    assert [(p.code, p.params["year"]) for p in problems] == [("CAL001", 2027)]
    assert "inspections/2027-01/ks-2027-01.yaml" in problems[0].params["example"]
