"""What a change does to the registry's records: the files that differ between two commits, read as
records (base version and head version), with moves paired by record id.

Only changed paths are read (their blobs, by id). A version that does not load is kept as None: the
validation of head reports what is wrong with it, and the history checks skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.check.pr.gitrepo import Changed, Repo
from generator.load.read import analyse
from generator.paths import ACCOUNTS_DIR, INSPECTIONS_DIR, PORTAL_FILE, UNITS_DIR

Data = dict[str, Any]


def kind_of(rel: str) -> str:
    """The record kind of a path relative to the registry folder ("other" for anything else)."""
    parts = PurePosixPath(rel).parts
    if not rel.endswith(".yaml"):
        return "other"
    if parts == (PORTAL_FILE,):
        return "portal"
    if len(parts) == 2 and parts[0] == UNITS_DIR:
        return "unit"
    if len(parts) == 3 and parts[0] == ACCOUNTS_DIR:
        return "account"
    if len(parts) == 3 and parts[0] == INSPECTIONS_DIR:
        return "inspection"
    return "other"


def parse(raw: bytes | None, kind: str) -> Data | None:
    """A record version as the loader reads it (same YAML semantics, schema-checked), or None when
    it is missing or does not load: the validation of head names what is wrong with it."""
    return None if raw is None else analyse(raw, kind).data


@dataclass
class RecordChange:
    """One record (or other file) the change adds, deletes, modifies or moves. Paths are display paths
    (`registry/accounts/u/a.yaml`, as problems name files); `rel_*` are relative to the registry."""

    kind: str  # portal | unit | account | inspection | other
    old_file: str | None
    new_file: str | None
    old: Data | None = None
    new: Data | None = None

    @property
    def status(self) -> str:
        if self.old_file is None:
            return "added"
        if self.new_file is None:
            return "deleted"
        return "moved" if self.old_file != self.new_file else "modified"

    @property
    def file(self) -> str:
        """Where a problem with this record is reported: the head version, else the base version."""
        return self.new_file or self.old_file or ""

    @property
    def id(self) -> str:
        for data, file in ((self.new, self.new_file), (self.old, self.old_file)):
            if data is not None and isinstance(data.get("id"), str):
                return data["id"]
            if file:
                return PurePosixPath(file).stem
        return ""


@dataclass
class TreeDiff:
    records: list[RecordChange]  # registry files (kind != "other" or under the registry)
    outside: list[str]  # repository paths outside the registry folder


def tree_diff(repo: Repo, base: str, head: str, prefix: str, display_root: str) -> TreeDiff:
    """The change from base to head. `prefix` is the registry folder relative to the repository's top
    ("" when the registry is the top); `display_root` is the registry folder's name."""
    changed = repo.changed(base, head)
    pre = f"{prefix}/" if prefix else ""
    inside: list[tuple[Changed, str]] = []
    outside: list[str] = []
    for c in changed:
        if pre and not c.path.startswith(pre):
            outside.append(c.path)
        else:
            inside.append((c, c.path[len(pre):]))
    wanted = [b for c, rel in inside if kind_of(rel) != "other" for b in (c.old_blob, c.new_blob)]
    blobs = repo.objects(wanted)
    records: list[RecordChange] = []
    for c, rel in inside:
        kind = kind_of(rel)
        file = f"{display_root}/{rel}"
        records.append(RecordChange(
            kind=kind,
            old_file=file if c.old_blob else None,
            new_file=file if c.new_blob else None,
            old=parse(blobs.get(c.old_blob), kind) if c.old_blob and kind != "other" else None,
            new=parse(blobs.get(c.new_blob), kind) if c.new_blob and kind != "other" else None,
        ))
    return TreeDiff(records=_pair_moves(records), outside=outside)


def _pair_moves(records: list[RecordChange]) -> list[RecordChange]:
    """A deleted and an added record of the same kind and id are one record that moved."""
    added: dict[tuple[str, str], RecordChange] = {}
    for r in records:
        if r.status == "added" and r.kind in ("account", "inspection"):
            added.setdefault((r.kind, r.id), r)
    out: list[RecordChange] = []
    consumed: set[int] = set()
    for r in records:
        target = added.pop((r.kind, r.id), None) if r.status == "deleted" else None
        if target is None:
            out.append(r)
        else:
            consumed.add(id(target))
            out.append(RecordChange(r.kind, r.old_file, target.new_file, r.old, target.new))
    return [r for r in out if id(r) not in consumed]
