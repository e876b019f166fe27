"""Inspection batches: each account once per batch."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule


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
            deductions: [{item: interaction, count: 1}]

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        results:
          - account: dh-gov-weibo
            observations: {last_update: 2025-09-24}
            deductions: [{item: interaction, count: 1}]
    """
    for r in ctx.registry.inspections:
        seen: dict[str, int] = {}
        for i, res in enumerate(r.data["results"]):
            a = res["account"]
            if a in seen:
                yield ctx.finding(r, f"results[{i}].account", account=a, first=seen[a] + 1, n=i + 1)
            else:
                seen[a] = i
