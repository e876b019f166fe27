"""Deregistration (DRG): (that a notice exists is the structural rule ACC015) its minimum period (李沧: 15 working days), completion within
a limit after the host unit is abolished (李沧: 1 month), a deregistered app delisted with its links
removed (李沧), and a host-unit change filed with a public notice (昆山, national)."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import (
    WorkingDayCheck,
    calendar,
    date,
    dated,
    effective,
    in_force,
    platform_kind,
)
from generator.check.workdays import UnknownYear, WorkCalendar
from generator.model.records import Record


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def _host_changed(f: dict[str, Any]) -> bool:
    return f.get("type") == "change" and any(c.get("field") == "host_unit" for c in f.get("changes") or ())


def _any_host_change(filings: list[dict[str, Any]]) -> bool:
    """any(_host_changed(f) for f in filings), without a call per filing: DRG005 asks it of every
    account and nearly all have only an opening filing."""
    for f in filings:  # noqa: SIM110 (a loop, not any(): no generator per account)
        if f.get("type") == "change" and _host_changed(f):
            return True
    return False


def _notice_items(ctx: RuleContext, params: dict[str, Any]) -> Iterator[tuple[Record, str, tuple[dt.date, dt.date]]]:
    """The deregistration notices DRG002 judges: published on or after the effective date."""
    if params.get("notice_min_working_days") is None:
        return
    for a in ctx.registry.accounts:
        for i, n in enumerate(a.data.get("notices") or ()):
            pub, eff = date(n.get("published")), date(n.get("effective"))
            if n.get("kind") == "deregister" and pub is not None and eff is not None and effective(params, pub):
                yield a, f"notices[{i}]", (pub, eff)


def _short_notice(cal: WorkCalendar, params: dict[str, Any], item: tuple[dt.date, dt.date]) -> tuple[int, dt.date | None] | None:
    """(working days the notice stood, earliest allowed effective day) when it stood too short, else None.

    Counted as the filing deadlines are: the day of publication does not count, the notice stands
    on the working days after it up to and including the effective day (the end of the notice
    period), so "at least N working days" means effective on or after add_working_days(published, N).
    The earliest day is None when it falls in a year the calendar does not know."""
    pub, eff = item
    minimum = int(params["notice_min_working_days"])
    days = cal.working_days_between(pub, eff)
    if days >= minimum:
        return None
    try:
        earliest: dt.date | None = cal.add_working_days(pub, minimum)
    except UnknownYear:
        earliest = None
    return days, earliest


NOTICE_PERIOD = WorkingDayCheck("DRG002", _notice_items, _short_notice)


@rule("DRG002", group="jurisdiction", severity="error",
      title_zh="公告期不足", title_en="Notice period too short",
      message_zh="注销公告期不足：{published} 发布、{effective} 生效，仅 {days} 个工作日，应不少于 {minimum} 个工作日"
                 "（发布次日起算，最早 {earliest} 生效）",
      message_en="The deregistration notice runs too short: published {published}, effective {effective}, "
                 "only {days} working days; at least {minimum} are required (counted from the day after "
                 "publication: effective on {earliest} at the earliest)",
      hint_zh="把生效日期（effective）推迟到公告满规定工作日之后。",
      hint_en="Move the effective date until the notice has stood the required working days.",
      params={"notice_min_working_days": None, "effective_date": None})
def notice_period(ctx: RuleContext) -> Iterator[Finding]:
    """A deregistration notice stands `notice_min_working_days` working days or more before it takes effect.

    Why: The notice period gives the public time to learn of the change and follow the successor; 李沧
    sets 15 working days, counted on the official holiday calendar.

    Basis: 国办发〔2018〕123号: a deregistration is announced to the public; the minimum period is local
    (李沧 第七条).

    Bad:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-10, filed_date: 2025-11-03, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-11-03, effective: 2025-11-10, reason: 并入区政府主账号, successor: dh-gov-weibo}

    Good:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-28, filed_date: 2025-11-03, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-11-03, effective: 2025-11-28, reason: 并入区政府主账号, successor: dh-gov-weibo}
    """
    minimum = ctx.params.get("notice_min_working_days")
    cal = calendar(ctx)
    for a, path, item in _notice_items(ctx, ctx.params):
        try:
            short = _short_notice(cal, ctx.params, item)
        except UnknownYear:
            continue  # CAL001
        if short is not None:
            days, earliest = short
            yield ctx.finding(a, f"{path}.effective", published=item[0].isoformat(), effective=item[1].isoformat(),
                              days=days, minimum=minimum, earliest=earliest.isoformat() if earliest else "?")


def _resolution(a: dict[str, Any], since: dt.date) -> dt.date | None:
    """The first change of host unit, closure or deregistration on or after `since`."""
    best: dt.date | None = None
    for f in a.get("filings") or ():
        ev = date(f.get("event_date"))
        if ev and ev >= since and (f.get("type") in ("close", "deregister") or _host_changed(f)):
            best = ev if best is None or ev < best else best
    return best


def _abolished_host(ctx: RuleContext) -> Iterator[tuple[Record, Record, dt.date]]:
    """(account, host unit, abolition day) for the accounts whose host unit was abolished by today
    (DRG003, DRG006). Asks for each host unit by id (a check of a change holds only some units)."""
    units = ctx.registry.unit_by_id
    memo: dict[str, tuple[Record, dt.date] | None] = ctx.shared.setdefault(("j.deregistration.abolished", ctx.today), {})
    for a in ctx.registry.accounts:
        host = a.data.get("host_unit", "")
        if host not in memo:
            unit = units.get(host)
            ab = date(unit.data.get("abolished")) if unit is not None else None
            memo[host] = (unit, ab) if unit is not None and ab is not None and ab <= ctx.today else None
        hit = memo[host]
        if hit is not None:
            yield a, hit[0], hit[1]


@rule("DRG003", group="jurisdiction", severity="error",
      title_zh="主办单位撤销后未按时变更或注销", title_en="Not changed or deregistered in time after the host was abolished",
      message_zh="主办单位「{unit}」于 {abolished} 撤销或合并，账号应在 {months} 个月内（{deadline} 前）完成变更或注销并公告；{state_zh}",
      message_en="The host unit \"{unit}\" was abolished or merged on {abolished}; the account had to be changed "
                 "or deregistered, with a public notice, within {months} month(s) (by {deadline}); {state_en}",
      hint_zh="提交变更（host_unit 改为承继单位）或注销备案，并发布公告。",
      hint_en="File a change (host_unit to the successor) or a deregistration and publish a notice.",
      params={"months": None, "effective_date": None})
def abolished_host_deadline(ctx: RuleContext) -> Iterator[Finding]:
    """An abolished or merged host unit's accounts are changed or deregistered within `months` months.

    Why: An account whose host no longer exists speaks for nobody; 李沧 gives one month from the
    abolition to change the host (a change filing of `host_unit`), close or deregister, with a notice.
    Reported when it was done late, or when it is still not done after the deadline.

    Basis: 国办发〔2018〕123号: when the host changes, the account is changed or deregistered and this is
    announced; the time limit is local (李沧 第七条).

    Bad:

        # profile: licang
        # units/dh-jyj.yaml
        abolished: 2025-09-01

    Good:

        # profile: licang
        # units/dh-jyj.yaml
        abolished: 2025-09-01
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-09-29, filed_date: 2025-09-02, reason: 主办单位撤并}
        notices:
          - {kind: deregister, published: 2025-09-02, effective: 2025-09-29, reason: 主办单位撤并, successor: dh-gov-weibo}
    """
    months = ctx.params.get("months")
    if months is None:
        return
    for a, unit, ab in _abolished_host(ctx):
        if not in_force(ctx, ab):
            continue
        deadline = _add_months(ab, int(months))
        done = _resolution(a.data, ab)
        args = dict(unit=unit.data.get("name", unit.id), abolished=ab.isoformat(), months=months,
                    deadline=deadline.isoformat())
        if done is not None and done > deadline:
            yield ctx.finding(a, "filings", state_zh=f"实际于 {done} 完成", state_en=f"it was done on {done}", **args)
        elif done is None and ctx.today > deadline and a.data.get("status") == "active":
            yield ctx.finding(a, "filings", state_zh="至今未办理", state_en="it still has not been done", **args)


@rule("DRG004", group="jurisdiction", severity="error",
      title_zh="注销的客户端未下架或未删除链接", title_en="Deregistered app not delisted or links not removed",
      message_zh="已注销的移动客户端须在各类平台下架并删除所有链接：未记录 {missing}",
      message_en="A deregistered app must be delisted from every store and all its links removed: {missing} not recorded",
      hint_zh="在 app 中填写 delisted（下架日期）和 links_removed（删除链接日期）。",
      hint_en="Record app.delisted (date delisted) and app.links_removed (date links were removed).")
def app_delisted(ctx: RuleContext) -> Iterator[Finding]:
    """A deregistered app records its delisting (`app.delisted`) and link removal (`app.links_removed`).

    Why: An app that stays in a store or behind an old link keeps collecting users and data after the
    government gave it up.

    Basis: Local rule (李沧 第七条: 在各类平台下架并删除所有链接); no national clause.

    Bad:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        status: deregistered
        app: {ipv6: true, servers_abroad: false, delisted: 2025-11-28}
        filings:
          - {type: open, event_date: 2025-06-03, filed_date: 2025-06-04, approval: {by: dh-ban, date: 2025-05-27}}
          - {type: deregister, event_date: 2025-11-28, filed_date: 2025-11-03, reason: 功能并入东湖发布微博}
        notices:
          - {kind: deregister, published: 2025-11-03, effective: 2025-11-28, reason: 并入区政府主账号, successor: dh-gov-weibo}

    Good:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        status: deregistered
        app: {ipv6: true, servers_abroad: false, delisted: 2025-11-28, links_removed: 2025-11-28}
        filings:
          - {type: open, event_date: 2025-06-03, filed_date: 2025-06-04, approval: {by: dh-ban, date: 2025-05-27}}
          - {type: deregister, event_date: 2025-11-28, filed_date: 2025-11-03, reason: 功能并入东湖发布微博}
        notices:
          - {kind: deregister, published: 2025-11-03, effective: 2025-11-28, reason: 并入区政府主账号, successor: dh-gov-weibo}
    """
    for a in ctx.registry.accounts:
        if a.data.get("status") != "deregistered" or platform_kind(a.data.get("platform", "")) != "app":
            continue
        app = a.data.get("app") or {}
        missing = [k for k in ("delisted", "links_removed") if not app.get(k)]
        if missing:
            yield ctx.finding(a, "app", missing=", ".join(f"app.{k}" for k in missing))


@rule("DRG005", group="jurisdiction", severity="warning",
      title_zh="变更主办单位未公告", title_en="Host-unit change without a public notice",
      message_zh="{event} 变更主办单位，但没有在前后 {window} 天内发布的公告",
      message_en="The host unit changed on {event}, but no public notice was published within {window} days of it",
      hint_zh="在 notices 中添加变更公告（kind: change）。",
      hint_en="Add a change notice (kind: change) under `notices`.",
      params={"window_days": 31, "effective_date": None})
def host_change_notice(ctx: RuleContext) -> Iterator[Finding]:
    """A change of host unit is announced by a notice published within the profile's window around it.

    Why: The public trusts an account for who runs it; when that changes, they are told. A warning: the
    notice may have been published outside the registry.

    Basis: 国办发〔2018〕123号: when the host changes, the account is changed or deregistered and this is
    announced to the public (向社会公告).

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        filings:
          - {type: open, event_date: 2024-03-11, filed_date: 2024-03-12, approval: {by: dh-ban, date: 2024-03-04}}
          - {type: change, event_date: 2025-06-16, filed_date: 2025-06-17,
           changes: [{field: host_unit, from: dh-gov, to: dh-gafj}]}

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        filings:
          - {type: open, event_date: 2024-03-11, filed_date: 2024-03-12, approval: {by: dh-ban, date: 2024-03-04}}
          - {type: change, event_date: 2025-06-16, filed_date: 2025-06-17,
           changes: [{field: host_unit, from: dh-gov, to: dh-gafj}]}
        notices:
          - {kind: change, published: 2025-06-16, effective: 2025-06-16, reason: 账号移交区公安分局运营}
    """
    window = int(ctx.params.get("window_days") or 31)
    for a in ctx.registry.accounts:
        filings = a.data.get("filings") or ()
        if not _any_host_change(filings):
            continue
        pubs = [d for n in a.data.get("notices") or () if (d := date(n.get("published")))]
        for i, f in enumerate(filings):
            ev = date(f.get("event_date"))
            if _host_changed(f) and ev and in_force(ctx, ev) and not any(abs((p - ev).days) <= window for p in pubs):
                yield ctx.finding(a, f"filings[{i}]", event=ev.isoformat(), window=window)


@rule("DRG006", group="jurisdiction", severity="warning",
      title_zh="主办单位已撤销，账号未变更或注销", title_en="Host unit abolished, account not changed or deregistered",
      message_zh="主办单位「{unit}」已于 {abolished} 撤销或合并，账号仍在运行，未办理变更或注销",
      message_en="The host unit \"{unit}\" was abolished or merged on {abolished}, yet the account still runs "
                 "without a change or deregistration",
      hint_zh="主办单位发生变化的，应及时变更或注销账号并向社会公告。",
      hint_en="When the host unit changes, change or deregister the account promptly and announce it publicly.")
def abolished_host(ctx: RuleContext) -> Iterator[Finding]:
    """An account whose host unit was abolished is changed, closed or deregistered.

    Why: An abolished body cannot answer for an account; an account still active under it is unowned. A
    warning, under every profile; where a profile sets a time limit, DRG003 makes it an error.

    Basis: 国办发〔2018〕123号: when the host changes, the account is changed or deregistered.

    Bad:

        # units/dh-jyj.yaml
        abolished: 2025-09-01

    Good:

        # units/dh-jyj.yaml
        abolished: 2025-09-01
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-09-15, filed_date: 2025-09-16, reason: 主办单位撤并，账号停止更新}
        notices:
          - {kind: stop_update, published: 2025-09-08, effective: 2025-09-15, reason: 主办单位撤并}
    """
    for a, unit, ab in _abolished_host(ctx):
        if a.data.get("status") == "active" and _resolution(a.data, ab) is None:
            yield ctx.finding(a, "host_unit", unit=unit.data.get("name", unit.id), abolished=ab.isoformat())


def _closure(a: dict[str, Any]) -> tuple[int, dt.date | None] | None:
    """The index and event date of an account's last close filing, or None."""
    found = None
    for i, f in enumerate(a.get("filings") or ()):
        if f.get("type") == "close":
            found = (i, date(f.get("event_date")))
    return found


