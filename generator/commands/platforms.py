"""`portal platforms`: the platform catalogue, so staff can find the key to write in a record."""

from __future__ import annotations

import json

import click

from generator.model.platforms import catalogue


@click.command("platforms")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
def command(fmt: str) -> None:
    """列出平台目录：平台代码、名称、不可变标识及示例 / List the platform catalogue."""
    cat = catalogue()
    if fmt == "json":
        rows = [
            {"key": p.key, "zh": p.zh, "en": p.en, "kind": p.kind, "id_label": p.id_label,
             "id_pattern": p.id_pattern.pattern, "id_example": p.id_example, "hosts": list(p.hosts),
             "name_max": p.name_max, "aliases": list(p.aliases)}
            for p in cat.values()
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for p in cat.values():
        click.echo(f"{p.key:<20} {p.zh}（{p.en}）  {p.id_label}: {p.id_example}")
