"""A change to account records judged on top of the last full validation (`snapshot`), without
reading the whole registry: what `portal check-pr` stands on for a pull request of a few records.

The head's problems are the snapshot's, except for the records the change can affect, which are
judged again by every rule on a partial registry: the changed accounts (their head versions), their
unit-mates, the accounts sharing an id or a platform account with them, the accounts whose notices name
them, their host units (and the governments those units are offices of), and the inspection batches
that name them. For each of those the partial registry also holds every record its findings depend on
(`relations`), and every unit and portal.yaml. The result is the full validation's, which the tests
check over many kinds of change.

A change this cannot judge exactly gets None, and the caller validates the whole registry: a change to
anything but account records (units, portal.yaml, inspections, other files), a large change, a rule
whose reach `relations.REACH` does not state, a change to a registry-wide sum (CAL001), a registry
whose hints have run out of suggestions, or checked-out files that are not the change's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from generator.check.engine import all_rules, run_rules
from generator.check.pipeline import place
from generator.check.pr.diff import kind_of
from generator.check.pr.gitrepo import Changed, Repo
from generator.check.profiles import resolve_settings
from generator.check.relations import REACH, account_ties, governments_of
from generator.check.rules.jurisdiction.coverage import offices
from generator.check.rules.structure.common import SUGGEST_MAX
from generator.check.snapshot import AccountRow, BatchRow, Snapshot
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


def _order(file: str) -> tuple[str, ...]:
    """The order the loader reads records in: folder by folder, names sorted."""
    return tuple(file.split("/"))


class _Rows:
    """The snapshot's accounts and batches, indexed by what ties them."""

    def __init__(self, snap: Snapshot, gone: set[str]) -> None:
        self.accounts: dict[str, AccountRow] = {a[0]: a for a in snap.accounts if a[0] not in gone}
        self.batches: dict[str, BatchRow] = {b[0]: b for b in snap.inspections}
        self.by_host: dict[str, list[str]] = defaultdict(list)
        self.by_pid: dict[object, list[str]] = defaultdict(list)
        self.by_id: dict[str, list[str]] = defaultdict(list)
        self.naming: dict[str, list[str]] = defaultdict(list)  # successor id → accounts naming it
        for file, _, rid, host, pid, succ in self.accounts.values():
            self.by_host[host].append(file)
            self.by_id[rid].append(file)
            if pid is not None:
                self.by_pid[tuple(pid)].append(file)
            for s in succ:
                self.naming[s].append(file)
        self.batches_of: dict[str, list[str]] = defaultdict(list)  # account id → batches naming it
        self.batch_by_id: dict[str, list[str]] = defaultdict(list)
        self.rechecks: dict[str, list[str]] = defaultdict(list)  # batch id → batches re-checking it
        for file, _, rid, recheck_of, named in self.batches.values():
            self.batch_by_id[rid].append(file)
            if recheck_of:
                self.rechecks[recheck_of].append(file)
            for acc in set(named):
                self.batches_of[acc].append(file)

    def chain(self, file: str) -> set[str]:
        """The batches linked to one by re-checks (either way) or by sharing its id."""
        seen: set[str] = set()
        todo = [file]
        while todo:
            f = todo.pop()
            if f in seen:
                continue
            seen.add(f)
            _, _, rid, recheck_of, _ = self.batches[f]
            todo += [*self.batch_by_id.get(rid, ()), *self.rechecks.get(rid, ()), *self.batch_by_id.get(recheck_of, ())]
        return seen


def _rules_reach_known(settings_for) -> bool:  # type: ignore[no-untyped-def]
    return all(s.code in REACH for s in all_rules() if settings_for(s).severity != "off")


