"""Every reference resolves: units, accounts and inspection batches named by other records exist (a
record whose file exists but is broken is not reported again), and the unit hierarchy has no cycle."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.structure.common import broken, suggester
from generator.model.records import Record


def _unit_ref(
    ctx: RuleContext, record: Record, path: str, ref: str | None
) -> Iterator[Finding]:
    reg = ctx.registry
    if ref and ref not in reg.unit_by_id and ref not in broken(reg, "unit"):
        yield ctx.finding(record, path, ref=ref, suggestion=suggester(ctx, "units", reg.unit_by_id)(ref) or "—")


_UNIT_REF_TEXT = {
    "message_zh": "引用的单位“{ref}”不存在",
    "message_en": "the referenced unit “{ref}” does not exist",
    "hint_zh": "先在 units/ 下建立该单位的记录，或改正 id（相近的 id：{suggestion}）",
    "hint_en": "add the unit under units/ first, or correct the id (closest existing id: {suggestion})",
}


@rule("REF001", title_zh="主办单位不存在", title_en="Host unit does not exist", **_UNIT_REF_TEXT)
def host_unit_exists(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.registry.unit_by_id  # almost every reference resolves: test it before anything else
    for r in ctx.registry.accounts:
        if r.data["host_unit"] not in known:
            yield from _unit_ref(ctx, r, "host_unit", r.data["host_unit"])


@rule("REF002", title_zh="上级单位或主管单位不存在", title_en="Parent or supervising unit does not exist", **_UNIT_REF_TEXT)
def unit_refs_exist(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.units:
        for key in ("parent", "supervisor", "successor"):
            yield from _unit_ref(ctx, r, key, r.data.get(key))


@rule("REF003", title_zh="审批或备案单位不存在", title_en="Approving or filing unit does not exist", **_UNIT_REF_TEXT)
def filing_units_exist(ctx: RuleContext) -> Iterator[Finding]:
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
    reg = ctx.registry
    known = reg.account_by_id
    broken_accounts = broken(reg, "account")

    def check(record: Record, path: str, ref: str) -> Iterator[Finding]:
        if ref not in known and ref not in broken_accounts:
            yield ctx.finding(record, path, ref=ref, suggestion=suggester(ctx, "accounts", known)(ref) or "—")

    for r in reg.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            if "successor" in n:
                yield from check(r, f"notices[{i}].successor", n["successor"])
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
    reg = ctx.registry
    for r in reg.inspections:
        ref = r.data.get("recheck_of")
        if ref and ref not in reg.inspection_by_id and ref not in broken(reg, "inspection"):
            yield ctx.finding(r, "recheck_of", ref=ref)
