"""The path is the identity: a record's file name is its id, an account lives in its host unit's folder,
an inspection batch in its period's folder, and ids are unique."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.structure.common import duplicates, folder_of


@rule(
    "ID001",
    title_zh="文件名与 id 不一致",
    title_en="File name differs from id",
    message_zh="文件名“{stem}”与记录的 id “{id}”不一致",
    message_en="the file name “{stem}” differs from the record's id “{id}”",
    hint_zh="把文件改名为 {id}.yaml，或把 id 改为 {stem}；id 一经公布不再更改",
    hint_en="rename the file to {id}.yaml or set id to {stem}; a published id never changes",
)
def file_name_is_id(ctx: RuleContext) -> Iterator[Finding]:
    """A record's file name is its id (`<id>.yaml`).

    Why: The path is the identity: the portal's page addresses, exports and other records' references
    use the id, and a reader finds a record by its file name.

    Basis: This registry's format: the path is the identity (DESIGN.md).

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        id: dh-gafj-dy

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        id: dh-gafj-douyin
    """
    reg = ctx.registry
    for r in (*reg.units, *reg.accounts, *reg.inspections):
        stem = r.file.rpartition("/")[2].removesuffix(".yaml")
        if stem != r.id:
            yield ctx.finding(r, "id", stem=stem, id=r.id)


@rule(
    "ID002",
    title_zh="账号所在文件夹与主办单位不一致",
    title_en="Account folder differs from host unit",
    message_zh="账号放在文件夹“{folder}”下，但主办单位（host_unit）是“{host}”",
    message_en="the account is in folder “{folder}” but its host unit (host_unit) is “{host}”",
    hint_zh="把文件移到 accounts/{host}/ 下；主办单位变更须另行提交变更或注销备案",
    hint_en="move the file to accounts/{host}/; a change of host unit needs its own change or deregistration filing",
)
def account_folder_is_host(ctx: RuleContext) -> Iterator[Finding]:
    """An account lives in its host unit's folder (`accounts/<host_unit>/<id>.yaml`).

    Why: The folder says who answers for the account: the directory by unit and the ownership of changes
    to the registry follow it, so it cannot disagree with `host_unit`.

    Basis: 国办发〔2018〕123号: the host unit is whoever opened the account (谁开设、谁主办); this registry
    puts it in the path (DESIGN.md).

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        host_unit: dh-gov

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        host_unit: dh-gafj
    """
    for r in ctx.registry.accounts:
        folder = folder_of(r)
        if folder != r.data["host_unit"]:
            yield ctx.finding(r, "host_unit", folder=folder, host=r.data["host_unit"])


@rule(
    "ID003",
    title_zh="检查批次所在文件夹与检查期间不一致",
    title_en="Inspection folder differs from period",
    message_zh="检查批次放在文件夹“{folder}”下，但检查期间（period）是“{period}”",
    message_en="the inspection batch is in folder “{folder}” but its period is “{period}”",
    hint_zh="把文件移到 inspections/{period}/ 下",
    hint_en="move the file to inspections/{period}/",
)
def inspection_folder_is_period(ctx: RuleContext) -> Iterator[Finding]:
    """An inspection batch lives in its period's folder (`inspections/<period>/<id>.yaml`).

    Why: Inspection results are published per period, read from the folder; a batch filed under another
    period would be shown with the wrong quarter.

    Basis: This registry's format: the path is the identity (DESIGN.md).

    Bad:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        period: "2025-Q4"

    Good:

        # inspections/2025-Q3/dh-2025q3-spot.yaml
        period: "2025-Q3"
    """
    for r in ctx.registry.inspections:
        folder = folder_of(r)
        if folder != r.data["period"]:
            yield ctx.finding(r, "period", folder=folder, period=r.data["period"])


@rule(
    "ID004",
    title_zh="id 重复",
    title_en="Duplicate id",
    message_zh="{kind_zh} id “{id}”已在 {first} 中使用",
    message_en="{kind_en} id “{id}” is already used by {first}",
    hint_zh="每条记录的 id 在整个备案库中必须唯一，请换一个 id",
    hint_en="ids are unique across the registry; choose another id",
)
def unique_ids(ctx: RuleContext) -> Iterator[Finding]:
    """An id belongs to one record of its kind.

    Why: Pages, exports and references address a record by its id; with two records under one id, one of
    them can never be reached. The older record keeps the id.

    Basis: This registry's format: the path is the identity (DESIGN.md).

    Bad:

        # accounts/dh-rsj/dh-gafj-douyin.yaml
        platform: douyin
        name: 东湖人社
        platform_id: MS4wLjABAAAArs2025dhRsjM6w3Qp9Hd8v

    Good:

        # accounts/dh-rsj/dh-rsj-douyin.yaml
        platform: douyin
        name: 东湖人社
        platform_id: MS4wLjABAAAArs2025dhRsjM6w3Qp9Hd8v
    """
    reg = ctx.registry
    kinds = (("单位", "unit", reg.units), ("账号", "account", reg.accounts), ("检查批次", "inspection", reg.inspections))
    for kind_zh, kind_en, records in kinds:
        ids = [r.id for r in records]
        if len(set(ids)) == len(ids):
            continue  # the usual case, found without grouping
        for group in duplicates(records, lambda r: r.id):
            first = group[0]
            for r in group[1:]:
                yield ctx.finding(r, "id", kind_zh=kind_zh, kind_en=kind_en, id=r.id, first=first.file)
