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
from generator.check.rules.jurisdiction.common import calendar, date, dated, in_force
from generator.check.workdays import UnknownYear
from generator.model.labels import filing_type
from generator.model.records import Record


def _only_exempt_changes(filing: dict[str, Any], exempt: list[str]) -> bool:
    changes = filing.get("changes") or ()
    return bool(changes) and all(c.get("field") in exempt for c in changes)


def _after_types(params: dict[str, Any]) -> list[str]:
    return list(params.get("filing_types") or ())


def _advance_applies(filing: dict[str, Any], params: dict[str, Any]) -> bool:
    return (filing.get("type") in (params.get("advance_types") or ())
            and not filing.get("emergency")
            and not _only_exempt_changes(filing, list(params.get("exempt_change_fields") or ())))


def _judged(ctx: RuleContext, wanted: Callable[[dict[str, Any]], bool]) -> Iterator[
        tuple[Record, int, dict[str, Any], dt.date, dt.date]]:
    """The filings a deadline rule judges: wanted by the rule, with real dates (not imported), their
    event on or after the profile's effective date; with their event and filing dates."""
    for a in ctx.registry.accounts:
        for i, f in enumerate(a.data.get("filings") or ()):
            if not wanted(f) or not dated(f):
                continue
            event, filed = date(f.get("event_date")), date(f.get("filed_date"))
            if event is None or filed is None or not in_force(ctx, event):
                continue
            yield a, i, f, event, filed


