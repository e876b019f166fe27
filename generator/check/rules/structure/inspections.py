"""Inspection batches: each account once per batch, a rubric that exists, findings that are items of it,
and rectifications done by their deadline. Results themselves are computed (generator.assess.scoring):
a score written into a record is refused by the schema (SCH007)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.assess.book import Book
from generator.check.engine import Finding, RuleContext, rule
from generator.check.rubrics import DEDUCTION, VETO, find_rubric, list_rubrics


@rule(
    "INSP001",
    title_zh="同一批次重复检查同一账号",
    title_en="Account inspected twice in one batch",
    message_zh="账号“{account}”在本批次中出现了两次（第 {first} 条和第 {n} 条）",
    message_en="account “{account}” appears twice in this batch (results {first} and {n})",
    hint_zh="把同一账号的问题合并到一条结果里",
    hint_en="merge the account's findings into one result",
)
def one_result_per_account(ctx: RuleContext) -> Iterator[Finding]:
    """An inspection batch has one result per account.

    Why: An account's score and veto are computed from its result; two results for one account in one
    batch would count it twice or hide one of them.

    Basis: This registry's format: a batch scores each account once, by its rubric (国办秘函〔2019〕19号
    or a local one).

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
          - account: dh-gov-weibo
            vetoes: [{item: no_interaction, note: 留言功能已关闭}]

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            vetoes: [{item: no_interaction, note: 留言功能已关闭}]
    """
    for r in ctx.registry.inspections:
        seen: dict[str, int] = {}
        for i, res in enumerate(r.data["results"]):
            a = res["account"]
            if a in seen:
                yield ctx.finding(r, f"results[{i}].account", account=a, first=seen[a] + 1, n=i + 1)
            else:
                seen[a] = i


@rule(
    "INSP002",
    title_zh="检查指标不存在",
    title_en="Unknown rubric",
    message_zh="检查批次使用的检查指标“{rubric}”不存在（可选：{known}）",
    message_en="the batch names the rubric “{rubric}”, which does not exist (available: {known})",
    hint_zh="rubric 写检查指标的编号，例如 national-2019（国办秘函〔2019〕19号）或 kunshan-2019（昆山附件 2）",
    hint_en="write the rubric's id in `rubric`, e.g. national-2019 or kunshan-2019",
)
def rubric_exists(ctx: RuleContext) -> Iterator[Finding]:
    """A batch names a rubric the portal has.

    Why: Every result is computed from the batch's rubric (its veto items, deduction items, caps and pass
    mark); with an unknown rubric no result of the batch can be judged.

    Basis: 国办秘函〔2019〕19号 and the local rubrics (昆山 annex 2), shipped as data in
    generator/check/rubrics/; a jurisdiction adds its own file.

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        rubric: national-2018

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        rubric: national-2019
    """
    known = "、".join(list_rubrics())
    for r in ctx.registry.inspections:
        if find_rubric(r.data["rubric"]) is None:
            yield ctx.finding(r, "rubric", rubric=r.data["rubric"], known=known)


_SECTIONS = {"vetoes": VETO, "deductions": DEDUCTION}
_SECTION_ZH = {VETO: "单项否决指标（vetoes）", DEDUCTION: "扣分指标（deductions）"}
_SECTION_EN = {VETO: "a veto item (vetoes)", DEDUCTION: "a deduction item (deductions)"}


@rule(
    "INSP003",
    title_zh="检查问题不是检查指标中的一项",
    title_en="Finding is not an item of the rubric",
    message_zh="“{item}”{what_zh}",
    message_en="“{item}” {what_en}",
    hint_zh="item 写检查指标中的项目编号（portal rubrics 列出全部）{suggest_zh}",
    hint_en="write the key of one of the rubric's items (`portal rubrics` lists them){suggest_en}",
)
def items_of_rubric(ctx: RuleContext) -> Iterator[Finding]:
    """Every recorded finding is an item of the batch's rubric, in the section the rubric puts it in.

    Why: A result is computed from its items: a veto item fails the account, a deduction costs its points
    up to its cap. A key the rubric does not have would count for nothing, and a veto written as a
    deduction (or the reverse) would say something the rubric does not.

    Basis: 国办秘函〔2019〕19号 (new-media accounts: three veto items, no deduction); 昆山 annex 2 (veto
    items and ten deduction items).

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            deductions: [{item: naming, note: 名称与职责不关联}]

    Good:

        # profile: kunshan
        # inspections/2025-Q3/dh-2025q3-spot.yaml
        rubric: kunshan-2019
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            deductions: [{item: naming, note: 名称与职责不关联}]
    """
    for r in ctx.registry.inspections:
        rubric = find_rubric(r.data["rubric"])
        if rubric is None:
            continue  # INSP002
        for i, res in enumerate(r.data["results"]):
            for key, section in _SECTIONS.items():
                for j, f in enumerate(res.get(key) or ()):
                    item = rubric.items.get(f["item"])
                    path = f"results[{i}].{key}[{j}].item"
                    if item is None:
                        close = difflib.get_close_matches(f["item"], list(rubric.items), n=1, cutoff=0.5)
                        yield ctx.finding(r, path, item=f["item"],
                                          what_zh=f"不是检查指标 {rubric.id} 中的项目",
                                          what_en=f"is not an item of the rubric {rubric.id}",
                                          suggest_zh=f"；您是不是要写“{close[0]}”？" if close else "",
                                          suggest_en=f"; did you mean “{close[0]}”?" if close else "")
                    elif item.section != section:
                        right = "vetoes" if item.section == VETO else "deductions"
                        yield ctx.finding(r, path, item=f["item"],
                                          what_zh=f"是检查指标 {rubric.id} 的{_SECTION_ZH[item.section]}，应写在 {right} 中",
                                          what_en=f"is {_SECTION_EN[item.section]} of the rubric {rubric.id}: write it under {right}",
                                          suggest_zh="", suggest_en="")


@rule(
    "INSP004",
    title_zh="逾期未整改",
    title_en="Rectification overdue",
    message_zh="“{account}”在 {batch}（{date}）中发现的问题应于 {due} 前整改，至 {today} 仍未记录整改",
    message_en="the findings on “{account}” in {batch} ({date}) were to be rectified by {due}; by {today} no "
               "rectification is recorded",
    hint_zh="整改后在该结果中填写 rectified（整改完成日期），或由复查批次（recheck_of）记录复查合格",
    hint_en="record the day it was put right as `rectified`, or a re-check batch (`recheck_of`) that finds it passing",
    severity="warning",
)
def rectification_overdue(ctx: RuleContext) -> Iterator[Finding]:
    """A finding with a rectification deadline is put right by then, or recorded as put right.

    Why: Inspections are published so that problems get fixed (通报整改); a deadline that passes without a
    recorded rectification is what the supervising office follows up, and what 昆山's yearly assessment
    counts against it. A later batch that re-checks the account (`recheck_of`) and finds it passing closes
    the finding too.

    Basis: 国办发〔2018〕123号 (通报、督促整改); 昆山 annex 3 通报整改 (10 days from the notice).

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            vetoes: [{item: no_interaction, note: 留言功能已关闭}]
            rectify_by: 2025-10-15

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            vetoes: [{item: no_interaction, note: 留言功能已关闭}]
            rectify_by: 2025-10-15
            rectified: 2025-10-10
    """
    book = ctx.shared.get("insp.book")
    if book is None:
        reg = ctx.registry
        book = ctx.shared["insp.book"] = Book(
            (r.data for r in reg.inspections), {a.id: a.data for a in reg.accounts},
            {u.id: u.data for u in reg.units}, today=ctx.today)
    by_id = ctx.registry.inspection_by_id
    for batch in book.batches.values():
        record = by_id.get(batch.id)
        if record is None:
            continue
        index = {id(res): i for i, res in enumerate(record.data["results"])}
        for r in batch.overdue:
            acc = ctx.registry.account_by_id.get(r.account)
            yield ctx.finding(record, f"results[{index.get(id(r.data), 0)}].rectify_by",
                              account=acc.data.get("name", r.account) if acc else r.account,
                              batch=batch.data.get("title") or batch.id, date=batch.date, due=r.rectify_by,
                              today=ctx.today.isoformat())
