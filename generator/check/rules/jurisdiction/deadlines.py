"""Filing deadlines in working days (FIL) and the calendar coverage they need (CAL).

李沧 5, 昆山 2, 白城 3, 六安 3 working days after the event; 六安 also wants closures and changes
reported 7 working days before the event and carried out only after approval, an emergency closure
being reported at once. Deadlines never guess a year the holiday calendar does not know: CAL001 says
which year is missing and the deadline rules skip those filings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import (
    WorkingDayCheck,
    calendar,
    date,
    dated,
    effective,
    unit_name,
)
from generator.check.rules.jurisdiction.filings import required_offices
from generator.check.workdays import UnknownYear, WorkCalendar
from generator.model.labels import filing_type
from generator.model.records import Record, Registry


class _Item(NamedTuple):
    """A filing judged by a deadline rule."""

    event: dt.date
    filed: dt.date
    type: str


def _only_exempt_changes(filing: dict[str, Any], exempt: list[str]) -> bool:
    changes = filing.get("changes") or ()
    return bool(changes) and all(c.get("field") in exempt for c in changes)


def _after_types(params: dict[str, Any]) -> list[str]:
    return list(params.get("filing_types") or ())


def _advance_applies(filing: dict[str, Any], params: dict[str, Any]) -> bool:
    return (filing.get("type") in (params.get("advance_types") or ())
            and not filing.get("emergency")
            and not _only_exempt_changes(filing, list(params.get("exempt_change_fields") or ())))


def _judged(registry: Registry, params: dict[str, Any], wanted: Callable[[dict[str, Any]], bool]) -> Iterator[
        tuple[Record, int, dict[str, Any], dt.date, dt.date]]:
    """The filings a deadline rule judges: wanted by the rule, with real dates (not imported), their
    event on or after the effective date in `params`; with their event and filing dates."""
    for a in registry.accounts:
        for i, f in enumerate(a.data.get("filings") or ()):
            if not wanted(f) or not dated(f):
                continue
            event, filed = date(f.get("event_date")), date(f.get("filed_date"))
            if event is None or filed is None or not effective(params, event):
                continue
            yield a, i, f, event, filed


def _within_items(days_key: str, wanted: Callable[[dict[str, Any], dict[str, Any]], bool]) -> Callable[
        [RuleContext, dict[str, Any]], Iterator[tuple[Record, str, _Item]]]:
    """The filings a "within N working days after the event" rule judges (none when N is not set):
    those `wanted(filing, params)`."""
    def items(ctx: RuleContext, params: dict[str, Any]) -> Iterator[tuple[Record, str, _Item]]:
        if params.get(days_key) is None:
            return
        for a, i, f, event, filed in _judged(ctx.registry, params, lambda f: wanted(f, params)):
            yield a, f"filings[{i}]", _Item(event, filed, f["type"])
    return items


def _missed(days_key: str) -> Callable[[WorkCalendar, dict[str, Any], _Item], dt.date | None]:
    """The deadline a filing missed, or None when it was on time. "Within N working days after the
    event" ends with the N-th working day after it (the event day does not count): a filing dated
    later, a weekend or holiday right after that day included, is late."""
    def decide(cal: WorkCalendar, params: dict[str, Any], item: _Item) -> dt.date | None:
        event, filed, _type = item
        n = int(params[days_key])
        return cal.add_working_days(event, n) if cal.past_deadline(event, n, filed) else None
    return decide


def _advance_items(ctx: RuleContext, params: dict[str, Any]) -> Iterator[tuple[Record, str, _Item]]:
    if params.get("advance_working_days") is None:
        return
    for a, i, f, event, filed in _judged(ctx.registry, params, lambda f: _advance_applies(f, params)):
        yield a, f"filings[{i}]", _Item(event, filed, f["type"])


def _late_advance(cal: WorkCalendar, params: dict[str, Any], item: _Item) -> dt.date | None:
    """The last day the advance report was due (the N-th working day before the event) when the
    filing is dated after it, else None."""
    event, filed, _type = item
    latest = cal.add_working_days(event, -int(params["advance_working_days"]))
    return latest if filed > latest else None


AFTER = WorkingDayCheck("FIL001", _within_items(
    "filing_working_days", lambda f, p: f.get("type") in _after_types(p) and not f.get("emergency")),
    _missed("filing_working_days"))
ADVANCE = WorkingDayCheck("FIL002", _advance_items, _late_advance)
EMERGENCY = WorkingDayCheck("FIL004", _within_items(
    "emergency_working_days", lambda f, p: bool(f.get("emergency")) and f.get("type") in ("close", "deregister")),
    _missed("emergency_working_days"))


def _decided(ctx: RuleContext, check: WorkingDayCheck) -> Iterator[tuple[Record, str, _Item, Any]]:
    """Each item the check judges under this rule's params with the check's answer; an item that needs
    a year the calendar does not know is skipped (CAL001 reports the year)."""
    cal = calendar(ctx)
    for record, path, item in check.items(ctx, ctx.params):
        try:
            answer = check.decide(cal, ctx.params, item)
        except UnknownYear:
            continue
        yield record, path, item, answer


@rule("FIL001", group="jurisdiction", severity="error",
      title_zh="备案时限", title_en="Filing deadline",
      message_zh="{type_zh}备案晚于时限：事项发生于 {event}，应在 {days} 个工作日内（最迟 {deadline}）备案，实际备案日期为 {filed}",
      message_en="{type_en} filed late: the event was on {event}; it had to be filed within {days} working days "
                 "(by {deadline}) but was filed on {filed}",
      hint_zh="按本地规定的时限备案；如备案日期填写有误，请更正 filed_date。",
      hint_en="File within the deadline your rules set; if filed_date is wrong, correct it.",
      params={"filing_working_days": None, "filing_types": ["open", "change", "close", "deregister"],
              "effective_date": None})
def filing_deadline(ctx: RuleContext) -> Iterator[Finding]:
    """A filing of a listed type reaches the supervising office within `filing_working_days` working days.

    Why: The registry is only as current as its filings: the public checks an account against it the day
    it opens or changes. Working days are counted on the official holiday calendar (a filing 13 days after
    30 September 2025 can be on time); a filing made before the event is on time.

    Basis: 国办发〔2018〕123号: openings and changes are filed with the supervising office; the number of
    working days is local (李沧 5, 昆山 2, 白城 3, 六安 3).

    Bad:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-09-30, filed_date: 2025-10-17, changes: [{field: positioning}]}

    Good:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-09-30, filed_date: 2025-10-13, changes: [{field: positioning}]}
    """
    n = ctx.params.get("filing_working_days")
    for a, path, (event, filed, t), deadline in _decided(ctx, AFTER):
        if deadline is not None:
            yield ctx.finding(a, f"{path}.filed_date", type_zh=filing_type(t), type_en=t.capitalize(),
                              event=event.isoformat(), days=n, deadline=deadline.isoformat(), filed=filed.isoformat())


@rule("FIL002", group="jurisdiction", severity="error",
      title_zh="事前报告", title_en="Advance report",
      message_zh="{type_zh}须提前 {days} 个工作日报告：事项日期 {event}，最迟应于 {latest} 备案，实际备案日期为 {filed}",
      message_en="{type_en} must be reported {days} working days in advance: the event is on {event}, the "
                 "filing was due by {latest} but is dated {filed}",
      hint_zh="关停、变更须提前报告并经批准后实施；紧急关停请标注 emergency: true 并立即报告。",
      hint_en="Report closures and changes in advance and act only after approval; mark an emergency "
              "closure with emergency: true and report it at once.",
      params={"advance_working_days": None, "advance_types": ["close", "change"],
              "exempt_change_fields": ["staff", "contact"], "effective_date": None})
def advance_report(ctx: RuleContext) -> Iterator[Finding]:
    """A closure or change is reported `advance_working_days` working days before it happens.

    Why: 六安 wants closures and changes known, and approved, before the public notices them; a change of
    staff or contact only (`exempt_change_fields`) and an emergency closure (FIL004) are filed after the
    event instead.

    Basis: Local rule (六安: 关停、变更提前 7 个工作日报告); no national clause.

    Bad:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-11-21, filed_date: 2025-11-18, approval: {by: dh-ban, date: 2025-11-19}}

    Good:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-11-21, filed_date: 2025-11-05, approval: {by: dh-ban, date: 2025-11-10}}
    """
    n = ctx.params.get("advance_working_days")
    for a, path, (event, filed, t), latest in _decided(ctx, ADVANCE):
        if latest is not None:
            yield ctx.finding(a, f"{path}.filed_date", type_zh=filing_type(t), type_en=t.capitalize(), days=n,
                              event=event.isoformat(), latest=latest.isoformat(), filed=filed.isoformat())


@rule("FIL003", group="jurisdiction", severity="error",
      title_zh="批准后方可实施", title_en="Act only after approval",
      message_zh="{type_zh}须经批准后实施：事项日期 {event}，{problem_zh}",
      message_en="{type_en} may only happen after approval: the event is on {event}; {problem_en}",
      hint_zh="在备案记录的 approval 中填写批准单位（by）和批准日期（date）；几个单位共同批准的，其他单位写在 also_by 中。",
      hint_en="Record the approving office (approval.by) and date (approval.date) in the filing; offices that "
              "approved with it go in approval.also_by.",
      params={"approval_types": [], "effective_date": None})
def act_after_approval(ctx: RuleContext) -> Iterator[Finding]:
    """A closure or change of a type in `approval_types` happens only once approved (emergencies excepted).

    Why: Where the offices approve closures and changes, a filing without an approval, or approved after
    the event, records one carried out on the host unit's own authority.

    Basis: Local rule (六安: 经批准后方可关停、变更); no national clause.

    Bad:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-11-21, filed_date: 2025-11-05, changes: [{field: positioning}]}

    Good:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-11-21, filed_date: 2025-11-05, changes: [{field: positioning}],
             approval: {by: dh-ban, date: 2025-11-10}}
    """
    types = set(ctx.params.get("approval_types") or ())
    if not types:
        return
    # The approving offices are those the filing goes to (FIL006's setting: the supervising office and,
    # in 六安, the 市网宣办): "待市政府办公室、市网宣办批准后".
    fil006 = ctx.setting_of("FIL006").params
    for a, i, f, event, _filed in _judged(ctx.registry, ctx.params,
                                          lambda f: f.get("type") in types and not f.get("emergency")):
        appr = f.get("approval")
        t = dict(type_zh=filing_type(f["type"]), type_en=f["type"].capitalize(), event=event.isoformat())
        if not appr:
            yield ctx.finding(a, f"filings[{i}]", problem_zh="未记录批准", problem_en="no approval is recorded", **t)
        elif (ad := date(appr.get("date"))) and ad > event:
            yield ctx.finding(a, f"filings[{i}].approval.date", problem_zh=f"批准日期 {ad} 晚于事项日期",
                              problem_en=f"the approval is dated {ad}, after the event", **t)
        elif missing := [o for o in required_offices(ctx, a, fil006)
                         if o != appr.get("by") and o not in (appr.get("also_by") or ())]:
            names = "、".join(unit_name(ctx, o) for o in missing)
            yield ctx.finding(a, f"filings[{i}].approval", problem_zh=f"未记录{names}的批准",
                              problem_en=f"no approval by {names} is recorded", **t)


@rule("FIL004", group="jurisdiction", severity="error",
      title_zh="紧急关停立即报告", title_en="Emergency closure reported at once",
      message_zh="紧急关停应立即报告：关停于 {event}，应在 {days} 个工作日内（最迟 {deadline}）报告，实际报告于 {filed}",
      message_en="An emergency closure must be reported at once: closed on {event}, it had to be reported within "
                 "{days} working day(s) (by {deadline}) but was reported on {filed}",
      hint_zh="紧急关停当日或次个工作日内报告。",
      hint_en="Report an emergency closure the same day or the next working day.",
      params={"emergency_working_days": None, "effective_date": None})
def emergency_report(ctx: RuleContext) -> Iterator[Finding]:
    """An emergency closure (`emergency: true`) is reported within `emergency_working_days` working days.

    Why: An account may have to stop at once (it was hijacked, it spread a serious error); that is allowed
    without the advance report, provided the offices learn of it at once (第一时间).

    Basis: Local rule (六安: 紧急情况第一时间报告); no national clause.

    Bad:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, emergency: true, event_date: 2025-11-12, filed_date: 2025-11-20, reason: 账号被盗用}

    Good:

        # profile: luan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, emergency: true, event_date: 2025-11-12, filed_date: 2025-11-12, reason: 账号被盗用}
    """
    n = ctx.params.get("emergency_working_days")
    for a, path, (event, filed, _t), deadline in _decided(ctx, EMERGENCY):
        if deadline is not None:
            yield ctx.finding(a, f"{path}.filed_date", event=event.isoformat(), filed=filed.isoformat(), days=n,
                              deadline=deadline.isoformat())


@rule("FIL009", group="jurisdiction", severity="info",
      title_zh="备案日期不可用于时限检查", title_en="Filing dates cannot be checked",
      message_zh="{count} 条备案的日期来自导入表格或日期不详（{which}），备案时限、事前审批、内设机构开设等规则不检查这些备案",
      message_en="{count} filing(s) carry dates taken from an imported spreadsheet or standing in for an unknown "
                 "date ({which}); the deadline, prior-approval and sub-unit rules do not judge them",
      hint_zh="如能查到实际日期，请更正 event_date、filed_date 并去掉 imported / date_unknown 标记。",
      hint_en="If the real dates can be found, correct event_date and filed_date and drop the imported / "
              "date_unknown flags.",
      params={})
def undated_filings(ctx: RuleContext) -> Iterator[Finding]:
    """Filings whose dates were imported or are unknown are named, once per account.

    Why: Deadline, prior-approval and sub-unit rules cannot judge such dates and skip those filings; this
    says so (info) instead of guessing, so that the office can look the real dates up.

    Basis: This registry's format: `imported` and `date_unknown` on a filing (`portal import`).

    Bad:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, imported: true}

    Good:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
    """
    for a in ctx.registry.accounts:
        idx = [i for i, f in enumerate(a.data.get("filings") or ()) if not dated(f)]
        if idx:
            yield ctx.finding(a, f"filings[{idx[0]}]", count=len(idx), which=", ".join(f"filings[{i}]" for i in idx))


@rule("CAL001", group="jurisdiction", severity="error",
      title_zh="节假日安排缺失", title_en="Holiday calendar missing",
      message_zh="{year} 年的法定节假日安排未知，涉及该年的 {count} 项工作日时限无法计算（例如 {example}）",
      message_en="The official holiday arrangements for {year} are unknown, so {count} working-day deadline(s) "
                 "reaching into that year cannot be computed (e.g. {example})",
      hint_zh="在 portal.yaml 的 calendar 中按国务院办公厅通知添加 \"{year}\": {{holidays: [...], workdays: [...]}}"
              "（workdays 为调休上班日），或升级 chinese-calendar。",
      hint_en="Add \"{year}\": {{holidays: [...], workdays: [...]}} (workdays: make-up working days) under "
              "`calendar` in portal.yaml from the State Council notice, or upgrade chinese-calendar.",
      params={})
def calendar_missing(ctx: RuleContext) -> Iterator[Finding]:
    """Every working-day deadline the profile sets can be computed: each year it reaches is on the calendar.

    Why: Working days follow the State Council's yearly holiday arrangements, published late in the year
    before; counting plain weekdays for a year nobody has published would make a deadline wrong in either
    direction, so the year is reported (once) and the deadline rules skip what they cannot count. Add the
    year under `calendar` in portal.yaml, or upgrade chinese-calendar.

    Basis: 国务院办公厅 yearly notice on holiday arrangements (部分节假日安排的通知); the deadlines
    themselves come from the profile.

    Bad:

        # profile: kunshan
        # today: 2027-02-01
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2026-12-30, filed_date: 2027-01-04, changes: [{field: positioning}]}

    Good:

        # profile: kunshan
        # today: 2027-02-01
        # portal.yaml
        calendar:
          "2027": {holidays: [2027-01-01], workdays: []}
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2026-12-30, filed_date: 2027-01-04, changes: [{field: positioning}]}
    """
    cal = calendar(ctx)  # first: a malformed calendar in portal.yaml is reported (INT001) under any profile
    if not ctx.registry.accounts:
        return
    missing: dict[int, list[str]] = {}
    for check in working_day_checks():
        setting = ctx.setting_of(check.code)  # the rule's own setting: what it judges, how many days
        if setting.severity == "off":
            continue
        for record, path, item in check.items(ctx, setting.params):
            try:
                check.decide(cal, setting.params, item)
            except UnknownYear as exc:
                missing.setdefault(exc.year, []).append(f"{record.file} {path}")
    for year in sorted(missing):
        where = missing[year]
        yield ctx.finding(None, "calendar", year=year, count=len(where), example=where[0])


def working_day_checks() -> tuple[WorkingDayCheck, ...]:
    """Every rule that counts working days, as CAL001 repeats their computations."""
    from generator.check.rules.jurisdiction.deregistration import NOTICE_PERIOD
    from generator.check.rules.jurisdiction.frequency import WORKING_DAY_GAP

    return (AFTER, ADVANCE, EMERGENCY, NOTICE_PERIOD, WORKING_DAY_GAP)
