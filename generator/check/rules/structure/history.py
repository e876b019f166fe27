"""The filing history and the status: the history starts with one opening, runs in order, lies in the
past, and the status, notices and successor agree with it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.model import labels
from generator.model.notices import successor_entries
from generator.model.status import latest_notice


@rule(
    "ACC010",
    title_zh="备案记录须以开设备案开始",
    title_en="Filing history must start with an opening",
    message_zh="第一条备案的类型是“{type}”，备案记录须以一条开设（open）备案开始，且只能有一条",
    message_en="the first filing is of type “{type}”; the history must start with exactly one opening (open)",
    hint_zh="把开设备案放在 filings 的第一条；以后的变化追加在后面",
    hint_en="put the opening first in filings; later events are appended after it",
)
def history_starts_with_open(ctx: RuleContext) -> Iterator[Finding]:
    """An account's filing history starts with its opening (`type: open`), and has only one.

    Why: The history is append-only: the opening says when and with whose approval the account came into
    being, and every later change, closure or deregistration is read against it.

    Basis: 国办发〔2018〕123号: an account's opening and later changes are filed with the supervising
    office; this registry keeps them as one append-only history.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: change, event_date: 2025-03-03, filed_date: 2025-03-04, changes: [{field: positioning}]}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-03-03, filed_date: 2025-03-04, changes: [{field: positioning}]}
    """
    for r in ctx.registry.accounts:
        filings = r.data["filings"]
        if filings[0]["type"] != "open":
            yield ctx.finding(r, "filings[0].type", type=filings[0]["type"])
        elif len(filings) > 1:  # most accounts have the opening only
            for i, f in enumerate(filings[1:], start=1):
                if f["type"] == "open":
                    yield ctx.finding(r, f"filings[{i}].type", type="open（重复 / again）")


@rule(
    "ACC011",
    title_zh="备案记录顺序不对",
    title_en="Filings out of order",
    message_zh="第 {n} 条备案的事件日期 {date} 早于前一条的 {prev}；备案记录按时间先后追加",
    message_en="filing {n} happens on {date}, before the previous one ({prev}); filings are appended in order",
    hint_zh="按事件日期从早到晚排列 filings，不要改动已有记录",
    hint_en="keep filings in order of event date and never rewrite earlier ones",
)
def history_in_order(ctx: RuleContext) -> Iterator[Finding]:
    """Filings follow each other in the order of their event dates.

    Why: Filings are appended, never rewritten, and the status and the deadlines are read from their
    order; a filing dated before the one above it is a mistyped date or an edit of the history.

    Basis: This registry's format: the filing history is append-only, oldest first (DESIGN.md, Records).

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2022-06-01, filed_date: 2022-06-02, changes: [{field: positioning}]}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-03-03, filed_date: 2025-03-04, changes: [{field: positioning}]}
    """
    for r in ctx.registry.accounts:
        prev = ""
        for i, f in enumerate(r.data["filings"]):
            day = f["event_date"]
            if day < prev:
                yield ctx.finding(r, f"filings[{i}].event_date", n=i + 1, date=day, prev=prev)
            else:
                prev = day  # max(prev, day)


@rule(
    "ACC012",
    title_zh="日期晚于今天",
    title_en="Date in the future",
    message_zh="{what_zh}日期 {date} 晚于今天（{today}）",
    message_en="{what_en} date {date} is after today ({today})",
    hint_zh="备案的提交日期和检查日期不能是将来的日期；请核对年份和月份",
    hint_en="filing and inspection dates cannot lie in the future; check the year and month",
)
def no_future_dates(ctx: RuleContext) -> Iterator[Finding]:
    """No filing, notice or inspection is dated after the day of the check.

    Why: A date in the future is almost always a mistyped year or month, and a deadline computed from it
    would be wrong; a filing reaches the office, a notice appears and a check happens on a real day.

    Basis: This registry's format: `filed_date` is the day the filing reached the supervising office,
    `published` the day a notice appeared, an inspection's `date` the day of the check.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2026-08-16, approval: {by: dh-ban, date: 2022-08-08}}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
    """
    today = ctx.today.isoformat()
    for r in ctx.registry.accounts:
        for i, f in enumerate(r.data["filings"]):
            if f["filed_date"] > today:
                yield ctx.finding(r, f"filings[{i}].filed_date", what_zh="备案提交", what_en="filing",
                                  date=f["filed_date"], today=today)
        for i, n in enumerate(r.data.get("notices") or ()):
            if n["published"] > today:
                yield ctx.finding(r, f"notices[{i}].published", what_zh="公告发布", what_en="notice publication",
                                  date=n["published"], today=today)
    for r in ctx.registry.inspections:
        if r.data["date"] > today:
            yield ctx.finding(r, "date", what_zh="检查", what_en="inspection", date=r.data["date"], today=today)


@rule(
    "ACC013",
    title_zh="开设日期与开设备案不一致",
    title_en="Opening date differs from the opening filing",
    message_zh="opened 写的是 {opened}，开设备案的事件日期是 {event}",
    message_en="opened says {opened} but the opening filing's event date is {event}",
    hint_zh="两处应为同一天；以开设备案为准",
    hint_en="both should be the same day; the opening filing is authoritative",
)
def opened_matches_filing(ctx: RuleContext) -> Iterator[Finding]:
    """`opened`, where given, is the event date of the opening filing.

    Why: Two places for one date drift apart; the opening filing is what the supervising office received,
    so it is authoritative.

    Basis: This registry's format: the filing history is the record; `opened` repeats its first date.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        opened: 2022-08-18

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        opened: 2022-08-15
    """
    for r in ctx.registry.accounts:
        first = r.data["filings"][0]
        opened = r.data.get("opened")
        if opened and first["type"] == "open" and first["event_date"] != opened:
            yield ctx.finding(r, "opened", opened=opened, event=first["event_date"])


def _status_zh(status: str) -> str:
    return f"{labels.status(status)}（{status}）"


_STATUS_FOR_LAST = {"open": "active", "change": "active", "close": "closed", "deregister": "deregistered"}


@rule(
    "ACC014",
    title_zh="状态与备案记录不符",
    title_en="Status disagrees with the filings",
    message_zh="状态写的是 {status_zh}，但最近一条备案是{type_zh}（{type}），应为 {expected_zh}",
    message_en="status is {status} but the latest filing is of type {type}, so it should be {expected}",
    hint_zh="状态只随备案改变：关停填 close 备案，注销填 deregister 备案，重新启用填 change 备案",
    hint_en="status follows the filings: file close to close, deregister to deregister, change to reopen",
)
def status_follows_filings(ctx: RuleContext) -> Iterator[Finding]:
    """Status follows the latest filing: open or change → active, close → closed, deregister → deregistered.

    Why: The status the public sees must be the one the supervising office was told of; a status changed
    without a filing is a closure or deregistration nobody filed.

    Basis: 国办发〔2018〕123号: changes are filed with the supervising office and deregistrations are
    announced; the status the portal shows is read from those filings.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: closed
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: close, event_date: 2025-10-31, filed_date: 2025-11-03, reason: 并入区政府主账号}
        notices:
          - {kind: stop_update, published: 2025-10-24, effective: 2025-10-31, reason: 并入区政府主账号}
    """
    for r in ctx.registry.accounts:
        last = r.data["filings"][-1]["type"]
        expected = _STATUS_FOR_LAST[last]
        status = r.data["status"]
        if status != expected:
            yield ctx.finding(r, "status", status=status, status_zh=_status_zh(status), type=last,
                              type_zh=labels.filing_type(last), expected=expected, expected_zh=_status_zh(expected))


@rule(
    "ACC015",
    title_zh="注销账号缺少注销公告",
    title_en="Deregistered account without a notice",
    message_zh="账号已注销，但没有注销公告（notices 中 kind: deregister）",
    message_en="the account is deregistered but has no deregistration notice (notices with kind: deregister)",
    hint_zh="注销须向社会公告：补充公告的发布日期、生效日期、原因和公告链接",
    hint_en="deregistration must be announced: add the notice's publication and effective dates, reason and link",
)
def deregistered_has_notice(ctx: RuleContext) -> Iterator[Finding]:
    """A deregistered account has a deregistration notice (`notices` with `kind: deregister`).

    Why: The public must learn that an account it follows no longer speaks for the government, from when,
    and where to go instead; the portal's notices page is built from these notices.

    Basis: 国办发〔2018〕123号: an account whose host changes is changed or deregistered and this is
    announced to the public (向社会公告).

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号}
    """
    for r in ctx.registry.accounts:
        if r.data["status"] == "deregistered" and latest_notice(r.data) is None:
            yield ctx.finding(r, "status")


@rule(
    "ACC016",
    title_zh="公告生效日期早于发布日期",
    title_en="Notice takes effect before it is published",
    message_zh="公告的生效日期 {effective} 早于发布日期 {published}",
    message_en="the notice takes effect on {effective}, before it is published on {published}",
    hint_zh="生效日期（公示期结束、正式注销之日）不能早于发布日期",
    hint_en="the effective date (end of the notice period) cannot precede publication",
)
def notice_dates_ordered(ctx: RuleContext) -> Iterator[Finding]:
    """A notice takes effect on or after the day it is published.

    Why: The notice period runs from publication to the effective date, when the account is gone; an
    effective date before publication is a swapped or mistyped date, and the notice would never have
    stood.

    Basis: This registry's format: a notice's `published` and `effective` dates.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-10-24, reason: 并入区政府主账号}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号}
    """
    for r in ctx.registry.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            if n["effective"] < n["published"]:
                yield ctx.finding(r, f"notices[{i}].effective", effective=n["effective"], published=n["published"])


@rule(
    "ACC017",
    title_zh="接续账号无效",
    title_en="Invalid successor account",
    message_zh="接续账号“{ref}”{why_zh}",
    message_en="successor account “{ref}” {why_en}",
    hint_zh="接续账号应是另一个正常运行的账号，公众将被引导到那里",
    hint_en="the successor must be another, active account: the public is sent there",
)
def successor_is_live(ctx: RuleContext) -> Iterator[Finding]:
    """Every successor account a notice names is another account, and not a deregistered one.

    Why: The portal sends the public to the successors; the account itself or a deregistered account
    leaves them nowhere. Successors outside the registry (a website, an App's section) are links the
    schema checks.

    Basis: This registry's format: `successors` of a notice (or the short `successor`) names the accounts
    and channels to follow instead.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号,
             successor: dh-jyj-toutiao}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号,
             successors: [dh-gov-weibo, {name: 东湖发布网站, kind: website, url: "https://www.donghu.gov.cn/"}]}
    """
    reg = ctx.registry
    for r in reg.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            for where, ref in successor_entries(n):
                if not isinstance(ref, str):
                    continue  # a channel outside the registry: the schema checks its link
                target = reg.account_by_id.get(ref)
                if ref == r.id:
                    yield ctx.finding(r, f"notices[{i}].{where}", ref=ref, why_zh="就是本账号",
                                      why_en="is this account itself")
                elif target is not None and target.data["status"] == "deregistered":
                    yield ctx.finding(r, f"notices[{i}].{where}", ref=ref, why_zh="本身已注销",
                                      why_en="is itself deregistered")


@rule(
    "ACC018",
    title_zh="注销后仍有备案",
    title_en="Filings after deregistration",
    message_zh="账号已于 {date} 注销，之后不能再有{type_zh}备案",
    message_en="the account was deregistered on {date}; no {type} filing can follow",
    hint_zh="重新开设的账号请建立一条新记录（新的 id），并在原账号公告中写明接续账号",
    hint_en="a reopened account is a new record (new id); name it as the successor in the old account's notice",
)
def nothing_after_deregistration(ctx: RuleContext) -> Iterator[Finding]:
    """Nothing is filed after a deregistration.

    Why: A deregistered account is gone for good; an account opened again is a new record with a new id,
    named as the successor in the old account's notice, so that the old record keeps its history.

    Basis: This registry's format: records are withdrawn, never reused (DESIGN.md).

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
          - {type: change, event_date: 2025-11-20, filed_date: 2025-11-21, changes: [{field: positioning}]}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        status: deregistered
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, approval: {by: dh-ban, date: 2022-08-08}}
          - {type: change, event_date: 2025-09-15, filed_date: 2025-09-16, changes: [{field: positioning}]}
          - {type: deregister, event_date: 2025-11-14, filed_date: 2025-10-31, reason: 并入区政府主账号}
        notices:
          - {kind: deregister, published: 2025-10-31, effective: 2025-11-14, reason: 并入区政府主账号}
    """
    for r in ctx.registry.accounts:
        dereg: str | None = None
        for i, f in enumerate(r.data["filings"]):
            if dereg is not None:
                yield ctx.finding(r, f"filings[{i}].type", date=dereg, type=f["type"], type_zh=labels.filing_type(f["type"]))
                break
            if f["type"] == "deregister":
                dereg = f["event_date"]
