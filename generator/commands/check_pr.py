"""`portal check-pr`: check a change to the registry as a pull request."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands._common import (
    finish,
    guard,
    lang_option,
    parse_today,
    registry_option,
    require_registry,
)
from generator.report import FORMATTERS

FORMATS = sorted([*FORMATTERS, "markdown"])


@click.command("check-pr")
@registry_option
@click.option("--base", "base", required=True, metavar="REF",
              help="合并目标（基准提交，如 origin/main）/ the commit the change is made on, e.g. origin/main")
@click.option("--head", "head", default="HEAD", show_default=True, metavar="REF",
              help="变更的最新提交 / the change's last commit")
@click.option("--actor", "actor", metavar="LOGIN",
              help="提交人的代码托管账号（GitHub Actions 中为拉取请求作者）；不写则用每个提交的作者邮箱 / "
                   "the hosting login of the change's author (in Actions: the pull request's author); "
                   "default: each commit's author e-mail")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text（人读）/ github（拉取请求注释）/ json / codequality（GitLab）/ markdown（中文摘要）")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="另把中文摘要（Markdown）追加到这个文件，如 $GITHUB_STEP_SUMMARY / also append the Markdown "
                   "summary to this file")
@lang_option
@click.option("--today", "today", metavar="YYYY-MM-DD",
              help="规则检查所用的日期（默认取变更最新提交的日期）/ the date the rules use (default: head's commit date)")
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取 / ignore the cache")
@guard
def command(registry: Path, base: str, head: str, actor: str | None, fmt: str, summary_file: Path | None,
            lang: str, today: str | None, no_cache: bool) -> None:
    """按拉取请求检查对备案库的修改 / Check a change to the registry (base..head) as a pull request.

    备案和公告只能追加；账号标识、平台、平台不可变标识、开设日期不能改；名称、链接、主办单位、运维单位、定位的修改须
    有变更备案；状态只能按生命周期变化；记录不能删除或移走；只能修改自己维护的单位的记录；最后校验变更后的整个备案库。
    Filings and notices are append-only; immutable fields stay; changes need change filings; the
    status follows the lifecycle; nothing is deleted or moved; only a unit's maintainers change its
    records; then the whole registry at head is validated.

    退出码 / exit status: 0 通过 no errors, 1 有错误 errors, 2 用法错误 usage error (e.g. a ref that names no
    commit, a folder outside a Git repository).
    """
    from generator.check.pr.gitrepo import GitError
    from generator.check.pr.run import check_pr
    from generator.check.pr.summary import render

    try:
        result = check_pr(require_registry(registry), base, head, actor=actor,
                          today=parse_today(today) if today else None, use_cache=not no_cache)
    except GitError as err:
        raise click.UsageError(f"Git: {err}") from None
    if summary_file is not None:
        with summary_file.open("a", encoding="utf-8") as f:
            f.write(render(result) + "\n")
    click.echo(render(result) if fmt == "markdown" else FORMATTERS[fmt](result.problems, lang))
    finish(0 if result.ok else 1)
