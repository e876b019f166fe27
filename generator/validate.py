"""The validation pipeline: load (strict YAML) → schema → rules → locate → one sorted report.

Every problem of the run is collected and reported together; `today` is an input, never the clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import trace
from generator.cache import _read as cache_read
from generator.cache import _write as cache_write
from generator.loader import last_digest, load_registry, locate, state_digest
from generator.paths import CACHE_DIR_NAME, DATA_DIR, PACKAGE_DIR, PROFILES_DIR
from generator.problems import Problem, Severity, has_errors
from generator.records import Registry
from generator.rules.engine import SettingsFor, default_settings
from generator.rules_parallel import checked


@dataclass
class ValidationResult:
    root: Path
    problems: list[Problem]
    _registry: Registry | None = field(default=None, repr=False)

    @property
    def registry(self) -> Registry:
        """The loaded registry (loaded on first use when the result came from the run cache)."""
        if self._registry is None:
            self._registry = load_registry(self.root)[0]
        return self._registry

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def settings_for_registry(registry: Registry) -> tuple[SettingsFor, list[Problem]]:
    """The profile named in portal.yaml decides each rule's severity and parameters."""
    try:
        from generator.profiles import resolve_settings
    except ImportError:  # profiles arrive with the jurisdiction rules
        return default_settings, []
    return resolve_settings(registry.config)


def _place(root: Path, problems: list[Problem]) -> list[Problem]:
    """Give a line and column to problems that only know their JSON path (read on the exact path,
    only for the files that have such problems)."""
    base = root.parent
    by_file: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(problems):
        if p.line is None:
            by_file[p.file].append(i)
    out = list(problems)
    for file, indexes in by_file.items():
        path = base / file
        if not path.is_file():
            continue
        for i in indexes:
            p = out[i]
            where = locate(path, p.path)
            if where is not None:
                out[i] = Problem(
                    code=p.code, severity=p.severity, file=p.file, message_zh=p.message_zh,
                    message_en=p.message_en, hint_zh=p.hint_zh, hint_en=p.hint_en,
                    line=where[0], column=where[1], path=p.path, params=p.params,
                )
    return out


# --- the run cache: a whole run's problems, keyed by the registry's state and the options ---------

_RUN_FILE = "validate-run.bin"
_RULE_SOURCES = ("validate.py", "status.py", "platforms.py", "workdays.py", "profiles.py", "naming.py",
                 "credit_code.py", "problems.py")


def _rules_version() -> str:
    """Changes whenever a rule, a profile, the catalogue or the holiday calendar changes."""
    h = hashlib.sha256()
    files = [PACKAGE_DIR / n for n in _RULE_SOURCES]
    for folder, pattern in ((PACKAGE_DIR / "rules", "*.py"), (PROFILES_DIR, "*.yaml"), (DATA_DIR, "*.yaml")):
        files += sorted(folder.glob(pattern))
    for f in files:
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        h.update(metadata.version("chinese-calendar").encode())
    return h.hexdigest()


def _problem_from(d: dict[str, Any]) -> Problem:
    return Problem(code=d["code"], severity=Severity(d["severity"]), file=d["file"], message_zh=d["message_zh"],
                   message_en=d["message_en"], hint_zh=d["hint_zh"], hint_en=d["hint_en"], line=d["line"],
                   column=d["column"], path=d["path"])


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Records are acyclic dicts; with 300,000 of them alive, every full collection walks millions of
    objects for nothing (measured: a third of the rules' time). Reference counting still frees
    everything; the collector runs again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _run_cache_path(root: Path) -> Path:
    return root / CACHE_DIR_NAME / _RUN_FILE


def validate(root: Path, *, today: dt.date, use_cache: bool = True) -> ValidationResult:
    """Validate the registry at root as of `today`. With the cache, a run over an unchanged registry
    with the same options returns the previous run's problems without loading a record."""
    root = Path(root).resolve()
    options = {"today": today.isoformat(), "rules": _rules_version()}
    run_file = _run_cache_path(root)
    if use_cache and run_file.exists():  # else a cold run: hashing every file first would read it twice
        stored = cache_read(run_file, state_digest(root, options))
        trace.mark("state digest, run cache " + ("hit" if isinstance(stored, list) else "miss"))
        if isinstance(stored, list):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return ValidationResult(root=root, problems=[_problem_from(d) for d in stored])
    with _no_cyclic_gc():
        jobs: list[Callable[[], None]] = []  # the loader's cache write, run beside the rules
        registry, problems = load_registry(root, use_cache=use_cache, defer_save=jobs.append)
        settings_for, profile_problems = settings_for_registry(registry)
        found = checked(registry, today, settings_for, lambda ps: _place(root, ps), side_jobs=jobs)
    trace.mark("rules")
    problems = [*_place(root, [*problems, *profile_problems]), *found]
    problems.sort(key=Problem.sort_key)
    if use_cache:  # keyed by what this load read, not by the disk now: an edit since is a miss next time
        cache_write(run_file, state_digest(root, options, state=last_digest(root)), [p.to_json() for p in problems])
    trace.mark("report ready")
    return ValidationResult(root=root, problems=problems, _registry=registry)
