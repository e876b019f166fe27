"""Every jurisdiction rule, under the profile(s) whose numbers matter, on a failing and a passing
fixture registry (built by tests/support/rules_kit.py, loaded by the real loader, run through
`run_rules` with the settings `resolve_settings` derives from portal.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.check.engine import all_rules
from tests.support.rules_cases import (
    APP,
    Case,
    Reg,
    add_account,
    add_filing,
    app_account,
    chain,
    deregistered,
    drop_field,
    inspection,
    nothing,
    open_on,
    override,
    set_account,
    set_unit,
    wechat,
)
from tests.support.rules_kit import base, run

WXB = chain(set_unit("ks-wxb", name="昆山市网络宣传办公室", kind="party", level="county"),
            override("FIL006", params={"joint_offices": ["ks-wxb"]}))
CLOSED = chain(add_filing(type="close", event_date="2025-12-05", filed_date="2025-12-05"),
               set_account("ks-rsj-wechat", status="closed"))
SERVICE = ("ks-rsj-service", "ks-rsj", "wechat_service", "昆山人社服务", "gh_3a5f9c0e1b2f")

CASES: list[Case] = [
    # --- filing deadlines: 昆山 2, 李沧 5, 白城 3, 六安 3 working days (National Day 2025, Spring Festival 2026)
    Case("FIL001", "kunshan", open_on("2025-09-30", "2025-10-11"), open_on("2025-09-30", "2025-10-10"), label="nationalday"),
    Case("FIL001", "licang", open_on("2025-09-30", "2025-10-15"), open_on("2025-09-30", "2025-10-14"), label="nationalday"),
    Case("FIL001", "baicheng", open_on("2026-02-12", "2026-02-25", None), open_on("2026-02-12", "2026-02-24", None), label="springfestival"),
    Case("FIL001", "luan", open_on("2026-02-12", "2026-02-25", None), open_on("2026-02-12", "2026-02-24", None), label="springfestival"),
    Case("FIL001", "kunshan", chain(open_on("2025-09-30", "2025-10-09"),
                                    add_filing(type="change", event_date="2026-02-13", filed_date="2026-02-25",
                                               changes=[{"field": "positioning"}])),
         chain(open_on("2025-09-30", "2025-10-09"),
               add_filing(type="change", event_date="2026-02-13", filed_date="2026-02-24", changes=[{"field": "positioning"}])),
         label="change"),
    # "within N working days" ends with the N-th working day: a filing dated on the weekend or holiday
    # right after it is late (Friday 2025-11-07; the make-up Saturday 2026-02-14 before Spring Festival;
    # 2025-09-30 before the National Day holiday, filed on its last day 10-08)
    Case("FIL001", "kunshan", open_on("2025-11-05", "2025-11-08"), open_on("2025-11-05", "2025-11-07"), label="weekend"),
    Case("FIL001", "kunshan", open_on("2026-02-12", "2026-02-23", None), open_on("2026-02-12", "2026-02-14", None),
         label="makeup-saturday"),
    Case("FIL001", "licang", open_on("2025-09-24", "2025-10-08"), open_on("2025-09-24", "2025-09-30"), label="holiday"),
    Case("FIL001", "baicheng", open_on("2026-02-11", "2026-02-16", None), open_on("2026-02-11", "2026-02-14", None),
         label="makeup-saturday"),
    # --- 六安: closures and changes reported 7 working days ahead, after approval; emergencies at once
    Case("FIL002", "luan",
         add_filing(type="close", event_date="2025-10-20", filed_date="2025-10-13", approval={"by": "ks-office", "date": "2025-10-15"}),
         add_filing(type="close", event_date="2025-10-20", filed_date="2025-10-10", approval={"by": "ks-office", "date": "2025-10-15"})),
    Case("FIL003", "luan",
         add_filing(type="change", event_date="2025-10-20", filed_date="2025-10-10", changes=[{"field": "name"}]),
         add_filing(type="change", event_date="2025-10-20", filed_date="2025-10-10", changes=[{"field": "name"}],
                    approval={"by": "ks-office", "date": "2025-10-16"})),
    Case("FIL004", "luan",
         add_filing(type="close", event_date="2025-10-20", filed_date="2025-10-23", emergency=True),
         add_filing(type="close", event_date="2025-10-20", filed_date="2025-10-21", emergency=True)),
    Case("FIL004", "luan",  # closed on Friday 2025-10-10: the 1st working day after is the make-up Saturday
         add_filing(type="close", event_date="2025-10-10", filed_date="2025-10-12", emergency=True),
         add_filing(type="close", event_date="2025-10-10", filed_date="2025-10-11", emergency=True), label="makeup-saturday"),
    # 六安: both the 市政府办公室 and the 市网宣办 approve closures and changes (the 市网宣办 named in portal.yaml)
    Case("FIL003", "luan",
         chain(WXB, add_filing(type="change", event_date="2025-10-20", filed_date="2025-10-10", changes=[{"field": "name"}],
                               approval={"by": "ks-office", "date": "2025-10-16"})),
         chain(WXB, add_filing(type="change", event_date="2025-10-20", filed_date="2025-10-10", changes=[{"field": "name"}],
                               approval={"by": "ks-office", "also_by": ["ks-wxb"], "date": "2025-10-16"})),
         label="both-offices"),
    # a former name is recorded by the change filing that replaced it
    Case("FIL005", "licang", set_account("ks-rsj-wechat", former_names=["昆山劳动保障"]),
         chain(set_account("ks-rsj-wechat", former_names=["昆山劳动保障"]),
               add_filing(type="change", event_date="2025-11-03", filed_date="2025-11-04",
                          changes=[{"field": "name", "from": "昆山劳动保障", "to": "昆山人社"}]))),
    # a filing goes to the host unit's supervising office (ks-rsj → ks-office); 六安 also to the 市网宣办
    Case("FIL006", "kunshan", lambda r: wechat(r)["filings"][0].update(filed_with=["ks-gov"]),
         lambda r: wechat(r)["filings"][0].update(filed_with=["ks-office"])),
    Case("FIL006", "luan", chain(WXB, lambda r: wechat(r)["filings"][0].update(filed_with=["ks-office"])),
         chain(WXB, lambda r: wechat(r)["filings"][0].update(filed_with=["ks-office", "ks-wxb"])), label="joint"),
    Case("FIL007", "luan", nothing, WXB),
    Case("FIL009", "kunshan", lambda r: wechat(r)["filings"][0].update(imported=True), nothing),
    Case("CAL001", "kunshan", open_on("2026-12-30", "2027-01-05"),
         chain(open_on("2026-12-30", "2027-01-05"),
               lambda r: r["portal"].update(calendar={"2027": {"holidays": ["2027-01-01"], "workdays": []}})),
         today=dt.date(2027, 2, 1)),
    # --- prior approval to open (李沧, 昆山)
    Case("APR001", "kunshan", open_on("2025-09-30", "2025-10-09", None), nothing),
    Case("APR001", "licang", open_on("2025-09-30", "2025-10-09", None), nothing),
    Case("APR002", "kunshan", open_on("2025-09-30", "2025-10-09", "2025-10-01"), open_on("2025-09-30", "2025-10-09", "2025-09-30")),
    Case("APR003", "licang", open_on("2025-09-30", "2025-10-09", by="ks-gov"), nothing),
    # --- one account per platform; 3 or more similar accounts (昆山 annex 3)
    Case("ONE001", "national", add_account("ks-gov-weibo2", "ks-gov", "weibo", "昆山发布厅", "2803301702"),
         add_account("ks-gov-weibo2", "ks-gov", "weibo", "昆山发布厅", "2803301702", status="closed")),
    Case("ONE001", "baicheng", add_account("ks-rsj-service", "ks-rsj", "wechat_service", "昆山人社服务", "gh_3a5f9c0e1b2e"),
         add_account("ks-rsj-douyin", "ks-rsj", "douyin", "昆山人社", "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxd")),
    Case("ONE002", "kunshan",
         chain(add_account("ks-rsj-w2", "ks-rsj", "wechat_subscription", "昆山就业", "gh_3a5f9c0e1b21"),
               add_account("ks-rsj-w3", "ks-rsj", "wechat_service", "昆山社保", "gh_3a5f9c0e1b22")),
         add_account("ks-rsj-w2", "ks-rsj", "wechat_subscription", "昆山就业", "gh_3a5f9c0e1b21")),
    # --- internal sub-units (昆山 from 2019-11-09, 白城 from 2021-01-01)
    Case("SUB001", "kunshan", add_account("ks-jyk-wechat", "ks-rsj-jyk", "weibo", "昆山就业", "2803301709"),
         add_account("ks-jyk-wechat", "ks-rsj-jyk", "weibo", "昆山就业", "2803301709", opened="2019-06-03",
                     filings=[{"type": "open", "event_date": "2019-06-03", "filed_date": "2019-06-04"}])),
    Case("SUB001", "baicheng", add_account("ks-jyk-wechat", "ks-rsj-jyk", "weibo", "昆山就业", "2803301709"),
         add_account("ks-jyk-wechat", "ks-rsj-jyk", "weibo", "昆山就业", "2803301709", opened="2020-12-30",
                     filings=[{"type": "open", "event_date": "2020-12-30", "filed_date": "2020-12-31"}])),
    # --- forbidden (李沧)
    Case("FBD001", "licang", set_account("ks-rsj-wechat", tags=["personal_name"]), set_account("ks-rsj-wechat", tags=["service"])),
    Case("FBD002", "licang", set_account("ks-rsj-wechat", tags=["single_event"]), nothing),
    Case("FBD003", "licang", override("FBD003", params={"approved_platforms": ["wechat_subscription"]}), nothing),
    Case("FBD004", "licang", nothing, override("FBD003", params={"approved_platforms": ["wechat_subscription", "weibo"]})),
    # --- naming
    Case("NAME001", "national", set_account("ks-rsj-wechat", name="美食天下"), set_account("ks-rsj-wechat", name="昆山就业社保")),
    # another place with its suffix (太仓市, a sister city of 昆山 under 苏州市) is flagged whatever else the
    # name holds (市人社 is a short name of the unit); the city above 昆山 is not another place
    Case("NAME001", "national", chain(set_unit("ks-rsj", short_names=["昆山人社", "市人社"]),
                                      set_account("ks-rsj-wechat", name="太仓市人社局")),
         chain(set_unit("ks-rsj", short_names=["昆山人社", "市人社"]), set_account("ks-rsj-wechat", name="苏州市人社局")),
         label="another-place"),
    Case("NAME002", "kunshan", set_account("ks-rsj-wechat", verification_text="某某文化传媒工作室"),
         set_account("ks-rsj-wechat", verification_text="昆山人社（昆山市人力资源和社会保障局）")),
    Case("NAME003", "national", add_account("ks-gov-douyin", "ks-gov", "douyin", "昆山政府", "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxe"),
         add_account("ks-gov-douyin", "ks-gov", "douyin", "昆山发布", "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxe")),
    Case("NAME004", "national", add_account("ks-rsj-bili", "ks-rsj", "bilibili", "昆山市人力资源和社会保障局就业服务", "163374921"),
         add_account("ks-rsj-bili", "ks-rsj", "bilibili", "昆山人社", "163374921")),
    Case("NAME005", "luan", nothing,
         chain(set_account("ks-gov-weibo", name="金寨县人民政府发布"), set_account("ks-rsj-wechat", name="六安市人力资源和社会保障局发布"))),
    Case("NAME005", "luan",
         chain(set_account("ks-gov-weibo", name="金寨县人民政府发布"), set_account("ks-rsj-wechat", name="六安市人社局发布"),
               add_account("ks-rsj-app", "ks-rsj", "android_app", "六安人社", "com.example.larsj")),
         chain(set_account("ks-gov-weibo", name="金寨县人民政府发布"), set_account("ks-rsj-wechat", name="六安市人社局发布"),
               add_account("ks-rsj-app", "ks-rsj", "android_app", "六安市人社局", "com.example.larsj")), label="app"),
    Case("NAME006", "licang", drop_field("ks-rsj-wechat", "verification_text"), nothing),
    # --- deregistration
    Case("DRG002", "licang", deregistered("ks-rsj-wechat", "2025-11-03", "2025-11-21"),
         deregistered("ks-rsj-wechat", "2025-11-03", "2025-11-24")),
    Case("DRG002", "licang", deregistered("ks-rsj-wechat", "2025-09-15", "2025-10-10"),  # 15th working day: 10-11
         deregistered("ks-rsj-wechat", "2025-09-15", "2025-10-11"), label="makeup-saturday"),
    Case("DRG003", "licang", set_unit("ks-rsj", abolished="2025-12-01"),
         chain(set_unit("ks-rsj", abolished="2025-12-01"), deregistered("ks-rsj-wechat", "2025-12-10", "2025-12-31"))),
    Case("DRG003", "licang",
         chain(set_unit("ks-rsj", abolished="2025-12-01"), deregistered("ks-rsj-wechat", "2026-01-05", "2026-01-26")),
         chain(set_unit("ks-rsj", abolished="2025-12-01"), deregistered("ks-rsj-wechat", "2025-12-10", "2025-12-31")), label="late"),
    Case("DRG004", "licang",
         chain(add_account("ks-rsj-app", "ks-rsj", APP["platform"], "昆山人社", APP["pid"]),
               deregistered("ks-rsj-app", "2025-11-03", "2025-11-24", delisted="2025-11-24")),
         chain(add_account("ks-rsj-app", "ks-rsj", APP["platform"], "昆山人社", APP["pid"]),
               deregistered("ks-rsj-app", "2025-11-03", "2025-11-24", delisted="2025-11-24", links_removed="2025-11-24"))),
    Case("DRG005", "kunshan",
         add_filing(type="change", event_date="2026-01-05", filed_date="2026-01-06", changes=[{"field": "host_unit", "from": "ks-old", "to": "ks-rsj"}]),
         chain(add_filing(type="change", event_date="2026-01-05", filed_date="2026-01-06", changes=[{"field": "host_unit"}]),
               set_account("ks-rsj-wechat", notices=[{"kind": "change", "published": "2026-01-06", "effective": "2026-01-06",
                                                      "reason": "机构改革，主办单位变更"}]))),
    Case("DRG007", "kunshan", CLOSED, chain(CLOSED, set_account("ks-rsj-wechat", notices=[
        {"kind": "stop_update", "published": "2025-12-05", "effective": "2025-12-05", "reason": "整合到主账号"}]))),
    Case("DRG006", "national", set_unit("ks-rsj", abolished="2025-12-01"),
         chain(set_unit("ks-rsj", abolished="2025-12-01"),
               add_filing(type="close", event_date="2025-12-05", filed_date="2025-12-05"), set_account("ks-rsj-wechat", status="closed"))),
    # --- apps
    Case("APP001", "kunshan", app_account(https=True), app_account(ipv6=True)),
    Case("APP002", "jiangxi", app_account(ipv6=True, html5=True), app_account(ipv6=True, https=True, html5=True)),
    Case("APP003", "jiangxi", app_account(ipv6=True, https=True, html5=False), app_account(ipv6=True, https=True, html5=True)),
    Case("APP004", "licang", app_account(ipv6=True, servers_abroad=True), app_account(ipv6=True, servers_abroad=False)),
    Case("APP005", "licang", app_account(ipv6=True), app_account(ipv6=True, servers_abroad=False)),
    # --- coverage
    Case("COV001", "kunshan", set_unit("ks-zp", name="昆山市张浦镇人民政府", kind="government", level="town"),
         chain(set_unit("ks-zp", name="昆山市张浦镇人民政府", kind="government", level="town"),
               add_account("ks-zp-wechat", "ks-zp", "wechat_subscription", "张浦发布", "gh_3a5f9c0e1b30"))),
    Case("COV001", "jiangxi", set_unit("jx-city", name="南昌市人民政府", kind="government", level="city"),
         set_unit("jx-city", name="南昌市人民政府", kind="government", level="city"), label="due",
         today=dt.date(2019, 7, 31), good_today=dt.date(2019, 7, 29)),
    Case("COV001", "jiangxi", set_unit("jx-city", name="南昌市人民政府", kind="government", level="city"),
         chain(set_unit("jx-city", name="南昌市人民政府", kind="government", level="city"),
               set_unit("jx-ban", name="南昌市人民政府办公室", kind="government", level="city"),
               add_account("jx-ban-wechat", "jx-ban", "wechat_subscription", "南昌发布", "gh_3a5f9c0e1b31")),
         label="office-hosts"),
    Case("COV001", "national", set_unit("ks-rsj-jyk", kind="department", in_scope=True), set_unit("ks-rsj", in_scope=True), label="in_scope"),
    # --- update frequency (inspection observations)
    Case("FRQ001", "kunshan", inspection("2026-01-12"), inspection("2026-01-13")),
    Case("FRQ001", "jiangxi",
         chain(set_unit("ks-gov", level="city"), inspection("2026-01-15", date="2026-01-19", aid="ks-gov-weibo")),
         chain(set_unit("ks-gov", level="city"), inspection("2026-01-16", date="2026-01-19", aid="ks-gov-weibo")), label="workdays"),
    Case("FRQ001", "jiangxi",  # every working day: nothing on Friday, checked on Saturday
         chain(set_unit("ks-gov", level="city"), inspection("2026-01-15", date="2026-01-17", aid="ks-gov-weibo")),
         chain(set_unit("ks-gov", level="city"), inspection("2026-01-16", date="2026-01-17", aid="ks-gov-weibo")),
         label="saturday"),
    Case("FRQ001", "jiangxi",  # the make-up Saturday 2026-02-14 is a working day
         chain(set_unit("ks-gov", level="city"), inspection("2026-02-12", date="2026-02-14", aid="ks-gov-weibo")),
         chain(set_unit("ks-gov", level="city"), inspection("2026-02-13", date="2026-02-14", aid="ks-gov-weibo")),
         label="makeup-saturday"),
    # 昆山 二（四）、附件 2: a WeChat service account is judged by its weekly average over the month before
    # the check (4 whole weeks), never by a 7-day gap; with only the last update, only a month without any
    Case("FRQ001", "kunshan", chain(add_account(*SERVICE), inspection("2025-12-20", aid=SERVICE[0])),
         chain(add_account(*SERVICE), inspection("2026-01-10", aid=SERVICE[0])), label="service"),
    Case("FRQ001", "kunshan",
         chain(add_account(*SERVICE), inspection("2026-01-16", aid=SERVICE[0], updates={"since": "2025-12-20", "count": 3})),
         chain(add_account(*SERVICE), inspection("2026-01-16", aid=SERVICE[0], updates={"since": "2025-12-20", "count": 4})),
         label="service-count"),
    # 江西 十三: at least twice in every week; a county government checked on Sunday 2026-01-18
    Case("FRQ001", "jiangxi",
         inspection("2026-01-17", date="2026-01-18", aid="ks-gov-weibo", updates={"since": "2025-12-21", "count": 7}),
         inspection("2026-01-13", date="2026-01-18", aid="ks-gov-weibo", updates={"since": "2026-01-11", "count": 2}),
         label="per-week"),
    Case("FRQ001", "jiangxi", inspection("2026-01-10", date="2026-01-18", aid="ks-gov-weibo"),
         inspection("2026-01-13", date="2026-01-18", aid="ks-gov-weibo"), label="last-update-only"),
    # no update in the 2 weeks before the check (national); 六安 15 天以上 counts 15 itself
    Case("FRQ002", "national", inspection("2026-01-05"), inspection("2026-01-06")),
    Case("FRQ002", "luan", inspection("2026-01-05"), inspection("2026-01-06")),
    Case("FRQ003", "licang", inspection("2026-01-19", last_original="2026-01-05"), inspection("2026-01-19", last_original="2026-01-06")),
]

def _problems(case: Case, mutate: Callable[[Reg], None], tmp: Path, today: dt.date) -> list[str]:
    reg = base(case.profile)
    mutate(reg)
    return [p.code for p in run(reg, tmp, [case.code], today=today)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fails_on_the_bad_fixture_and_passes_on_the_good_one(case: Case, tmp_path: Path) -> None:
    bad = _problems(case, case.bad, tmp_path / "bad", case.today)
    good = _problems(case, case.good, tmp_path / "good", case.good_today or case.today)
    assert case.code in bad, f"{case.id}: expected {case.code} on the failing fixture, got {bad}"
    assert case.code not in good, f"{case.id}: expected no {case.code} on the passing fixture, got {good}"


def test_every_jurisdiction_rule_has_a_case() -> None:
    codes = {r.code for r in all_rules() if r.group == "jurisdiction"}
    assert codes - {c.code for c in CASES} == set()


@pytest.mark.parametrize(("profile", "expected"), [
    ("kunshan", ["FIL001"]), ("licang", []), ("baicheng", ["FIL001"]), ("luan", ["FIL001"]), ("national", [])])
def test_one_filing_several_verdicts(profile: str, expected: list[str], tmp_path: Path) -> None:
    """Filed on the 4th working day after an opening on the eve of National Day 2025 (10-09, 10-10,
    the make-up Saturday 10-11, then 10-13): late in 昆山 (2), 白城 and 六安 (3), on time in 李沧 (5)."""
    reg = base(profile)
    open_on("2025-09-30", "2025-10-13")(reg)
    assert [p.code for p in run(reg, tmp_path, ["FIL001"])] == expected
