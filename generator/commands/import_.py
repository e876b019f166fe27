"""`portal import SHEET --registry DIR`: take an office's spreadsheet of accounts into records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.commands._common import guard
from generator.tools.importer import SheetError, plan_import, write_all


@click.command("import")
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--registry", "registry", default="registry", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path), help="备案库目录 / registry folder")
@click.option("--dry-run", is_flag=True, help="只检查、列出将写入的文件，不写入 / check and list, write nothing")
@click.option("--today", "today", metavar="YYYY-MM-DD", help="导入日期（默认今天）/ the import day (default: today)")
@click.option("--sheet", "sheet_name", help="Excel 工作表名称（默认第一个有表头的）/ worksheet name")
@click.option("--skip-bad", is_flag=True, help="有行被拒绝时仍导入其余各行 / import the good rows even if some are refused")
@guard
def command(sheet: Path, registry: Path, dry_run: bool, today: str | None, sheet_name: str | None,
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
    for p in sorted(res.problems, key=lambda p: (p.row, p.severity)):
        label = {"error": "拒绝 refused", "warning": "警告 warning", "info": "提示 info"}[p.severity]
        click.echo(f"[{label}] {p.text()}")
    refused = len(res.refused)
    taken = len(res.accounts)
    write = not dry_run and taken > 0 and (refused == 0 or skip_bad)
    if write:
        try:
            write_all(res)
        except OSError as exc:
            click.echo(f"写入失败，未写入任何文件 / writing failed, nothing written: {exc}", err=True)
            raise SystemExit(2) from None
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