@rule("FIL001", group="jurisdiction", severity="error",
      title_zh="备案时限", title_en="Filing deadline",
      message_zh="{type_zh}备案晚于时限：事项发生于 {event}，应在 {days} 个工作日内（{deadline} 前）备案，实际备案日期为 {filed}",
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
    if n is None:
        return
    types = set(_after_types(ctx.params))
    cal = calendar(ctx)
    for a, i, f, event, filed in _judged(ctx, lambda f: f.get("type") in types and not f.get("emergency")):
        if filed <= event:
            continue
        try:
            late = cal.working_days_between(event, filed) > n
            deadline = cal.add_working_days(event, n) if late else None
        except UnknownYear:
            continue  # CAL001 reports the missing year
        if late:
            yield ctx.finding(a, f"filings[{i}].filed_date", type_zh=filing_type(f["type"]),
                              type_en=f["type"].capitalize(), event=event.isoformat(), days=n,
                              deadline=deadline.isoformat() if deadline else "?", filed=filed.isoformat())


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
    if n is None:
        return
    cal = calendar(ctx)
    for a, i, f, event, filed in _judged(ctx, lambda f: _advance_applies(f, ctx.params)):
        try:
            latest = cal.add_working_days(event, -n)
        except UnknownYear:
            continue
        if filed > latest:
            yield ctx.finding(a, f"filings[{i}].filed_date", type_zh=filing_type(f["type"]),
                              type_en=f["type"].capitalize(), days=n, event=event.isoformat(),
                              latest=latest.isoformat(), filed=filed.isoformat())


@rule("FIL003", group="jurisdiction", severity="error",
      title_zh="批准后方可实施", title_en="Act only after approval",
      message_zh="{type_zh}须经批准后实施：事项日期 {event}，{problem_zh}",
      message_en="{type_en} may only happen after approval: the event is on {event}; {problem_en}",
      hint_zh="在备案记录的 approval 中填写批准单位（by）和批准日期（date）。",
      hint_en="Record the approving office (approval.by) and date (approval.date) in the filing.",
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
    for a, i, f, event, _filed in _judged(ctx, lambda f: f.get("type") in types and not f.get("emergency")):
        appr = f.get("approval")
        t = dict(type_zh=filing_type(f["type"]), type_en=f["type"].capitalize(), event=event.isoformat())
        if not appr:
            yield ctx.finding(a, f"filings[{i}]", problem_zh="未记录批准", problem_en="no approval is recorded", **t)
        elif (ad := date(appr.get("date"))) and ad > event:
            yield ctx.finding(a, f"filings[{i}].approval.date", problem_zh=f"批准日期 {ad} 晚于事项日期",
                              problem_en=f"the approval is dated {ad}, after the event", **t)


@rule("FIL004", group="jurisdiction", severity="error",
      title_zh="紧急关停立即报告", title_en="Emergency closure reported at once",
      message_zh="紧急关停应立即报告：关停于 {event}，报告于 {filed}，超过 {days} 个工作日",
      message_en="An emergency closure must be reported at once: closed on {event}, reported on {filed}, "
                 "more than {days} working day(s) later",
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
    if n is None:
        return
    cal = calendar(ctx)
    for a, i, _f, event, filed in _judged(ctx, lambda f: bool(f.get("emergency")) and f.get("type") in ("close", "deregister")):
        if filed <= event:
            continue
        try:
            late = cal.working_days_between(event, filed) > n
        except UnknownYear:
            continue
        if late:
            yield ctx.finding(a, f"filings[{i}].filed_date", event=event.isoformat(), filed=filed.isoformat(), days=n)


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


class _Deadlines(NamedTuple):
    """Which working-day deadlines a profile sets (CAL001 reads them once, not once per account)."""

    after: frozenset[str]  # filing types due N working days after the event
    emergency: bool
    advance: bool
    notices: bool

    @classmethod
    def of(cls, p: dict[str, Any]) -> _Deadlines:
        return cls(after=frozenset(_after_types(p)) if p.get("filing_working_days") is not None else frozenset(),
                   emergency=p.get("emergency_working_days") is not None,
                   advance=p.get("advance_working_days") is not None,
                   notices=p.get("notice_min_working_days") is not None)


def _spans(a: Record, p: dict[str, Any], d: _Deadlines) -> Iterator[tuple[str, dt.date, dt.date]]:
    """The working-day computations the deadline rules make for one account."""
    if d.after or d.emergency or d.advance:
        for i, f in enumerate(a.data.get("filings") or ()):
            event, filed = date(f.get("event_date")), date(f.get("filed_date"))
            if event is None or filed is None or not dated(f):
                continue
            if (f.get("type") in d.after or (f.get("emergency") and d.emergency)) and filed > event:
                yield f"filings[{i}]", event, filed
            if d.advance and _advance_applies(f, p):
                yield f"filings[{i}]", min(event, filed), max(event, filed) + dt.timedelta(days=1)
    if d.notices:
        for i, n in enumerate(a.data.get("notices") or ()):
            pub, eff = date(n.get("published")), date(n.get("effective"))
            if pub and eff and n.get("kind") == "deregister":
                yield f"notices[{i}]", pub, eff


@rule("CAL001", group="jurisdiction", severity="error",
      title_zh="节假日安排缺失", title_en="Holiday calendar missing",
      message_zh="{year} 年的法定节假日安排未知，涉及该年的 {count} 项工作日时限无法计算（例如 {example}）",
      message_en="The official holiday arrangements for {year} are unknown, so {count} working-day deadline(s) "
                 "reaching into that year cannot be computed (e.g. {example})",
      hint_zh="在 portal.yaml 的 calendar 中按国务院办公厅通知添加 \"{year}\": {{holidays: [...], workdays: [...]}}"
              "（workdays 为调休上班日），或升级 chinese-calendar。",
      hint_en="Add \"{year}\": {{holidays: [...], workdays: [...]}} (workdays: make-up working days) under "
              "`calendar` in portal.yaml from the State Council notice, or upgrade chinese-calendar.",
      params={"filing_working_days": None, "filing_types": ["open", "change", "close", "deregister"],
              "advance_working_days": None, "advance_types": ["close", "change"],
              "exempt_change_fields": ["staff", "contact"], "emergency_working_days": None,
              "notice_min_working_days": None})
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
    missing: dict[int, list[str]] = {}
    if not ctx.registry.accounts:
        return
    deadlines = _Deadlines.of(ctx.params)
    if not any(deadlines):
        return  # the profile counts no working days (national)
    for a in ctx.registry.accounts:
        for path, start, end in _spans(a, ctx.params, deadlines):
            if start.year in cal.known_years and end.year in cal.known_years and \
                    all(y in cal.known_years for y in range(start.year, end.year + 1)):
                continue
            try:
                cal.working_days_between(start, end)
            except UnknownYear as exc:
                missing.setdefault(exc.year, []).append(f"{a.file} {path}")
    for year in sorted(missing):
        where = missing[year]
        yield ctx.finding(None, "calendar", year=year, count=len(where), example=where[0])
