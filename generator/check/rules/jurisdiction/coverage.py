"""Must-have coverage (COV): units that must run an account (江西: city/county governments and
province departments; 昆山: town governments; 六安: counties and city departments; any unit with
`in_scope: true`) are reported when they have no active account. A government's accounts may be
hosted by its office (江西: 市、县人民政府的政务新媒体由政府办公室主办)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import accounts_by_unit, date, matches_selector
from generator.model.records import Record, Registry


def _is_office(unit: dict[str, Any]) -> bool:
    """A government's own office (人民政府办公室, 管委会办公室): government kind, named …办公室."""
    return unit.get("kind") == "government" and str(unit.get("name", "")).endswith("办公室")


def offices(registry: Registry) -> dict[str, list[str]]:
    """government id → its offices: by parent, by the government's supervisor, or by name (X + 办公室).
    COV001 counts a government's accounts and its offices' accounts together."""
    units = registry.unit_by_id
    flagged = [(u, _is_office(u.data)) for u in registry.units]
    by_name = {u.data.get("name"): u.id for u, office in flagged if office}
    out: dict[str, list[str]] = {}
    for u, office in flagged:
        d = u.data
        if d.get("kind") != "government" or office:
            continue
        found = {o for o in (by_name.get(f"{d.get('name')}办公室"), d.get("supervisor")) if o and o in units
                 and _is_office(units[o].data)}
        out[u.id] = sorted(found)
    for u, office in flagged:
        if office and u.data.get("parent") in out:
            out[u.data["parent"]] = sorted({*out[u.data["parent"]], u.id})
    return out


@rule("COV001", group="jurisdiction", severity="warning",
      title_zh="应开设而未开设", title_en="Required account missing",
      message_zh="{unit} 应开设政务新媒体，但备案库中没有它的在用账号{due_zh}",
      message_en="{unit} must run a government account but has no active account in the registry{due_en}",
      hint_zh="开设账号并备案；如已开设，请补录账号记录；涉密部门或国家另有规定不开设的，在单位记录中填写 "
              "coverage_exempt（classified 或 state_rule）。",
      hint_en="Open an account and file it, or add the record of the existing one; a classified body or one "
              "national rules exempt gets coverage_exempt (classified or state_rule) in its unit record.",
      params={"selectors": [], "due": None, "in_scope_required": True})
def coverage(ctx: RuleContext) -> Iterator[Finding]:
    """A unit that must run an account has an active one (its own, or for a government its office's).

    Why: Some bodies must be reachable on new media: by profile the kinds its `selectors` name (江西: city
    and county governments, 赣江新区, province departments and 直属机构; 昆山: town governments and
    管委会; 六安: county governments and city departments), from the day after the profile's `due`
    date, and units listed in scope (`in_scope: true`) unless the profile reads its scope list as who is
    supervised rather than who must open (昆山). Abolished units, internal sub-units and units exempt by
    `coverage_exempt` (涉密, 国家另有规定) are left out.

    Basis: 国办发〔2018〕123号: county-level and higher governments and State Council departments open
    government new media (应当开设); local scope lists add to it.

    Bad:

        # units/dh-wjj.yaml
        name: 青山市东湖区卫生健康局
        short_names: [东湖卫健]
        duties: [卫健, 健康]
        in_scope: true

    Good:

        # units/dh-wjj.yaml
        name: 青山市东湖区卫生健康局
        short_names: [东湖卫健]
        duties: [卫健, 健康]
        in_scope: true
        # accounts/dh-wjj/dh-wjj-douyin.yaml
        platform: douyin
        name: 东湖卫健
        platform_id: MS4wLjABAAAAwJj2024dhWjjQ7x9Lm3Hd8v
    """
    # `due` is the last day to open ("7月30日前"): units are reported from the day after it.
    # `in_scope_required`: whether every unit with in_scope: true must have an account too (昆山: the
    # scope list of annex 1 says who is supervised, not who must open one).
    due = date(ctx.params.get("due"))
    if due is not None and ctx.today <= due:
        return
    selectors = list(ctx.params.get("selectors") or ())
    in_scope_required = ctx.params.get("in_scope_required", True) is not False
    # Built at the first unit that must be covered (none in the national profile without in_scope).
    by_unit: dict[str, list[Record]] | None = None
    office_map: dict[str, list[str]] = {}  # a government's accounts may be hosted by its office (江西 十)
    for u in ctx.registry.units:
        d = u.data
        if d.get("kind") == "internal" or ((ab := date(d.get("abolished"))) and ab <= ctx.today):
            continue
        if d.get("coverage_exempt"):
            continue  # 涉密部门、国家另有规定的部门 (江西 十)
        scoped = in_scope_required and d.get("in_scope") is True
        if _is_office(d) and not scoped:
            continue  # the government's office is not itself a government that must have an account
        if not (scoped or matches_selector(d, selectors)):
            continue
        if by_unit is None:
            by_unit, office_map = accounts_by_unit(ctx), offices(ctx.registry)
        hosts = [u.id, *office_map.get(u.id, ())]
        if not any(a.data.get("status") == "active" for h in hosts for a in by_unit.get(h, ())):
            yield ctx.finding(u, "", unit=d.get("name", u.id),
                              due_zh=f"（应于 {due} 前开设）" if due else "", due_en=f" (due by {due})" if due else "")
