"""What a supervising unit answers for in a year: the units it supervises (and itself), their accounts
running in the year, its own checks, the checks others made of its accounts, and how the check levels
compare with the jurisdiction's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.assess.book import Batch, Book, Result
from generator.model.records import Record, Registry

LEVELS = {"county": 1, "city": 2, "province": 3, "national": 4}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def account_span(account: dict[str, Any]) -> tuple[dt.date | None, dt.date | None, bool]:
    """(opened, ended, known): the open filing's event (else `opened`), the first closing or
    deregistering filing's event; `known` is False for an account not active whose end no dated filing
    gives."""
    opened = end = None
    for f in account.get("filings") or ():
        day = _date(f.get("event_date")) if not f.get("date_unknown") else None
        if f.get("type") == "open" and opened is None:
            opened = day
        elif f.get("type") in ("close", "deregister") and day is not None and (end is None or day < end):
            end = day
    opened = opened or _date(account.get("opened"))
    known = account.get("status") == "active" or end is not None
    return opened, end, known


def running(account: dict[str, Any], start: dt.date, end: dt.date) -> bool:
    """Whether the account ran at some time from `start` to `end` (an unknown opening counts as before)."""
    opened, closed, known = account_span(account)
    if not known:
        return False
    return (opened is None or opened <= end) and (closed is None or closed >= start)


def supervising_units(registry: Registry) -> list[str]:
    """Units named as some unit's `supervisor`, by id."""
    return sorted({u.data["supervisor"] for u in registry.units if u.data.get("supervisor") in registry.unit_by_id})


def jurisdiction_level(registry: Registry, profile_level: str) -> int:
    """The rank of the jurisdiction's own level: its root unit's, else the profile's."""
    root = registry.unit_by_id.get(str(registry.config.get("root_unit") or ""))
    return LEVELS.get(str(root.data.get("level")) if root else "", LEVELS.get(profile_level, 1))


class Index:
    """The registry and the book by unit, supervisor and inspector, built once for every unit's scope."""

    def __init__(self, registry: Registry, book: Book) -> None:
        self.supervised: dict[str, list[str]] = {}
        for u in registry.units:
            sup = u.data.get("supervisor")
            if sup:
                self.supervised.setdefault(sup, []).append(u.id)
        self.accounts_of: dict[str, list[Record]] = {}
        for a in registry.accounts:
            self.accounts_of.setdefault(str(a.data.get("host_unit", "")), []).append(a)
        self.batches_of: dict[str, list[Batch]] = {}
        for b in book.batches.values():
            self.batches_of.setdefault(str(b.data.get("inspector", "")), []).append(b)
        self._spans: dict[str, tuple[dt.date | None, dt.date | None, bool]] = {}

    def ran(self, a: Record, start: dt.date, end: dt.date) -> bool:
        """running(), with each account's span read once."""
        span = self._spans.get(a.id)
        if span is None:
            span = self._spans[a.id] = account_span(a.data)
        opened, closed, known = span
        return known and (opened is None or opened <= end) and (closed is None or closed >= start)


@dataclass
class Scope:
    registry: Registry
    book: Book
    unit: str
    year: int
    today: dt.date  # the assessment day; events after it are not counted
    index: Index | None = None

    def __post_init__(self) -> None:
        if self.index is None:
            self.index = Index(self.registry, self.book)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day counted: the year's end, or the assessment day within the year."""
        return min(dt.date(self.year, 12, 31), self.today)

    @property
    def final(self) -> bool:
        return self.today > dt.date(self.year, 12, 31)

    @property
    def _index(self) -> Index:
        assert self.index is not None
        return self.index

    @cached_property
    def units(self) -> set[str]:
        return {*self._index.supervised.get(self.unit, ()), self.unit}

    @cached_property
    def accounts(self) -> list[Record]:
        """The accounts of the supervised units that ran in the year (up to the assessment day)."""
        return sorted((a for u in self.units for a in self._index.accounts_of.get(u, ())
                       if self._index.ran(a, self.start, self.end)), key=lambda a: a.id)

    def ran(self, a: Record, start: dt.date, end: dt.date) -> bool:
        return self._index.ran(a, start, end)

    def running_in(self, start: dt.date, end: dt.date) -> list[Record]:
        """The unit's accounts that ran at some time from `start` to `end` (kept: each quarter is asked
        by several measures)."""
        memo = self.__dict__.setdefault("_running", {})
        got = memo.get((start, end))
        if got is None:
            got = memo[(start, end)] = [a for a in self.accounts if self._index.ran(a, start, end)]
        return got

    def in_year(self, day: Any) -> bool:
        d = _date(day) if not isinstance(day, dt.date) else day
        return d is not None and self.start <= d <= self.end

    @cached_property
    def own_batches(self) -> list[Batch]:
        """The unit's own checks dated in the year."""
        return self.host_batches(self.unit)

    def host_batches(self, host: str) -> list[Batch]:
        return [b for b in self._index.batches_of.get(host, ()) if self.in_year(b.date)]

    @cached_property
    def others_results(self) -> list[tuple[Batch, Result]]:
        """Results on the unit's accounts in checks dated in the year that neither it nor a unit it
        supervises made, in date order."""
        out = [(b, r) for a in self.accounts for b, r in self.book.of_account.get(a.id, ())
               if b.data.get("inspector") not in self.units and self.in_year(b.date)]
        return sorted(out, key=lambda br: (br[0].date, br[0].id, br[1].account))

    def higher_results(self, level: int) -> list[tuple[Batch, Result]]:
        """Of those, the results of checks by offices above the jurisdiction's level."""
        return [(b, r) for b, r in self.others_results if LEVELS.get(str(b.data.get("level")), 0) > level]

    def checked(self, batches: Iterable[Batch]) -> set[str]:
        mine = {a.id for a in self.accounts}
        return {r.account for b in batches for r in b.results if r.account in mine}
