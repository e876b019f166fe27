"""Helpers of the structural rules (no rule here)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterable, Iterator

from generator.check.engine import RuleContext
from generator.model.records import Record, Registry

SUGGEST_MAX = 200  # suggestions of a close id in one run; past this, hints stop suggesting
SMALL = 2000  # options compared all with every value; more are indexed by their first two characters


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


class Suggester:
    """The closest known id to a mistyped one, for the hints of a run. Among many options, candidates
    share the first two characters of the value (a typo rarely starts a word); after
    SUGGEST_MAX suggestions a run stops suggesting, so that a batch with 100,000 unknown references
    stays linear."""

    def __init__(self, options: Iterable[str]) -> None:
        self.all = list(options)
        self.by_prefix: dict[str, list[str]] = {}
        if len(self.all) > SMALL:
            for o in self.all:
                self.by_prefix.setdefault(o[:2], []).append(o)
        self.left = SUGGEST_MAX

    def __call__(self, value: str) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        candidates = self.by_prefix.get(value[:2], ()) if self.by_prefix else self.all
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
        return close[0] if close else ""


def suggester(ctx: RuleContext, name: str, options: Callable[[], Iterable[str]]) -> Suggester:
    """The run's Suggester for a set of options (units, accounts …), kept in the run's memo; `options`
    is asked once per run."""
    key = f"structure.suggest.{name}"
    s = ctx.shared.get(key)
    if s is None:
        s = ctx.shared[key] = Suggester(options())
    return s
