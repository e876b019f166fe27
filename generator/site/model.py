"""Derived, read-only views over the public data that pages and exports share: platform catalogue,
unit tree and regions, statuses on `today`, notices grouped as published, the inspection book (computed results)."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.assess.book import Batch, Book, Result
from generator.model import platforms
from generator.model.notices import Successor, channel_link, successors
from generator.model.status import DEREGISTERING, display_status, latest_notice
from generator.site.public import PublicData

NO_REGION = "其他"


def load_platforms() -> dict[str, dict[str, Any]]:
    return platforms.entries()


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


@dataclass
class NoticeEntry:
    """One account's part of a notice: its own successors and effective date."""

    account: dict[str, Any]
    notice: dict[str, Any]
    successors: list[Successor]

    @property
    def effective(self) -> str:
        return str(self.notice["effective"])


@dataclass
class NoticeGroup:
    """One published notice, which may cover several accounts (same `group`): the notice's own facts
    (title, day of publication, reason, basis, approval, link) come from its first entry; each
    account keeps its own successors and effective date."""

    key: str
    kind: str
    title: str
    published: str
    reason: str
    url: str | None
    basis: str | None = None
    approval: dict[str, Any] | None = None
    entries: list[NoticeEntry] = field(default_factory=list)
    also_covers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accounts(self) -> list[dict[str, Any]]:
        return [e.account for e in self.entries]

    @property
    def effective(self) -> str:
        """The last day an entry takes effect: the notice stands until then."""
        return max(e.effective for e in self.entries)

    @property
    def one_effective(self) -> bool:
        """Every account takes effect on the same day."""
        return len({e.effective for e in self.entries}) == 1

    @property
    def at_once(self) -> bool:
        """Takes effect on publication (自发布之日起), for every account."""
        return all(e.effective == self.published for e in self.entries)

    @property
    def one_successors(self) -> bool:
        """Every account names the same successors."""
        return len({tuple(e.successors) for e in self.entries}) == 1

    def active(self, today: str) -> bool:
        return self.published <= today < self.effective

    def add(self, account: dict[str, Any], notice: dict[str, Any]) -> None:
        self.entries.append(NoticeEntry(account, notice, successors(notice)))
        for c in notice.get("also_covers") or ():
            if c not in self.also_covers:
                self.also_covers.append(c)


