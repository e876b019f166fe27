"""fork_map (generator.support.parallel): real forks; results in task order whoever computed them, a child
that dies or raises costs time and never results, side jobs run once, a failing parent leaves no
child behind."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.support.parallel import fork_map


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.005)


def _square_and_note(log: Path, both: bool = False):
    parent, started = os.getpid(), log.with_suffix(".started")

    def fn(i: int) -> tuple[int, int]:
        if both and os.getpid() != parent:
            started.touch()
        elif both:
            _wait_for(started)  # the child surely takes part, however slowly it starts
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return i, i * i
    return fn


def test_results_come_in_task_order_from_every_process(tmp_path: Path) -> None:
    log = tmp_path / "who.log"
    out = fork_map(_square_and_note(log, both=True), 400, workers=2)
    assert out == [(i, i * i) for i in range(400)]
    pids = log.read_text("utf-8").split()
    assert len(pids) == 400  # each task ran exactly once …
    assert len(set(pids)) == 2 and str(os.getpid()) in pids  # … in the parent and in a child


def test_one_worker_or_one_task_runs_here(tmp_path: Path) -> None:
    log = tmp_path / "who.log"
    assert fork_map(_square_and_note(log), 5, workers=1) == [(i, i * i) for i in range(5)]
    assert fork_map(_square_and_note(log), 1, workers=2) == [(0, 0)]
    assert set(log.read_text("utf-8").split()) == {str(os.getpid())}


def test_a_child_that_dies_or_raises_changes_nothing(tmp_path: Path) -> None:
    parent = os.getpid()
    side = tmp_path / "side.log"

    def side_job() -> None:
        with open(side, "a", encoding="utf-8") as f:
            f.write("child\n" if os.getpid() != parent else "parent\n")

    def failing(how: str):
        started = tmp_path / f"{how}.started"

        def fn(i: int) -> int:
            if os.getpid() != parent:  # the child fails at its first task …
                started.touch()
                if how == "dies":
                    os._exit(9)
                raise ValueError("only in the child")
            _wait_for(started)  # … which the parent waits for, so that the child surely takes one
            return i + 1
        return fn

    for how in ("dies", "raises"):
        assert fork_map(failing(how), 200, workers=2, child_first=side_job) == [i + 1 for i in range(200)]
    lines = side.read_text("utf-8").split()
    # once in a child, and once more here because that child then failed
    assert lines.count("parent") == 2 and lines.count("child") == 2


def test_a_failing_parent_stops_its_children_and_raises(tmp_path: Path) -> None:
    parent = os.getpid()
    pids = tmp_path / "pids.log"

    def fn(i: int) -> int:
        if os.getpid() == parent:
            deadline = time.monotonic() + 30
            while not (pids.exists() and pids.stat().st_size) and time.monotonic() < deadline:  # the child is at work
                time.sleep(0.01)
            raise RuntimeError("boom")
        with open(pids, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        time.sleep(0.01)  # 10,000 of these: the child would work for 100 s
        return i

    start = time.monotonic()
    threads = threading.active_count()  # other tests in this process may have left threads of their own
    with pytest.raises(RuntimeError, match="boom"):
        fork_map(fn, 10_000, workers=2)
    assert threading.active_count() == threads  # no reader thread left behind: the next call may fork again
    assert time.monotonic() - start < 20
    (child,) = set(pids.read_text("utf-8").split())
    with pytest.raises(ProcessLookupError):  # killed and reaped: no such process any more
        os.kill(int(child), 0)


def test_no_process_to_be_had_means_the_parent_does_everything(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """fork fails (EAGAIN: a process limit) — provoked by hand, as root ignores RLIMIT_NPROC."""
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    side = tmp_path / "side.log"
    out = fork_map(lambda i: i * 3, 50, workers=2, child_first=lambda: side.write_text("ran", "utf-8"))
    assert out == [i * 3 for i in range(50)]
    assert side.read_text("utf-8") == "ran"
