"""Work spread over the cores by fork, with the parent taking part.

    fork_map(fn, n, workers=..., child_first=None) -> [fn(0), fn(1), …, fn(n - 1)]

The parent and `workers - 1` forked children take task numbers from one shared counter, so the
faster process does more. A child sends each result back pickled through its own pipe, which a
thread of the parent reads while the parent works on tasks of its own; the parent unpickles what
has arrived between its tasks. Only the children's share crosses a pipe: with two cores, half as
much as with a pool of two workers and an idle parent.

The children are forked before any thread starts, and only from a process without other threads
(`can_fork`): a fork copies no other thread, so a lock such a thread held would stay locked forever.
The result does not depend on which process did what, nor on whether a child worked: tasks a child
did not deliver run in the parent. `child_first` (a side job such as writing a cache) runs once, in
the first child before it takes tasks, or in the parent when there is no child or a child failed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import queue
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_HEADER = struct.Struct("<QQ")  # task number, length of the pickled result


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    return (hasattr(os, "fork") and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def _receive(fd: int, inbox: queue.SimpleQueue[tuple[int, bytes]]) -> None:
    """Read framed results from a child until it closes its end (a half-written one is dropped)."""
    with os.fdopen(fd, "rb") as src:
        while len(head := src.read(_HEADER.size)) == _HEADER.size:
            index, size = _HEADER.unpack(head)
            body = src.read(size)
            if len(body) != size:
                return
            inbox.put((index, body))


def fork_map(fn: Callable[[int], T], n: int, *, workers: int | None = None,
             child_first: Callable[[], None] | None = None) -> list[T]:
    def serial() -> list[T]:
        if child_first is not None:
            child_first()
        return [fn(i) for i in range(n)]

    workers = cores() if workers is None else workers
    if workers < 2 or n < 2 or not can_fork():
        return serial()
    try:  # a shared counter needs POSIX semaphores (/dev/shm), which some sandboxes lack
        counter = multiprocessing.get_context("fork").Value("q", 0)
    except (OSError, ImportError):
        return serial()
    results: list[Any] = [None] * n
    done = [False] * n

    def take() -> int:
        with counter.get_lock():
            i = counter.value
            counter.value = i + 1
        return int(i)

    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, int]] = []  # (read end, pid)
    for c in range(workers - 1):
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no more processes to be had: work with the children there are
            os.close(read_fd)
            os.close(write_fd)
            break
        if pid == 0:  # a child: tasks until none is left, then exit without the parent's cleanup
            status = 1
            try:
                os.close(read_fd)
                for fd, _ in children:
                    os.close(fd)
                if c == 0 and child_first is not None:
                    child_first()
                with os.fdopen(write_fd, "wb") as out:
                    while (i := take()) < n:
                        body = pickle.dumps(fn(i), protocol=pickle.HIGHEST_PROTOCOL)
                        out.write(_HEADER.pack(i, len(body)))
                        out.write(body)
                status = 0
            finally:
                os._exit(status)
        os.close(write_fd)
        children.append((read_fd, pid))

    inbox: queue.SimpleQueue[tuple[int, bytes]] = queue.SimpleQueue()
    readers = [threading.Thread(target=_receive, args=(fd, inbox), daemon=True) for fd, _ in children]
    for t in readers:
        t.start()

    def drain() -> None:
        while not inbox.empty():
            index, body = inbox.get()
            results[index] = pickle.loads(body)
            done[index] = True

    try:
        while (i := take()) < n:
            results[i] = fn(i)
            done[i] = True
            drain()
    except BaseException:  # the parent's own task failed (or Ctrl-C): stop the children, then raise
        for _, pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for t in readers:  # each ends at its dead child's end of file; one left running would keep
            t.join()  # this process from forking again (can_fork)
        raise
    for t in readers:
        t.join()
    drain()
    failed = not children  # no child could be forked: its side job is the parent's
    for _, pid in children:
        _, status = os.waitpid(pid, 0)
        failed |= status != 0
    if failed and child_first is not None:
        child_first()  # whether the failed child ran it is unknown; a side job must bear running twice
    for i in range(n):
        if not done[i]:
            results[i] = fn(i)
    return results