def check_change(root: Path, repo: Repo, snap: Snapshot, changes: list[Changed], today: dt.date) -> list[Problem] | None:
    """The problems of the registry at root after `changes` (paths relative to the registry folder,
    from the snapshot's tree to head's), or None when this change needs a full validation."""
    base = snap.problem_list()
    if not changes:
        return base
    if len(changes) > MAX_CHANGED or snap.portal is None:
        return None
    for c in changes:
        parts = c.path.split("/")
        if kind_of(c.path) != "account" or not all(ID_RE.fullmatch(p) for p in (parts[1], parts[2][:-5])):
            return None
    config = snap.portal[1]
    settings_for, _ = resolve_settings(config, file=snap.portal[0])
    if not _rules_reach_known(settings_for):
        return None
    if sum(p.code in _SUGGESTING for p in base) >= SUGGEST_MAX // 2:
        return None  # hints stop suggesting after SUGGEST_MAX in a run: which ones get one is the full run's say
    shown = root.name
    changed = {f"{shown}/{c.path}": c for c in changes}
    rows = _Rows(snap, set(changed))
    old_rows = [a for a in snap.accounts if a[0] in changed]

    # head versions of the changed files, and the files checked out must be them (problems are placed there)
    blobs = repo.objects([c.new_blob for c in changes] + [a[1] for a in old_rows])
    new_records: list[Record] = []
    loader_problems: list[Problem] = []
    broken_files = {f: v for f, v in snap.broken_files.items() if f not in changed}
    cat = platforms.catalogue()
    for file, c in changed.items():
        if not c.new_blob:
            continue
        raw = blobs.get(c.new_blob)
        if raw is None or not _on_disk(root.parent / file, c.new_blob):
            return None
        data, found, rid = analyse(raw, "account")
        if data is None:
            loader_problems += [lp.from_dict(d, file) for d in found]
            stem = file.rpartition("/")[2][:-5]
            broken_files[file] = ("account", (stem, *((rid,) if rid else ())))
        else:
            new_records.append(Record("account", file, data, c.new_blob))
    old_records = []
    for a in old_rows:
        raw = blobs.get(a[1])
        data = analyse(raw, "account").data if raw is not None else None
        if data is None:
            return None
        old_records.append(Record("account", a[0], data, a[1]))
    trace.mark(f"change of {len(changed)} account files read")

    units = [snap.record(u, "unit") for u in snap.units]
    portal = snap.record(snap.portal, "portal")
    if _adds_to_sum(root, portal, units, old_records, new_records, today, settings_for):
        return None

    # what the change can affect
    ties = [account_ties(r.data, cat) for r in (*old_records, *new_records)]
    ids = {t[0] for t in ties}
    hosts = {t[1] for t in ties}
    pids = {tuple(t[2]) for t in ties if t[2] is not None}
    office_map = offices(Registry(root=root, portal=portal, units=units))
    govs = governments_of(office_map)
    judged_units = hosts | {g for h in hosts for g in govs.get(h, ())}
    judged_accounts = {f for h in hosts for f in rows.by_host.get(h, ())}
    judged_accounts |= {f for k in pids for f in rows.by_pid.get(k, ())}
    judged_accounts |= {f for i in ids for f in rows.by_id.get(i, ())}
    judged_accounts |= {f for i in ids for f in rows.naming.get(i, ())}
    judged_batches = {f for i in ids for f in rows.batches_of.get(i, ())}

    # what their findings depend on: an account's ties, a unit's accounts (with its offices'), a
    # batch's re-check chain (its findings on the changed accounts' results are the ones re-judged)
    need_accounts = set(judged_accounts)
    tied = [rows.accounts[f][2:6] for f in judged_accounts] + [account_ties(r.data, cat) for r in new_records]
    for rid, host, pid, succ in tied:
        need_accounts.update(rows.by_host.get(host, ()), rows.by_id.get(rid, ()))
        if pid is not None:
            need_accounts.update(rows.by_pid.get(tuple(pid), ()))
        for s in succ:
            need_accounts.update(rows.by_id.get(s, ()))
    for u in judged_units:
        for host in (u, *office_map.get(u, ())):
            need_accounts.update(rows.by_host.get(host, ()))
    need_batches = {c for f in judged_batches for c in rows.chain(f)}

    loaded = _read(repo, [(f, rows.accounts[f][1]) for f in need_accounts], "account")
    batches = _read(repo, [(f, rows.batches[f][1]) for f in need_batches], "inspection")
    if loaded is None or batches is None:
        return None
    accounts = sorted([*loaded, *new_records], key=lambda r: _order(r.file))
    head_ids = {a[2] for a in rows.accounts.values()} | {r.id for r in new_records}
    if not head_ids:
        return None  # a registry without accounts is judged differently (config rules): validate it in full
    trace.mark(f"{len(accounts)} accounts and {len(batches)} batches the change can affect read")

    here = {r.id for r in accounts}
    batch_ids = {b[2] for b in rows.batches.values()}
    partial = Registry(root=root, portal=portal, units=units, accounts=accounts,
                       inspections=sorted(batches, key=lambda r: _order(r.file)),
                       broken=_broken(broken_files), broken_files=broken_files,
                       elsewhere={"account": frozenset(head_ids - here),
                                  "inspection": frozenset(batch_ids - {b.id for b in batches})})
    found = list(run_rules(partial, today, settings_for))
    if any(p.code == "INT001" for p in found):
        return None
    judged_files = {*changed} | judged_accounts | {u.file for u in units if u.id in judged_units}
    results = {b.file: {f"results[{i}]" for i, r in enumerate(b.data["results"]) if r["account"] in ids}
               for b in batches if b.file in judged_batches}

    def judged(p: Problem) -> bool:
        """Whether the problem is one the change can affect: on a judged record, or on a batch's result
        for a changed account."""
        return p.file in judged_files or (p.file in results and _result(p.path) in results[p.file])

    fresh = place(root, [p for p in found if judged(p)])
    trace.mark("rules on the records the change can affect")
    kept = [p for p in base if not judged(p)]
    return sorted([*kept, *fresh, *loader_problems], key=Problem.sort_key)


def _result(path: str) -> str:
    """`results[3]` of a JSON path into a batch (`results[3].observations.last_update`)."""
    return path.partition(".")[0]


def _on_disk(path: Path, blob: str) -> bool:
    """Whether the file checked out has this content."""
    try:
        return git_blob_id(path.read_bytes()) == blob
    except OSError:
        return False


def _read(repo: Repo, wanted: Iterable[tuple[str, str]], kind: str) -> list[Record] | None:
    """Unchanged records, read from their blobs (they loaded when the snapshot was taken)."""
    wanted = list(wanted)
    blobs = repo.objects([b for _, b in wanted])
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


def _adds_to_sum(root: Path, portal: Record, units: list[Record], old: list[Record], new: list[Record],
                 today: dt.date, settings_for) -> bool:  # type: ignore[no-untyped-def]
    """Whether the changed accounts, before or after, count in a registry-wide sum (CAL001)."""
    sums = [code for code, reach in REACH.items() if reach == "aggregate"]
    for records in (old, new):
        if records:
            reg = Registry(root=root, portal=portal, units=units, accounts=records)
            if any(run_rules(reg, today, settings_for, only=sums)):
                return True
    return False
