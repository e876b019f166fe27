"""Running the rules (and placing their problems) on both cores of a large registry.

The loaded registry is read-only, so a forked child sees it without copying or pickling it. Tasks
(see `_tasks`) are spread by `parallel.fork_map`: parent and child take them from one counter, the
child sends its problems back. Small registries and processes with threads run serially; a child that
fails costs time, never problems (its tasks run again in the parent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from generator.check.engine import RuleSpec, SettingsFor, all_rules, run_rules
from generator.model.records import Registry
from generator.problems import Problem
from generator.support.parallel import fork_map

PARALLEL_MIN_RECORDS = 20_000  # below this a fork costs more than it saves

Placer = Callable[[list[Problem]], list[Problem]]


def _tasks(specs: list[RuleSpec]) -> list[list[str]]:
    """Units of work: the jurisdiction rules of one family together (NAME, FIL …: a family shares
    per-run memos such as the name terms of every unit), each structural rule alone; larger tasks
    first, so that the small ones even out the two processes at the end."""
    families: dict[str, list[str]] = {}
    single: list[list[str]] = []
    for s in specs:
        if s.group == "jurisdiction":
            families.setdefault(s.family, []).append(s.code)
        else:
            single.append([s.code])
    return sorted(families.values(), key=lambda c: (-len(c), c)) + sorted(single)


def _serial(registry: Registry, today: dt.date, settings_for: SettingsFor, place: Placer,
            only: list[str] | None = None, shared: dict[str, Any] | None = None) -> list[Problem]:
    return place(list(run_rules(registry, today, settings_for, only=only, shared=shared)))


def _run_jobs(jobs: list[Callable[[], None]]) -> None:
    for job in jobs:
        job()


def checked(registry: Registry, today: dt.date, settings_for: SettingsFor, place: Placer,
            side_jobs: list[Callable[[], None]] | None = None) -> list[Problem]:
    """Every enabled rule's problems, placed; on two cores when the registry is large. `side_jobs`
    (such as writing the loader's cache) run once, in the child before it takes rule tasks, so the
    tasks even out the two processes around them; in the parent when there is no child, or when the
    child failed."""
    jobs = list(side_jobs or ())
    tasks = _tasks([s for s in all_rules() if settings_for(s).severity != "off"])
    memo: dict[str, Any] = {}  # per process: each has its own copy after the fork
    large = len(registry.accounts) + len(registry.units) >= PARALLEL_MIN_RECORDS
    parts = fork_map(lambda i: _serial(registry, today, settings_for, place, tasks[i], memo), len(tasks),
                     workers=None if large else 1, child_first=lambda: _run_jobs(jobs))
    return [p for part in parts for p in part]
