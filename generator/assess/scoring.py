"""An account's inspection result, computed from its batch's rubric: the one place that judges a result
(pages, exports, the rules and the yearly assessment all read it here).

A veto item is found by a recorded finding (`vetoes`) or by the observations themselves: no post in
the rubric's update window before the check (`last_update`), `reachable: false`, `functions_ok:
false`, `interaction_ok: false`, each mapped to an item by the rubric's `observed` (an app that cannot
be reached is a veto, whatever else was written). Any veto → 不合格 with no score. Otherwise the
deductions (recorded, or observed where the rubric says so) are summed per item, each item capped at
its `cap`, and taken from the full marks; a score under the pass mark → 不合格. A rubric without a
pass mark (national-2019) judges by its veto items only. The rubric decides an item's section: a
finding recorded under the wrong one still counts as what the rubric says (INSP003 reports it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.check.rubrics import DEDUCTION, VETO, Item, Rubric


@dataclass(frozen=True)
class Hit:
    """An item found in one result."""

    item: Item
    count: int
    points: int  # deductions: points after the item's cap; vetoes: 0
    source: str  # recorded | observed
    notes: tuple[str, ...] = ()  # the recorded findings' notes
    seen_zh: str = ""  # what the observation showed, for an observed item
    seen_en: str = ""

    @property
    def capped(self) -> bool:
        return self.item.section == DEDUCTION and self.item.points * self.count > self.item.cap


@dataclass(frozen=True)
class Outcome:
    rubric: str
    passed: bool
    score: int | None  # None when a veto decided (不再对其他指标进行评分) or the rubric has no pass mark
    vetoes: tuple[Hit, ...]
    deductions: tuple[Hit, ...]
    unknown: tuple[str, ...] = ()  # recorded items the rubric does not have: not counted (INSP003)

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.vetoes + self.deductions

    @property
    def label_zh(self) -> str:
        return "合格" if self.passed else "不合格"

    @property
    def label_en(self) -> str:
        return "passed" if self.passed else "failed"

    @property
    def serious(self) -> bool:
        """Failed on a serious-error veto item (严重错误)."""
        return any(h.item.serious for h in self.vetoes)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def observed(obs: Mapping[str, Any] | None, check_day: dt.date | None, window_days: int) -> dict[str, tuple[str, str]]:
    """What the observations show by themselves: {when: (zh, en)} for no_update, unreachable,
    functions_broken and interaction_broken. No update: the newest post is older than the window
    (the check day and the `window_days` days before it)."""
    if not obs:
        return {}
    out: dict[str, tuple[str, str]] = {}
    last = _date(obs.get("last_update"))
    if last is not None and check_day is not None and (check_day - last).days > window_days:
        gap = (check_day - last).days
        out["no_update"] = (f"最近更新为 {last}，距检查日 {gap} 天，检查日前 {window_days} 天内无更新",
                            f"the newest post was from {last}, {gap} days before the check: none in the {window_days} days before it")
    if obs.get("reachable") is False:
        out["unreachable"] = ("检查时无法访问", "could not be reached at the check")
    if obs.get("functions_ok") is False:
        out["functions_broken"] = ("检查时功能无法使用", "its functions did not work at the check")
    if obs.get("interaction_ok") is False:
        out["interaction_broken"] = ("检查时互动功能无法使用", "its interaction did not work at the check")
    return out


def score(result: Mapping[str, Any], rubric: Rubric, kind: str, check_day: dt.date | None) -> Outcome:
    """The computed result of one batch result under `rubric`; `kind` is the account's platform kind
    (account, app, miniprogram), `check_day` the batch's date."""
    counts: dict[str, int] = {}
    notes: dict[str, list[str]] = {}
    unknown: list[str] = []
    for section in ("vetoes", "deductions"):
        for f in result.get(section) or ():
            key = f.get("item", "")
            if key not in rubric.items:
                if key not in unknown:
                    unknown.append(key)
                continue
            counts[key] = counts.get(key, 0) + int(f.get("count") or 1)
            if f.get("note"):
                notes.setdefault(key, []).append(str(f["note"]))
    hits: list[Hit] = []
    for key, n in counts.items():
        item = rubric.items[key]
        pts = min(item.points * n, item.cap) if item.section == DEDUCTION else 0
        hits.append(Hit(item, n, pts, "recorded", tuple(notes.get(key, ()))))
    seen = observed(result.get("observations"), check_day, rubric.window_days)
    for when, (zh, en) in seen.items():
        for item in rubric.items.values():
            if item.key in counts or not item.observed_when(when, kind):
                continue
            if any(h.item.key == item.key for h in hits):
                continue  # one observation is enough to find an item
            pts = min(item.points, item.cap) if item.section == DEDUCTION else 0
            hits.append(Hit(item, 1, pts, "observed", (), zh, en))
    order = {k: i for i, k in enumerate(rubric.items)}
    hits.sort(key=lambda h: order[h.item.key])
    vetoes = tuple(h for h in hits if h.item.section == VETO)
    deductions = tuple(h for h in hits if h.item.section == DEDUCTION)
    if vetoes:
        return Outcome(rubric.id, False, None, vetoes, deductions, tuple(unknown))
    if rubric.pass_mark is None:
        return Outcome(rubric.id, True, None, vetoes, deductions, tuple(unknown))
    total = rubric.full_marks - sum(h.points for h in deductions)
    return Outcome(rubric.id, total >= rubric.pass_mark, total, vetoes, deductions, tuple(unknown))
