"""The run cache: a whole validation run's problems, kept in the registry's cache folder and keyed by
the registry's state (`load.state_digest`), `--today` and the version of the check stage. An unchanged
registry checked again with the same options gets its report without a record being loaded."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.load import state_digest
from generator.load.cache import read_signed, write_signed
from generator.paths import CACHE_DIR_NAME, CHECK_DIR, MODEL_DIR, PACKAGE_DIR
from generator.problems import Problem, Severity
from generator.support.fingerprint import fingerprint

RUN_FILE = "validate-run.bin"


@functools.cache
def rules_version() -> str:
    """Changes whenever the check stage (rules, engine, profiles, calendar, naming), the model (the
    platform catalogue among it) or the holiday data change."""
    extra = b""
    with contextlib.suppress(metadata.PackageNotFoundError):
        extra = metadata.version("chinese-calendar").encode()
    return fingerprint(CHECK_DIR, MODEL_DIR, PACKAGE_DIR / "problems.py", extra=extra)


def _options(today: dt.date) -> dict[str, str]:
    return {"today": today.isoformat(), "rules": rules_version()}


def _path(root: Path) -> Path:
    return root / CACHE_DIR_NAME / RUN_FILE


def problem_from(d: dict[str, Any]) -> Problem:
    """A problem as `Problem.to_json` stored it."""
    return Problem(code=d["code"], severity=Severity(d["severity"]), file=d["file"], message_zh=d["message_zh"],
                   message_en=d["message_en"], hint_zh=d["hint_zh"], hint_en=d["hint_en"], line=d["line"],
                   column=d["column"], path=d["path"])


def lookup(root: Path, today: dt.date) -> list[Problem] | None:
    """The stored report of the registry at root as it is on disk now, or None. Without a stored run
    nothing is hashed: on a cold run that would read every file twice."""
    run_file = _path(root)
    if not run_file.exists():
        return None
    stored = read_signed(run_file, state_digest(root, _options(today)))
    if isinstance(stored, list):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            return [problem_from(d) for d in stored]
    return None


def store(root: Path, today: dt.date, state: str, problems: list[Problem]) -> None:
    """Keep the report, keyed by `state`, the digest of what the load read (not by the disk now: a
    file edited since the load is then a miss next time)."""
    key = state_digest(root, _options(today), state=state)
    write_signed(_path(root), key, [p.to_json() for p in problems])
