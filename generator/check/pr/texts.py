"""Texts of the pull-request checks (`portal check-pr`): Chinese first, English available.

Codes are stable: PR001–PR013. Each is a template filled from the problem's params.
"""

from __future__ import annotations

from typing import Any

from generator.problems import Problem, Severity

E = Severity.ERROR

# code: (severity, message_zh, message_en, hint_zh, hint_en)
TEXTS: dict[str, tuple[Severity, str, str, str, str]] = {
    "PR001": (
        E,
        "改写了基准分支的历史：基准提交 {base} 不是本次变更 {head} 的祖先（强制推送覆盖了已有提交）",
        "the base's history is rewritten: base commit {base} is not an ancestor of the change's head {head}"
        " (a force-push over existing commits)",
        "备案库的历史只能追加：请在基准分支的最新提交之上重新提交本次修改（git rebase 或新建分支），不要改写已合并的提交",
        "the registry's history is append-only: make the change on top of the base's latest commit (rebase or a"
        " new branch) and never rewrite merged commits",
    ),
    "PR002": (
        E,
        "删除了{kind_zh}“{id}”的记录文件",
        "the {kind_en} record “{id}” is deleted",
        "{hint_zh}",
        "{hint_en}",
    ),
    "PR003": (
        E,
        "{kind_zh}“{id}”从 {old} 移到了 {new}{why_zh}",
        "the {kind_en} “{id}” moved from {old} to {new}{why_en}",
        "{hint_zh}",
        "{hint_en}",
    ),
    "PR004": (
        E,
        "改写了已有的第 {n} 条备案记录（{what_zh}）",
        "filing {n}, already on record, is {what_en}",
        "备案记录只能追加：已有的备案不能修改或删除；更正请在 filings 末尾追加一条 type: change 备案，写明改了什么",
        "filings are append-only: never edit or remove one on record; to correct it, append a change filing that"
        " says what changed",
    ),
    "PR005": (
        E,
        "改写了已有的第 {n} 条公告（{what_zh}）",
        "notice {n}, already on record, is {what_en}",
        "公告只能追加：已发布的公告不能修改或删除；新的情况请追加一条公告",
        "notices are append-only: never edit or remove a published one; append a new notice instead",
    ),
    "PR006": (
        E,
        "{field_zh}（{field}）一经登记不能修改：{old} → {new}",
        "{field_en} ({field}) never changes once recorded: {old} → {new}",
        "{hint_zh}",
        "{hint_en}",
    ),
    "PR007": (
        E,
        "修改了{field_zh}（{field}），但本次变更没有追加写明该字段的变更备案",
        "the {field_en} ({field}) changed, but the change appends no change filing that names it",
        "在 filings 末尾追加一条 type: change 备案，changes 中写 {{field: {field}, from: 原值, to: 新值}}",
        "append a filing of type change whose changes include {{field: {field}, from: old, to: new}}",
    ),
    "PR008": (
        E,
        "状态不能从{old_zh}（{old}）改为{new_zh}（{new}）{why_zh}",
        "the status cannot move from {old} to {new}{why_en}",
        "状态只能这样变化：正常 → 已关停 或 注销；已关停 → 注销；已关停的账号重新启用要追加一条备案；已注销的账号不能恢复，"
        "重新开设请建立新记录（新的 id），并在原账号的注销公告中写明接续账号",
        "the lifecycle is active → closed or deregistered, closed → deregistered; a closed account reopens only"
        " with a filing appended; a deregistered account never comes back: a reopened account is a new record",
    ),
    "PR009": (
        E,
        "新增的公告发布日期 {published} 早于提交它的变更（{change_date}）",
        "the notice added here says it was published on {published}, before the change that adds it ({change_date})",
        "公告在本平台公示之日才算发布：发布日期写本次提交的日期或之后，公示期从那天算起",
        "a notice is published when the portal shows it: date it on or after this change; the notice period runs"
        " from then",
    ),
    "PR010": (
        E,
        "{actor} 不是“{unit}”或其主管、上级单位的维护人员，不能修改{kind_zh}“{id}”",
        "{actor} maintains neither “{unit}” nor a unit above it, and cannot change the {kind_en} “{id}”",
        "请由该单位（或其主管单位）的维护人员提交；维护人员登记在 units/{unit}.yaml 的 maintainers 中",
        "have the unit's (or its supervising office's) maintainers file it; they are listed under maintainers in"
        " units/{unit}.yaml",
    ),
    "PR011": (
        E,
        "{actor} 不是“{unit}”或其主管、上级单位原有的维护人员，不能修改它的维护人员名单",
        "{actor} is not an existing maintainer of “{unit}” or of a unit above it, and cannot change its maintainers",
        "维护人员名单只能由该单位或其主管单位现有的维护人员修改",
        "a maintainers list is changed only by an existing maintainer of that unit or of its supervising units",
    ),
    "PR012": (
        E,
        "{actor} 不是检查单位“{unit}”的维护人员，不能提交或修改检查批次“{id}”",
        "{actor} is not a maintainer of the inspecting unit “{unit}” and cannot file or change the inspection"
        " batch “{id}”",
        "检查结果只能由检查单位的维护人员提交",
        "inspection results are filed by the inspecting unit's maintainers only",
    ),
    "PR013": (
        E,
        "{actor} 不是备案库管理员，不能修改 {target}",
        "{actor} is not an administrator of the registry and cannot change {target}",
        "portal.yaml、schemas/、规则配置、site/、mkdocs.yml、.github/ 和程序代码只能由备案库管理员修改"
        "（管理员登记在 portal.yaml 的 administrators 中）",
        "portal.yaml, schemas/, profiles, site/, mkdocs.yml, .github/ and the code are changed by the registry's"
        " administrators only (listed under administrators in portal.yaml)",
    ),
}


def make(code: str, file: str, path: str = "", **params: Any) -> Problem:
    sev, mzh, men, hzh, hen = TEXTS[code]
    return Problem(
        code=code, severity=sev, file=file,
        message_zh=mzh.format(**params), message_en=men.format(**params),
        hint_zh=hzh.format(**params), hint_en=hen.format(**params),
        path=path, params=dict(params),
    )
