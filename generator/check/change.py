"""A change to account records judged on top of the last full validation (`snapshot`), without
reading the whole registry: what `portal check-pr` stands on for a pull request of a few records.

The head's problems are the snapshot's, except those the change can affect, which every rule judges
again on a partial registry:
- every problem of the changed accounts (their head versions), of their unit-mates, of the accounts
  sharing an id or a platform account with them and of the accounts whose notices name them;
- the problems of their host units (and of the governments those units are offices of) that depend on
  accounts (REACH "unit");
- the problems of the inspection batches' results for the changed accounts.
For each of those the partial registry also holds every record its findings depend on (`relations`),
and answers for every unit by id (decoded from the snapshot on first use). The result is the full
validation's, which the tests check over many kinds of change.

A change this cannot judge exactly gets None, and the caller validates the whole registry: a change to
anything but account records (units, portal.yaml, inspections, other files), a large change, a rule
whose reach `relations.REACH` does not state, a change to a registry-wide sum (CAL001), a registry
whose hints have run out of suggestions, or checked-out files that are not the change's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.check.engine import SettingsFor, all_rules, run_rules
from generator.check.pipeline import place
from generator.check.pr.diff import kind_of
from generator.check.pr.gitrepo import Changed, Repo
from generator.check.profiles import resolve_settings
from generator.check.relations import REACH, account_ties
from generator.check.rules.structure.common import SUGGEST_MAX
from generator.check.run_cache import problem_from
from generator.check.snapshot import Buckets, Index, Snapshot
from generator.load import texts as lp
from generator.load.cache import git_blob_id
from generator.load.layout import ID_RE
from generator.load.read import analyse
from generator.model import platforms
from generator.model.records import Record, Registry
from generator.problems import Problem
from generator.support import trace

MAX_CHANGED = 200  # account files; a larger change is validated in full
_SUGGESTING = ("REF001", "REF002", "REF003", "REF004", "REF005")  # hints that name the closest id


class _Units(Mapping[str, Record]):
    """Every unit of the snapshot by id (the first of an id, as `Registry.reindex` keeps), each
    decoded when a rule first asks for it."""

    def __init__(self, snap: Snapshot) -> None:
        self.stored = snap.units
        self.decoded: dict[str, Record] = {}

    def __getitem__(self, uid: str) -> Record:
        r = self.decoded.get(uid)
        if r is None:
            rows = self.stored.get(uid)
            if not rows:
                raise KeyError(uid)
            file, blob, data = rows[0]
            r = self.decoded[uid] = Record("unit", file, data, blob)
        return r

    def __contains__(self, uid: object) -> bool:
        return uid in self.stored

    def __iter__(self) -> Iterator[str]:
        return self.stored.all_keys()

    def __len__(self) -> int:
        return sum(1 for _ in self.stored.all_keys())


class _Ids:
    """The account ids at head: the snapshot's, less those only the changed files held, plus the
    changed files' new ids (what `Registry.elsewhere` needs: membership, and all of them in turn)."""

    def __init__(self, by_id: Buckets, removed: set[str], added: set[str]) -> None:
        self.by_id, self.removed, self.added = by_id, removed, added

    def __contains__(self, rid: object) -> bool:
        return rid in self.added or (rid not in self.removed and rid in self.by_id)

    def __iter__(self) -> Iterator[str]:
        yield from (i for i in self.by_id.all_keys() if i not in self.removed)
        yield from (i for i in self.added if i in self.removed or i not in self.by_id)


def _order(file: str) -> tuple[str, ...]:
    """The order the loader reads records in: folder by folder, names sorted."""
    return tuple(file.split("/"))


def _rows(index: Index, keys: Iterable[Any]) -> set[int]:
    return {i for k in keys for i in index.get(k, ())}


def _chain(snap: Snapshot, start: set[int]) -> set[int]:
    """The batches linked to these by re-checks (either way) or by sharing an id."""
    seen: set[int] = set()
    todo = list(start)
    while todo:
        j = todo.pop()
        if j in seen:
            continue
        seen.add(j)
        _, _, rid, recheck_of, _ = snap.inspections[j]
        todo += [*snap.batch_by_id.get(rid, ()), *snap.rechecks.get(rid, ()), *snap.batch_by_id.get(recheck_of, ())]
    return seen


