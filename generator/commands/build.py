"""`portal build`: turn a valid registry into the static portal."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.commands._common import guard
from generator.site.build import RegistryHasErrors, build_site
from generator.site.output import OutputRefused
from generator.site.shell import UnsafeSources


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()  # the CLI edge is the only place that reads the clock
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"日期应写成 YYYY-MM-DD / expected YYYY-MM-DD: {value}") from None


def report_problems(err: RegistryHasErrors) -> None:
    errors = [p for p in err.problems if p.severity.value == "error"]
    click.echo(f"备案库有 {len(errors)} 个错误，未生成网站（原有输出保持不变）。"
               f" / The registry has {len(errors)} error(s); nothing was built.", err=True)
    for p in sorted(errors, key=lambda p: p.sort_key())[:50]:
        where = p.file + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.column else "")
        click.echo(f"  {where}: {p.code} {p.message_zh}", err=True)
    if len(errors) > 50:
        click.echo(f"  …… 另有 {len(errors) - 50} 个错误，请运行 portal validate 查看。", err=True)


def report_unsafe_sources(err: UnsafeSources) -> None:
    click.echo("网站源文件中有符号链接或特殊文件，未生成网站（原有输出保持不变）。请换成普通文件后重试："
               " / The site's sources contain symlinks or special files; nothing was built. Replace them with"
               " plain files:", err=True)
    for line in err.lines():
        click.echo(f"  {line}", err=True)


def report_refused_output(err: OutputRefused) -> None:
    click.echo(f"拒绝写入输出目录 {err.out}：{err.reason_zh}。未做任何改动。"
               f" / Refusing the output folder {err.out}: {err.reason_en}. Nothing was changed.", err=True)


@click.command("build")
@click.option("--registry", "registry", type=click.Path(file_okay=False, path_type=Path), default=Path("registry"),
              show_default=True, help="备案库目录 / registry folder")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("public"),
              show_default=True, help="输出目录：不存在、空目录或以前生成的网站，整体替换 / output folder: new, empty or"
              " an earlier build's (replaced whole)")
@click.option("--today", callback=parse_date, help="生成日期 YYYY-MM-DD（默认今天）/ the build's date")
@click.option("--precompress", is_flag=True, help="同时生成 .gz 预压缩文件（nginx gzip_static）")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="并行进程数 / worker processes")
@guard
def command(registry: Path, out: Path, today: str, precompress: bool, jobs: int | None) -> None:
    """生成静态公示网站 / Build the static portal."""
    if not registry.is_dir():
        click.echo(f"找不到备案库目录：{registry} / registry folder not found", err=True)
        sys.exit(2)
    try:
        stats = build_site(registry, out, today, precompress=precompress, jobs=jobs)
    except RegistryHasErrors as err:
        report_problems(err)
        sys.exit(1)
    except UnsafeSources as err:
        report_unsafe_sources(err)
        sys.exit(2)
    except OutputRefused as err:
        report_refused_output(err)
        sys.exit(2)
    click.echo(f"已生成 {out}：{stats.accounts} 个账号、{stats.units} 个单位，{stats.files} 个文件，"
               f"用时 {stats.timings['total']:.1f} 秒。/ Built {stats.accounts} accounts in {stats.timings['total']:.1f} s.")
