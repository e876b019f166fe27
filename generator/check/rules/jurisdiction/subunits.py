"""Internal sub-units (内设机构) may not open new accounts after the rules took effect (昆山, 白城)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import date, opened_date, unit_of


@rule("SUB001", group="jurisdiction", severity="error",
      title_zh="内设机构新开账号", title_en="New account of an internal sub-unit",
      message_zh="{unit} 是内设机构，于 {opened} 新开设账号；自 {effective} 起内设机构不得新开设政务新媒体",
      message_en="{unit} is an internal sub-unit and opened this account on {opened}; since {effective} "
                 "internal sub-units may not open new accounts",
      hint_zh="以单位（而非科室）名义开设，或并入本单位主账号。",
      hint_en="Open it in the name of the body itself, not of its sub-unit, or merge it into the main account.",
      params={"effective_date": None})
def subunit_new_account(ctx: RuleContext) -> Iterator[Finding]:
    """An internal sub-unit opens no new account on or after the profile's effective date.

    Why: Accounts are opened in the name of the body, not of its 科室 or 股, so that the public has one
    account per body and platform. Accounts a sub-unit opened before the rules took effect are
    grandfathered; unknown opening dates are FIL009's.

    Basis: Local rule (昆山 二（二）, 白城: 单位内设机构不得新开设政务新媒体); no national clause.

    Bad:

        # profile: kunshan
        # accounts/dh-rsj-jyg/dh-rsj-jyg-douyin.yaml
        platform: douyin
        name: 东湖就业
        platform_id: MS4wLjABAAAAjyg2025dhRsjN4t7Vb8Hd8v

    Good:

        # profile: kunshan
        # accounts/dh-rsj/dh-rsj-douyin.yaml
        platform: douyin
        name: 东湖人社
        platform_id: MS4wLjABAAAAjyg2025dhRsjN4t7Vb8Hd8v
    """
    eff = date(ctx.params.get("effective_date"))
    for a in ctx.registry.accounts:
        if a.data.get("status") == "deregistered":
            continue
        unit = unit_of(ctx, a)
        if unit is None or unit.data.get("kind") != "internal":
            continue
        opened = opened_date(a.data)
        if opened is not None and (eff is None or opened >= eff):
            yield ctx.finding(a, "host_unit", unit=unit.data.get("name", unit.id), opened=opened.isoformat(),
                              effective=eff.isoformat() if eff else "—")
