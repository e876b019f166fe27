"""`portal import SHEET --registry DIR`: take an office's spreadsheet of accounts into records;
`portal import inspections FILE --period P --inspector UNIT`: a supervisor's results sheet or a published
notice's name lists into an inspection batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.commands._common import guard
from generator.tools.importer import SheetError, plan_import, write_all


class _ImportGroup(click.Group):
    """`import` takes a kind of import as its first word; a sheet of accounts needs none (`portal import
    SHEET` is `portal import accounts SHEET`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["accounts", *args]
        return super().parse_args(ctx, args)


@click.group("import", cls=_ImportGroup)
def command() -> None:
    """导入表格 / Import: `portal import SHEET` (accounts, docs/import.md) or `portal import inspections FILE
    --period P --inspector UNIT` (an inspection batch from a results sheet or a notice's name lists)."""



def _echo_problems(problems: list[Any], error_label: str) -> None:
    """Each row's problems, by row and severity; `error_label` says what an error does to its row."""
    labels = {"error": error_label, "warning": "警告 warning", "info": "提示 info"}
    for p in sorted(problems, key=lambda p: (p.row, p.severity)):
        click.echo(f"[{labels[p.severity]}] {p.text()}")


def _write_or_exit(write: Callable[[Any], Any], res: Any) -> None:
    """Write an import's files (all or nothing); a failure exits 2 with the reason."""
    try:
        write(res)
    except OSError as exc:
        click.echo(f"写入失败，未写入任何文件 / writing failed, nothing written: {exc}", err=True)
        raise SystemExit(2) from None

@command.command("accounts")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--registry", "registry", default="registry", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path), help="备案库目录 / registry folder")
@click.option("--dry-run", is_flag=True, help="只检查、列出将写入的文件，不写入 / check and list, write nothing")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="导入日期（默认今天）/ the import day (default: today)")
@click.option("--sheet", "sheet_name", help="Excel 工作表名称（默认第一个有表头的）/ worksheet name")
@click.option("--skip-bad", is_flag=True, help="有行被拒绝时仍导入其余各行 / import the good rows even if some are refused")
@guard
def accounts(sheet: Path, registry: Path, dry_run: bool, today: str | None, sheet_name: str | None,
             skip_bad: bool) -> None:
    """从表格 SHEET（CSV/XLSX）导入账号 / Import accounts from the spreadsheet SHEET (CSV or XLSX).

    列格式见 docs/import.md / the column format is described in docs/import.md.
    退出码 / exit status: 0 已导入（或试运行无拒绝行）/ imported, 1 有行被拒绝 / rows refused,
    2 表格无法读取 / the sheet cannot be read.
    """
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"日期须写成 YYYY-MM-DD：{today} / dates are YYYY-MM-DD", param_hint="--today") from None
    try:
        res = plan_import(sheet, registry, today=day, sheet_name=sheet_name)
    except SheetError as exc:
        click.echo(f"无法导入 / cannot import: {exc}", err=True)
        raise SystemExit(2) from None
    _echo_problems(res.problems, "拒绝 refused")
    refused = len(res.refused)
    taken = len(res.accounts)
    write = not dry_run and taken > 0 and (refused == 0 or skip_bad)
    if write:
        _write_or_exit(write_all, res)
    verb_zh, verb_en = ("已导入", "imported") if res.written else ("可导入", "importable")
    click.echo(f"共 {res.rows} 行：{verb_zh} {taken} 个账号、新建 {len(res.units)} 个单位，拒绝 {refused} 行 / "
               f"{res.rows} rows: {taken} accounts {verb_en}, {len(res.units)} new units, {refused} rows refused")
    if dry_run:
        for path in [*sorted(res.units), *sorted(res.accounts)]:
            click.echo(f"  {path}")
        click.echo("试运行，未写入任何文件 / dry run: nothing written")
    elif refused and not skip_bad:
        click.echo("有行被拒绝，未写入任何文件；改正后重新导入，或加 --skip-bad 只导入其余各行 / rows were refused, "
                   "nothing written; fix them and import again, or use --skip-bad to import the rest")
    if refused:
        raise SystemExit(1)


@command.command("inspections")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--period", "period", required=True, metavar="PERIOD", help="检查期间，例如 2026-Q3 / the period, e.g. 2026-Q3")
@click.option("--inspector", "inspector", required=True, metavar="UNIT", help="检查单位的标识 / the inspecting unit's id")
@click.option("--registry", "registry", default="registry", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path), help="备案库目录 / registry folder")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="检查日期（默认：导入日与期间最后一天中较早者）/ the check "
              "date (default: the import day or the period's last day, whichever is earlier)")
@click.option("--rubric", "rubric", help="检查指标（默认：本地配置的指标，portal rubrics 列出全部）/ the rubric "
              "(default: the profile's; `portal rubrics` lists them)")
@click.option("--id", "batch_id", help="批次标识（默认：检查单位-期间）/ the batch id (default: <inspector>-<period>)")
@click.option("--title", "title", help="批次标题（默认：“2026年第三季度政务新媒体检查”）/ the batch title")
@click.option("--kind", "kind", type=click.Choice(["self", "regular", "spot_check", "recheck"]), default="spot_check",
              show_default=True, help="检查类型：自查、常规检查、抽查、复查 / the kind of check")
