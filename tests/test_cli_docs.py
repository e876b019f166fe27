"""Every command of `portal` is documented: its help, every option's help, every argument named in the
help, and a row in README.md's command table (after sqlite-utils' test_docs)."""

from __future__ import annotations

import re

import click
import pytest

from generator.cli import main
from tests.conftest import PROJECT

_CTX = click.Context(main)
COMMANDS = main.list_commands(_CTX)  # the lazy group: one module per command in generator.commands


def _command(name: str) -> click.Command:
    cmd = main.get_command(_CTX, name)
    assert cmd is not None, name
    return cmd


def test_the_commands_are_found() -> None:
    assert {"validate", "build", "serve", "import", "synth", "platforms", "profiles", "rules"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_and_every_parameter_have_help(name: str) -> None:
    cmd = _command(name)
    assert (cmd.help or "").strip(), f"portal {name} has no help"
    for param in cmd.get_params(click.Context(cmd)):
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"portal {name} {'/'.join(param.opts)} has no help"
        else:  # click arguments take no help text: the command's help names them
            assert param.human_readable_name in (cmd.help or ""), f"portal {name}: help does not mention {param.name}"


def _readme_commands() -> str:
    readme = (PROJECT / "README.md").read_text("utf-8")
    table = readme.split("### Commands", 1)[1].split("\n\n", 2)[1]
    assert table.startswith("| command |"), table[:40]
    return table


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_command_table_names_the_command(name: str) -> None:
    assert re.search(rf"`portal {re.escape(name)}[ `]", _readme_commands()), f"README's command table lacks portal {name}"
