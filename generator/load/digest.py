"""The registry's state as one digest: every record file's path and content id, the layout problems,
the loader's version. It keys the run cache: an unchanged registry checked again with the same
options is answered from the last report."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from generator.load.cache import Cache, version_key
from generator.load.layout import Entry
from generator.load.walk import Item, Reader, spread
from generator.problems import Problem
from generator.support import trace


@functools.cache
def loader_version() -> str:
    return version_key()


class StateDigest:
    def __init__(self, version: str) -> None:
        self.lines = [version]

    @staticmethod
    def line(e: Entry, key: str | None) -> str:
        # key None: a file too large to be read, known by its stat
        return f"{e.rel}\0{key or e.stat}"

    def layout(self, problems: list[Problem]) -> None:
        self.lines.extend(f"{p.file}\0{p.code}" for p in problems)

    def hexdigest(self) -> str:
        return hashlib.sha256("\n".join(self.lines).encode("utf-8", "surrogateescape")).hexdigest()


def _digest_chunk(reader: Reader, items: list[Item]) -> tuple[list[str], list[Problem]]:
    """A chunk's lines of the state digest, and its layout problems: all a worker needs to send."""
    part, outs = reader.chunk(items)
    lines = [StateDigest.line(e, o.key) for e, o in zip(part.entries, outs, strict=True)
             if o.key is not None or o.analysis is not None]  # else it vanished
    return lines, part.problems


def _fresh(root: Path) -> str:
    """The state digest from the stat index and, for files changed since, their content; no
    parsing, no records."""
    version = loader_version()
    cache = Cache(root, version)
    cache.load_index()
    trace.mark("stat index read")
    p, parts = spread(root, cache.index, (), _digest_chunk, digest_only=True)
    trace.mark(f"walk of {sum(len(lines) for lines, _ in parts)} files")
    digest = StateDigest(version)
    for lines, _ in parts:
        digest.lines += lines
    digest.layout([*p.problems, *(x for _, problems in parts for x in problems)])
    return digest.hexdigest()


def state_digest(root: Path, options: Mapping[str, Any] | None = None, *, state: str | None = None) -> str:
    """A stable digest of the registry's state and of options. Without `state`, the state is read
    from disk now: the stat index and the files changed since it was written (no parsing). With
    `state` (a `Registry.state` from a load), the result is keyed by what that load read."""
    state = state or _fresh(Path(root).resolve())
    if options is None:
        return state
    h = hashlib.sha256(state.encode())
    h.update(orjson.dumps(dict(options or {}), option=orjson.OPT_SORT_KEYS, default=str))
    return h.hexdigest()
