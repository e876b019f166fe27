"""Shared helpers of the jurisdiction rules: per-run indexes (built once, kept in ctx.shared), the
platform catalogue, the working-day calendar and date parsing. Not a rule module."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from generator.check.engine import RuleContext
from generator.check.workdays import WorkCalendar, calendar_for
from generator.model import labels, platforms
from generator.model.records import Record


def catalogue() -> dict[str, dict[str, Any]]:
    """The platform catalogue as written, by key (read once per process, shared with platforms)."""
    return platforms.entries()


@lru_cache(maxsize=256)  # the catalogue is fixed: a handful of keys asked once per account
def platform_kind(key: str) -> str:
    return (catalogue().get(key) or {}).get("kind", "account")


def platform_zh(key: str) -> str:
    return labels.platform(key)


_DATES: dict[str, dt.date | None] = {}


def date(value: Any) -> dt.date | None:
    """An ISO date string (or date) as a date; None when absent or malformed. Memoised: a registry
    repeats the same few thousand dates across 300,000 records."""
    if isinstance(value, str):
        d = _DATES.get(value, False)
        if d is False:
            try:
                d = dt.date.fromisoformat(value)
            except ValueError:
                d = None
            if len(_DATES) < 200_000:
                _DATES[value] = d
        return d  # type: ignore[return-value]
    if isinstance(value, dt.date):
        return value
    return None


def calendar(ctx: RuleContext) -> WorkCalendar:
    return calendar_for(ctx.shared, ctx.registry.config)


def unit_of(ctx: RuleContext, account: Record) -> Record | None:
    return ctx.registry.unit_by_id.get(account.data.get("host_unit", ""))


def unit_name(ctx: RuleContext, unit_id: str) -> str:
    u = ctx.registry.unit_by_id.get(unit_id)
    return (u.data.get("name") if u else None) or unit_id


def accounts_by_unit(ctx: RuleContext) -> dict[str, list[Record]]:
    idx = ctx.shared.get("j.accounts_by_unit")
    if idx is None:
        idx = defaultdict(list)
        for a in ctx.registry.accounts:
            idx[a.data.get("host_unit", "")].append(a)
        ctx.shared["j.accounts_by_unit"] = idx
    return idx


def open_filing(account: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    for i, f in enumerate(account.get("filings") or ()):
        if f.get("type") == "open":
            return i, f
    return None


def dated(filing: dict[str, Any]) -> bool:
    """Whether a filing's dates are real registry dates: a filing imported from a spreadsheet
    (`imported`) or standing in for an unknown date (`date_unknown`) is not judged by deadline and
    approval rules (FIL009 says so, once per account)."""
    return not filing.get("imported") and not filing.get("date_unknown")


def opened_date(account: dict[str, Any]) -> dt.date | None:
    """The opening day: the open filing's event date, else the account's `opened`; None if unknown."""
    of = open_filing(account)
    if of is not None:
        return date(of[1].get("event_date")) if not of[1].get("date_unknown") else None
    return date(account.get("opened"))


def in_force(ctx: RuleContext, day: dt.date | None) -> bool:
    """Whether an event on `day` falls under the profile (on or after its effective date)."""
    eff = date(ctx.params.get("effective_date"))
    return day is not None and (eff is None or day >= eff)


def _names(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


def _selected(unit: dict[str, Any], sel: dict[str, Any]) -> bool:
    name = str(unit.get("name", ""))
    for k, v in sel.items():
        if k in ("kind", "level", "in_scope"):
            ok = unit.get(k) == v
        elif k == "name_suffix":  # 人民政府 / 管理委员会: a town's government, not its 街道办事处
            ok = name.endswith(_names(v))
        elif k == "name_contains":  # 赣江新区
            ok = any(x in name for x in _names(v))
        else:
            continue
        if not ok:
            return False
    return True


def matches_selector(unit: dict[str, Any], selectors: list[dict[str, Any]]) -> bool:
    """A selector {kind: government, level: city} matches when every key it names matches: kind,
    level, in_scope, name_suffix and name_contains (a text or a list of texts, any of which)."""
    return any(_selected(unit, sel) for sel in selectors or ())


class WorkingDayCheck(NamedTuple):
    """How a rule counts working days, stated once so that CAL001 makes exactly the computations the
    rule makes (with the rule's own setting): `items(ctx, params)` yields (record, path, item) for each
    thing the rule judges, `decide(calendar, params, item)` is the rule's computation for one item and
    raises UnknownYear when the calendar lacks a year it needs."""

    code: str
    items: Callable[[RuleContext, dict[str, Any]], Iterator[tuple[Record, str, Any]]]
    decide: Callable[[WorkCalendar, dict[str, Any], Any], Any]


def effective(params: dict[str, Any], day: dt.date | None) -> bool:
    """in_force for a rule's params (those of another rule, as CAL001 reads them)."""
    eff = date(params.get("effective_date"))
    return day is not None and (eff is None or day >= eff)
