"""昆山 annex 3's yearly assessment of the supervising units (`portal assess`), on registries kept in
real Git repositories whose commits carry the days the check reports arrived: worked examples to the
point, the veto short-circuit, caps, the bonus threshold, pending inputs; the cadence other profiles
set; and the assessment of every supervising unit of the sample registry."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.assess.inputs import Inputs, InputsError, UnitInputs, read_inputs
from generator.assess.yearly import CLEAR, FOUND, PENDING, UnitAssessment, assess
from generator.cli import main
from generator.load.registry import load_registry
from tests.support.rules_kit import account, base, write
from tests.support.site import git

TODAY = dt.date(2027, 1, 15)  # the year 2026 is over
SAMPLE = Path(__file__).resolve().parent.parent / "registry"
ALL = ["ks-rsj-wechat", "ks-zp-wechat", "ks-zp-douyin"]


def _batch(bid: str, date: str, accounts: list[str], *, inspector: str = "ks-office", level: str = "county",
           kind: str = "regular", failing: dict[str, dict[str, Any]] | None = None, **more: Any) -> dict[str, Any]:
    results = []
    for a in accounts:
        res: dict[str, Any] = {"account": a, "observations": {"last_update": date, "functions_ok": True, "interaction_ok": True}}
        res.update((failing or {}).get(a, {}))
        results.append(res)
    q = (int(date[5:7]) - 1) // 3 + 1
    return {"id": bid, "period": f"{date[:4]}-Q{q}", "inspector": inspector, "kind": kind, "level": level,
            "rubric": "kunshan-2019", "date": date, "results": results, **more}


def clean() -> dict[str, Any]:
    """A 昆山 office supervising the HR bureau and a town: three accounts, checked in full every quarter."""
    reg = base("kunshan")
    reg["units"]["ks-zp"] = {"id": "ks-zp", "name": "昆山市张浦镇人民政府", "kind": "government", "level": "town",
                             "region": "江苏省苏州市昆山市张浦镇", "supervisor": "ks-office", "short_names": ["张浦镇"]}
    reg["units"]["js-office"] = {"id": "js-office", "name": "江苏省人民政府办公厅", "kind": "government", "level": "province"}
    reg["accounts"]["ks-zp-wechat"] = account("ks-zp-wechat", "ks-zp", "wechat_subscription", "张浦发布", "gh_1b2c3d4e5f60",
                                              verification_text="昆山市张浦镇人民政府")
    reg["accounts"]["ks-zp-douyin"] = account("ks-zp-douyin", "ks-zp", "douyin", "张浦发布",
                                              "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxdBSeIuPiN",
                                              verification_text="昆山市张浦镇人民政府")
    reg["arrivals"] = {}
    for bid, date, arrives in (("ks-2026q1", "2026-03-20", "2026-03-30"), ("ks-2026q2", "2026-06-19", "2026-06-30"),
                               ("ks-2026q3", "2026-09-18", "2026-09-30"), ("ks-2026q4", "2026-12-10", "2026-12-20")):
        reg["inspections"][bid] = _batch(bid, date, list(ALL))
        reg["arrivals"][bid] = arrives
    reg["inspections"]["js-2026"] = _batch("js-2026", "2026-05-12", ["ks-rsj-wechat"], inspector="js-office",
                                           level="province", kind="spot_check", published="2026-05-20")
    reg["arrivals"]["js-2026"] = "2026-05-21"
    return reg


def build(reg: dict[str, Any], root: Path) -> Path:
    """The registry in a Git repository: records first, then each batch in a commit of its arrival day."""
    reg = copy.deepcopy(reg)
    arrivals = reg.pop("arrivals")
    batches = reg["inspections"]
    reg["inspections"] = {}
    write(reg, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "records", date="2026-01-05T10:00:00+08:00")
    for bid in sorted(batches, key=lambda b: arrivals[b]):
        write({**reg, "units": {}, "accounts": {}, "inspections": {bid: batches[bid]}}, root)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", bid, date=f"{arrivals[bid]}T18:00:00+08:00")
    return root


def run(reg: dict[str, Any], tmp: Path, inputs: dict[str, UnitInputs] | None = None) -> UnitAssessment:
    root = build(reg, tmp / "registry")
    loaded, _ = load_registry(root, use_cache=False)
    facts = Inputs("inputs.yaml", 2026, inputs) if inputs is not None else None
    year = assess(loaded, 2026, TODAY, inputs=facts)
    assert year.final and year.rubric == "kunshan-2019" and [u.unit for u in year.units] == ["ks-office"]
    return year.units[0]


def lines(u: UnitAssessment) -> dict[str, Any]:
    return {ln.key: ln for ln in [*u.vetoes, *(ln for g in u.groups for ln in g.lines), *u.bonuses, *u.cadence]}


GOOD = {"ks-office": UnitInputs(performance_review=True, falsification=False, has_commendations=True, commendations=(
    {"level": "province", "date": "2026-04-02", "title": "全省政务新媒体优秀案例"},
    {"level": "city", "date": "2026-11-20", "title": "苏州市政务新媒体排名第 3 名"},
    {"level": "city", "date": "2025-12-20", "title": "上一年度的表扬"}))}


def test_a_clean_year_passes_with_every_bonus(tmp_path: Path) -> None:
    u = run(clean(), tmp_path, GOOD)
    got = lines(u)
    assert all(got[k].status == CLEAR for k in ("missing_checks", "late_reports", "coverage", "late_filings",
                                                 "never_inspected", "late_rectification", "failed_accounts"))
    assert (got["check_ratio"].points, got["pass_rate"].points, got["commendations"].points) == (10, 10, 3)
    assert (u.vetoed, u.deduction_score, u.bonus, u.total, u.passed, u.pending) == (False, 100, 23, 123, True, [])
    assert got["cadence_1"].status == CLEAR and u.accounts == 3 and u.checks == 4


def test_annex_3_worked_example_fails_on_its_deductions(tmp_path: Path) -> None:
    """Reports late twice (−10); a finding of the province's check rectified after 10 days (−10); three WeChat
    accounts of one bureau (−5); a closure without a notice (−1); an opening without approval (−5); two late
    filings (−2 each); not in the performance review (−10): 100 − 45 = 55 < 60 → 不合格."""
    reg = clean()
    reg["arrivals"]["ks-2026q2"] = "2026-07-03"
    reg["arrivals"]["ks-2026q4"] = "2027-01-04"
    reg["inspections"]["js-2026"]["results"][0].update(
        vetoes=[{"item": "no_update_2w"}], rectify_by="2026-06-01", rectified="2026-06-05")
    for aid, pid in (("ks-rsj-wechat2", "gh_5a5f9c0e1b2d"), ("ks-rsj-service", "gh_6a5f9c0e1b2d")):
        reg["accounts"][aid] = account(aid, "ks-rsj", "wechat_subscription" if aid.endswith("2") else "wechat_service",
                                       "昆山就业", pid)
    weibo = account("ks-rsj-weibo", "ks-rsj", "weibo", "昆山人社", "2803301709", status="closed")
    weibo["filings"].append({"type": "close", "event_date": "2026-06-30", "filed_date": "2026-06-30", "reason": "整合"})
    reg["accounts"]["ks-rsj-weibo"] = weibo
    kuaishou = account("ks-zp-kuaishou", "ks-zp", "kuaishou", "张浦发布", "3xzhangpu000001", opened="2026-04-01",
                       verification_text="昆山市张浦镇人民政府")
    kuaishou["filings"] = [{"type": "open", "event_date": "2026-04-01", "filed_date": "2026-04-02"}]
    reg["accounts"]["ks-zp-kuaishou"] = kuaishou
    reg["accounts"]["ks-zp-douyin"]["filings"].append(
        {"type": "change", "event_date": "2026-05-11", "filed_date": "2026-05-19", "reason": "更新简介",
         "changes": [{"field": "positioning", "from": "张浦资讯", "to": "张浦政务资讯"}]})
    reg["accounts"]["ks-rsj-wechat"]["filings"].append(
        {"type": "change", "event_date": "2026-08-03", "filed_date": "2026-08-10", "reason": "更新简介",
         "changes": [{"field": "positioning", "from": "就业", "to": "就业社保"}]})
    everyone = [*ALL, "ks-rsj-wechat2", "ks-rsj-service"]
    reg["inspections"]["ks-2026q1"]["results"] = _batch("x", "2026-03-20", [*everyone, "ks-rsj-weibo"])["results"]
    reg["inspections"]["ks-2026q2"]["results"] = _batch("x", "2026-06-19", [*everyone, "ks-rsj-weibo", "ks-zp-kuaishou"])["results"]
    for bid, day in (("ks-2026q3", "2026-09-18"), ("ks-2026q4", "2026-12-10")):
        reg["inspections"][bid]["results"] = _batch("x", day, [*everyone, "ks-zp-kuaishou"])["results"]
    inputs = {"ks-office": UnitInputs(performance_review=False, falsification=False, has_commendations=True,
                                      commendations=GOOD["ks-office"].commendations)}
    u = run(reg, tmp_path, inputs)
    got = lines(u)
    assert {k: (got[k].count, got[k].points) for k in ("late_rectification", "late_reports", "coverage", "similar_accounts",
                                                       "closed_without_notice", "opened_without_approval", "late_filings",
                                                       "never_inspected", "performance_review")} == {
        "late_rectification": (1, 10), "late_reports": (2, 10), "coverage": (0, 0), "similar_accounts": (1, 5),
        "closed_without_notice": (1, 1), "opened_without_approval": (1, 5), "late_filings": (2, 4),
        "never_inspected": (0, 0), "performance_review": (1, 10)}
    assert [g.points for g in u.groups] == [10, 10, 6, 9, 0, 10]
    assert (u.vetoed, u.deduction_score, u.bonus, u.total, u.passed) == (False, 55, None, 55, False)
    # every finding is explained by its evidence: the commit that recorded the late report, the late filings
    late = got["late_reports"].evidence
    assert [e.zh.split("：")[0] for e in late] == ["2026年第二季度", "2026年第四季度"] and all(e.commit for e in late)
    assert all(e.file and e.href for e in got["late_filings"].evidence)
    assert got["late_filings"].evidence[0].commit  # the filing's commit, from the Git history


def test_a_missing_quarter_is_a_veto_and_nothing_else_is_scored(tmp_path: Path) -> None:
    reg = clean()
    del reg["inspections"]["ks-2026q2"], reg["arrivals"]["ks-2026q2"]
    u = run(reg, tmp_path, GOOD)
    got = lines(u)
    assert got["missing_checks"].status == FOUND and got["missing_checks"].count == 1
    assert (u.vetoed, u.deduction_score, u.total, u.passed) == (True, None, None, False)
    assert got["late_reports"].count == 1  # still listed: the quarter's report never came
    assert "2026年第二季度" in got["missing_checks"].evidence[0].zh


def test_two_accounts_failed_by_others_is_a_veto_one_is_not(tmp_path: Path) -> None:
    reg = clean()
    js = reg["inspections"]["js-2026"]
    js["results"] = _batch("x", "2026-05-12", ["ks-rsj-wechat", "ks-zp-wechat"])["results"]
    js["results"][0]["vetoes"] = [{"item": "no_update_2w"}]
    one = run(reg, tmp_path / "one", GOOD)
    assert lines(one)["failed_accounts"].status == CLEAR and not one.vetoed
    assert lines(one)["pass_rate"].points == 0  # the higher-level check did not pass every account
    js["results"][1]["observations"]["interaction_ok"] = False  # a veto the observation gives
    two = run(reg, tmp_path / "two", GOOD)
    assert lines(two)["failed_accounts"].count == 2 and two.vetoed


def test_a_serious_error_in_a_higher_level_check_is_a_veto(tmp_path: Path) -> None:
    reg = clean()
    reg["inspections"]["js-2026"]["results"][0]["vetoes"] = [{"item": "serious_error", "note": "领导职务表述错误"}]
    u = run(reg, tmp_path, GOOD)
    assert lines(u)["higher_serious_failure"].count == 1 and u.vetoed


def test_a_town_government_without_an_account_is_a_veto(tmp_path: Path) -> None:
    reg = clean()
    reg["units"]["ks-zs"] = {"id": "ks-zs", "name": "昆山市周市镇人民政府", "kind": "government", "level": "town",
                             "region": "江苏省苏州市昆山市周市镇", "supervisor": "ks-office"}
    u = run(reg, tmp_path, GOOD)
    assert lines(u)["town_without_account"].count == 1 and u.vetoed
    assert lines(u)["town_without_account"].evidence[0].href == "units/ks-zs/"


def test_eighty_earns_no_bonus_and_eighty_one_does(tmp_path: Path) -> None:
    reg = clean()
    reg["arrivals"]["ks-2026q2"] = "2026-07-01"
    reg["arrivals"]["ks-2026q3"] = "2026-10-01"  # two late reports: −10
    no_review = {"ks-office": UnitInputs(performance_review=False, falsification=False, has_commendations=True)}
    u = run(reg, tmp_path / "a", no_review)  # −10 − 10 = 80: not above 80
    assert (u.deduction_score, u.bonus, u.total, u.passed) == (80, None, 80, True)
    reg["arrivals"]["ks-2026q3"] = "2026-09-30"
    u = run(reg, tmp_path / "b", no_review)
    assert (u.deduction_score, u.bonus, u.total) == (85, 20, 105)


def test_caps_of_items_groups_and_bonus(tmp_path: Path) -> None:
    reg = clean()
    filings = reg["accounts"]["ks-zp-douyin"]["filings"]
    for i in range(12):  # twelve late filings: −24, the item at most −20
        day = dt.date(2026, 3, 2) + dt.timedelta(weeks=i)
        filings.append({"type": "change", "event_date": day.isoformat(), "filed_date": (day + dt.timedelta(days=14)).isoformat(),
                        "reason": "更新", "changes": [{"field": "positioning", "from": f"甲{i}", "to": f"乙{i}"}]})
    kuaishou = account("ks-zp-kuaishou", "ks-zp", "kuaishou", "张浦发布", "3xzhangpu000001", opened="2026-01-02",
                       verification_text="昆山市张浦镇人民政府")
    kuaishou["filings"] = [{"type": "open", "event_date": "2026-01-02", "filed_date": "2026-01-05"}]  # no approval: −5
    reg["accounts"]["ks-zp-kuaishou"] = kuaishou
    for bid in ("ks-2026q1", "ks-2026q2", "ks-2026q3", "ks-2026q4"):
        reg["inspections"][bid]["results"] += _batch("x", reg["inspections"][bid]["date"], ["ks-zp-kuaishou"])["results"]
    many = {"ks-office": UnitInputs(performance_review=True, falsification=False, has_commendations=True, commendations=tuple(
        {"level": "province", "date": f"2026-0{m}-01", "title": f"表彰 {m}"} for m in range(1, 9)))}
    u = run(reg, tmp_path, many)
    got = lines(u)
    assert (got["late_filings"].count, got["late_filings"].points) == (12, 20)
    assert got["opened_without_approval"].points == 5
    assert [g.points for g in u.groups if g.key == "filing"] == [20]  # 25 capped at the group's 20
    assert (u.deduction_score, got["commendations"].points, u.bonus) == (80, 10, None)
    u = run({**reg, "accounts": {k: v for k, v in reg["accounts"].items() if k != "ks-zp-kuaishou"},
             "inspections": {k: {**b, "results": [r for r in b["results"] if r["account"] != "ks-zp-kuaishou"]}
                             for k, b in reg["inspections"].items()}}, tmp_path / "b", many)
    assert (u.deduction_score, u.bonus, u.total) == (80, None, 80)  # the filings alone: −20
    del reg["accounts"]["ks-zp-douyin"]["filings"][1:9]  # four late filings left: −8
    reg["accounts"].pop("ks-zp-kuaishou")
    for b in reg["inspections"].values():
        b["results"] = [r for r in b["results"] if r["account"] != "ks-zp-kuaishou"]
    u = run(reg, tmp_path / "c", many)
    assert (u.deduction_score, u.bonus, u.total) == (92, 30, 122)  # 10 + 10 + 10: the bonus at most 30


def test_without_inputs_their_items_are_pending_never_guessed(tmp_path: Path) -> None:
    u = run(clean(), tmp_path, None)
    got = lines(u)
    assert [k for k, ln in got.items() if ln.status == PENDING] == ["falsification", "performance_review", "commendations"]
    assert u.provisional and u.passed and (u.deduction_score, u.bonus) == (100, 20)


def test_a_report_not_in_git_is_counted_by_its_dates(tmp_path: Path) -> None:
    root = write({k: v for k, v in clean().items() if k != "arrivals"}, tmp_path / "registry")  # no Git at all
    loaded, _ = load_registry(root, use_cache=False)
    u = assess(loaded, 2026, TODAY, inputs=Inputs("x", 2026, GOOD)).units[0]
    assert lines(u)["late_reports"].status == CLEAR


def test_a_year_not_over_is_provisional_and_judges_only_ended_quarters(tmp_path: Path) -> None:
    reg = clean()
    del reg["inspections"]["ks-2026q4"], reg["arrivals"]["ks-2026q4"]
    root = build(reg, tmp_path / "registry")
    loaded, _ = load_registry(root, use_cache=False)
    year = assess(loaded, 2026, dt.date(2026, 11, 27), inputs=Inputs("x", 2026, GOOD))
    u = year.units[0]
    assert not year.final and year.as_of == "2026-11-27"
    assert lines(u)["missing_checks"].status == CLEAR and not u.vetoed


# --- the cadence other profiles set ------------------------------------------------------------------------------

def test_licang_monthly_district_checks_and_hosts_self_checks_twice_a_month(tmp_path: Path) -> None:
    reg = clean()
    reg["portal"]["profile"] = "licang"
    reg["inspections"] = {}
    reg["arrivals"] = {}
    for m in range(1, 13):  # the district office checks every month but June
        if m != 6:
            day = f"2026-{m:02d}-15"
            reg["inspections"][f"ks-2026-{m:02d}"] = _batch(f"ks-2026-{m:02d}", day, list(ALL))
            reg["arrivals"][f"ks-2026-{m:02d}"] = day
    for m in range(1, 13):  # the HR bureau checks itself twice a month, the town once a month
        for d, host in ((5, "ks-rsj"), (20, "ks-rsj"), (10, "ks-zp")):
            bid = f"{host}-2026-{m:02d}-{d}"
            day = f"2026-{m:02d}-{d:02d}"
            mine = [a for a in ALL if a.startswith(host)]
            reg["inspections"][bid] = _batch(bid, day, mine, inspector=host, kind="self")
            reg["arrivals"][bid] = day
    root = build(reg, tmp_path / "registry")
    loaded, _ = load_registry(root, use_cache=False)
    year = assess(loaded, 2026, TODAY)
    u = year.units[0]
    assert year.rubric is None and not u.scored and u.result_zh == "不评分"
    district, hosts = u.cadence
    assert (district.count, district.evidence[0].zh.split("：")[0]) == (1, "2026年6月")
    assert hosts.count == 12 and all(e.zh.startswith("昆山市张浦镇人民政府：") for e in hosts.evidence)
    assert {ln.key for ln in u.facts} >= {"failed_accounts", "late_filings", "unchecked_accounts", "never_inspected"}


# --- the command and the sample registry -------------------------------------------------------------------------

def test_inputs_file_is_checked_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "inputs.yaml"
    f.write_text("year: 2026\nunits:\n  qs-ban:\n    performance_review: true\n    commendation: []\n", "utf-8")
    with pytest.raises(InputsError, match=r"inputs.yaml:3:"):
        read_inputs(f)
    res = CliRunner().invoke(main, ["assess", "--year", "2025", "--registry", str(SAMPLE), "--inputs",
                                    str(SAMPLE.parent / "docs/assessment-inputs-2026.yaml")])
    assert res.exit_code == 2 and "2026" in res.output


def test_the_sample_registry_assesses_every_supervising_unit() -> None:
    res = CliRunner().invoke(main, ["assess", "--year", "2026", "--registry", str(SAMPLE), "--today", "2026-11-27",
                                    "--inputs", str(SAMPLE.parent / "docs/assessment-inputs-2026.yaml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    year = json.loads(res.output)
    units = {u["unit"]: u for u in year["units"]}
    assert sorted(units) == ["dh-ban", "nx-ban", "qs-ban", "xl-ban", "yt-ban"]
    assert year["rubric"] == "kunshan-2019" and not year["final"]

    def line(u: str, key: str) -> dict[str, Any]:
        u_ = units[u]
        return next(ln for ln in [*u_["vetoes"], *(ln for g in u_["groups"] for ln in g["lines"]), *u_["bonuses"]]
                    if ln["key"] == key)

    assert units["yt-ban"]["vetoed"] and line("yt-ban", "missing_checks")["count"] == 1  # no check in the second quarter
    assert line("xl-ban", "late_rectification")["count"] == 1 and line("xl-ban", "performance_review")["points"] == 10
    assert line("dh-ban", "check_ratio")["points"] == 10 and line("dh-ban", "commendations")["points"] == 3
    assert line("nx-ban", "coverage")["count"] == 1  # its app was never checked by its office
    for u in units.values():
        assert u["pending"] == [] and u["cadence"]
        for ln in [*u["vetoes"], *(ln for g in u["groups"] for ln in g["lines"]), *u["bonuses"]]:
            assert ln["zh"] and ln["en"], ln["key"]
            if ln["status"] == FOUND and ln["section"] != "bonus":
                assert ln["evidence"], (u["unit"], ln["key"])
    text = CliRunner().invoke(main, ["assess", "--year", "2026", "--registry", str(SAMPLE), "--today", "2026-11-27",
                                     "--unit", "yt-ban"]).output
    assert "云台县人民政府办公室（yt-ban）" in text and "单项否决" in text and "青山市人民政府办公室" not in text
    wrong = CliRunner().invoke(main, ["assess", "--year", "2026", "--registry", str(SAMPLE), "--unit", "yt-bann"])
    assert wrong.exit_code == 2 and "yt-ban" in wrong.output