def check_change(root: Path, repo: Repo, snap: Snapshot, changes: list[Changed], today: dt.date) -> list[Problem] | None:
    """The problems of the registry at root after `changes` (paths relative to the registry folder,
    from the snapshot's tree to head's), or None when this change needs a full validation."""
    if not changes:
        return snap.problem_list()
    if len(changes) > MAX_CHANGED or snap.portal is None:
        return None
    for c in changes:
        parts = c.path.split("/")
        if kind_of(c.path) != "account" or not all(ID_RE.fullmatch(p) for p in (parts[1], parts[2][:-5])):
            return None
    portal = Record("portal", *snap.portal)
    settings_for, _ = resolve_settings(portal.data, file=portal.file)
    enabled = [s.code for s in all_rules() if settings_for(s).severity != "off"]
    if not all(code in REACH for code in enabled):
        return None
    if sum(p["code"] in _SUGGESTING for p in snap.problems) >= SUGGEST_MAX // 2:
        return None  # hints stop suggesting after SUGGEST_MAX in a run: which ones get one is the full run's say
    changed = {f"{root.name}/{c.path}": c for c in changes}
    old_rows = {f: rows[0] for f in changed if (rows := snap.rows.get(f))}

    # the head versions of the changed files (checked out: problems are placed there) and the base ones
    blobs = repo.objects([c.new_blob for c in changes] + [a[1] for a in old_rows.values()])
    head = _head_versions(root, changed, blobs)
    if head is None:
        return None
    new, loader_problems, broken = head
    broken_files = {**{f: v for f, v in snap.broken_files.items() if f not in changed}, **broken}
    old = _records(blobs, [a[:2] for a in old_rows.values()], "account")
    if old is None:
        return None
    units = _Units(snap)
    if _adds_to_sum(root, portal, units, old, new, today, settings_for):
        return None
    trace.mark(f"change of {len(changed)} account files read")

    # what the change can affect
    cat = platforms.catalogue()
    ties = [account_ties(r.data, cat) for r in (*old, *new)]
    ids = {t[0] for t in ties}
    hosts = {t[1] for t in ties}
    govs = {g for g, offs in snap.offices.items() if not hosts.isdisjoint(offs)}
    judged_units = hosts | govs
    judged = {**snap.accounts(snap.by_host, hosts), **snap.accounts(snap.by_platform, [t[2] for t in ties if t[2]]),
              **snap.accounts(snap.by_id, ids), **snap.accounts(snap.naming, ids)}
    judged_batches = _rows(snap.batches_of, ids)

    # what their findings depend on: an account's ties, a unit's accounts (with its offices'), a
    # batch's re-check chain
    need = dict(judged)
    for rid, host, pid, succ in [a[2:6] for a in judged.values()] + ties[len(old):]:
        need.update(snap.accounts(snap.by_host, (host,)))
        need.update(snap.accounts(snap.by_id, (rid, *succ)))
        if pid is not None:
            need.update(snap.accounts(snap.by_platform, (pid,)))
    unit_ids = judged_units | {o for u in judged_units for o in snap.offices.get(u, ())}  # COV001's hosts
    need.update(snap.accounts(snap.by_host, unit_ids))
    for file in changed:
        need.pop(file, None)
    batch_rows = _chain(snap, judged_batches)
    wanted = [a[:2] for a in need.values()]
    batch_wanted = [snap.inspections[j][:2] for j in batch_rows]
    blobs = repo.objects([b for _, b in wanted + batch_wanted])
    loaded = _records(blobs, wanted, "account")
    batches = _records(blobs, batch_wanted, "inspection")
    if loaded is None or batches is None:
        return None
    removed = {r.id for r in old if set(snap.by_id.get(r.id)) <= changed.keys()}
    head_ids = _Ids(snap.by_id, removed, {r.id for r in new})
    if not new and removed == {r.id for r in old} and next(iter(head_ids), None) is None:
        return None  # no account left: config rules judge an empty registry differently; validate it in full
    trace.mark(f"{len(loaded) + len(new)} accounts and {len(batches)} batches the change can affect read")

    partial = Registry(root=root, portal=portal, units=[units[u] for u in sorted(unit_ids) if u in units],
                       accounts=sorted([*loaded, *new], key=lambda r: _order(r.file)),
                       inspections=sorted(batches, key=lambda r: _order(r.file)),
                       broken=_broken(broken_files), broken_files=broken_files,
                       elsewhere={"account": head_ids,  # type: ignore[dict-item]
                                  "inspection": frozenset(snap.batch_by_id)})
    partial.unit_by_id = units  # type: ignore[assignment]
    found = list(run_rules(partial, today, settings_for, only=[c for c in enabled if REACH[c] != "fixed"]))
    if any(p.code == "INT001" for p in found):
        return None
    whole = set(changed) | set(judged)
    unit_files = {units[u].file for u in judged_units if u in units}
    judged_batch_files = {snap.inspections[j][0] for j in judged_batches}
    results = {b.file: {f"results[{i}]" for i, r in enumerate(b.data["results"]) if r["account"] in ids}
               for b in batches if b.file in judged_batch_files}

    def is_judged(p: Problem | dict[str, Any]) -> bool:
        """Whether the change can affect this problem: one of a judged account, one of a judged unit
        that depends on accounts, one of a batch's result for a changed account."""
        file, code, path = (p.file, p.code, p.path) if isinstance(p, Problem) else (p["file"], p["code"], p["path"])
        if REACH.get(code) == "fixed":
            return False
        return (file in whole or (file in unit_files and REACH.get(code) == "unit")
                or (file in results and path.partition(".")[0] in results[file]))

    fresh = place(root, [p for p in found if is_judged(p)])
    trace.mark("rules on the records the change can affect")
    kept = [p for p in snap.problems if not is_judged(p)]
    return sorted([*map(problem_from, kept), *fresh, *loader_problems], key=Problem.sort_key)


