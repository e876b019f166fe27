"""`portal audit`: does a published portal match a rebuild of the registry?"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from generator.commands._common import guard
from generator.site.audit import AuditResult, AuditUsageError, audit_site
from generator.site.build import RegistryHasErrors
from generator.site.shell import UnsafeSources

from .build import parse_date, report_problems, report_unsafe_sources

LIST_MAX = 200  # file names printed per kind in the text report (the JSON report lists all)


def _optional_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else parse_date(ctx, param, value)


def _text(r: AuditResult) -> None:
    reg = r.manifest.get("registry") or {}
    commit = reg.get("commit") or reg.get("state")
    click.echo(f"核对网站 {r.site}（备案库提交 {commit}，生成日期 {r.today}）"
               f" / Auditing {r.site} (registry commit {commit}, built for {r.today})")
    for label, names in (("内容不同 / differs", r.differs), ("缺少 / missing", r.missing), ("多余 / extra", r.extra)):
        for name in names[:LIST_MAX]:
            click.echo(f"  {label}: {name}")
        if len(names) > LIST_MAX:
            click.echo(f"  …… 另有 {len(names) - LIST_MAX} 个 / {len(names) - LIST_MAX} more (--format json lists all)")
    for zh, en in r.notes:
        click.echo(f"  说明 / note: {zh} / {en}")
    if r.identical:
        click.echo(f"结果：一致，网站的 {r.files} 个文件与重新生成的逐字节相同。"
                   f" / Result: identical, all {r.files} files match a rebuild of the registry.")
    else:
        n = len(r.differs) + len(r.missing) + len(r.extra)
        click.echo(f"结果：不一致，{n} 个文件（内容不同 {len(r.differs)}、缺少 {len(r.missing)}、多余 {len(r.extra)}）。"
                   f" / Result: {n} file(s) do not match ({len(r.differs)} differ, {len(r.missing)} missing,"
                   f" {len(r.extra)} extra).")


@click.command("audit")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path))
@click.option("--registry", "registry", type=click.Path(file_okay=False, path_type=Path), default=Path("registry"),
              show_default=True, help="备案库目录（网站所用的提交）/ registry folder, at the site's commit")
@click.option("--today", default=None, callback=_optional_date, help="生成日期 YYYY-MM-DD（默认取网站生成清单中的日期）/ the build's date"
              " (default: the site manifest's)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text（人读）/ json")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="并行进程数 / worker processes")
@guard
def command(site: Path, registry: Path, today: str | None, fmt: str, jobs: int | None) -> None:
    """核对已发布的网站 SITE 与备案库重新生成的结果是否逐字节相同 / Check the published portal SITE
    (a folder) against a rebuild of the registry, file by file.

    退出码 / exit status: 0 相同 identical, 1 有差异 different, 2 用法错误 usage error.
    """
    if not registry.is_dir():
        click.echo(f"找不到备案库目录：{registry} / registry folder not found", err=True)
        sys.exit(2)
    try:
        result = audit_site(site, registry, today, jobs=jobs)
    except AuditUsageError as err:
        click.echo(f"{err.zh} / {err.en}", err=True)
        sys.exit(2)
    except RegistryHasErrors as err:
        report_problems(err)
        click.echo("备案库有错误，无法重新生成以核对。/ The registry has errors: it cannot be rebuilt to audit.", err=True)
        sys.exit(2)
    except UnsafeSources as err:
        report_unsafe_sources(err)
        sys.exit(2)
    if fmt == "json":
        click.echo(orjson.dumps(result.as_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        _text(result)
    sys.exit(0 if result.identical else 1)
