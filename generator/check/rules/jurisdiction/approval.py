"""Prior approval to open (李沧, 昆山): the open filing carries the supervising office's approval,
dated on or before the opening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import date, dated, in_force, open_filing, unit_name, unit_of
from generator.model.records import Record


def _openings(ctx: RuleContext) -> Iterator[tuple[Record, int, dict[str, Any], dt.date | None]]:
    """Each account's open filing with a real date (ACC010 / FIL009 speak of the others), its index
    and event date."""
    for a in ctx.registry.accounts:
        of = open_filing(a.data)
        if of is not None and dated(of[1]):
            yield a, of[0], of[1], date(of[1].get("event_date"))


@rule("APR001", group="jurisdiction", severity="error",
      title_zh="开设须事前审批", title_en="Prior approval to open",
      message_zh="开设备案未记录主管单位的批准：新开设政务新媒体须事先申请，经批准后方可开设（开设日期 {event}）",
      message_en="The opening filing records no approval by the supervising office: a new account needs "
                 "approval before it opens (opened {event})",
      hint_zh="在开设备案中填写 approval: {{by: 批准单位标识, date: 批准日期, reference: 文号}}。",
      hint_en="Add approval: {{by: approving unit id, date: approval date, reference: number}} to the open filing.",
      params={"effective_date": None})
def approval_missing(ctx: RuleContext) -> Iterator[Finding]:
    """An opening on or after the profile's effective date records the supervising office's approval.

    Why: Where a new account needs approval before it opens, an opening filing without one is an account
    opened on the host unit's own authority (私自开设). Openings before the rules took effect are not
    judged, nor imported or undated filings (FIL009 says so).

    Basis: Local rule (李沧 第五条, 昆山 二（二）: 经批准后方可开设); 国办发〔2018〕123号 asks for
    openings to be filed, not approved.

    Bad:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04}

    Good:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04, approval: {by: dh-ban, date: 2025-02-24}}
    """
    for a, i, f, event in _openings(ctx):
        if in_force(ctx, event) and not f.get("approval"):
            yield ctx.finding(a, f"filings[{i}]", event=event.isoformat() if event else "")


@rule("APR002", group="jurisdiction", severity="error",
      title_zh="批准晚于开设", title_en="Approval after opening",
      message_zh="批准日期 {approved} 晚于开设日期 {event}：须经批准后方可开设",
      message_en="The approval is dated {approved}, after the opening on {event}: approval must come first",
      hint_zh="核对批准日期与开设日期；先批准、后开设。",
      hint_en="Check the approval and opening dates; approval comes before opening.",
      params={"effective_date": None})
def approval_late(ctx: RuleContext) -> Iterator[Finding]:
    """The approval of an opening is dated on or before the opening.

    Why: Approval comes first; an approval dated after the opening records an account that ran without
    one, or a mistyped date.

    Basis: Local rule (李沧 第五条, 昆山 二（二）), as APR001.

    Bad:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04, approval: {by: dh-ban, date: 2025-03-05}}

    Good:

        # profile: kunshan
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04, approval: {by: dh-ban, date: 2025-02-24}}
    """
    for a, i, f, event in _openings(ctx):
        approved = date((f.get("approval") or {}).get("date"))
        if in_force(ctx, event) and approved and event and approved > event:
            yield ctx.finding(a, f"filings[{i}].approval.date", approved=approved.isoformat(), event=event.isoformat())


@rule("APR003", group="jurisdiction", severity="warning",
      title_zh="批准单位不是主管单位", title_en="Approved by an office other than the supervisor",
      message_zh="开设由 {approver} 批准，但主办单位的主管单位是 {supervisor}",
      message_en="The opening was approved by {approver}, but the host unit's supervising office is {supervisor}",
      hint_zh="核对 approval.by 或单位记录中的 supervisor。",
      hint_en="Check approval.by or the unit's supervisor.",
      params={"effective_date": None})
def approval_by_supervisor(ctx: RuleContext) -> Iterator[Finding]:
    """An opening is approved by the host unit's supervising office (when the unit names one).

    Why: The supervising office is the one entitled to approve; an approval by another body (the host's
    parent, the government itself) is worth checking. A warning.

    Basis: 国办发〔2018〕123号: the offices (办公厅、办公室) are the supervising units (主管单位); local
    rules on approval as APR001.

    Bad:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04, approval: {by: dh-gov, date: 2025-02-24}}

    Good:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-03-03, filed_date: 2025-03-04, approval: {by: dh-ban, date: 2025-02-24}}
    """
    for a, i, f, event in _openings(ctx):
        unit = unit_of(ctx, a)
        if unit is None:
            continue
        by = (f.get("approval") or {}).get("by")
        sup = unit.data.get("supervisor")
        if by and sup and by != sup and in_force(ctx, event):
            yield ctx.finding(a, f"filings[{i}].approval.by", approver=unit_name(ctx, by),
                              supervisor=unit_name(ctx, sup))
