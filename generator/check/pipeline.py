"""The validation pipeline: load (strict YAML, schema) → rules → locate → one sorted report.

Every problem of the run is collected and reported together; `today` is an input, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import run_cache, snapshot
from generator.check.parallel_rules import checked
from generator.check.profiles import resolve_settings
from generator.load import load_registry, locate
from generator.load.tracked import tracked_cache
from generator.model.records import Registry
from generator.problems import Problem, Severity, has_errors
from generator.support import trace
from generator.support.nogc import no_cyclic_gc


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


def place(root: Path, problems: list[Problem]) -> list[Problem]:
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


def _keep_records(root: Path, registry: Registry) -> None:
    if snapshot.save_records(root, registry):
        trace.mark("snapshot of the records kept")


def validate(root: Path, *, today: dt.date, use_cache: bool = True) -> ValidationResult:
    """Validate the registry at root as of `today`. With the cache, a run over an unchanged registry
    with the same options returns the previous run's problems without loading a record."""
    root = Path(root).resolve()
    tracked = tracked_cache(root)  # asked of git on every run: committing changes no registry file
    use_cache = use_cache and not tracked
    if use_cache:
        stored = run_cache.lookup(root, today)
        trace.mark("run cache " + ("hit" if stored is not None else "miss"))
        if stored is not None:
            return ValidationResult(root=root, problems=stored)
    with no_cyclic_gc():
        jobs: list[Callable[[], None]] = []  # the loader's cache write, run beside the rules
        registry, problems = load_registry(root, use_cache=use_cache, defer_save=jobs.append)
        if use_cache:  # beside the rules too: what a later check of a change stands on
            jobs.append(lambda: _keep_records(root, registry))
        portal_file = registry.portal.file if registry.portal else f"{registry.display_root()}/portal.yaml"
        settings_for, profile_problems = resolve_settings(registry.config, file=portal_file)
        found = checked(registry, today, settings_for, lambda ps: place(root, ps), side_jobs=jobs)
    trace.mark("rules")
    problems = [*tracked, *place(root, [*problems, *profile_problems]), *found]
    problems.sort(key=Problem.sort_key)
    if use_cache:
        run_cache.store(root, today, registry.state, problems)
        snapshot.save_problems(root, today, registry.state, problems)
    trace.mark("report ready")
    return ValidationResult(root=root, problems=problems, _registry=registry)
