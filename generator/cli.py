"""The `portal` command line. Each subcommand lives in its own module in `generator.commands` and
exposes a click command named `command`; the module `import_` gives the command `import` (a trailing
underscore avoids a Python keyword) and `check_pr` gives `check-pr` (an inner underscore is a hyphen). Modules are imported only when their command runs, so
`portal validate` does not pay for the site generator's imports."""

from __future__ import annotations

import importlib
import pkgutil

import click

from generator import __version__, commands


def _modules() -> dict[str, str]:
    return {m.name.rstrip("_").replace("_", "-"): m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_modules())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _modules().get(cmd_name)
        if module is None:
            return None
        cmd = getattr(importlib.import_module(f"{commands.__name__}.{module}"), "command", None)
        return cmd if isinstance(cmd, click.Command) else None


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="portal")
def main() -> None:
    """政务新媒体备案公示平台 / Government new-media registry and portal."""


def entry() -> None:
    """The console entry (`portal`, `python -m generator`): commands may end the process without the
    interpreter's teardown (see commands._common.finish)."""
    from generator.commands import _common

    _common.FAST_EXIT = True
    main()
