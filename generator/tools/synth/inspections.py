"""Inspection batches: each city office spot-checks a quarter of the running accounts it oversees once a
quarter (2026-Q2 and 2026-Q3, when the rectification deadline has passed by the synthetic today), finding
now and then an account that has not been updated for two weeks (a veto recorded, or left to the
observation) or, under 昆山's rubric, a deduction; nine findings in ten are rectified in time."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from generator.tools.synth.days import Timeline

PERIODS = (("2026-Q2", dt.date(2026, 6, 16)), ("2026-Q3", dt.date(2026, 9, 15)))
RECTIFY_WORKDAYS = 10  # a finding is to be put right within 10 working days
PUBLISH_WORKDAYS = 5  # the results are published 5 working days after the check


def _rectify(res: dict[str, Any], days: Timeline, date_idx: int, rng: random.Random) -> None:
    """A deadline, and (nine times in ten) the day the finding was put right, on or before it."""
    res["rectify_by"] = days.iso[date_idx + RECTIFY_WORKDAYS]
    if rng.random() < 0.9:
        res["rectified"] = days.iso[date_idx + rng.randint(1, RECTIFY_WORKDAYS)]


def _batch(batch_id: str, period: str, inspector: str, rubric: str, date_idx: int, days: Timeline,
           pool: list[tuple[str, int]], rng: random.Random) -> dict[str, Any] | None:
    results = []
    for acc, opened in pool:
        if opened >= date_idx - 20:
            continue
        res: dict[str, Any] = {"account": acc}
        x = rng.random()
        day = days.days[date_idx]
        if x < 0.03:
            last = day - dt.timedelta(days=rng.randint(16, 60))
            if rng.random() < 0.5:  # the veto recorded; else left to the observation alone (computed)
                res["vetoes"] = [{"item": "no_update_2w", "note": "检查前两周内无更新"}]
            res["observations"] = {"last_update": last.isoformat(), "reachable": True}
            _rectify(res, days, date_idx, rng)
        elif x < 0.08 and rubric == "kunshan-2019":
            item = rng.choice(("update_delay", "naming", "verification"))
            res["deductions"] = [{"item": item, "count": 1}]
            res["observations"] = {"last_update": (day - dt.timedelta(days=rng.randint(8, 12))).isoformat()}
            _rectify(res, days, date_idx, rng)
        else:
            res["observations"] = {"last_update": (day - dt.timedelta(days=rng.randint(0, 5))).isoformat(),
                                   "functions_ok": True}
        results.append(res)
    if not results:
        return None
    return {"id": batch_id, "period": period, "title": f"{period} 政务新媒体抽查", "inspector": inspector,
            "kind": "spot_check", "level": "city", "rubric": rubric, "date": days.iso[date_idx],
            "published": days.iso[date_idx + PUBLISH_WORKDAYS], "results": results}


def batches(pools: dict[str, list[tuple[str, int]]], days: Timeline, today: int, profile: str,
            seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """(period, batch) for each period whose deadlines lie before `today` (a working-day number) and each
    office of `pools` (office → its running accounts with their opening day numbers)."""
    rubric = "kunshan-2019" if profile == "kunshan" else "national-2019"
    rng = random.Random(seed * 7919 + 1)
    for period, day in PERIODS:
        d_idx = days.index_on_or_after(day)
        if d_idx + RECTIFY_WORKDAYS > today:
            continue
        for office in sorted(pools):
            pool = pools[office]
            sample = [pool[i] for i in sorted(rng.sample(range(len(pool)), max(1, len(pool) // 4)))]
            batch = _batch(f"{office}-{period.lower()}", period, office, rubric, d_idx, days, sample, rng)
            if batch:
                yield period, batch
