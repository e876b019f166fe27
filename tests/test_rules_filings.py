"""Checks from what the registry already holds: a closed account's stop-update notice (DRG007), the
change filing behind each former name (FIL005), the offices a filing went to (FIL006; 六安's second
office named in portal.yaml, FIL007 saying once that it is not), and a rule that cannot judge until
the jurisdiction sets its list saying so once (FBD004)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rules_cases import add_filing, override, set_account, set_unit, wechat
from tests.support.rules_kit import base, run


def _found(reg: dict, tmp: Path, codes: list[str]) -> list[tuple[str, str, str]]:
    return [(p.code, p.severity.value, p.path) for p in run(reg, tmp, codes)]


def test_closed_account_without_notice(tmp_path: Path) -> None:
    reg = base("kunshan")
    add_filing(type="close", event_date="2025-12-05", filed_date="2025-12-05")(reg)
    set_account("ks-rsj-wechat", status="closed")(reg)
    assert _found(reg, tmp_path / "a", ["DRG007"]) == [("DRG007", "error", "filings[1]")]
    reg["accounts"]["ks-rsj-wechat"]["notices"] = [
        {"kind": "deregister", "published": "2025-12-05", "effective": "2025-12-30", "reason": "整合"}]
    assert [c for c, _, _ in _found(reg, tmp_path / "b", ["DRG007"])] == ["DRG007"]  # not a stop-update notice
    assert _found(base("national") | {"accounts": reg["accounts"]}, tmp_path / "c", ["DRG007"]) == [
        ("DRG007", "warning", "filings[1]")]


def test_closure_before_the_rules_took_effect_is_not_judged(tmp_path: Path) -> None:
    reg = base("kunshan")  # 2019-11-09
    wechat(reg).update(opened="2018-03-01", status="closed", filings=[
        {"type": "open", "event_date": "2018-03-01", "filed_date": "2018-03-02"},
        {"type": "close", "event_date": "2019-06-01", "filed_date": "2019-06-02"}])
    assert _found(reg, tmp_path, ["DRG007"]) == []


def test_only_a_recorded_closure_is_judged(tmp_path: Path) -> None:
    """A status without a close filing is ACC014's; a closure taken over from a spreadsheet (imported)
    says nothing of its notice."""
    reg = base("kunshan")
    set_account("ks-rsj-wechat", status="closed")(reg)
    assert _found(reg, tmp_path / "a", ["DRG007"]) == []
    add_filing(type="close", event_date="2025-12-05", filed_date="2025-12-05", imported=True)(reg)
    assert _found(reg, tmp_path / "b", ["DRG007"]) == []


def test_former_names_match_a_name_change_either_way(tmp_path: Path) -> None:
    """A name is recorded as the `from` of the change that replaced it or the `to` of the one that
    introduced it; spaces and punctuation do not matter."""
    reg = base("licang")
    set_account("ks-rsj-wechat", former_names=["昆山 劳动保障", "昆山就业社保", "昆山人才"])(reg)
    add_filing(type="change", event_date="2025-11-03", filed_date="2025-11-04",
               changes=[{"field": "name", "from": "昆山劳动保障", "to": "昆山就业社保"}])(reg)
    add_filing(type="change", event_date="2025-12-01", filed_date="2025-12-02",
               changes=[{"field": "positioning", "from": "昆山人才", "to": "x"}])(reg)  # not a name change
    assert _found(reg, tmp_path, ["FIL005"]) == [("FIL005", "error", "former_names[2]")]


def test_filed_with_names_the_supervising_office(tmp_path: Path) -> None:
    reg = base("kunshan")
    add_filing(type="change", event_date="2025-11-03", filed_date="2025-11-04", changes=[{"field": "positioning"}],
               filed_with=["ks-gov"])(reg)  # ks-rsj's supervisor is ks-office
    problems = run(reg, tmp_path, ["FIL006"])
    assert [(p.code, p.path) for p in problems] == [("FIL006", "filings[1].filed_with")]
    assert problems[0].params["missing"] == "昆山市人民政府办公室"  # the opening filing says nothing: not judged


def test_luan_second_office_unset_is_said_once_on_portal_yaml(tmp_path: Path) -> None:
    reg = base("luan")
    wechat(reg)["filings"][0]["filed_with"] = ["ks-office"]
    problems = run(reg, tmp_path / "a", ["FIL006", "FIL007"])
    assert [(p.code, p.severity.value) for p in problems] == [("FIL007", "info")]
    assert problems[0].file.endswith("portal.yaml") and "市网宣办" in problems[0].message_zh
    set_unit("ks-wxb", name="昆山市网络宣传办公室", kind="party", level="county")(reg)
    override("FIL006", params={"joint_offices": ["ks-wxb"]})(reg)
    problems = run(reg, tmp_path / "b", ["FIL006", "FIL007"])
    assert [(p.code, p.path, p.params["missing"]) for p in problems] == [
        ("FIL006", "filings[0].filed_with", "昆山市网络宣传办公室")]


def test_licang_approved_platforms_unset_is_said_once(tmp_path: Path) -> None:
    reg = base("licang")
    problems = run(reg, tmp_path / "a", ["FBD003", "FBD004"])
    assert [(p.code, p.severity.value) for p in problems] == [("FBD004", "info")]
    assert problems[0].file.endswith("portal.yaml") and problems[0].path == "profile"
    override("FBD003", params={"approved_platforms": ["weibo"]})(reg)
    assert [(p.code, p.path) for p in run(reg, tmp_path / "b", ["FBD003", "FBD004"])] == [("FBD003", "platform")]


def test_licang_deregistration_is_not_a_five_day_filing(tmp_path: Path) -> None:
    """第六条's 5 working days are for opening, change and closure; 注销 is 第七条's month."""
    reg = base("licang")
    add_filing(type="deregister", event_date="2025-11-03", filed_date="2025-11-20")(reg)
    assert run(reg, tmp_path / "a", ["FIL001"]) == []
    add_filing(type="close", event_date="2025-11-03", filed_date="2025-11-20")(reg)
    assert [p.code for p in run(reg, tmp_path / "b", ["FIL001"])] == ["FIL001"]
