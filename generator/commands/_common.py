"""Options and error handling shared by subcommands."""

from __future__ import annotations

import datetime as dt
import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

# Set by the console entry (generator.cli.entry), never under click's test runner: the process ends
# when the command does, so nothing needs tearing down.
FAST_EXIT = False


def finish(code: int) -> NoReturn:
    """Exit with `code` once the output is written. From the console, skip the interpreter's
    teardown: freeing a loaded national registry object by object takes more than a second and
    changes nothing on disk."""
    if FAST_EXIT:
        import contextlib
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader that left, a closed stream
                stream.flush()
        os._exit(code)
    sys.exit(code)


def parse_today(value: str | None) -> dt.date:
    """`--today` (YYYY-MM-DD) or, by default, the current date: the only place that reads the clock."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期应写成 YYYY-MM-DD / expected YYYY-MM-DD, got {value!r}") from None


def registry_option(f: F) -> F:
    return click.option(
        "--registry",
        "registry",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("registry"),
        show_default=True,
        help="备案库目录 / registry folder",
    )(f)


def today_option(f: F) -> F:
    return click.option("--today", "today", metavar="YYYY-MM-DD", help="检查所用的日期（默认今天）/ the date rules use")(f)


def lang_option(f: F) -> F:
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="输出语言 / output language")(f)


def require_registry(path: Path) -> Path:
    if not path.is_dir():
        raise click.UsageError(f"找不到备案库目录 {path} / registry folder {path} not found")
    return path


def guard(f: F) -> F:
    """Turn an unexpected exception into exit status 2 with a short message (traceback only with
    PORTAL_DEBUG=1): a user's mistake must never look like a crash."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:  # `portal rules | head`: the reader left; not an error of ours
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as exc:
            import os

            if os.environ.get("PORTAL_DEBUG"):
                traceback.print_exc()
            click.echo(f"内部错误 / internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("这是程序缺陷，请报告维护者（设置 PORTAL_DEBUG=1 可查看详情）/ "
                       "this is a bug; set PORTAL_DEBUG=1 for details", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]