def _head_versions(root: Path, changed: dict[str, Changed], blobs: dict[str, bytes]
                   ) -> tuple[list[Record], list[Problem], dict[str, tuple[str, tuple[str, ...]]]] | None:
    """The changed account files as of head: (records that load, the loader's problems of those that
    do not, those as `Registry.broken_files`); None when a file checked out is not head's."""
    new: list[Record] = []
    problems: list[Problem] = []
    broken: dict[str, tuple[str, tuple[str, ...]]] = {}
    for file, c in changed.items():
        if not c.new_blob:
            continue  # deleted
        raw = blobs.get(c.new_blob)
        if raw is None or not _on_disk(root.parent / file, c.new_blob):
            return None
        data, found, rid = analyse(raw, "account")
        if data is None:
            problems += [lp.from_dict(d, file) for d in found]
            broken[file] = ("account", (file.rpartition("/")[2][:-5], *((rid,) if rid else ())))
        else:
            new.append(Record("account", file, data, c.new_blob))
    return new, problems, broken


def _on_disk(path: Path, blob: str) -> bool:
    """Whether the file checked out has this content."""
    try:
        return git_blob_id(path.read_bytes()) == blob
    except OSError:
        return False


def _records(blobs: dict[str, bytes], wanted: list[tuple[str, str]], kind: str) -> list[Record] | None:
    """Records read from their blobs; None when one does not load."""
    out = []
    for file, blob in wanted:
        raw = blobs.get(blob)
        data = analyse(raw, kind).data if raw is not None else None
        if data is None:
            return None
        out.append(Record(kind, file, data, blob))  # type: ignore[arg-type]
    return out


def _broken(broken_files: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for file, (kind, ids) in broken_files.items():
        out.setdefault(kind, set()).update(ids)
        out.setdefault("files", set()).add(file)
    return out


def _adds_to_sum(root: Path, portal: Record, units: Mapping[str, Record], old: list[Record], new: list[Record],
                 today: dt.date, settings_for: SettingsFor) -> bool:
    """Whether the changed accounts, before or after, count in a registry-wide sum (CAL001)."""
    sums = [code for code, reach in REACH.items() if reach == "aggregate"]
    for records in (old, new):
        if records:
            reg = Registry(root=root, portal=portal, accounts=records)
            reg.unit_by_id = units  # type: ignore[assignment]
            if any(run_rules(reg, today, settings_for, only=sums)):
                return True
    return False

