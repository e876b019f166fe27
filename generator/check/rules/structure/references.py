"""Every reference resolves: units, accounts and inspection batches named by other records exist (a
record whose file exists but is broken is not reported again), and the unit hierarchy has no cycle."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.structure.common import broken, suggester
from generator.model.notices import successor_entries
from generator.model.records import Record


def _unit_ref(
    ctx: RuleContext, record: Record, path: str, ref: str | None
) -> Iterator[Finding]:
    reg = ctx.registry
    if ref and ref not in reg.unit_by_id and ref not in broken(reg, "unit"):
        yield ctx.finding(record, path, ref=ref, suggestion=suggester(ctx, "units", lambda: reg.unit_by_id)(ref) or "—")


_UNIT_REF_TEXT = {
    "message_zh": "引用的单位“{ref}”不存在",
    "message_en": "the referenced unit “{ref}” does not exist",
    "hint_zh": "先在 units/ 下建立该单位的记录，或改正 id（相近的 id：{suggestion}）",
    "hint_en": "add the unit under units/ first, or correct the id (closest existing id: {suggestion})",
}


@rule("REF001", title_zh="主办单位不存在", title_en="Host unit does not exist", **_UNIT_REF_TEXT)
def host_unit_exists(ctx: RuleContext) -> Iterator[Finding]:
    """An account's host unit has a record under units/.

    Why: The host unit answers for the account, and the account's page, the name checks and the
    supervising office all come from the unit's record.

    Basis: 国办发〔2018〕123号: every account has a host unit (谁开设、谁主办).

    Bad:

        # accounts/dh-wjj/dh-wjj-douyin.yaml
        platform: douyin
        name: 东湖卫健
        platform_id: MS4wLjABAAAAwJj2024dhWjjQ7x9Lm3Hd8v

    Good:

        # units/dh-wjj.yaml
        name: 青山市东湖区卫生健康局
        short_names: [东湖卫健]
        duties: [卫健, 健康]
        # accounts/dh-wjj/dh-wjj-douyin.yaml
        platform: douyin
        name: 东湖卫健
        platform_id: MS4wLjABAAAAwJj2024dhWjjQ7x9Lm3Hd8v
    """
    known = ctx.registry.unit_by_id  # almost every reference resolves: test it before anything else
    for r in ctx.registry.accounts:
        if r.data["host_unit"] not in known:
            yield from _unit_ref(ctx, r, "host_unit", r.data["host_unit"])


@rule("REF002", title_zh="上级单位或主管单位不存在", title_en="Parent or supervising unit does not exist", **_UNIT_REF_TEXT)
def unit_refs_exist(ctx: RuleContext) -> Iterator[Finding]:
    """A unit's parent, supervisor and successor units have records under units/.

    Why: Approvals, filings and inspections are checked against the supervising office, and the
    directory by region is built from the parents; a dangling reference breaks both.

    Basis: 国办发〔2018〕123号: the offices (办公厅、办公室) supervise the accounts of their jurisdiction
    (主管单位).

    Bad:

        # units/dh-jyj.yaml
        supervisor: dh-zfb

    Good:

        # units/dh-jyj.yaml
        supervisor: dh-ban
    """
    for r in ctx.registry.units:
        for key in ("parent", "supervisor", "successor"):
            yield from _unit_ref(ctx, r, key, r.data.get(key))


@rule("REF003", title_zh="审批或备案单位不存在", title_en="Approving or filing unit does not exist", **_UNIT_REF_TEXT)
def filing_units_exist(ctx: RuleContext) -> Iterator[Finding]:
    """The units a filing was approved by or filed with have records under units/.

    Why: An approval or a filing is worth what the office that gave or received it is; an unknown unit
    cannot be checked against the host unit's supervisor.

    Basis: 国办发〔2018〕123号: filings go to the supervising office (主管单位).

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-zfb],
             approval: {by: dh-zfb, date: 2022-08-08}}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban],
             approval: {by: dh-ban, date: 2022-08-08}}
    """
    known = ctx.registry.unit_by_id  # almost every reference resolves: test it before building a path
    for r in ctx.registry.accounts:
        for i, f in enumerate(r.data["filings"]):
            if "approval" in f and f["approval"]["by"] not in known:
                yield from _unit_ref(ctx, r, f"filings[{i}].approval.by", f["approval"]["by"])
            for j, u in enumerate(f.get("filed_with") or ()):
                if u not in known:
                    yield from _unit_ref(ctx, r, f"filings[{i}].filed_with[{j}]", u)


@rule("REF004", title_zh="检查单位或门户根单位不存在", title_en="Inspecting or root unit does not exist", **_UNIT_REF_TEXT)
def inspector_and_root_exist(ctx: RuleContext) -> Iterator[Finding]:
    """An inspection's inspecting unit and portal.yaml's root unit have records under units/.

    Why: Results are published under the office that ran the check, and the site and its directory start
    from the root unit.

    Basis: This registry's format: a batch names the office that ran it; portal.yaml names the unit at the
    top.

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        inspector: dh-zfb

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        inspector: dh-ban
    """
    reg = ctx.registry
    for r in reg.inspections:
        yield from _unit_ref(ctx, r, "inspector", r.data["inspector"])
    if reg.portal is not None:
        yield from _unit_ref(ctx, reg.portal, "root_unit", reg.portal.data["root_unit"])


@rule(
    "REF005",
    title_zh="引用的账号不存在",
    title_en="Referenced account does not exist",
    message_zh="引用的账号“{ref}”不存在",
    message_en="the referenced account “{ref}” does not exist",
    hint_zh="填写备案库中已有账号的 id（相近的 id：{suggestion}）",
    hint_en="use the id of an account in the registry (closest existing id: {suggestion})",
)
def account_refs_exist(ctx: RuleContext) -> Iterator[Finding]:
    """Accounts named by a notice (a successor) or an inspection result exist in the registry.

    Why: The public is sent to the successor and inspection results are shown on the account's page; an
    unknown id sends them nowhere and hides the result.

    Basis: This registry's format: references by account id.

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gafj-wechat
            observations: {last_update: 2025-09-24}

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-09-24}
    """
    reg = ctx.registry
    broken_accounts = broken(reg, "account")

    def check(record: Record, path: str, ref: str) -> Iterator[Finding]:
        if not reg.has_id("account", ref) and ref not in broken_accounts:
            suggest = suggester(ctx, "accounts", lambda: reg.ids("account"))
            yield ctx.finding(record, path, ref=ref, suggestion=suggest(ref) or "—")

    for r in reg.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            for where, ref in successor_entries(n):
                if isinstance(ref, str):
                    yield from check(r, f"notices[{i}].{where}", ref)
    for r in reg.inspections:
        for i, res in enumerate(r.data["results"]):
            yield from check(r, f"results[{i}].account", res["account"])


@rule(
    "REF006",
    title_zh="单位隶属关系成环",
    title_en="Unit hierarchy has a cycle",
    message_zh="单位的{relation_zh}关系形成循环：{cycle}",
    message_en="the units' {relation_en} relation forms a cycle: {cycle}",
    hint_zh="上级单位和主管单位必须最终指向一个没有上级的单位，请改正其中一个",
    hint_en="parents and supervisors must end at a unit with none; correct one of them",
)
def no_unit_cycles(ctx: RuleContext) -> Iterator[Finding]:
    """Following parents, or supervisors, from any unit ends at a unit without one.

    Why: The directory, the supervising office of a unit and the coverage of a government's offices are
    found by walking up these links; a cycle has no top.

    Basis: This registry's format: `parent` and `supervisor` form trees.

    Bad:

        # units/dh-ban.yaml
        supervisor: dh-gov

    Good:

        # units/dh-ban.yaml
        supervisor: null
    """
    units = ctx.registry.unit_by_id
    for key, zh in (("parent", "上级"), ("supervisor", "主管")):
        done: set[str] = set()
        for start in sorted(units):
            if start in done:
                continue  # walked from an earlier start (the walk below would stop at once)
            path: list[str] = []
            on_path: dict[str, int] = {}
            node: str | None = start
            while node in units and node not in done and node not in on_path:
                on_path[node] = len(path)
                path.append(node)
                node = units[node].data.get(key)
            if node is not None and node in on_path:
                cycle = path[on_path[node]:] + [node]
                yield ctx.finding(units[node], key, relation_zh=zh, relation_en=key, cycle=" → ".join(cycle))
            done.update(path)


@rule(
    "REF007",
    title_zh="复查的检查批次不存在",
    title_en="Re-checked batch does not exist",
    message_zh="recheck_of 引用的检查批次“{ref}”不存在",
    message_en="the batch “{ref}” named by recheck_of does not exist",
    hint_zh="填写 inspections/ 下已有检查批次的 id",
    hint_en="use the id of a batch under inspections/",
)
def recheck_exists(ctx: RuleContext) -> Iterator[Finding]:
    """The batch a re-check names (`recheck_of`) exists.

    Why: A re-check is shown beside the check it follows up, with which failures were rectified; an
    unknown batch leaves it standing alone.

    Basis: This registry's format: `recheck_of` links a re-check (复查) to the batch it follows up.

    Bad:

        # inspections/2025-Q4/dh-2025q4-recheck.yaml
        kind: recheck
        date: 2025-11-05
        recheck_of: dh-2025q2-spot
        results:
          - {account: dh-gafj-douyin, rectified: 2025-10-20}

    Good:

        # inspections/2025-Q4/dh-2025q4-recheck.yaml
        kind: recheck
        date: 2025-11-05
        recheck_of: dh-2025q3-spot
        results:
          - {account: dh-gafj-douyin, rectified: 2025-10-20}
    """
    reg = ctx.registry
    for r in reg.inspections:
        ref = r.data.get("recheck_of")
        if ref and not reg.has_id("inspection", ref) and ref not in broken(reg, "inspection"):
            yield ctx.finding(r, "recheck_of", ref=ref)
