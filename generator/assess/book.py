"""Every inspection batch's computed results, in one book: each account's outcome (scoring.score),
what became of each finding (rectified, re-checked, overdue), pass rates per batch, period, platform and
unit, and the zombie and dormant accounts of each period.

It reads plain record dicts (batches, accounts by id, units by id), so the rules, the public pages (the
dicts of site/public.py) and the yearly assessment build the same book from what they hold.

Rectification of a result that failed or carries a deadline (`rectify_by`): done on `rectified`, or on
the date of a later batch that re-checks it (`recheck_of`, followed up the chain) and finds the account
passing; done after the deadline is late; past the deadline (`today`) and not done is overdue; before
it, pending; a failure with neither a deadline nor a fix is open.

Pass rates count the results of the regular batches (a re-check follows up failures, it does not
sample accounts again): per batch, and per period over its batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.assess.scoring import Outcome, score
from generator.check.rubrics import Rubric, find_rubric
from generator.model import platforms

# rectification states
PENDING, DONE, LATE, OVERDUE, OPEN = "pending", "done", "late", "overdue", "open"
# what a re-check found of an earlier failure
CLOSED, STILL_FAILING, NOT_RECHECKED = "closed", "failing", "not_rechecked"


def _kind(platform: str) -> str:
    p = platforms.catalogue().get(platform)
    return p.kind if p else "account"


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(eq=False)
class Result:
    """One account's result in one batch, computed when first asked (a rule that needs only the
    rectification deadlines scores nothing it does not look at)."""

    batch: str
    account: str
    platform: str  # "" when the account is not in the registry
    unit: str  # host unit id
    data: Mapping[str, Any]  # the result as recorded
    rubric: Rubric
    day: dt.date | None  # the batch's check day
    today: dt.date | None  # the day rectifications are judged on
    closed_by: str | None = None  # the re-check batch that found the account passing
    closed_on: str | None = None

    @cached_property
    def outcome(self) -> Outcome:
        return score(self.data, self.rubric, _kind(self.platform), self.day)

    @property
    def passed(self) -> bool:
        return self.outcome.passed

    @property
    def rectify_by(self) -> str | None:
        return self.data.get("rectify_by")

    @property
    def rectified_on(self) -> str | None:
        """When the finding was put right: the recorded day, else the passing re-check's."""
        return self.data.get("rectified") or self.closed_on

    @cached_property
    def rectification(self) -> str:
        """"" (nothing to put right) | pending | done | late | overdue | open."""
        due = self.rectify_by
        if not due and self.passed:
            return ""
        done = self.rectified_on
        if done:
            return LATE if due and done > due else DONE
        if due:
            return OVERDUE if self.today is not None and self.today.isoformat() > due else PENDING
        return OPEN


@dataclass(frozen=True)
class Rate:
    key: str  # platform key, unit id, period, batch id
    passed: int
    total: int

    @property
    def percent(self) -> float | None:
        return self.passed * 100 / self.total if self.total else None


@dataclass(frozen=True)
class Activity:
    """A zombie or dormant account seen in a period."""

    account: str
    batch: str
    state: str  # zombie | dormant
    zh: str
    en: str


@dataclass
class Batch:
    data: Mapping[str, Any]
    results: list[Result]  # by account id
    rechecked_by: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def period(self) -> str:
        return str(self.data["period"])

    @property
    def date(self) -> str:
        return str(self.data["date"])

    @property
    def is_recheck(self) -> bool:
        return self.data.get("kind") == "recheck" or bool(self.data.get("recheck_of"))

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.passed]

    @property
    def passed(self) -> list[Result]:
        return [r for r in self.results if r.passed]

    @property
    def overdue(self) -> list[Result]:
        return [r for r in self.results if r.rectify_by and r.rectification == OVERDUE]  # scores nothing

    @cached_property
    def _by_account(self) -> dict[str, Result]:
        return {r.account: r for r in reversed(self.results)}  # INSP001 reports a second result; the first counts

    def result_of(self, account: str) -> Result | None:
        return self._by_account.get(account)


# (platform, host unit dict or None, observations, check day) -> (state, zh, en) or None
Classifier = Callable[[str, Mapping[str, Any] | None, Mapping[str, Any], dt.date], tuple[str, str, str] | None]


