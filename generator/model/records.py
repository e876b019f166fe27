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

    @property
    def config(self) -> dict[str, Any]:
        return self.portal.data if self.portal else {}

    def display_root(self) -> str:
        return self.root.name

    def records(self) -> list[Record]:
        out: list[Record] = [self.portal] if self.portal else []
        return out + self.units + self.accounts + self.inspections
