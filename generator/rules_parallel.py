"""Running the rules (and placing their problems) on both cores of a large registry.

The loaded registry is read-only, so a forked child sees it without copying or pickling it. Parent and
child take tasks from one queue (a pipe holding a byte per task) until it is empty, so the faster
process does more; the child sends its problems back (marshal over a pipe) when done. Small registries, platforms without fork and processes with
threads run serially. Any failure of the child falls back to running its share in the parent: the
result never depends on whether the child worked.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

from generator.problems import Problem, Severity
from generator.records import Registry
from generator.rules.engine import RuleSpec, SettingsFor, all_rules, run_rules

PARALLEL_MIN_RECORDS = 20_000  # below this a fork costs more than it saves

Placer = Callable[[list[Problem]], list[Problem]]


def _tasks(specs: list[RuleSpec]) -> list[list[str]]:
    """Units of work: a jurisdiction module's rules together (they share per-run memos such as the
    name terms of every unit), each structural rule alone; larger modules first, so that the small
    tasks even out the two processes at the end."""
    modules: dict[str, list[str]] = {}
    for s in specs:
        modules.setdefault(s.check.__module__, []).append(s.code)
    grouped = [codes for mod, codes in modules.items() if ".j_" in mod]
    single = [[c] for mod, codes in modules.items() if ".j_" not in mod for c in codes]
    return sorted(grouped, key=lambda c: (-len(c), c)) + sorted(single)


def _to_wire(p: Problem) -> tuple[Any, ...]:
    return (p.code, p.severity.value, p.file, p.message_zh, p.message_en, p.hint_zh, p.hint_en, p.line,
            p.column, p.path)


def _from_wire(t: tuple[Any, ...]) -> Problem:
    code, sev, file, mzh, men, hzh, hen, line, column, path = t
    return Problem(code=code, severity=Severity(sev), file=file, message_zh=mzh, message_en=men, hint_zh=hzh,
                   hint_en=hen, line=line, column=column, path=path)


def _serial(registry: Registry, today: dt.date, settings_for: SettingsFor, place: Placer,
            only: list[str] | None = None, shared: dict[str, Any] | None = None) -> list[Problem]:
    return place(list(run_rules(registry, today, settings_for, only=only, shared=shared)))


def _can_fork(registry: Registry) -> bool:
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and len(registry.accounts) + len(registry.units) >= PARALLEL_MIN_RECORDS
    )


def _run_jobs(jobs: list[Callable[[], None]]) -> None:
    for job in jobs:
        job()


def checked(registry: Registry, today: dt.date, settings_for: SettingsFor, place: Placer,
            side_jobs: list[Callable[[], None]] | None = None) -> list[Problem]:
    """Every enabled rule's problems, placed; on two cores when the registry is large. `side_jobs`
    (such as writing the loader's cache) run once, in the child before it takes rule tasks, so the
    queue evens out the two processes around them; in the parent when there is no child, or when the
    child failed."""
    jobs = list(side_jobs or ())
    tasks = _tasks([s for s in all_rules() if settings_for(s).severity != "off"])
    if not _can_fork(registry) or len(tasks) > 255:
        _run_jobs(jobs)
        return _serial(registry, today, settings_for, place)
    queue_r, queue_w = os.pipe()
    os.write(queue_w, bytes(range(len(tasks))))  # far below a pipe's buffer
    os.close(queue_w)
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: tasks from the queue, then exit without running the parent's cleanup
        status = 1
        try:
            os.close(read_fd)
            _run_jobs(jobs)
            done: list[Problem] = []
            memo: dict[str, Any] = {}
            while byte := os.read(queue_r, 1):
                done += _serial(registry, today, settings_for, place, tasks[byte[0]], memo)
            body = marshal.dumps([_to_wire(p) for p in done])
            with os.fdopen(write_fd, "wb") as out:
                out.write(body)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    problems: list[Problem] = []
    memo: dict[str, Any] = {}
    while byte := os.read(queue_r, 1):
        problems += _serial(registry, today, settings_for, place, tasks[byte[0]], memo)
    os.close(queue_r)
    with os.fdopen(read_fd, "rb") as inp:
        body = inp.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("child failed")
        problems += [_from_wire(t) for t in marshal.loads(body)]
    except (ValueError, EOFError, TypeError):
        # Which tasks the child had finished is unknown: run every rule again, serially.
        _run_jobs(jobs)
        return _serial(registry, today, settings_for, place)
    return problems