class Book:
    def __init__(self, batches: Iterable[Mapping[str, Any]], accounts: Mapping[str, Mapping[str, Any]],
                 units: Mapping[str, Mapping[str, Any]], today: dt.date | None = None,
                 classify: Classifier | None = None) -> None:
        self.accounts = accounts
        self.units = units
        self.today = today
        self.classify = classify
        self.batches: dict[str, Batch] = {}
        for b in sorted(batches, key=lambda b: (str(b.get("date")), str(b.get("id")))):
            rubric = find_rubric(str(b.get("rubric")))
            if rubric is None or b.get("id") in self.batches:
                continue  # an unknown rubric cannot be scored (INSP002); a duplicate id is ID00x's
            day = _date(b.get("date"))
            results = []
            for r in b.get("results") or ():
                acc = accounts.get(r.get("account", "")) or {}
                platform = str(acc.get("platform", ""))
                results.append(Result(str(b["id"]), r["account"], platform, str(acc.get("host_unit", "")), r, rubric,
                                      day, today))
            results.sort(key=lambda x: x.account)
            self.batches[str(b["id"])] = Batch(b, results)
        self._link_rechecks()

    # --- re-checks and rectification -------------------------------------------------------------
    def _link_rechecks(self) -> None:
        for b in self.batches.values():  # oldest first
            prev = self.batches.get(str(b.data.get("recheck_of") or ""))
            if prev is None or prev is b:
                continue
            prev.rechecked_by.append(b.id)
            for r in b.passed:
                seen: set[str] = set()
                p: Batch | None = prev
                while p is not None and p.id not in seen:  # follow the chain of re-checks upwards
                    seen.add(p.id)
                    earlier = p.result_of(r.account)
                    if (earlier is not None and earlier.closed_by is None and p.date <= b.date
                            and (earlier.rectify_by or not earlier.passed)):
                        earlier.closed_by, earlier.closed_on = b.id, b.date
                    p = self.batches.get(str(p.data.get("recheck_of") or ""))

    def recheck_of(self, batch: Batch) -> list[tuple[Result, str]]:
        """The failures of the batch `batch` re-checks, with what it found of each."""
        prev = self.batches.get(str(batch.data.get("recheck_of") or ""))
        if prev is None:
            return []
        out = []
        for r in prev.failed:
            now = batch.result_of(r.account)
            out.append((r, NOT_RECHECKED if now is None else CLOSED if now.passed else STILL_FAILING))
        return out

    # --- views -----------------------------------------------------------------------------------
    @cached_property
    def of_account(self) -> dict[str, list[tuple[Batch, Result]]]:
        """account id → its results, newest batch first."""
        out: dict[str, list[tuple[Batch, Result]]] = {}
        for b in sorted(self.batches.values(), key=lambda b: (b.date, b.id), reverse=True):
            for r in b.results:
                out.setdefault(r.account, []).append((b, r))
        return out

    @cached_property
    def periods(self) -> list[tuple[str, list[Batch]]]:
        """(period, its batches by date), newest period first."""
        by: dict[str, list[Batch]] = {}
        for b in self.batches.values():
            by.setdefault(b.period, []).append(b)
        return [(p, sorted(by[p], key=lambda b: (b.date, b.id))) for p in sorted(by, reverse=True)]

    def period_batches(self, period: str) -> list[Batch]:
        return next((bs for p, bs in self.periods if p == period), [])

    @staticmethod
    def counted(batches: Iterable[Batch]) -> list[Result]:
        """The results pass rates count: those of the batches that are not re-checks."""
        return [r for b in batches if not b.is_recheck for r in b.results]

    @staticmethod
    def rate(results: Iterable[Result], key: str = "") -> Rate:
        rs = list(results)
        return Rate(key, sum(1 for r in rs if r.passed), len(rs))

    def rates_by(self, results: Iterable[Result], what: str) -> list[Rate]:
        """Pass rates by platform or by host unit (`what`: platform | unit), in the catalogue's order
        of platforms, units by name."""
        groups: dict[str, list[Result]] = {}
        for r in results:
            groups.setdefault(r.platform if what == "platform" else r.unit, []).append(r)
        if what == "platform":
            order = {k: i for i, k in enumerate(platforms.catalogue())}
            keys = sorted(groups, key=lambda k: (order.get(k, len(order)), k))
        else:
            keys = sorted(groups, key=lambda u: (str((self.units.get(u) or {}).get("name", u)), u))
        return [self.rate(groups[k], k) for k in keys]

    @cached_property
    def trend(self) -> list[Rate]:
        """The pass rate of each period that sampled accounts (not only re-checks), oldest first."""
        rates = [self.rate(self.counted(bs), p) for p, bs in reversed(self.periods)]
        return [r for r in rates if r.total]

    def activity(self, period: str) -> list[Activity]:
        """Zombie and dormant accounts of a period: each account's newest observation in the period's
        batches, judged by the profile's thresholds (an account checked once is judged on that check)."""
        if self.classify is None:
            return []
        newest: dict[str, tuple[Batch, Result]] = {}
        for b in self.period_batches(period):
            for r in b.results:
                if r.data.get("observations"):
                    newest[r.account] = (b, r)  # batches are in date order: the last one wins
        out = []
        for acc_id in sorted(newest):
            b, r = newest[acc_id]
            acc = self.accounts.get(acc_id)
            day = _date(b.data.get("date"))
            if acc is None or day is None or acc.get("status") != "active":
                continue
            found = self.classify(r.platform, self.units.get(r.unit), r.data["observations"], day)
            if found is not None:
                out.append(Activity(acc_id, b.id, *found))
        out.sort(key=lambda a: (a.state != "zombie", a.account))
        return out

