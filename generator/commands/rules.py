"""`portal rules`: every rule with its code, severity and parameters under a profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.commands._common import guard


def _profile_from_registry(registry: Path) -> tuple[str, dict | None]:
    """The profile and overrides named in a registry's portal.yaml (read leniently; validate reports errors)."""
    import yaml

    path = registry / "portal.yaml"
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return "national", None
    return str(data.get("profile") or "national"), data.get("rule_overrides")


@click.command("rules")
@click.option("--profile", "profile", metavar="NAME",
              help="政策配置（默认取备案库 portal.yaml 中的配置）/ profile (default: the registry's)")
@click.option("--registry", "registry", type=click.Path(file_okay=False, path_type=Path), default=Path("registry"),
              show_default=True, help="备案库目录 / registry folder")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text（一行一条）/ json（含规则说明和示例）/ markdown（规则说明页）/ "
                   "one line per rule, json with each rule's docs and examples, or the rules page")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="text 格式中规则名称的语言 / language of the rule titles in text format")
@guard
def command(profile: str | None, registry: Path, fmt: str, lang: str) -> None:
    """列出全部检查规则 / List every rule with its severity and parameters (json and markdown: with
    its rationale, basis and examples)."""
    from generator.check.profiles import ProfileError, list_profiles, rule_table, rules_reference_markdown

    overrides = None
    if profile is None:
        profile, overrides = _profile_from_registry(registry) if registry.is_dir() else ("national", None)
    if profile not in list_profiles():
        raise click.BadParameter(f"未知的政策配置 {profile}，可选 / unknown profile; available: {', '.join(list_profiles())}",
                                 param_hint="--profile")
    try:
        if fmt == "markdown":
            click.echo(rules_reference_markdown(profile))
            return
        rows = rule_table(profile, overrides if isinstance(overrides, dict) else None)
    except ProfileError as exc:
        raise click.ClickException(f"{exc.message_zh} / {exc.message_en}") from None
    if fmt == "json":
        click.echo(json.dumps({"profile": profile, "rules": rows}, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"# profile: {profile}")
    for r in rows:
        title = r["title_zh"] if lang == "zh" else r["title_en"]
        params = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(r["params"].items()))
        click.echo(f"{r['code']:<8} {r['severity']:<8} {title}" + (f"  [{params}]" if params else ""))
