"""The `portal` command line. Each subcommand lives in its own module in `generator.commands`
and exposes a click command named `command`; they are discovered here, so adding a command never
touches this file."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from generator import __version__, commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="portal")
def main() -> None:
    """政务新媒体备案公示平台 / Government new-media registry and portal."""


for _mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    _cmd = getattr(importlib.import_module(f"{commands.__name__}.{_mod.name}"), "command", None)
    if isinstance(_cmd, click.Command):
        main.add_command(_cmd)


def run() -> None:  # pragma: no cover - console entry for `python -m generator`
    sys.exit(main())
