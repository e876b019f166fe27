"""The loaded registry: records as plain dicts (fast at 300,000 accounts) with their file and kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

RecordKind = Literal["portal", "unit", "account", "inspection"]


@dataclass(slots=True)
class Record:
    kind: RecordKind
    file: str  # display path, relative to the registry's parent: registry/accounts/u/a.yaml
    data: dict[str, Any]
    digest: str = ""  # content hash (git blob id) the cache is keyed by

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else ""


@dataclass
class Registry:
    """Every record that loaded and passed its schema. Records that failed are not here; their
    problems were reported by the loader, and rules never see half-valid data."""

    root: Path
    portal: Record | None = None
    units: list[Record] = field(default_factory=list)
    accounts: list[Record] = field(default_factory=list)
    inspections: list[Record] = field(default_factory=list)
    # Files that exist but failed to load or validate, by kind (so rules can avoid follow-on noise,
    # e.g. a "host unit does not exist" when the unit file is merely malformed).
    broken: dict[str, set[str]] = field(default_factory=dict)
    state: str = ""  # digest of the files the load read (load.state_digest): keys results computed from it
    load_stats: dict[str, int] = field(default_factory=dict)  # files, by_stat, read, parsed
    blobs: dict[str, str] = field(default_factory=dict)  # display path → git blob id, every record file read
    # display path → (kind, ids it stands for) of each file in `broken`: what a change to the file undoes
    broken_files: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # A partial registry (the records a change can affect, `check.change`) holds only some records; the
    # ids of the others, by kind, so that a reference to one of them still resolves.
    elsewhere: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """First record wins for each id; duplicates are reported by a structural rule."""
        self.unit_by_id: dict[str, Record] = {}
        for r in self.units:
            self.unit_by_id.setdefault(r.id, r)
        self.account_by_id: dict[str, Record] = {}
        for r in self.accounts:
            self.account_by_id.setdefault(r.id, r)
        self.inspection_by_id: dict[str, Record] = {}
        for r in self.inspections:
            self.inspection_by_id.setdefault(r.id, r)

    def by_id(self, kind: str) -> dict[str, Record]:
        """unit_by_id, account_by_id or inspection_by_id."""
        by_id: dict[str, Record] = getattr(self, f"{kind}_by_id")
        return by_id

    def has_id(self, kind: str, rid: str) -> bool:
        """Whether a record of `kind` with this id loaded (here, or elsewhere for a partial registry)."""
        return rid in self.by_id(kind) or rid in self.elsewhere.get(kind, ())

    def ids(self, kind: str) -> list[str]:
        """Every id of `kind` that has_id accepts."""
        return [*self.by_id(kind), *self.elsewhere.get(kind, ())]

    @property
    def config(self) -> dict[str, Any]:
        return self.portal.data if self.portal else {}

    def display_root(self) -> str:
        return self.root.name

    def records(self) -> list[Record]:
        out: list[Record] = [self.portal] if self.portal else []
        return out + self.units + self.accounts + self.inspections
