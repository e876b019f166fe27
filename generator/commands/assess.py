"""`portal assess --year Y [--unit U]`: the yearly assessment of each supervising unit."""

from __future__ import annotations

import difflib
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


@click.command("assess")
@click.option("--year", "year", type=click.IntRange(2000, 2100), required=True, help="考核年度 / the year assessed")
@click.option("--unit", "units", multiple=True, metavar="UNIT",
              help="只考核这个主管单位（可重复）/ assess only this supervising unit (repeatable)")
@click.option("--inputs", "inputs", type=click.Path(dir_okay=False, path_type=Path),
              help="考核补充材料（绩效考核、表彰表扬、弄虚作假），格式见 docs/assessment.md / the facts the registry "
                   "cannot hold (performance review, commendations, falsification); format: docs/assessment.md")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="输出格式 / output format")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="text 和 markdown 的语言 / language of text and markdown")
@registry_option
@today_option
@guard
def command(year: int, units: tuple[str, ...], inputs: Path | None, fmt: str, lang: str, registry: Path,
            today: str | None) -> None:
    """主管单位年度考核 / The yearly assessment of each supervising unit (昆山 annex 3 under the kunshan
    profile; elsewhere the same facts, unscored), every item explained with its evidence.

    Computed from the registry, its rules and its Git history, as of --today (a year not yet over is
    provisional). Facts the registry cannot hold come from --inputs; without them those items are pending.
    退出码 / exit status: 0 assessed, 1 the registry has errors, 2 usage error.
    """
    from generator.assess import report
    from generator.assess.inputs import InputsError, read_inputs
    from generator.assess.scope import supervising_units
    from generator.assess.yearly import assess
    from generator.check.pipeline import validate
    from generator.problems import has_errors

    day = parse_today(today)
    root = require_registry(registry)
    facts = None
    if inputs is not None:
        try:
            facts = read_inputs(inputs)
        except InputsError as exc:
            raise click.BadParameter(str(exc), param_hint="--inputs") from None
        if facts.year != year:
            raise click.BadParameter(f"补充材料是 {facts.year} 年度的，不是 {year} 年度 / the inputs are for {facts.year}, "
                                     f"not {year}", param_hint="--inputs")
    result = validate(root, today=day)
    if has_errors(result.problems):
        n = sum(1 for p in result.problems if p.severity.value == "error")
        click.echo(f"备案库有 {n} 个错误，无法考核；请先运行 portal validate 并改正 / the registry has {n} error(s): "
                   "run `portal validate` and fix them first", err=True)
        finish(1)
    reg = result.registry
    known = supervising_units(reg)
    for u in units:
        if u not in known:
            close = difflib.get_close_matches(u, known, n=1)
            hint = f"（您是不是要写 {close[0]}？）/ (did you mean {close[0]}?)" if close else f"（可选 / known: {', '.join(known)}）"
            raise click.BadParameter(f"{u} 不是主管单位 / is not a supervising unit {hint}", param_hint="--unit")
    if facts is not None:
        for u in sorted(set(facts.units) - set(known)):
            click.echo(f"提示：补充材料中的 {u} 不是主管单位，未使用 / note: {u} in the inputs is not a supervising unit", err=True)
    year_result = assess(reg, year, day, inputs=facts, units=list(units) if units else None)
    if fmt == "json":
        click.echo(report.to_json(year_result))
    else:
        click.echo(report.to_text(year_result, lang, md=fmt == "markdown"), nl=False)
    finish(0)
