"""Inspection results computed from the rubric (assess.scoring, assess.book): 昆山 annex 2's worked
examples to the point, capping, the veto short-circuit, vetoes the observations give by themselves, the
update window, re-checks that close findings and rectifications that are overdue; the rubrics as data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.assess.book import (
    CLOSED,
    DONE,
    LATE,
    NOT_RECHECKED,
    OPEN,
    OVERDUE,
    PENDING,
    STILL_FAILING,
    Book,
)
from generator.assess.scoring import score
from generator.check import rubrics
from generator.check.rubrics import RubricError, list_rubrics, load_rubric
from generator.cli import main
from generator.paths import RUBRICS_DIR, SCHEMAS_DIR

KS = load_rubric("kunshan-2019")
NAT = load_rubric("national-2019")
DAY = dt.date(2026, 9, 15)


def _ks(**result) -> tuple[bool, int | None, list[str]]:
    o = score({"account": "a", **result}, KS, "account", DAY)
    return o.passed, o.score, [h.item.key for h in o.hits]


# --- the rubrics as data --------------------------------------------------------------------------------------

def test_rubrics_ship_and_match_their_schema() -> None:
    assert list_rubrics() == ["kunshan-2019", "national-2019"]
    schema = json.loads((SCHEMAS_DIR / "rubric.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in list_rubrics():
        jsonschema.validate(yaml.safe_load((RUBRICS_DIR / f"{name}.yaml").read_text("utf-8")), schema)


def test_national_judges_new_media_on_three_veto_items_only() -> None:
    assert [i.key for i in NAT.vetoes] == ["security_incident", "no_update_2w", "no_interaction"]
    assert NAT.deductions == [] and NAT.pass_mark is None and NAT.window_days == 14


def test_kunshan_annex_2_items_caps_and_pass_mark() -> None:
    assert KS.pass_mark == 60 and KS.full_marks == 100
    assert len(KS.vetoes) == 8
    assert {i.key: (i.points, i.cap) for i in KS.deductions} == {
        "subunit_opening": (10, 10), "naming": (10, 10), "verification": (10, 10), "update_delay": (5, 10),
        "improper_content": (2, 10), "commercial_ads": (10, 10), "comment_moderation": (1, 10), "bad_reply": (2, 10),
        "functions_broken": (2, 10), "excess_data": (10, 10)}
    assert {i.key for i in KS.vetoes if i.serious} == {"serious_error", "state_secret", "harmful_content", "negative_opinion"}


def test_kunshan_annex_3_caps_add_up() -> None:
    a = KS.assessment
    assert a is not None and a["pass_mark"] == 60 and a["bonus_above"] == 80 and a["bonus_cap"] == 30
    assert {g["key"]: g["cap"] for g in a["groups"]} == {"rectification": 10, "checks": 30, "consolidation": 20,
                                                         "filing": 20, "scope": 10, "evaluation": 10}
    assert sum(g["cap"] for g in a["groups"]) == 100
    assert a["parameters"]["rectify_days"] == 10


def test_every_phrase_the_issue_names_maps_to_its_item() -> None:
    from generator.tools.importer.findings import map_text

    expect = {"监测时间点前2周内无更新": "no_update_2w", "未提供有效互动功能": "no_interaction",
              "内容更新不及时": "update_delay", "功能无法使用": "functions_broken", "存在商业广告": "commercial_ads",
              "严重错误表述": "serious_error", "APP无法下载或使用": "app_unusable"}
    for phrase, key in expect.items():
        got = map_text(phrase, KS).item
        assert got is not None and got.key == key, phrase
    assert map_text("严重错误表述", NAT).item.key == "security_incident"  # type: ignore[union-attr]


def test_a_broken_rubric_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = yaml.safe_load((RUBRICS_DIR / "kunshan-2019.yaml").read_text("utf-8"))
    bad["id"] = "broken-2019"
    bad["deductions"][0]["points"] = 20  # more than its cap
    (tmp_path / "broken-2019.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), "utf-8")
    (tmp_path / "typo-2019.yaml").write_text("id: typo-2019\ntitle_zh: x\n", "utf-8")
    monkeypatch.setattr(rubrics, "RUBRICS_DIR", tmp_path)
    load_rubric.cache_clear()
    try:
        with pytest.raises(RubricError) as e:
            load_rubric("broken-2019")
        assert e.value.code == "RUB002" and "subunit_opening" in e.value.message_en
        with pytest.raises(RubricError) as e:
            load_rubric("typo-2019")
        assert e.value.code == "RUB002"
        with pytest.raises(RubricError) as e:
            load_rubric("kunshan-2019")  # not in this folder
        assert e.value.code == "RUB001"
    finally:
        load_rubric.cache_clear()


def test_portal_rubrics_lists_every_item() -> None:
    res = CliRunner().invoke(main, ["rubrics", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = {r["id"]: r for r in json.loads(res.output)}
    assert [i["key"] for i in data["national-2019"]["items"]] == ["security_incident", "no_update_2w", "no_interaction"]
    assert data["kunshan-2019"]["pass_mark"] == 60 and data["kunshan-2019"]["assessment"]["bonus_cap"] == 30
    text = CliRunner().invoke(main, ["rubrics"]).output
    assert "functions_broken" in text and "−2（≤10）" in text


# --- annex 2: deductions, caps, the pass mark -----------------------------------------------------------------

def test_annex_2_deductions_summed_per_item_each_capped() -> None:
    # 名称不规范 −10; 内容更新不及时 3 起 × 5 = 15, capped at 10; 内容发布不当 2 起 × 2 = 4 → 100 − 24
    passed, total, keys = _ks(deductions=[{"item": "naming"}, {"item": "update_delay", "count": 2},
                                          {"item": "update_delay"}, {"item": "improper_content", "count": 2}])
    assert (passed, total, keys) == (True, 76, ["naming", "update_delay", "improper_content"])


def test_a_score_under_sixty_fails_and_sixty_passes() -> None:
    forty = [{"item": k} for k in ("subunit_opening", "verification", "commercial_ads", "excess_data")]
    assert _ks(deductions=forty)[:2] == (True, 60)  # 低于 60 分不合格: 60 itself passes
    assert _ks(deductions=[*forty, {"item": "comment_moderation", "count": 12}])[:2] == (False, 50)  # −1 × 12, capped at 10
    assert _ks(deductions=[*forty, {"item": "bad_reply"}])[:2] == (False, 58)


def test_an_item_costs_at_most_its_cap() -> None:
    for key, count, cost in (("update_delay", 5, 10), ("comment_moderation", 30, 10), ("naming", 3, 10), ("bad_reply", 4, 8)):
        o = score({"account": "a", "deductions": [{"item": key, "count": count}]}, KS, "account", DAY)
        assert o.score == 100 - cost, key
        assert o.deductions[0].capped == (count * o.deductions[0].item.points > cost)


def test_a_veto_fails_without_a_score_and_scores_nothing_else() -> None:
    o = score({"account": "a", "vetoes": [{"item": "serious_error", "note": "错别字"}],
               "deductions": [{"item": "naming"}]}, KS, "account", DAY)
    assert (o.passed, o.score, o.serious) == (False, None, True)
    assert [h.item.key for h in o.vetoes] == ["serious_error"] and [h.item.key for h in o.deductions] == ["naming"]
    assert o.vetoes[0].notes == ("错别字",)


def test_the_rubric_decides_an_items_section_and_unknown_items_count_for_nothing() -> None:
    o = score({"account": "a", "deductions": [{"item": "no_update_2w"}], "vetoes": [{"item": "no_such_item"}]},
              KS, "account", DAY)
    assert (o.passed, o.score, o.unknown) == (False, None, ("no_such_item",))
    assert score({"account": "a", "deductions": [{"item": "naming"}]}, NAT, "account", DAY).unknown == ("naming",)


# --- vetoes the observations give ------------------------------------------------------------------------------

@pytest.mark.parametrize(("obs", "kind", "rubric", "expect"), [
    ({"reachable": False}, "app", KS, ["app_unusable"]),
    ({"reachable": False}, "miniprogram", KS, ["app_unusable"]),
    ({"reachable": False}, "account", KS, ["no_update_2w"]),
    ({"reachable": False}, "app", NAT, ["no_update_2w"]),
    ({"functions_ok": False}, "app", KS, ["app_unusable"]),
    ({"functions_ok": False}, "account", NAT, ["no_interaction"]),
    ({"interaction_ok": False}, "account", KS, ["no_interaction"]),
    ({"last_update": "2026-08-31"}, "account", KS, ["no_update_2w"]),  # 15 days before the check
    ({"last_update": "2026-09-01"}, "account", KS, []),  # 14 days: inside the 2 weeks
    ({"last_update": "2026-09-15", "reachable": True, "functions_ok": True, "interaction_ok": True}, "app", KS, []),
])
def test_observations_alone_fail_an_account(obs: dict, kind: str, rubric, expect: list[str]) -> None:
    o = score({"account": "a", "observations": obs}, rubric, kind, DAY)
    assert [h.item.key for h in o.vetoes] == expect
    assert o.passed == (not expect)
    assert all(h.source == "observed" and h.seen_zh for h in o.vetoes)


def test_broken_functions_of_an_account_cost_two_points_under_kunshan() -> None:
    o = score({"account": "a", "observations": {"functions_ok": False}}, KS, "account", DAY)
    assert (o.passed, o.score, [h.item.key for h in o.deductions]) == (True, 98, ["functions_broken"])
    o = score({"account": "a", "observations": {"functions_ok": False}, "deductions": [{"item": "functions_broken", "count": 3}]},
              KS, "account", DAY)
    assert o.score == 94 and o.deductions[0].source == "recorded"  # the observation adds no fourth case


def test_a_recorded_veto_and_the_same_observation_count_once() -> None:
    o = score({"account": "a", "vetoes": [{"item": "no_update_2w", "note": "23 天未更新"}],
               "observations": {"last_update": "2026-08-23"}}, KS, "account", DAY)
    assert len(o.vetoes) == 1 and o.vetoes[0].source == "recorded"


def test_the_update_window_is_the_rubrics_parameter() -> None:
    import dataclasses

    three_weeks = dataclasses.replace(KS, window_days=21)
    obs = {"account": "a", "observations": {"last_update": "2026-08-28"}}  # 18 days
    assert not score(obs, KS, "account", DAY).passed
    assert score(obs, three_weeks, "account", DAY).passed


# --- the book: re-checks, rectification, rates -----------------------------------------------------------------

ACCOUNTS = {"a": {"id": "a", "platform": "weibo", "host_unit": "u1", "status": "active", "name": "甲"},
            "b": {"id": "b", "platform": "android_app", "host_unit": "u2", "status": "active", "name": "乙"},
            "c": {"id": "c", "platform": "douyin", "host_unit": "u1", "status": "active", "name": "丙"},
            "d": {"id": "d", "platform": "weibo", "host_unit": "u2", "status": "active", "name": "丁"}}
UNITS = {"u1": {"id": "u1", "name": "一局"}, "u2": {"id": "u2", "name": "二局"}}


def _batch(bid: str, date: str, results: list[dict], **more) -> dict:
    return {"id": bid, "period": f"2026-Q{(int(date[5:7]) - 1) // 3 + 1}", "inspector": "office", "rubric": "kunshan-2019",
            "date": date, "results": results, **more}


def _book(today: str = "2026-11-20") -> Book:
    q2 = _batch("q2", "2026-06-15", [
        {"account": "a", "vetoes": [{"item": "no_interaction"}], "rectify_by": "2026-07-15"},  # closed by the re-check
        {"account": "b", "observations": {"reachable": False}, "rectify_by": "2026-07-15"},  # still failing at it
        {"account": "c", "deductions": [{"item": "naming"}], "rectify_by": "2026-07-15", "rectified": "2026-07-20"},
        {"account": "d", "vetoes": [{"item": "no_update_2w"}]},  # no deadline, never re-checked
    ], published="2026-06-25")
    re1 = _batch("re1", "2026-07-20", [{"account": "a"}, {"account": "b", "observations": {"reachable": False},
                                                          "rectify_by": "2026-08-20"}], kind="recheck", recheck_of="q2")
    re2 = _batch("re2", "2026-09-01", [{"account": "b"}], kind="recheck", recheck_of="re1")
    q3 = _batch("q3", "2026-09-10", [{"account": "a"}, {"account": "c", "deductions": [{"item": "commercial_ads"}],
                                                        "rectify_by": "2026-12-01"}])
    return Book([q3, re2, q2, re1], ACCOUNTS, UNITS, today=dt.date.fromisoformat(today))


def test_a_recheck_closes_a_failure_on_its_date() -> None:
    book = _book()
    a = book.batches["q2"].result_of("a")
    assert a is not None and (a.passed, a.closed_by, a.rectified_on, a.rectification) == (False, "re1", "2026-07-20", LATE)
    assert [(r.account, found) for r, found in book.recheck_of(book.batches["re1"])] == [
        ("a", CLOSED), ("b", STILL_FAILING), ("d", NOT_RECHECKED)]
    assert book.batches["q2"].rechecked_by == ["re1"] and book.batches["re1"].rechecked_by == ["re2"]


def test_a_recheck_of_a_recheck_closes_the_original_failure_too() -> None:
    book = _book()
    b = book.batches["q2"].result_of("b")
    assert b is not None and (b.closed_by, b.closed_on, b.rectification) == ("re2", "2026-09-01", LATE)
    assert book.batches["re1"].result_of("b").rectification == LATE  # type: ignore[union-attr]


def test_rectification_states() -> None:
    book = _book()
    c = book.batches["q2"].result_of("c")
    assert c is not None and c.passed and c.rectification == LATE  # 90 分, rectified after its deadline
    assert book.batches["q2"].result_of("d").rectification == OPEN  # type: ignore[union-attr]
    assert book.batches["q3"].result_of("c").rectification == PENDING  # type: ignore[union-attr]
    assert book.batches["q3"].result_of("a").rectification == ""  # type: ignore[union-attr]
    later = _book(today="2026-12-02")
    assert later.batches["q3"].result_of("c").rectification == OVERDUE  # type: ignore[union-attr]
    assert [r.account for r in later.batches["q3"].overdue] == ["c"]


def test_an_overdue_rectification_is_flagged_when_nothing_closes_it() -> None:
    book = Book([_batch("q2", "2026-06-15", [{"account": "b", "observations": {"reachable": False}, "rectify_by": "2026-07-15"}])],
                ACCOUNTS, UNITS, today=dt.date(2026, 7, 16))
    assert book.batches["q2"].result_of("b").rectification == OVERDUE  # type: ignore[union-attr]
    book = Book([_batch("q2", "2026-06-15", [{"account": "b", "observations": {"reachable": False}, "rectify_by": "2026-07-15",
                                             "rectified": "2026-07-10"}])], ACCOUNTS, UNITS, today=dt.date(2026, 7, 16))
    assert book.batches["q2"].result_of("b").rectification == DONE  # type: ignore[union-attr]


def test_pass_rates_per_batch_platform_unit_and_period() -> None:
    book = _book()
    q2 = book.batches["q2"]
    assert (book.rate(q2.results).passed, book.rate(q2.results).total) == (1, 4)  # c passed with 90
    assert [(r.key, r.passed, r.total) for r in book.rates_by(q2.results, "platform")] == [
        ("weibo", 0, 2), ("douyin", 1, 1), ("android_app", 0, 1)]
    assert [(r.key, r.passed, r.total) for r in book.rates_by(q2.results, "unit")] == [("u1", 1, 2), ("u2", 0, 2)]
    # re-checks follow failures up: they do not count in a period's rate
    assert [(t.key, t.passed, t.total) for t in book.trend] == [("2026-Q2", 1, 4), ("2026-Q3", 2, 2)]
    assert [p for p, _ in book.periods] == ["2026-Q3", "2026-Q2"]


def test_an_unknown_rubric_is_not_scored() -> None:
    book = Book([_batch("x", "2026-06-15", [{"account": "a"}], rubric="kunshan-2018")], ACCOUNTS, UNITS)
    assert book.batches == {}


# --- a typed result is refused --------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "path", "line"), [
    ("    rectify_by: 2025-10-17\n", "    rectify_by: 2025-10-17\n    score: 95\n", "results[1].score", 21),
    ("    rectify_by: 2025-10-17\n", "    rectify_by: 2025-10-17\n    passed: true\n", "results[1].passed", 21),
    ("date: 2025-09-19\n", "date: 2025-09-19\npass_rate: 0.9\n", "pass_rate", 10),
])
def test_a_result_written_into_a_record_is_refused(tmp_path: Path, old: str, new: str, path: str, line: int) -> None:
    import shutil

    from generator.check.pipeline import validate
    from tests.support.validate_fixtures import BASE

    reg = tmp_path / "registry"
    shutil.copytree(BASE, reg)
    f = reg / "inspections/2025-Q3/qs-2025-q3.yaml"
    text = f.read_text("utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), "utf-8")
    problems = [p for p in validate(reg, today=dt.date(2025, 12, 1), use_cache=False).problems if p.code == "SCH007"]
    assert [(p.path, p.line, p.severity.value) for p in problems] == [(path, line, "error")]
    assert "计算" in problems[0].message_zh and "computed" in problems[0].message_en
