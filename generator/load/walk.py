"""The walk of a registry's record folders and the reading of its files, spread over the cores.

The parent walks the top of the registry (`layout.plan`), cuts the record folders into ordered chunks
of about CHUNK files, and `fork_map` spreads the chunks over itself and forked children, each listing
its folders, taking stats, reading and parsing. A `Reader` holds what every process needs (the plan,
the stat index, the cache keys already known); the fork shares it without copying or pickling. The
result does not depend on timing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from generator.load import schema as schema_check
from generator.load import texts as lp
from generator.load.cache import git_blob_id
from generator.load.layout import Entry, FolderTask, Layout, Plan, plan, run_items, unreadable
from generator.load.read import SIZE_LIMITS, Analysis, analyse, read_capped, too_large
from generator.support.parallel import cores, fork_map

PARALLEL_MIN = 1500  # files (estimated) before it pays to start worker processes
CHUNK = 1000  # files per task: bigger chunks share more strings (pickle keeps identity)
FOLDER_FILES = 3  # a guess at the files of a folder not yet listed (a unit's accounts)

T = TypeVar("T")
Item = Entry | FolderTask


class Outcome(NamedTuple):
    """What became of one record file."""

    key: str | None  # cache key `<kind>:<blob id>`; None: too large to read, or vanished
    analysis: Analysis | None  # None with a key: the cache already holds it; None without: vanished
    read: bool  # whether the file's bytes were read (not known by its stat alone)


class Reader:
    """Reads the record files of a planned walk; used in every process that takes chunks."""

    def __init__(self, p: Plan, index: dict[str, Any], known: Container[str], *, digest_only: bool = False) -> None:
        self.plan = p
        self.index = index  # the stat index: display path → (size, mtime_ns, ctime_ns, inode, blob id)
        self.known = known  # cache keys the parent holds: content with such a key is not parsed again
        self.base = os.path.join(p.root.parent, "")  # the registry's parent folder, with a separator
        self.digest_only = digest_only  # only the content ids are wanted (the state digest)

    def outcome(self, e: Entry) -> Outcome:
        ix = self.index.get(e.rel)
        # unchanged by its stat, and (unless only the id is wanted) in the cache?
        if type(ix) is tuple and len(ix) == 5 and ix[:4] == e.stat:
            key = f"{e.kind}:{ix[4]}"
            if self.digest_only or key in self.known:
                return Outcome(key, None, False)
        limit = SIZE_LIMITS[e.kind]
        try:
            raw = read_capped(self.base + e.rel, limit, e.stat[0])
        except OSError as exc:
            return Outcome(None, Analysis(None, (lp.to_dict(unreadable("", exc, folder=False)),)), True)
        if raw is None:
            return Outcome(None, None, True)
        if len(raw) > limit:
            return Outcome(None, too_large(os.path.getsize(self.base + e.rel), limit), True)
        key = f"{e.kind}:{git_blob_id(raw)}"
        if self.digest_only or key in self.known:
            return Outcome(key, None, True)
        return Outcome(key, analyse(raw, e.kind), True)

    def chunk(self, items: list[Item]) -> tuple[Layout, list[Outcome]]:
        """List the folders of a chunk of the plan, then read their record files."""
        part = run_items(self.plan, items)
        return part, [self.outcome(e) for e in part.entries]


def _chunks(items: list[Item]) -> tuple[list[list[Item]], int]:
    """Consecutive pieces of the plan of about CHUNK files each (a folder not yet listed counts as
    FOLDER_FILES), and the estimated number of files."""
    out: list[list[Item]] = []
    cur: list[Item] = []
    weight = total = 0
    for item in items:
        w = (item.end - item.start if item.end >= 0 else FOLDER_FILES) if isinstance(item, FolderTask) else 1
        cur.append(item)
        weight += w
        total += w
        if weight >= CHUNK:
            out.append(cur)
            cur, weight = [], 0
    if cur:
        out.append(cur)
    return out, total


def spread(root: Path, index: dict[str, Any], known: Container[str],
           chunk_fn: Callable[[Reader, list[Item]], T], *, digest_only: bool = False) -> tuple[Plan, list[T]]:
    """Plan the walk of the registry at root, then run chunk_fn over ordered chunks of the plan, on
    every core when the registry is large."""
    p = plan(root)
    reader = Reader(p, index, known, digest_only=digest_only)
    chunks, files = _chunks(p.items)
    workers = cores() if files >= PARALLEL_MIN else 1
    if workers > 1 and not digest_only:
        schema_check.validators()  # built once, before forking
    return p, fork_map(lambda i: chunk_fn(reader, chunks[i]), len(chunks), workers=workers)


def walk(root: Path, index: dict[str, Any], known: Container[str]) -> tuple[Layout, list[Outcome]]:
    """The layout of the registry at root and what became of each record file."""
    p, parts = spread(root, index, known, Reader.chunk)
    layout = Layout([], list(p.problems), list(p.rejected))
    outcomes: list[Outcome] = []
    for part, outs in parts:
        layout.extend(part)
        outcomes += outs
    return layout, outcomes
