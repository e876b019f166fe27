"""Helpers of the structural rules (no rule here)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterator

from generator.model.records import Record, Registry

SUGGEST_MAX = 200  # references with a suggestion of a close id; past this, suggestions stop (cost)


def broken(reg: Registry, kind: str) -> set[str]:
    """Ids of records of `kind` whose files exist but failed to load: no follow-on finding for them."""
    return reg.broken.get(kind, set())


def folder_of(r: Record) -> str:
    """The name of the folder holding a record's file."""
    return r.file.rpartition("/")[0].rpartition("/")[2]


def _age_key(r: Record) -> tuple[str, str]:
    """Older records keep an id; the newer one (later first filing, then later path) is blamed."""
    filings = r.data.get("filings") or [{}]
    return (filings[0].get("event_date", ""), r.file)


def duplicates(records: list[Record], key: Callable[[Record], Hashable | None]) -> Iterator[list[Record]]:
    """Groups of records sharing a key (None: no key), oldest first; the first of a group keeps it."""
    by_key: dict[Hashable, list[Record]] = {}
    for r in records:
        k = key(r)
        if k is not None:
            by_key.setdefault(k, []).append(r)
    for group in by_key.values():
        if len(group) > 1:
            yield sorted(group, key=_age_key)


def suggest(value: str, options: list[str] | dict[str, object]) -> str:
    """The closest of options to value, or ""."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""
