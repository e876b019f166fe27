"""`portal export inspections --period P`: a period's inspection results as published (XLSX and CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands._common import (
    finish,
    guard,
    parse_today,
    registry_option,
    require_registry,
    today_option,
)


@click.group("export")
def command() -> None:
    """导出公开数据 / Export public data (`portal export inspections --period P`)."""


@command.command("inspections")
@click.option("--period", "period", required=True, metavar="PERIOD",
              help="检查期间，例如 2026-Q3、2026-07、2026-H1、2026 / the period, e.g. 2026-Q3")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="写入的文件夹 / the folder to write into")
@registry_option
@today_option
@guard
def inspections(period: str, out: Path, registry: Path, today: str | None) -> None:
    """一个期间的检查结果表（与门户网站期间页面所链接的相同）/ A period's results table, the one the portal's
    period page links: inspections-PERIOD.xlsx and inspections-PERIOD.csv in --out.

    退出码 / exit status: 0 written, 1 the registry has errors, 2 usage error (no such period).
    """
    from generator.check.pipeline import validate
    from generator.model.periods import bounds
    from generator.problems import has_errors
    from generator.site import results_table
    from generator.site.model import Model
    from generator.site.public import public_data

    try:
        bounds(period)
    except ValueError:
        raise click.BadParameter(f"期间应写成 2026-Q3、2026-07、2026-H1 或 2026：{period} / write the period as 2026-Q3, "
                                 "2026-07, 2026-H1 or 2026", param_hint="--period") from None
    day = parse_today(today)
    root = require_registry(registry)
    result = validate(root, today=day)
    if has_errors(result.problems):
        n = sum(1 for p in result.problems if p.severity.value == "error")
        click.echo(f"备案库有 {n} 个错误，未导出；请先运行 portal validate / the registry has {n} error(s): nothing "
                   "exported; run `portal validate` first", err=True)
        finish(1)
    model = Model(public_data(result.registry, day.isoformat(), assessments=False), day.isoformat())
    known = [p for p, _ in model.periods]
    if period not in known:
        raise click.BadParameter(f"没有 {period} 的检查批次（有：{'、'.join(known) or '无'}）/ no batch in {period} "
                                 f"(periods: {', '.join(known) or 'none'})", param_hint="--period")
    out.mkdir(parents=True, exist_ok=True)
    for name, content in results_table.period_files(model, period).items():
        target = out / f"inspections-{period}{Path(name).suffix}"
        target.write_bytes(content)
        click.echo(f"已写入 / written: {target}")
    finish(0)
