"""`portal new account|unit|filing|notice|inspection`: a correct record from prompts (Chinese first) or,
for scripts, from options (`--no-input`); then the registry is validated and the new file's problems
shown. What each kind asks for: generator/tools/scaffold.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import click

from generator.commands._common import guard, parse_today, registry_option, require_registry, today_option
from generator.model import labels
from generator.tools import scaffold

_SPLIT = re.compile(r"[,，、\s]+")
_TITLES = {
    "account": ("开设备案：新建账号文件", "file an opening: a new account file"),
    "unit": ("新建单位记录", "a new unit record"),
    "filing": ("在账号文件中追加一条备案（变更、关停、注销……）", "append a filing (change, closure, deregistration …) to an account"),
    "notice": ("在账号文件中追加一条公告（注销公告、停更公告）", "append a notice (deregistration, stop-update) to an account"),
    "inspection": ("新建检查批次", "a new inspection batch"),
}
_CHOICE_LABELS = {"update_frequency": labels.UPDATE_FREQUENCIES, "kind": {**labels.UNIT_KINDS, **labels.NOTICE_KINDS,
                  **labels.BATCH_KINDS}, "type": labels.FILING_TYPES}


def _choice(field: scaffold.Field, value: str) -> str:
    """A choice given by its code or its Chinese label (开设 → open)."""
    value = value.strip()
    if value in field.choices:
        return value
    code = labels.code_of(value, list(field.choices))
    if code is None:
        raise click.BadParameter(f"可选：{'、'.join(field.choices)}（或其中文名称）/ one of {', '.join(field.choices)}",
                                 param_hint=field.option)
    return code


def _date(field: scaffold.Field, value: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip().translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})).isoformat()
    except ValueError:
        raise click.BadParameter("日期写成 YYYY-MM-DD / dates are YYYY-MM-DD", param_hint=field.option) from None


def _normalise(field: scaffold.Field, value: Any) -> Any:
    if value in (None, "", ()):
        return None
    if field.multiple:
        items = [x for v in (value if isinstance(value, (list, tuple)) else [value]) for x in _SPLIT.split(str(v)) if x]
        if field.name == "change":  # field=value items keep their spaces
            items = [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
        return items
    if field.choices:
        return _choice(field, str(value))
    if field.date:
        return _date(field, str(value))
    return str(value).strip()


def _prompt(field: scaffold.Field, default: Any) -> Any:
    shown = ("、".join(default) if isinstance(default, list) else default) or None
    hint = f"（{'/'.join(field.choices)}）" if field.choices else ""
    while True:
        answer = click.prompt(f"{field.zh}{hint} / {field.en}", default=shown or "", show_default=bool(shown))
        try:
            value = _normalise(field, answer)
        except click.BadParameter as exc:
            click.echo(exc.format_message(), err=True)
            continue
        if value is None and field.required:
            click.echo("这一项必填 / required", err=True)
            continue
        return value


def _collect(kind: str, given: dict[str, Any], registry: Path, today: dt.date, interactive: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    missing = []
    for field in scaffold.FIELDS[kind]:
        value = _normalise(field, given.get(field.name))
        if value is None:
            default = scaffold.suggest(kind, field.name, values, registry, today)
            if interactive and not (kind == "filing" and field.name == "change" and values.get("type") != "change"):
                value = _prompt(field, default)
            else:
                value = default
        if value is None and field.required:
            missing.append(field.option)
        values[field.name] = value
    if missing:
        raise click.UsageError(f"缺少必填项 / missing: {' '.join(missing)}")
    return values


def _report(registry: Path, path: Path, today: dt.date) -> int:
    from generator.check.pipeline import validate

    result = validate(registry, today=today)
    rel = path.resolve().relative_to(registry.resolve().parent).as_posix()
    mine = [p for p in result.problems if p.file == rel]
    for p in mine:
        click.echo(f"{p.file}:{p.line or 1}:{p.column or 1}: {p.severity.zh} {p.code} {p.message_zh}（{p.hint_zh}）")
    errors = sum(1 for p in mine if p.severity.value == "error")
    if errors:
        click.echo(f"已写入，但有 {errors} 个错误需要改正 / written, with {errors} error(s) to fix")
    else:
        click.echo("校验通过 / the record validates")
    return 1 if errors else 0


def _subcommand(kind: str) -> click.Command:
    zh, en = _TITLES[kind]

    @guard
    def run(registry: Path, today: str | None, no_input: bool, **given: Any) -> None:
        root = require_registry(registry)
        day = parse_today(today)
        values = _collect(kind, given, root, day, interactive=not no_input)
        try:
            if kind in ("filing", "notice"):
                path, text = scaffold.append(kind, values, root)
                scaffold.replace_file(path, text)
                click.echo(f"已追加到 appended to: {path}")
            else:
                path, text = scaffold.new_record(kind, values, root)
                scaffold.write_new(path, text)
                click.echo(f"已新建 created: {path}")
        except (scaffold.ScaffoldError, FileExistsError) as exc:
            click.echo(f"未写入 / nothing written: {exc}", err=True)
            raise SystemExit(2) from None
        raise SystemExit(_report(root, path, day))

    params: list[click.Parameter] = []
    for field in scaffold.FIELDS[kind]:
        choices = f"（{'/'.join(field.choices)}）" if field.choices else ""
        params.append(click.Option([field.option, field.name], multiple=field.multiple,
                                   help=f"{field.zh}{choices} / {field.en}" + ("（可重复）/ repeatable" if field.multiple else "")))
    cmd = click.Command(kind, callback=run, params=params, help=f"{zh} / {en}.")
    cmd = click.option("--no-input", is_flag=True, help="不提问：缺少必填项时报错（供脚本使用）/ never prompt (scripts)")(cmd)
    cmd = today_option(cmd)
    return registry_option(cmd)


@click.group("new")
def command() -> None:
    """新建记录：账号、单位、检查批次，或给账号追加备案、公告 / Write a new record, or append a filing or notice.

    逐项提问（中文在前）；脚本可用 --no-input 并以选项给出每一项。写入后校验备案库并显示新文件的问题 /
    prompts for each field; scripts pass every field as an option with --no-input. The registry is
    validated afterwards and the new file's problems shown. 退出码 / exit status: 0 通过 valid,
    1 已写入但有错误 written with errors, 2 未写入 nothing written.
    """


for _kind in scaffold.KINDS:
    command.add_command(_subcommand(_kind))
