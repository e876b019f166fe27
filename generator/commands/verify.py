"""`portal verify QUERY`: is this account real? The same query engine as the portal's verify page."""

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


@click.command("verify")
@click.argument("query")
@registry_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（与网页使用的答案相同）/ print the answer as JSON")
@today_option
@guard
def command(query: str, registry: Path, as_json: bool, today: str | None) -> None:
    """核验一个账号：QUERY 是账号名称、链接、分享文字或标识 / Verify an account: QUERY is a name, a
    link, an app's share text or an id.

    退出码 / exit status: 0 已备案且正常 registered and active; 3 已备案但已关停、已注销或注销公示中
    registered but closed, deregistered or being deregistered; 4 名称相近或未备案 lookalike or not
    registered; 2 用法错误 usage error (also an empty query or a link that names no account).
    """
    import orjson

    from generator.check.pipeline import validate
    from generator.lookup.answer import EXIT, lookup
    from generator.lookup.index import build_index
    from generator.lookup.text import render_text
    from generator.problems import has_errors
    from generator.site.public import public_data

    day = parse_today(today)
    result = validate(require_registry(registry), today=day)
    if has_errors(result.problems):
        click.echo("备案库有错误，未通过校验的记录不参与核验（运行 portal validate 查看）/ "
                   "the registry has errors; records that failed are left out", err=True)
    data = public_data(result.registry)
    index = build_index(data.config, data.units, data.accounts, day.isoformat())
    answer = lookup(query, index)
    if as_json:
        click.echo(orjson.dumps(answer, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())
    else:
        click.echo(render_text(answer, index.meta))
    finish(EXIT[answer["kind"]])
