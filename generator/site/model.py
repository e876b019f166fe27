"""Derived, read-only views over the public data that pages and exports share: platform catalogue,
unit tree and regions, statuses on `today`, notices grouped as published, inspection outcomes."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.model import platforms
from generator.model.status import DEREGISTERING, display_status, latest_notice
from generator.site.public import PublicData

NO_REGION = "其他"


def load_platforms() -> dict[str, dict[str, Any]]:
    return platforms.entries()


def inspection_failed(result: dict[str, Any]) -> bool:
    """Whether an account failed a check. Until rubric scoring lands, a recorded veto means failure;
    this is the one place to change when scores are computed from the rubric."""
    return bool(result.get("vetoes"))


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


@dataclass
class NoticeGroup:
    """One published notice, which may cover several accounts (same `group`)."""

    key: str
    kind: str
    title: str
    published: str
    effective: str
    reason: str
    successor: str | None
    url: str | None
    accounts: list[dict[str, Any]] = field(default_factory=list)

    def active(self, today: str) -> bool:
        return self.published <= today < self.effective


@dataclass
class Batch:
    data: dict[str, Any]
    results: list[dict[str, Any]]
    failed: list[dict[str, Any]]
    rechecked_by: list[str]

    @property
    def id(self) -> str:
        return self.data["id"]


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

    DIRECTORY_INLINE = 300  # units; above this the directory is one page per region

    @property
    def directory_split(self) -> bool:
        return len(self.units) > self.DIRECTORY_INLINE

    @staticmethod
    def region_slug(region: str) -> str:
        """Stable folder name for a region page (region names are Chinese; a hash keeps URLs ASCII)."""
        return "r-" + hashlib.sha1(region.encode("utf-8")).hexdigest()[:10]

    def region_href(self, region: str, root: str) -> str:
        slug = self.region_slug(region)
        return f"{root}directory/{slug}/" if self.directory_split else f"{root}directory/#{slug}"

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
                        effective=n["effective"], reason=n["reason"], successor=n.get("successor"),
                        url=n.get("url"))
                g.accounts.append(a)
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

    # --- inspections ---------------------------------------------------------------------------
    @cached_property
    def batches(self) -> dict[str, Batch]:
        out: dict[str, Batch] = {}
        for i in self.data.inspections:
            results = sorted(i["results"], key=lambda r: r["account"])
            out[i["id"]] = Batch(i, results, [r for r in results if inspection_failed(r)], [])
        for b in out.values():
            prev = b.data.get("recheck_of")
            if prev in out:
                out[prev].rechecked_by.append(b.id)
        return out

    @cached_property
    def periods(self) -> list[tuple[str, list[Batch]]]:
        by: dict[str, list[Batch]] = {}
        for b in self.batches.values():
            by.setdefault(b.data["period"], []).append(b)
        return [(p, sorted(by[p], key=lambda b: (b.data["date"], b.id))) for p in sorted(by, reverse=True)]

    @cached_property
    def results_of_account(self) -> dict[str, list[tuple[Batch, dict[str, Any]]]]:
        out: dict[str, list[tuple[Batch, dict[str, Any]]]] = {}
        for b in sorted(self.batches.values(), key=lambda b: (b.data["date"], b.id), reverse=True):
            for r in b.results:
                out.setdefault(r["account"], []).append((b, r))
        return out

    def pass_rates(self, batch: Batch) -> tuple[tuple[int, int], list[tuple[str, int, int]]]:
        """((passed, total), [(platform, passed, total)]) over accounts the batch checked."""
        per: dict[str, list[int]] = {}
        for r in batch.results:
            acc = self.accounts.get(r["account"])
            key = acc["platform"] if acc else "unknown"
            slot = per.setdefault(key, [0, 0])
            slot[1] += 1
            slot[0] += 0 if inspection_failed(r) else 1
        total = sum(v[1] for v in per.values())
        passed = sum(v[0] for v in per.values())
        rows = [(k, v[0], v[1]) for k, v in sorted(per.items(), key=lambda kv: self.platform_order(kv[0]))]
        return (passed, total), rows
