"""Who may change what.

The actor is a Git hosting login (`--actor`; in GitHub Actions the pull request's author,
`github.event.pull_request.user.login`, which the host authenticates) or, without `--actor`, the author
e-mail of each commit of the change (a local run; commit e-mails are not authenticated, so CI always
names the actor). Identities compare case-insensitively, with a leading "@" ignored.

- A unit is maintained by the identities in its `maintainers`, and by those of every unit above it:
  its `supervisor` (主管单位) and its `parent` (the body it belongs to), followed upwards.
- An account is changed by the maintainers of its host unit (both units when it moves).
- A unit's record, its `maintainers` among it, is changed by an existing maintainer of that unit or of a
  unit above it; a new unit by the maintainers of the units it names as supervisor or parent.
- An inspection batch is filed or changed by the inspecting unit's own maintainers.
- `portal.yaml`, and every file that is not a unit, account or inspection record (schemas, profiles
  and the code, `site/`, `mkdocs.yml`, `.github/`), by the registry's administrators only
  (`administrators` in portal.yaml), who may also change any record.

Who maintains what is read from the base: a change cannot grant its own author the right to make it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from generator.check.pr import texts
from generator.check.pr.diff import RecordChange, TreeDiff, parse
from generator.check.pr.gitrepo import Repo
from generator.check.pr.history import kind_label
from generator.paths import PORTAL_FILE, UNITS_DIR
from generator.problems import Problem

Data = dict[str, Any]
UnitGetter = Callable[[str], Data | None]


def norm(identity: str) -> str:
    return identity.strip().lstrip("@").lower()


def identities(data: Data | None, key: str) -> set[str]:
    values = (data or {}).get(key)
    return {norm(v) for v in values if isinstance(v, str)} if isinstance(values, list) else set()


def chain(unit_id: str, get: UnitGetter) -> list[str]:
    """The unit and every unit above it (supervisor and parent, followed upwards), nearest first."""
    seen: list[str] = []
    todo = [unit_id]
    while todo:
        uid = todo.pop(0)
        if uid in seen:
            continue
        seen.append(uid)
        data = get(uid) or {}
        todo.extend(v for v in (data.get("supervisor"), data.get("parent")) if isinstance(v, str) and v not in seen)
    return seen


def maintainers(unit_id: str, get: UnitGetter) -> set[str]:
    """Everyone who maintains the unit: its own maintainers and those of every unit above it."""
    return {m for uid in chain(unit_id, get) for m in identities(get(uid), "maintainers")}


class BaseUnits:
    """Units as they are at the base commit, read from Git on demand (a change needs the few above the
    records it touches, never all of them)."""

    def __init__(self, repo: Repo, base: str, prefix: str) -> None:
        self._repo, self._base = repo, base
        self._pre = f"{prefix}/" if prefix else ""
        self._memo: dict[str, Data | None] = {}

    def _name(self, uid: str) -> str:
        return f"{self._base}:{self._pre}{UNITS_DIR}/{uid}.yaml"

    def prefetch(self, ids: Iterable[str]) -> None:
        todo = [i for i in set(ids) if i not in self._memo]
        if todo:
            found = self._repo.objects([self._name(i) for i in todo])
            for i in todo:
                self._memo[i] = parse(found.get(self._name(i)), "unit")

    def seed_new(self, uid: str, data: Data | None) -> None:
        """A unit the change adds: it has no maintainers yet, only the units it names above it."""
        self._memo[uid] = {k: v for k, v in (data or {}).items() if k in ("supervisor", "parent")}

    def get(self, uid: str) -> Data | None:
        if uid not in self._memo:
            self.prefetch([uid])
        return self._memo[uid]


def administrators(repo: Repo, base: str, prefix: str) -> set[str]:
    pre = f"{prefix}/" if prefix else ""
    name = f"{base}:{pre}{PORTAL_FILE}"
    return identities(parse(repo.objects([name]).get(name), "portal"), "administrators")


def _host(data: Data | None, file: str | None) -> str | None:
    host = (data or {}).get("host_unit")
    if isinstance(host, str):
        return host
    return file.split("/")[-2] if file else None


def _maintainers_changed(r: RecordChange) -> bool:
    return identities(r.old, "maintainers") != identities(r.new, "maintainers")


def _without_maintainers(data: Data | None) -> Data:
    return {k: v for k, v in (data or {}).items() if k != "maintainers"}


def _other_fields_changed(r: RecordChange) -> bool:
    return _without_maintainers(r.old) != _without_maintainers(r.new)


def ownership_checks(diff: TreeDiff, actors: list[str], admins: set[str], units: BaseUnits) -> Iterator[Problem]:
    """Every change the actors may not make, for each actor not among the administrators."""
    for r in diff.records:
        if r.kind == "unit" and r.old_file is None:
            units.seed_new(r.id, r.new)
    units.prefetch(u for r in diff.records for u in (_host(r.old, r.old_file), _host(r.new, r.new_file),
                                                      (r.old or {}).get("inspector"), (r.new or {}).get("inspector"),
                                                      r.id if r.kind == "unit" else None) if isinstance(u, str))
    for actor in actors:
        who = norm(actor)
        if who in admins:
            continue
        for r in diff.records:
            yield from _record(r, actor, who, units)
        for path in diff.outside:
            yield texts.make("PR013", path, actor=actor, target=path)


def _record(r: RecordChange, actor: str, who: str, units: BaseUnits) -> Iterator[Problem]:
    zh, en = kind_label(r.kind)
    if r.kind == "account":
        hosts = dict.fromkeys(h for h in (_host(r.old, r.old_file), _host(r.new, r.new_file)) if h)
        for unit in hosts:
            if who not in maintainers(unit, units.get):
                yield texts.make("PR010", r.file, actor=actor, unit=unit, kind_zh=zh, kind_en=en, id=r.id)
    elif r.kind == "unit":
        if who in maintainers(r.id, units.get):  # a new unit: by the maintainers of the units above it
            return
        if r.old_file is not None and _maintainers_changed(r):
            yield texts.make("PR011", r.file, "maintainers" if r.new and "maintainers" in r.new else "",
                             actor=actor, unit=r.id)
        if r.old_file is None or r.new_file is None or _other_fields_changed(r):
            yield texts.make("PR010", r.file, actor=actor, unit=r.id, kind_zh=zh, kind_en=en, id=r.id)
    elif r.kind == "inspection":
        inspectors = dict.fromkeys(i for i in ((r.old or {}).get("inspector"), (r.new or {}).get("inspector"))
                                   if isinstance(i, str))
        for unit in inspectors or {"": None}:
            if who not in identities(units.get(unit) if unit else None, "maintainers"):
                yield texts.make("PR012", r.file, "inspector" if r.new and "inspector" in r.new else "", actor=actor,
                                 unit=unit or "?", id=r.id)
    else:  # portal.yaml and anything else in the registry folder
        yield texts.make("PR013", r.file, actor=actor, target=r.file)
