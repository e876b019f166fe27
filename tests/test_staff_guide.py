"""The staff guide walks a clerk through a filing with and without Git, and what it tells is real: the
`portal new` commands in README's Chinese staff section run, in order, against a copy of the sample
registry and each leaves it valid; every `portal` command the guide and the site's staff page name
exists; the site's staff page points at the filing form."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import PROJECT, SAMPLE_REGISTRY

TODAY = "2026-12-01"


def _staff_guide() -> str:
    readme = (PROJECT / "README.md").read_text("utf-8")
    return readme.split("## 办事人员指南", 1)[1].split("## Maintainers' guide", 1)[0]


def _shell_commands(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").split("\n")
    return [" ".join(line.split()) for line in lines if line.strip().startswith("portal ")]


def test_the_guide_shows_both_ways() -> None:
    guide = _staff_guide()
    assert "不用 Git" in guide and "/file/" in guide and "portal new account" in guide
    page = (PROJECT / "site/filing.md").read_text("utf-8")
    assert "](file.md)" in page and "portal new account" in page
    assert "file.md" in (PROJECT / "mkdocs.yml").read_text("utf-8")


def test_the_guide_s_commands_run_and_leave_the_registry_valid(tmp_path: Path) -> None:
    reg = tmp_path / "registry"
    shutil.copytree(SAMPLE_REGISTRY, reg, ignore=shutil.ignore_patterns(".portal-cache"))
    (tmp_path / "schemas").mkdir()
    commands = [c for c in _shell_commands(_staff_guide()) if c.startswith("portal new ")]
    assert len(commands) >= 4
    runner = CliRunner()
    for command in commands:
        args = shlex.split(command)[1:] + ["--registry", str(reg), "--today", TODAY]
        res = runner.invoke(main, args)
        assert res.exit_code == 0, (command, res.output)
    res = runner.invoke(main, ["validate", "--registry", str(reg), "--today", TODAY])
    assert res.exit_code == 0, res.output


def test_every_portal_command_the_guides_name_exists() -> None:
    text = _staff_guide() + (PROJECT / "site/filing.md").read_text("utf-8") + (PROJECT / "site/file.md").read_text("utf-8")
    ctx = click.Context(main)
    named = set(re.findall(r"`portal ([a-z-]+)(?: ([a-z]+))?", text))
    assert named
    for name, sub in named:
        cmd = main.get_command(ctx, name)
        assert cmd is not None, name
        if sub and isinstance(cmd, click.Group):
            assert sub in cmd.list_commands(ctx), f"portal {name} {sub}"
