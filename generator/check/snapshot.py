"""What a full validation leaves behind for checking a later change (`check.change` stands on it).

Written after a full validation of a registry whose record files are exactly those of the commit checked
out (the registry folder's Git tree, named by its tree id): the run's problems, every unit and
portal.yaml as loaded, and for each account and inspection batch only what ties it to other records
(`relations`). A later check of a change then diffs that tree against the change's tree and re-reads
only the records the change can affect.

Kept in the cache folder and signed like the loader's cache; keyed by the version of the check stage,
the loader's version and the day the rules judged as of, so that a snapshot of another day, other
rules or other schemas is never used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.pr.diff import kind_of
from generator.check.pr.gitrepo import GitError, Repo
from generator.check.relations import account_ties, inspected
from generator.check.run_cache import problem_from, rules_version
from generator.load.cache import read_signed, write_signed
from generator.load.digest import loader_version
from generator.load.layout import ignored
from generator.model import platforms
from generator.model.records import Record, Registry
from generator.paths import CACHE_DIR_NAME
from generator.problems import Problem

SNAPSHOT_FILE = "check-snapshot.bin"
FORMAT = "check-snapshot/1"

RecordRow = tuple[str, dict[str, Any], str]  # display path, data, blob id
AccountRow = tuple[str, str, str, str, Any, tuple[str, ...]]  # file, blob, id, host, platform account, successors
BatchRow = tuple[str, str, str, str, tuple[str, ...]]  # file, blob, id, recheck_of, accounts named


@dataclass
class Snapshot:
    tree: str  # id of the Git tree of the registry folder the validation read
    problems: list[dict[str, Any]]  # every problem of the run, as Problem.to_json gives it
    portal: RecordRow | None
    units: list[RecordRow]
    accounts: list[AccountRow]  # in the order the loader read them
    inspections: list[BatchRow]
    broken_files: dict[str, tuple[str, tuple[str, ...]]]  # as Registry.broken_files

    def problem_list(self) -> list[Problem]:
        return [problem_from(d) for d in self.problems]

    def record(self, row: RecordRow, kind: str) -> Record:
        return Record(kind, row[0], row[1], row[2])  # type: ignore[arg-type]


def _path(root: Path) -> Path:
    return root / CACHE_DIR_NAME / SNAPSHOT_FILE


def _version(today: dt.date) -> str:
    return f"{FORMAT}:{rules_version()}:{loader_version()}:{today.isoformat()}"  # no spaces: the header splits on them


def load(root: Path, today: dt.date) -> Snapshot | None:
    """The snapshot kept for the registry at root, for checks as of `today`; None when there is none
    of this version and day, or it is damaged."""
    stored = read_signed(_path(root), _version(today))
    if not isinstance(stored, dict):
        return None
    with contextlib.suppress(TypeError, KeyError):
        return Snapshot(**stored)
    return None


def _judged(rel: str) -> bool:
    """Whether the loader looks at this path of the registry folder (README files and the hidden
    names it skips are not)."""
    parts = rel.split("/")
    return not any(ignored(name, i == 0) for i, name in enumerate(parts))


def committed_tree(root: Path, registry: Registry) -> str | None:
    """The id of the Git tree of the registry folder in the commit checked out, when the record files
    the load read are exactly that tree's (same paths, same blobs) and the tree holds nothing else the
    loader would judge; else None (no repository, uncommitted edits, stray files)."""
    try:
        repo = Repo(root)
        rel = root.resolve().relative_to(repo.top.resolve()).as_posix()
        tree = repo.tree("HEAD", "" if rel == "." else rel)
        listing = repo.git("ls-tree", "-r", "-z", "--full-tree", tree)
    except (GitError, ValueError):
        return None
    shown = registry.display_root()
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, _, blob = meta.decode().split(" ")
        name = path.decode("utf-8", "surrogateescape")
        if not _judged(name):
            continue
        if mode not in ("100644", "100755") or kind_of(name) == "other":
            return None  # a link, a submodule, a stray file: the loader would report it
        blobs[f"{shown}/{name}"] = blob
    return tree if blobs == registry.blobs else None


def save(root: Path, today: dt.date, registry: Registry, problems: list[Problem]) -> bool:
    """Keep the snapshot of a full validation of the registry at root (when it is a committed tree);
    True when it was written."""
    if any(p.code.startswith("LAY") or p.code == "INT001" for p in problems):
        return False  # layout problems depend on files outside the records; a crash is re-run in full
    tree = committed_tree(root, registry)
    if tree is None:
        return False
    cat = platforms.catalogue()
    portal = registry.portal
    body = {
        "tree": tree,
        "problems": [p.to_json() for p in problems],
        "portal": (portal.file, portal.data, portal.digest) if portal else None,
        "units": [(u.file, u.data, u.digest) for u in registry.units],
        "accounts": [(a.file, a.digest, *account_ties(a.data, cat)) for a in registry.accounts],
        "inspections": [(b.file, b.digest, b.id, str(b.data.get("recheck_of") or ""), inspected(b.data))
                        for b in registry.inspections],
        "broken_files": registry.broken_files,
    }
    return write_signed(_path(root), _version(today), body)
