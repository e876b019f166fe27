"""Rules on two cores (generator.check.parallel_rules): a real fork gives the same problems as one process,
side jobs (the loader's cache write) run exactly once, and a child that dies changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.check import parallel_rules as rules_parallel
from generator.check.parallel_rules import checked
from generator.check.pipeline import place, validate
from generator.check.profiles import resolve_settings
from generator.load import load_registry
from tests.conftest import SAMPLE_REGISTRY

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    dst = tmp_path / "registry"
    shutil.copytree(SAMPLE_REGISTRY, dst, ignore=shutil.ignore_patterns(".portal-cache"))
    return dst


def _run(reg: Path, jobs: list) -> list[tuple]:
    registry, _ = load_registry(reg, use_cache=False)
    settings_for, _ = resolve_settings(registry.config)
    found = checked(registry, TODAY, settings_for, lambda ps: place(reg, ps), side_jobs=jobs)
    return sorted(p.sort_key() + (p.message_en,) for p in found)


def _appender(log: Path, only_in_child_of: int | None = None, die: bool = False):
    def job() -> None:
        if die and os.getpid() != only_in_child_of:
            os._exit(3)  # the child dies before doing anything
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{'parent' if os.getpid() == only_in_child_of else 'child'}\n")
    return job


def test_forked_rules_equal_serial_rules_and_side_jobs_run_once(reg: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "jobs.log"
    serial = _run(reg, [_appender(log, os.getpid())])
    assert serial, "the sample registry has warnings to compare"
    assert log.read_text("utf-8") == "parent\n"  # no child: the job ran in this process
    log.unlink()
    monkeypatch.setattr(rules_parallel, "PARALLEL_MIN_RECORDS", 1)
    assert _run(reg, [_appender(log, os.getpid())]) == serial
    assert log.read_text("utf-8") == "child\n"  # once, in the child, beside the rules


def test_a_child_that_dies_changes_nothing(reg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _run(reg, [])
    monkeypatch.setattr(rules_parallel, "PARALLEL_MIN_RECORDS", 1)
    log = tmp_path / "jobs.log"
    assert _run(reg, [_appender(log, os.getpid(), die=True)]) == serial
    assert log.read_text("utf-8") == "parent\n"  # the job the child never finished ran here


def test_validate_on_two_cores_leaves_a_cache_the_next_load_trusts(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_parallel, "PARALLEL_MIN_RECORDS", 1)
    cold = validate(reg, today=TODAY)
    stats = cold.registry.load_stats
    assert stats["parsed"] == stats["files"] > 150
    # the cache the child wrote: nothing is parsed again (files this fresh are still read: the stat
    # index does not trust them yet)
    assert load_registry(reg)[0].load_stats["parsed"] == 0
    (reg / ".portal-cache" / "validate-run.bin").unlink()
    again = validate(reg, today=TODAY)
    assert [p.to_json() for p in again.problems] == [p.to_json() for p in cold.problems]