@click.option("--level", "level", type=click.Choice(["national", "province", "city", "county"]),
              help="检查单位的层级 / the level of the inspecting office")
@click.option("--published", "published", metavar="YYYY-MM-DD", help="通报发布日期 / the day the results were published")
@click.option("--checked-all", is_flag=True, help="通报只列出问题账号：检查单位主管的其他在用账号均按合格记录 / the notice "
              "names only failures: every other active account the inspector supervises passed")
@click.option("--sheet", "sheet_name", help="Excel 工作表名称 / worksheet name")
@click.option("--dry-run", is_flag=True, help="只检查、列出结果，不写入 / check and list, write nothing")
@click.option("--skip-bad", is_flag=True, help="有行无法对应时仍写入其余结果 / write the rest even if some rows do not match")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="导入日期（默认今天）/ the import day (default: today)")
@guard
def inspections(file: Path, period: str, inspector: str, registry: Path, date: str | None, rubric: str | None,
                batch_id: str | None, title: str | None, kind: str, level: str | None, published: str | None,
                checked_all: bool, sheet_name: str | None, dry_run: bool, skip_bad: bool, today: str | None) -> None:
    """从检查结果表格或通报名单 FILE 导入一个检查批次 / Import one inspection batch from FILE: a results sheet
    (CSV/XLSX: 账号名称, 平台, 主办单位, 问题, 分类 …) or a notice (.txt/.md: a problem heading, then
    名称（平台）、名称（平台）…). Accounts are matched by registry id, immutable id or name and platform (and
    host unit); problems are mapped to the rubric's items. Every row that matches no account and every
    problem that maps to no item is listed. Format: docs/import.md.

    退出码 / exit status: 0 imported (or a clean dry run), 1 rows not matched or mapped (nothing written
    without --skip-bad), 2 the file or an option cannot be used.
    """
    from generator.check.profiles import load_profile
    from generator.check.rubrics import RubricError, load_rubric
    from generator.load.registry import load_registry
    from generator.model.periods import bounds
    from generator.tools.importer.inspections import plan_inspections, write_inspections

    def day_of(value: str | None, name: str) -> dt.date | None:
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"日期须写成 YYYY-MM-DD：{value} / dates are YYYY-MM-DD", param_hint=name) from None

    try:
        first, last = bounds(period)
    except ValueError:
        raise click.BadParameter(f"期间应写成 2026-Q3、2026-07、2026-H1 或 2026：{period} / write the period as 2026-Q3, "
                                 "2026-07, 2026-H1 or 2026", param_hint="--period") from None
    now = day_of(today, "--today") or dt.date.today()
    check_day = day_of(date, "--date") or min(now, last)
    reg, _problems = load_registry(registry, use_cache=False)
    if inspector not in reg.unit_by_id:
        raise click.BadParameter(f"备案库中没有单位 {inspector} / no unit {inspector} in the registry", param_hint="--inspector")
    try:
        rub = load_rubric(rubric or str(load_profile(str(reg.config.get("profile") or "national")).facts.get("rubric")
                                        or "national-2019"))
    except RubricError as exc:
        raise click.BadParameter(f"{exc.message_zh} / {exc.message_en}", param_hint="--rubric") from None
    bid = batch_id or f"{inspector}-{period.lower()}"
    try:
        res = plan_inspections(file, reg, period=period, inspector=inspector, rubric=rub, date=check_day, batch_id=bid,
                               title=title, kind=kind, level=level, published=day_of(published, "--published"),
                               checked_all=checked_all, sheet_name=sheet_name)
    except SheetError as exc:
        click.echo(f"无法导入 / cannot import: {exc}", err=True)
        raise SystemExit(2) from None
    if not first <= check_day <= last:
        click.echo(f"[警告 warning] 检查日期 {check_day} 不在期间 {period} 内 / the check date is outside {period}")
    _echo_problems(res.problems, "未导入 not imported")
    refused = len(res.refused)
    results = res.batch["results"]
    failing = sum(1 for r in results if r.get("vetoes") or r.get("deductions"))
    writable = results and not any(p.row == 0 and p.severity == "error" for p in res.problems)
    if not dry_run and writable and (refused == 0 or skip_bad):
        _write_or_exit(write_inspections, res)
    verb_zh, verb_en = ("已写入", "written") if res.written else ("可写入", "to write")
    click.echo(f"读取 {res.rows} 行：{len(results)} 个账号（有问题 {failing} 个），{refused} 处无法对应；批次 {bid} "
               f"{verb_zh} {res.path} / {res.rows} rows read: {len(results)} accounts ({failing} with findings), "
               f"{refused} not matched or mapped; batch {bid} {verb_en} {res.path}")
    if dry_run:
        click.echo("试运行，未写入任何文件 / dry run: nothing written")
    elif refused and not skip_bad:
        click.echo("有行无法对应，未写入任何文件；改正后重新导入，或加 --skip-bad 只导入其余结果 / some rows did not match, "
                   "nothing written; fix them and import again, or use --skip-bad to write the rest")
    if refused:
        raise SystemExit(1)
