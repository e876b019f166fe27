"""`portal synth N --out DIR`: write a synthetic registry of N accounts (benchmarks, demos)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from generator.commands._common import guard
from generator.tools.synth import DEFAULT_TODAY, synthesize


@click.command("synth")
@click.argument("n", type=click.IntRange(1, 2_000_000))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="输出目录 / folder to write the registry into")
@click.option("--seed", default=1, show_default=True, type=int, help="随机种子：相同种子生成相同文件 / same seed, same files")
@click.option("--profile", default="national", show_default=True, help="portal.yaml 中的规则配置 / policy profile")
@click.option("--today", "today", default=DEFAULT_TODAY.isoformat(), show_default=True,
              help="生成数据所依据的“今天” / the day the data is generated as of (YYYY-MM-DD)")
@click.option("--force", is_flag=True, help="允许写入非空目录 / write into a non-empty folder")
@guard
def command(n: int, out: Path, seed: int, profile: str, today: str, force: bool) -> None:
    """生成 N 个账号的合成备案库（用于性能测试）/ Write a synthetic registry of N accounts."""
    try:
        day = dt.date.fromisoformat(today)
    except ValueError:
        raise click.BadParameter(f"日期须写成 YYYY-MM-DD：{today} / dates are YYYY-MM-DD", param_hint="--today") from None
    if not dt.date(2020, 1, 1) <= day <= dt.date(2026, 12, 31):
        raise click.BadParameter("“今天”须在 2020-01-01 至 2026-12-31 之间（节假日日历覆盖范围）/ "
                                 "today must lie in 2020–2026, the years the holiday calendar covers",
                                 param_hint="--today")
    if out.exists() and any(out.iterdir()) and not force:
        raise click.ClickException(f"目录 {out} 非空，未写入任何文件；如确需覆盖请加 --force / "
                                   f"{out} is not empty; nothing written (use --force to write anyway)")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        res = synthesize(n, out, seed=seed, today=day, profile=profile)
    except (ValueError, FileExistsError) as exc:
        raise click.ClickException(f"无法生成：{exc} / cannot synthesize: {exc}") from None
    secs = time.perf_counter() - start
    click.echo(f"已写入 {res.units} 个单位、{res.accounts} 个账号（{res.deregistered} 个已注销，{res.closed} 个已关停）、"
               f"{res.inspections} 个检查批次，用时 {secs:.1f} 秒")
    click.echo(f"wrote {res.units} units, {res.accounts} accounts ({res.deregistered} deregistered, "
               f"{res.closed} closed), {res.inspections} inspection batches in {secs:.1f} s")
