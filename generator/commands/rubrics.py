"""`portal rubrics`: every inspection rubric with its items, points, caps and the phrases notices use."""

from __future__ import annotations

import json

import click

from generator.commands._common import guard


@click.command("rubrics")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text（一行一项）/ json（含每项的全部说法）/ one line per item, or json with every phrase")
@guard
def command(fmt: str) -> None:
    """列出检查指标及其各项 / List the inspection rubrics and their items (the keys a batch writes as a
    finding's `item`), with points per case, caps and pass marks."""
    from generator.check.rubrics import list_rubrics, load_rubric

    rubrics = [load_rubric(r) for r in list_rubrics()]
    if fmt == "json":
        click.echo(json.dumps([{
            "id": r.id, "title_zh": r.title_zh, "title_en": r.title_en, "reference": r.reference,
            "full_marks": r.full_marks, "pass_mark": r.pass_mark, "update_window_days": r.window_days,
            "items": [{"key": i.key, "section": i.section, "group_zh": i.group_zh, "title_zh": i.title_zh,
                       "title_en": i.title_en, "points": i.points or None, "cap": i.cap or None, "serious": i.serious,
                       "phrases": list(i.phrases), "observed": [{"when": w, "kinds": list(k)} for w, k in i.observed]}
                      for i in r.items.values()],
            "assessment": r.assessment} for r in rubrics], ensure_ascii=False, indent=2))
        return
    for r in rubrics:
        mark = f"{r.pass_mark} 分及格" if r.pass_mark is not None else "只按单项否决指标判定 / vetoes only"
        click.echo(f"# {r.id}  {r.title_zh}（{r.reference}）{mark}")
        for i in r.items.values():
            if i.section == "veto":
                click.echo(f"  {i.key:<20} 否决 veto      {i.title_zh} / {i.title_en}")
            else:
                click.echo(f"  {i.key:<20} −{i.points}（≤{i.cap}）   {i.title_zh} / {i.title_en}")
        if r.assessment:
            click.echo(f"  年度考核 / yearly assessment: {r.assessment['title_zh']}（portal assess）")