class Model:
    def __init__(self, data: PublicData, today: str) -> None:
        self.data = data
        self.today = today
        self.config = data.config
        self.platforms = load_platforms()
        self.units = {u["id"]: u for u in data.units}
        self.accounts = {a["id"]: a for a in data.accounts}
        self.status = {a["id"]: display_status(a, today) for a in data.accounts}

    # --- units -------------------------------------------------------------------------------
    @cached_property
    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for u in self.data.units:
            if u.get("parent") in self.units:
                out.setdefault(u["parent"], []).append(u["id"])
        return out

    @cached_property
    def accounts_of_unit(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for a in self.data.accounts:
            out.setdefault(a["host_unit"], []).append(a)
        for lst in out.values():
            lst.sort(key=lambda a: (self.platform_order(a["platform"]), a["name"], a["id"]))
        return out

    def region(self, unit_id: str) -> str:
        seen: set[str] = set()
        uid: str | None = unit_id
        while uid and uid in self.units and uid not in seen:
            seen.add(uid)
            if self.units[uid].get("region"):
                return self.units[uid]["region"]
            uid = self.units[uid].get("parent")
        return self.config.get("jurisdiction") or NO_REGION

    @cached_property
    def directory(self) -> list[tuple[str, list[str]]]:
        """[(region, [top unit ids])]; a unit is top-level in its region unless its parent is there too."""
        regions: dict[str, list[str]] = {}
        for u in self.data.units:
            parent = u.get("parent")
            if parent in self.units and self.region(parent) == self.region(u["id"]):
                continue
            regions.setdefault(self.region(u["id"]), []).append(u["id"])
        root_region = self.region(self.config.get("root_unit", ""))
        order = sorted(regions, key=lambda r: (r != root_region, r))
        return [(r, sorted(regions[r], key=lambda i: (i != self.config.get("root_unit"), self.units[i]["name"], i)))
                for r in order]

    @cached_property
    def region_slugs(self) -> dict[str, str]:
        """Each region's folder under directory/: its administrative division code (the code most of its
        units carry), readable and stable; a region with no code, or whose code another region also
        claims, gets a name derived from its own name instead."""
        codes: dict[str, Counter[str]] = {}
        for u in self.data.units:
            if u.get("division"):
                codes.setdefault(self.region(u["id"]), Counter())[str(u["division"])] += 1
        root_code = self.config.get("division")
        if root_code:
            codes.setdefault(self.config.get("jurisdiction") or NO_REGION, Counter())[str(root_code)] += 0
        best = {r: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for r, c in codes.items() if c}
        claimed = Counter(best.values())
        return {r: best[r] if r in best and claimed[best[r]] == 1 else
                "r-" + hashlib.sha1(r.encode("utf-8")).hexdigest()[:10] for r, _ in self.directory}

    def region_slug(self, region: str) -> str:
        return self.region_slugs.get(region) or "r-" + hashlib.sha1(region.encode("utf-8")).hexdigest()[:10]

    def region_href(self, region: str, root: str) -> str:
        return f"{root}directory/{self.region_slug(region)}/"

    def region_units(self, tops: list[str]) -> list[str]:
        """A region's units in directory order: each top unit, then its sub-units in the same region."""
        out: list[str] = []
        todo = list(reversed(tops))
        seen: set[str] = set()
        while todo:
            uid = todo.pop()
            if uid in seen:
                continue
            seen.add(uid)
            out.append(uid)
            region = self.region(uid)
            kids = sorted(self.children.get(uid, []), key=lambda i: (self.units[i]["name"], i))
            todo.extend(reversed([k for k in kids if self.region(k) == region]))
        return out

    def unit_name(self, unit_id: str | None) -> str:
        return self.units[unit_id]["name"] if unit_id in self.units else (unit_id or "")

    # --- platforms -----------------------------------------------------------------------------
    @cached_property
    def _platform_rank(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.platforms)}

    def platform_order(self, key: str) -> int:
        return self._platform_rank.get(key, len(self._platform_rank))

    def platform_name(self, key: str) -> str:
        return self.platforms.get(key, {}).get("zh", key)

    def platform_hosts(self, key: str) -> list[str]:
        return list(self.platforms.get(key, {}).get("hosts") or [])

    @staticmethod
    def channel_link(s: Successor) -> str | None:
        """An external successor's publishable link (model.notices.channel_link)."""
        return channel_link(s)

    # --- notices -------------------------------------------------------------------------------
    @cached_property
    def notices(self) -> list[NoticeGroup]:
        groups: dict[str, NoticeGroup] = {}
        for a in self.data.accounts:
            for n in a.get("notices") or ():
                key = n.get("group") or f"{a['id']}-{n['kind']}-{n['published']}"
                g = groups.get(key)
                if g is None:
                    g = groups[key] = NoticeGroup(
                        key=key, kind=n["kind"], title=n.get("title") or "", published=n["published"],
                        reason=n["reason"], url=n.get("url"), basis=n.get("basis"), approval=n.get("approval"))
                g.add(a, n)
        return sorted(groups.values(), key=lambda g: (g.published, g.key), reverse=True)

    def active_notices(self) -> list[NoticeGroup]:
        return sorted((g for g in self.notices if g.active(self.today)), key=lambda g: (g.effective, g.key))

    def archived_notices(self) -> list[NoticeGroup]:
        return [g for g in self.notices if not g.active(self.today)]

    def deregistration(self, account: dict[str, Any]) -> dict[str, Any] | None:
        return latest_notice(account) if self.status[account["id"]] in (DEREGISTERING, "deregistered") else None

    # --- filings -------------------------------------------------------------------------------
    RECENT_MAX = 200

    @cached_property
    def _recent(self) -> list[tuple[dict[str, Any], int, dict[str, Any]]]:
        keyed = ((f["filed_date"], a["id"], k, i) for i, a in enumerate(self.data.accounts)
                 for k, f in enumerate(a["filings"]) if f["filed_date"] <= self.today)
        top = heapq.nlargest(self.RECENT_MAX, keyed)
        return [(self.data.accounts[i], k, self.data.accounts[i]["filings"][k]) for _, _, k, i in top]

    def recent_filings(self, limit: int) -> list[tuple[dict[str, Any], int, dict[str, Any]]]:
        """(account, index, filing) newest first by filing date, never later than today."""
        return self._recent[:limit]

    CHANGES_MONTHS = 24  # months of filings on the recent-changes pages; every filing stays on its account page

    @cached_property
    def changes_by_month(self) -> list[tuple[str, list[tuple[dict[str, Any], int, dict[str, Any]]]]]:
        """[(YYYY-MM, [(account, index, filing)])], newest month first, newest filing first; the months of
        the last CHANGES_MONTHS that have a filing, none later than today."""
        year, month = int(self.today[:4]), int(self.today[5:7])
        first = year * 12 + month - 1 - (self.CHANGES_MONTHS - 1)
        since = f"{first // 12:04d}-{first % 12 + 1:02d}-01"
        keyed = sorted(((f["filed_date"], a["id"], k, i) for i, a in enumerate(self.data.accounts)
                        for k, f in enumerate(a["filings"]) if since <= f["filed_date"] <= self.today), reverse=True)
        out: list[tuple[str, list[tuple[dict[str, Any], int, dict[str, Any]]]]] = []
        for date, _, k, i in keyed:
            if not out or out[-1][0] != date[:7]:
                out.append((date[:7], []))
            a = self.data.accounts[i]
            out[-1][1].append((a, k, a["filings"][k]))
        return out

    def notice_pending(self, account: dict[str, Any], filing: dict[str, Any]) -> str | None:
        """The day a deregistration filing takes effect, while its notice period still runs (注销公示);
        None once it has (注销) and for every other filing."""
        if filing.get("type") != "deregister" or self.status[account["id"]] != DEREGISTERING:
            return None
        notice = latest_notice(account)
        return notice["effective"] if notice else None

    # --- inspections ---------------------------------------------------------------------------
    @cached_property
    def book(self) -> Book:
        """Every batch's computed results (assess.book); public_data computes it with the profile's
        activity thresholds, else it is computed here from the public dicts without them."""
        if self.data.book is not None:
            return self.data.book
        return Book(self.data.inspections, self.accounts, self.units, today=dt.date.fromisoformat(self.today))

    @property
    def batches(self) -> dict[str, Batch]:
        return self.book.batches

    @property
    def periods(self) -> list[tuple[str, list[Batch]]]:
        return self.book.periods

    @property
    def results_of_account(self) -> dict[str, list[tuple[Batch, Result]]]:
        return self.book.of_account

    def batch_href(self, batch: Batch, root: str) -> str:
        return f"{root}inspections/{batch.period}/{batch.id}/"

    def pass_rates(self, batch: Batch) -> tuple[tuple[int, int], list[tuple[str, int, int]]]:
        """((passed, total), [(platform, passed, total)]) over the accounts the batch checked."""
        rate = self.book.rate(batch.results)
        return (rate.passed, rate.total), [(r.key, r.passed, r.total) for r in self.book.rates_by(batch.results, "platform")]

    def rate_rows(self, results: list[Result], what: str) -> list[tuple[str, str, int, int]]:
        """(key, label, passed, total) per platform or host unit."""
        name = self.platform_name if what == "platform" else self.unit_name
        return [(r.key, name(r.key) or "—", r.passed, r.total) for r in self.book.rates_by(results, what)]

    @cached_property
    def assessment_years(self) -> list[int]:
        return sorted(self.data.assessments, reverse=True)
