"""`portal profiles`: the policy profiles shipped with the portal."""

from __future__ import annotations

import json

import click

from generator.commands._common import guard


@click.command("profiles")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@guard
def command(fmt: str) -> None:
    """列出政策配置 / List the policy profiles (jurisdictions' rulebooks)."""
    from generator.check.profiles import list_profiles, load_profile

    rows = []
    for name in list_profiles():
        p = load_profile(name)
        rows.append({"name": name, "title_zh": p.title_zh, "title_en": p.title_en,
                     "inherits": list(p.chain[1:]), "effective_date": p.facts.get("effective_date"),
                     "documents": [d.get("reference") or d.get("title_zh") for d in p.documents]})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        parent = f"  ← {', '.join(r['inherits'])}" if r["inherits"] else ""
        click.echo(f"{r['name']:<10} {r['title_zh']} / {r['title_en']}{parent}")
        click.echo(f"{'':<10} 施行 in force from {r['effective_date'] or '—'}; {'；'.join(r['documents'])}")
