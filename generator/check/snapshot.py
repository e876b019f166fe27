"""What a full validation leaves behind for checking a later change (`check.change` stands on it).

Two files in the cache folder, both signed like the loader's cache:
- the records part (`save_records`), written beside the rules (in the loader's cache-writing job): the
  Git tree of the registry folder the load read, when the record files are exactly a committed tree's;
  every unit and portal.yaml as loaded; for each account and inspection batch what ties it to other
  records (`relations`), indexed by those ties. Keyed by the loader's and the check stage's versions.
- the run part (`save_problems`): the run's problems, keyed also by the day the rules judged as of.
Both name the registry state they were made from; a snapshot is the two parts of one state.

A later check of a change diffs the tree against the change's tree and reads only the records the
change can affect. The indexes are kept in marshalled buckets of sorted keys (`Buckets`): a check
decodes the few it needs, not the whole national registry.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import marshal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.check.pr.gitrepo import GitError, Repo
from generator.check.relations import account_ties, inspected
from generator.check.rules.jurisdiction.coverage import offices
from generator.check.run_cache import problem_from, rules_version
from generator.load.cache import MARSHAL_VERSION, read_signed, write_signed
from generator.load.digest import loader_version
from generator.load.layout import ignored
from generator.model import platforms
from generator.model.records import Registry
from generator.paths import CACHE_DIR_NAME
from generator.problems import Problem

RECORDS_FILE = "check-snapshot-records.bin"
RUN_FILE = "check-snapshot-run.bin"
FORMAT = "check-snapshot/7"
PER_BUCKET = 64  # keys in a bucket

RecordRow = tuple[str, dict[str, Any], str]  # display path, data, blob id
UnitRow = tuple[str, str, dict[str, Any]]  # display path, blob id, data
AccountRow = tuple[str, str, str, str, Any, tuple[str, ...]]  # file, blob, id, host, platform account, successors
BatchRow = tuple[str, str, str, str, tuple[str, ...]]  # file, blob, id, recheck_of, accounts named
Index = dict[Any, list[int]]  # a tie → the rows that have it


class Buckets:
    """key → list of values, kept as marshalled buckets of PER_BUCKET sorted keys, so that a check
    decodes only the buckets of the keys it asks for (a national registry's indexes would take most of
    a second to decode whole). Keys are texts."""

    def __init__(self, stored: tuple[list[Any], list[bytes]]) -> None:
        self.firsts, self.chunks = stored
        self.decoded: dict[int, dict[Any, list[Any]]] = {}

    @staticmethod
    def build(pairs: Iterable[tuple[Any, Any]]) -> tuple[list[Any], list[bytes]]:
        """What `Buckets` is made from: the values of each key in the order given."""
        by_key: dict[Any, list[Any]] = {}
        add = by_key.setdefault
        for k, v in pairs:
            add(k, []).append(v)
        keys = sorted(by_key)
        cuts = range(0, len(keys), PER_BUCKET)
        return ([keys[i] for i in cuts],
                [marshal.dumps({k: by_key[k] for k in keys[i:i + PER_BUCKET]}, MARSHAL_VERSION) for i in cuts])

    def _bucket(self, i: int) -> dict[Any, list[Any]]:
        b = self.decoded.get(i)
        if b is None:
            b = self.decoded[i] = marshal.loads(self.chunks[i])
        return b

    def get(self, key: Any) -> list[Any]:
        i = bisect.bisect_right(self.firsts, key) - 1
        return self._bucket(i).get(key, []) if i >= 0 else []

    def __contains__(self, key: Any) -> bool:
        return bool(self.get(key))

    def all_keys(self) -> Iterator[Any]:
        """Every key (decodes every bucket: for the rare question that needs them all)."""
        for i in range(len(self.chunks)):
            yield from self._bucket(i)


@dataclass
class Snapshot:
    tree: str  # id of the Git tree of the registry folder the validation read
    problems: list[dict[str, Any]]  # every problem of the run, as Problem.to_json gives it
    portal: RecordRow | None
    units: Buckets  # unit id → [UnitRow], in the order the loader read them (the first is the one by id)
    offices: dict[str, list[str]]  # government → its offices (`coverage.offices`)
    rows: Buckets  # account file → [its AccountRow]
    by_host: Buckets  # host unit → files of the accounts it hosts ...
    by_platform: Buckets  # platform account ("family\0id")
    by_id: Buckets
    naming: Buckets  # account id → the accounts whose notices name it as a successor
    inspections: list[BatchRow]
    batches_of: Index  # account id → the batches naming it
    batch_by_id: Index
    rechecks: Index  # batch id → the batches re-checking it
    broken_files: dict[str, tuple[str, tuple[str, ...]]]  # as Registry.broken_files

    def problem_list(self) -> list[Problem]:
        return [problem_from(d) for d in self.problems]

    def accounts(self, index: Buckets, keys: Iterable[Any]) -> dict[str, AccountRow]:
        """file → row of the accounts that have one of these keys in the index."""
        files = {f for k in keys for f in index.get(k)}
        return {f: rows[0] for f in files if (rows := self.rows.get(f))}


_BUCKETED = ("units", "rows", "by_host", "by_platform", "by_id", "naming")


def _index(keys: Iterable[Iterable[Any]]) -> Index:
    out: Index = {}
    for i, ks in enumerate(keys):
        for k in ks:
            out.setdefault(k, []).append(i)
    return out


def _folder(root: Path) -> Path:
    return root / CACHE_DIR_NAME


def _records_version() -> str:
    return f"{FORMAT}:{rules_version()}:{loader_version()}"  # no spaces: the header splits on them


def _run_version(today: dt.date) -> str:
    return f"{_records_version()}:{today.isoformat()}"


def load(root: Path, today: dt.date) -> Snapshot | None:
    """The snapshot kept for the registry at root, for checks as of `today`; None when there is none
    of this version and day, its two parts are of different states, or it is damaged."""
    run = read_signed(_folder(root) / RUN_FILE, _run_version(today))
    if not isinstance(run, dict):
        return None
    records = read_signed(_folder(root) / RECORDS_FILE, _records_version())
    if not isinstance(records, dict) or records.get("state") != run.get("state"):
        return None
    with contextlib.suppress(TypeError, KeyError, ValueError):
        parts = {k: Buckets(v) if k in _BUCKETED else v for k, v in records.items() if k != "state"}
        return Snapshot(problems=run["problems"], **parts)
    return None


def _judged(rel: str) -> bool:
    """Whether the loader looks at this path of the registry folder (README files and the hidden
    names it skips are not)."""
    if "readme" not in rel.lower() and not rel.startswith(".") and "/." not in rel:
        return True  # nearly every path: no name the loader skips
    return not any(ignored(name, i == 0) for i, name in enumerate(rel.split("/")))


def committed_tree(root: Path, registry: Registry) -> str | None:
    """The id of the Git tree of the registry folder in the commit checked out, when the files the
    loader judges are exactly that tree's record files (same paths, same blobs); else None (no
    repository, uncommitted edits, stray files, links)."""
    try:
        repo = Repo(root)
        rel = root.resolve().relative_to(repo.top.resolve()).as_posix()
        tree = repo.tree("HEAD", "" if rel == "." else rel)
        listing = repo.git("ls-tree", "-r", "-z", "--full-tree", tree).decode("utf-8", "surrogateescape")
    except (GitError, ValueError):
        return None
    prefix = f"{registry.display_root()}/"
    blobs = registry.blobs
    seen = 0
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, name = entry.partition("\t")
        if not _judged(name):
            continue
        mode, _, blob = meta.split(" ")
        if mode not in ("100644", "100755") or blobs.get(prefix + name) != blob:
            return None  # a link, a stray file, a record edited since: the tree is not what was read
        seen += 1
    return tree if seen == len(blobs) else None


def save_records(root: Path, registry: Registry) -> bool:
    """Keep the records part of the registry at root as loaded, when its record files are a
    committed tree's; True when it was written."""
    tree = committed_tree(root, registry)
    if tree is None:
        return False
    cat = platforms.catalogue()
    portal = registry.portal
    accounts = [(a.file, a.digest, *account_ties(a.data, cat)) for a in registry.accounts]
    batches = [(b.file, b.digest, b.id, str(b.data.get("recheck_of") or ""), inspected(b.data))
               for b in registry.inspections]
    body = {
        "state": registry.state,
        "tree": tree,
        "portal": (portal.file, portal.data, portal.digest) if portal else None,
        "units": Buckets.build((u.id, (u.file, u.digest, u.data)) for u in registry.units),
        "offices": offices(registry),
        "rows": Buckets.build((a[0], a) for a in accounts),
        "by_host": Buckets.build((a[3], a[0]) for a in accounts),
        "by_platform": Buckets.build((a[4], a[0]) for a in accounts if a[4] is not None),
        "by_id": Buckets.build((a[2], a[0]) for a in accounts),
        "naming": Buckets.build((s, a[0]) for a in accounts for s in a[5]),
        "inspections": batches,
        "batches_of": _index(set(b[4]) for b in batches),
        "batch_by_id": _index((b[2],) for b in batches),
        "rechecks": _index((b[3],) if b[3] else () for b in batches),
        "broken_files": registry.broken_files,
    }
    return write_signed(_folder(root) / RECORDS_FILE, _records_version(), body)


def save_problems(root: Path, today: dt.date, state: str, problems: list[Problem]) -> bool:
    """Keep the run part: the problems of a full validation of the registry state `state` as of
    `today`; True when it was written."""
    if any(p.code.startswith("LAY") or p.code == "INT001" for p in problems):
        return False  # layout problems depend on files outside the records; a crash is re-run in full
    body = {"state": state, "problems": [p.to_json() for p in problems]}
    return write_signed(_folder(root) / RUN_FILE, _run_version(today), body)
