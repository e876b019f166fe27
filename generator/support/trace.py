"""Phase timings for maintainers: `PORTAL_TRACE=1 portal validate …` prints, on stderr, when each
phase of a run ended (wall seconds since the process started) and the CPU time it used; nothing
otherwise."""

from __future__ import annotations

import os
import resource
import sys
import time

ENABLED = bool(os.environ.get("PORTAL_TRACE"))


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have ended."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


_last_cpu = _cpu()
_last_pid = os.getpid()


def mark(phase: str) -> None:
    """Note the end of a phase (no-op unless PORTAL_TRACE is set)."""
    global _last_cpu, _last_pid
    if not ENABLED:
        return
    cpu = _cpu()
    # perf_counter's zero is arbitrary; the process start is what a user waits from
    wall = time.time() - _START
    if os.getpid() != _last_pid:  # a forked child: the parent's last mark says nothing of its CPU
        usage = "(in a forked child)"
        _last_pid = os.getpid()
    else:
        usage = f"cpu {cpu[0] - _last_cpu[0]:6.2f} s here, {cpu[1] - _last_cpu[1]:6.2f} s in children"
    print(f"[trace] {wall:7.2f} s  {phase:<28} {usage}", file=sys.stderr)
    _last_cpu = cpu


def _process_start() -> float:
    try:  # Linux: the process's start in clock ticks since boot
        with open("/proc/self/stat", "rb") as f:
            ticks = int(f.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime", "rb") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


_START = _process_start() if ENABLED else 0.0