@rule("DRG007", group="jurisdiction", severity="warning",
      title_zh="关停未发布停更公告", title_en="Closed without a stop-update notice",
      message_zh="账号已关停（{closed}），但没有登记停更公告",
      message_en="The account was closed ({closed}) but no stop-update notice is recorded",
      hint_zh="在 notices 中登记停更公告：kind: stop_update，填写发布日期 published、生效日期 effective、原因 reason 和公告链接 url。",
      hint_en="Record the stop-update notice under `notices`: kind: stop_update with its published and effective "
              "dates, reason and url.",
      params={"effective_date": None})
def closed_without_notice(ctx: RuleContext) -> Iterator[Finding]:
    """A closed account has a stop-update notice.

    Why: a closed account stays on its platform; without a public notice its followers take it for a
    live government account, and the public cannot tell a closure from neglect. 昆山's yearly
    assessment counts closed accounts without a stop-update notice against their supervising office.

    Basis: 昆政办发〔2019〕162号 附件 3 集约整合 2（已报关停却未关停或未发布停更公告的，每个扣 1 分）;
    白城 三（二）一是（开设、变更、关停、注销……并向社会公告）.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban], approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-10-20, filed_date: 2025-10-21, filed_with: [dh-ban], reason: 业务并入区政府账号}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban], approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-10-20, filed_date: 2025-10-21, filed_with: [dh-ban], reason: 业务并入区政府账号}
        notices:
          - {kind: stop_update, published: 2025-10-20, effective: 2025-10-20, reason: 业务并入区政府账号}
    """
    # Judged: a closure recorded by a close filing with a real date (a status without one is ACC014's;
    # a closure taken over from a spreadsheet says nothing of its notice, FIL009 speaks of it).
    for a in ctx.registry.accounts:
        if a.data.get("status") != "closed":
            continue
        if any(n.get("kind") == "stop_update" for n in a.data.get("notices") or ()):
            continue
        closure = _closure(a.data)
        if closure is None:
            continue
        i, day = closure
        if day is None or not dated(a.data["filings"][i]) or not in_force(ctx, day):
            continue  # closed before the rules took effect, or the date is not the registry's
        yield ctx.finding(a, f"filings[{i}]", closed=day.isoformat())
