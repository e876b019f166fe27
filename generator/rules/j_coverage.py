"""Must-have coverage (COV): units that must run an account (江西: city/county governments and
province departments; 昆山: town governments; 六安: counties and city departments; any unit with
`in_scope: true`) are reported when they have no active account."""

from __future__ import annotations

from collections.abc import Iterator

from generator.rules.engine import Finding, RuleContext, rule
from generator.rules.j_common import accounts_by_unit, date, matches_selector


@rule("COV001", group="jurisdiction", severity="warning", kinds=("unit", "account"),
      title_zh="应开设而未开设", title_en="Required account missing",
      message_zh="{unit} 应开设政务新媒体，但登记册中没有它的在用账号{due_zh}",
      message_en="{unit} must run a government account but has no active account in the registry{due_en}",
      hint_zh="开设账号并备案；如已开设，请补录账号记录；涉密或国家另有规定的单位可在单位记录中去掉 in_scope。",
      hint_en="Open an account and file it, or add the record of the existing one; classified bodies and "
              "those national rules exempt can drop in_scope from the unit record.",
      params={"selectors": [], "due": None})
def coverage(ctx: RuleContext) -> Iterator[Finding]:
    """`selectors`: [{kind: government, level: city}, ...]; `due`: the date from which it applies."""
    due = date(ctx.params.get("due"))
    if due is not None and ctx.today < due:
        return
    selectors = list(ctx.params.get("selectors") or ())
    by_unit = accounts_by_unit(ctx)
    for u in ctx.registry.units:
        d = u.data
        if d.get("kind") == "internal" or (d.get("abolished") and date(d["abolished"]) and date(d["abolished"]) <= ctx.today):
            continue
        if not (d.get("in_scope") is True or matches_selector(d, selectors)):
            continue
        if not any(a.data.get("status") == "active" for a in by_unit.get(u.id, ())):
            yield ctx.finding(u, "", unit=d.get("name", u.id),
                              due_zh=f"（应于 {due} 前开设）" if due else "", due_en=f" (due by {due})" if due else "")
