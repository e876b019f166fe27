"""Chinese working days (工作日) on the official State Council holiday calendar.

A working day is a Monday–Friday that is not a public holiday, or a weekend make-up working day
(调休上班). Years come from the `chinese-calendar` package (2004 to the last year it ships) or from
`portal.yaml`'s `calendar` block, which wins for the years it lists. A computation that needs a year
neither knows raises `UnknownYear`: it is never silently counted as plain weekdays.

Counting convention (as deadlines are read in the documents): "within N working days after D" means
on or before `add_working_days(D, N)`, the N-th working day after D; D itself does not count.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from chinese_calendar import constants as _cc

SHARED_KEY = "workdays.calendar"


class UnknownYear(Exception):
    """The holiday arrangements of `year` are not known: add them to portal.yaml's `calendar`."""

    def __init__(self, year: int) -> None:
        super().__init__(f"no official holiday calendar for {year}")
        self.year = year


def _package_years() -> set[int]:
    years = {d.year for d in _cc.holidays} | {d.year for d in _cc.workdays}
    return set(range(min(years), max(years) + 1))


def _as_date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


class WorkCalendar:
    """Working-day arithmetic over the known years, by prefix sums (O(log n) per query)."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self._override: dict[int, tuple[set[dt.date], set[dt.date]]] = {}
        for year, spec in (overrides or {}).items():
            spec = spec or {}
            hol = {_as_date(d) for d in spec.get("holidays") or ()}
            work = {_as_date(d) for d in spec.get("workdays") or ()}
            self._override[int(year)] = (hol, work)
        self.known_years: frozenset[int] = frozenset(_package_years() | set(self._override))
        self._first = dt.date(min(self.known_years), 1, 1)
        last = dt.date(max(self.known_years), 12, 31)
        n = (last - self._first).days + 1
        self._cum: list[int] = [0] * n  # working days in [first, first + i]
        total = 0
        for i in range(n):
            d = self._first + dt.timedelta(days=i)
            if d.year in self.known_years and self._raw_is_workday(d):
                total += 1
            self._cum[i] = total

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> WorkCalendar:
        return cls((config or {}).get("calendar") or {})

    def _raw_is_workday(self, d: dt.date) -> bool:
        if d.year in self._override:
            hol, work = self._override[d.year]
            if d in work:
                return True
            if d in hol:
                return False
            return d.weekday() < 5
        # Same answer as chinese_calendar.is_workday, read straight from its tables (that function
        # validates its argument at each call and costs ~0.5 s over the whole calendar).
        if d in _cc.workdays:
            return True
        return d.weekday() < 5 and d not in _cc.holidays

    def _check(self, *years: int) -> None:
        for y in range(min(years), max(years) + 1):
            if y not in self.known_years:
                raise UnknownYear(y)

    def _idx(self, d: dt.date) -> int:
        return (d - self._first).days

    def is_workday(self, d: dt.date) -> bool:
        self._check(d.year)
        i = self._idx(d)
        return self._cum[i] - (self._cum[i - 1] if i else 0) == 1

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        self._check(start.year, end.year)
        return self._cum[self._idx(end)] - self._cum[self._idx(start)]

    def past_deadline(self, start: dt.date, n: int, day: dt.date) -> bool:
        """Whether `day` is after the end of "within n working days after start" (n >= 0), that is
        `day > add_working_days(start, n)`: a filing dated on the weekend or holiday right after the
        deadline is late. Counted as "at least n working days in (start, day - 1]", which needs the
        calendar only up to `day` (a filing on time on 31 December needs nothing of the next year)."""
        if day <= start:
            return False
        return self.working_days_between(start, day - dt.timedelta(days=1)) >= n

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (n > 0), or before it (n < 0); n == 0 returns start."""
        if n == 0:
            return start
        self._check(start.year)
        base = self._cum[self._idx(start)]
        if n > 0:
            target = base + n
            i = bisect_left(self._cum, target)  # first day whose count reaches target
            if i >= len(self._cum):
                raise UnknownYear(max(self.known_years) + 1)
        else:
            # the day before start has count base - is_workday(start); we want the |n|-th working day before
            i0 = self._idx(start)
            before = self._cum[i0 - 1] if i0 else 0
            target = before + n + 1  # count at the wanted day (it is a working day)
            if target <= 0:
                raise UnknownYear(min(self.known_years) - 1)
            i = bisect_left(self._cum, target)
        result = self._first + dt.timedelta(days=i)
        self._check(start.year, result.year)
        return result


def calendar_for(shared: dict[str, Any], config: Mapping[str, Any] | None) -> WorkCalendar:
    """One calendar per run, cached in the rule context's `shared` memo."""
    cal = shared.get(SHARED_KEY)
    if cal is None:
        cal = shared[SHARED_KEY] = _calendar_for_overrides(repr(sorted(((config or {}).get("calendar") or {}).items())),
                                                           (config or {}).get("calendar") or {})
    return cal


_BY_OVERRIDES: dict[str, WorkCalendar] = {}


def _calendar_for_overrides(key: str, overrides: Mapping[str, Any]) -> WorkCalendar:
    """Calendars are immutable: one per distinct override block per process (serve, tests)."""
    cal = _BY_OVERRIDES.get(key)
    if cal is None:
        cal = _BY_OVERRIDES[key] = WorkCalendar(overrides)
    return cal


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar | None = None) -> dt.date:
    return (calendar or _default()).add_working_days(start, n)


def past_deadline(start: dt.date, n: int, day: dt.date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or _default()).past_deadline(start, n, day)


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    return (calendar or _default()).working_days_between(start, end)


_DEFAULT: WorkCalendar | None = None


def _default() -> WorkCalendar:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = WorkCalendar()
    return _DEFAULT
