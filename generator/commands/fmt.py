"""`portal fmt [--check] [PATHS…]`: write record files in their canonical form (generator/tools/fmt.py)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from generator.commands._common import guard
from generator.tools.fmt import MeaningChanged, format_bytes, kind_of, known_canonical
from generator.tools.scaffold import replace_file


def _files(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*.yaml")
                          if not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def _notes(raw: bytes) -> list[str]:
    """What a diff cannot show: a BOM, Windows line ends."""
    notes = []
    if raw.startswith(b"\xef\xbb\xbf"):
        notes.append("文件开头有 BOM（字节顺序标记），应为不带 BOM 的 UTF-8 / the file starts with a BOM")
    if b"\r" in raw:
        notes.append("行尾是 Windows 的 CRLF，应为 LF / Windows line ends (CRLF), not LF")
    return notes


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="只检查，不改写：列出不规范文件的差异，退出码 1 / report, write nothing; exit 1 if any")
@guard
def command(paths: tuple[Path, ...], check: bool) -> None:
    """把记录文件整理成规范格式（保留注释）/ Write record files in canonical form, keeping comments.

    PATHS 为文件或文件夹，默认 registry / files or folders, default: registry.
    规范格式：字段按模式中的顺序，两个空格缩进，只在需要时加引号，LF 行尾，不带 BOM 的 UTF-8 /
    keys in schema order, two-space indentation, quotes only where needed, LF, UTF-8 without BOM.
    退出码 / exit status: 0 全部规范（或已改写）all canonical (or rewritten), 1 有文件不规范（--check）或有文件无法读取
    not canonical (--check) or unreadable files, 2 用法错误 usage error.
    """
    files = _files(paths or (Path("registry"),))
    changed = failed = 0
    for path in files:
        kind = kind_of(path)
        if kind is None:
            continue
        raw = path.read_bytes()
        if known_canonical(raw, kind):  # most files: a quick yes, no round trip
            continue
        try:
            res = format_bytes(raw, kind)
        except MeaningChanged:  # a defect of the formatter: the file is left as it is, and said so
            failed += 1
            click.echo(f"{path}: 未格式化 not formatted: 整理后含义会改变，文件未改动，请向维护者报告 / the canonical form "
                       "would read differently; the file is left as it is (a formatter defect: please report it)", err=True)
            continue
        if res.text is None:
            failed += 1
            p = res.problem
            assert p is not None
            click.echo(f"{path}:{p.line}:{p.column}: 未格式化 not formatted: {p.code} {p.message_zh}（{p.hint_zh}）", err=True)
            continue
        if not res.changed:
            continue
        changed += 1
        if check:
            old = raw.decode("utf-8", "replace").replace("\r\n", "\n").removeprefix("\ufeff").splitlines(keepends=True)
            diff = difflib.unified_diff(old, res.text.splitlines(keepends=True), f"{path}", f"{path} (portal fmt)")
            for note in _notes(raw):
                click.echo(f"# {path}: {note}")
            click.echo("".join(diff), nl=False)
        else:
            replace_file(path, res.text)
            click.echo(f"已格式化 formatted: {path}")
    if check and changed:
        click.echo(f"{changed} 个文件格式不规范，运行 portal fmt 可自动改正 / {changed} file(s) not canonical: run portal fmt")
    raise SystemExit(1 if failed or (check and changed) else 0)
