"""`portal codeowners`: write (or check) CODEOWNERS from the units' maintainers."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from generator.commands._common import finish, guard, registry_option, require_registry


def _top(root: Path) -> Path:
    """The repository's top folder (the registry's parent outside Git)."""
    from generator.check.pr.gitrepo import GitError, Repo

    try:
        return Repo(root).top
    except GitError:
        return root.resolve().parent


@click.command("codeowners")
@registry_option
@click.option("--out", "out", default=".github/CODEOWNERS", show_default=True, metavar="PATH",
              help="写到哪个文件（相对于版本库根目录；GitLab 用 .gitlab/CODEOWNERS）/ the file to write, relative to "
                   "the repository's top (GitLab: .gitlab/CODEOWNERS)")
@click.option("--check", "check", is_flag=True,
              help="只检查文件是否最新，过期时显示差异并以 1 退出 / only check that the file is current; print the "
                   "difference and exit 1 when it is stale")
@guard
def command(registry: Path, out: str, check: bool) -> None:
    """根据各单位的维护人员生成 CODEOWNERS / Write CODEOWNERS from the units' maintainers and the
    registry's administrators: a unit's record and accounts are reviewed by its maintainers and those
    of the units above it, inspection batches by the inspecting unit's, everything else by the
    administrators.

    退出码 / exit status: 0 已写入或已是最新 written or current, 1 过期 stale (--check), 2 用法错误 usage error.
    """
    from generator.check.pr.codeowners import render

    root = require_registry(registry).resolve()
    top = _top(root)
    rel = root.relative_to(top).as_posix() if root.is_relative_to(top) else root.name
    text = render(root, "" if rel == "." else rel)
    target = top / out
    current = target.read_text("utf-8") if target.is_file() else ""
    if check:
        if current == text:
            click.echo(f"{out} 是最新的 / is current")
            finish(0)
        diff = difflib.unified_diff(current.splitlines(keepends=True), text.splitlines(keepends=True),
                                    fromfile=f"{out} (committed)", tofile=f"{out} (portal codeowners)")
        click.echo("".join(diff), nl=False)
        click.echo(f"{out} 已过期：请运行 portal codeowners 并提交 / is stale: run portal codeowners and commit it", err=True)
        finish(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    if current != text:
        target.write_text(text, "utf-8")
    click.echo(f"已写入 {out} / wrote {out}")
    finish(0)
