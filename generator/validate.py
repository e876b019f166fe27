"""The validation pipeline: load (strict YAML) → schema → rules → locate → one sorted report.

Every problem of the run is collected and reported together; `today` is an input, never the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.loader import load_registry, locate
from generator.problems import Problem, Severity, has_errors
from generator.records import Registry
from generator.rules.engine import SettingsFor, default_settings, run_rules


@dataclass
class ValidationResult:
    registry: Registry
    problems: list[Problem]

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


def validate(root: Path, *, today: dt.date, use_cache: bool = True) -> ValidationResult:
    root = Path(root).resolve()
    registry, problems = load_registry(root, use_cache=use_cache)
    settings_for, profile_problems = settings_for_registry(registry)
    problems = [*problems, *profile_problems, *run_rules(registry, today, settings_for)]
    problems = _place(root, problems)
    problems.sort(key=Problem.sort_key)
    return ValidationResult(registry=registry, problems=problems)
