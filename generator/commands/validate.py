"""`portal validate`: check the whole registry and report every problem at once."""

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
    today_option,
)
from generator.report import FORMATTERS


@click.command("validate")
@registry_option
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True,
              help="text（人读）/ github（拉取请求注释）/ json / codequality（GitLab 合并请求）")
@lang_option
@today_option
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新读取 / ignore the cache")
@guard
def command(registry: Path, fmt: str, lang: str, today: str | None, no_cache: bool) -> None:
    """校验整个备案库 / Validate the whole registry.

    退出码 / exit status: 0 无错误 no errors, 1 有错误 errors, 2 用法或内部错误 usage or internal failure.
    """
    from generator.check.pipeline import validate

    result = validate(require_registry(registry), today=parse_today(today), use_cache=not no_cache)
    click.echo(FORMATTERS[fmt](result.problems, lang))
    finish(0 if result.ok else 1)
