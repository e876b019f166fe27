"""Update frequency (FRQ): inspection observations checked against the profile's thresholds (江西
daily for city governments, twice a week for departments and counties; 李沧 weekly plus an original
post every 2 weeks; 昆山 weekly; 白城 every 2 weeks; 六安 15 days = zombie). Only each account's latest
observation counts. The same thresholds are profile facts the inspection scoring reads
(`generator.check.profiles.profile_facts`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import calendar, date, matches_selector, unit_of
from generator.check.workdays import UnknownYear
from generator.model.records import Record


def latest_observations(ctx: RuleContext) -> dict[str, tuple[dt.date, Record, int, dict[str, Any]]]:
    """account id → (inspection date, batch, result index, observations) of its newest inspection."""
    memo = ctx.shared.get("j.latest_obs")
    if memo is None:
        memo = {}
        for batch in ctx.registry.inspections:
            day = date(batch.data.get("date"))
            if day is None or day > ctx.today:
                continue
            for i, r in enumerate(batch.data.get("results") or ()):
                obs = r.get("observations")
                if not obs:
                    continue
                prev = memo.get(r.get("account"))
                if prev is None or day > prev[0]:
                    memo[r.get("account")] = (day, batch, i, obs)
        ctx.shared["j.latest_obs"] = memo
    return memo


def _threshold(ctx: RuleContext, unit: dict[str, Any] | None) -> dict[str, Any]:
    for t in ctx.params.get("update_thresholds") or ():
        if unit is not None and matches_selector(unit, [t.get("match") or {}]):
            return t
    return {"max_gap_days": ctx.params.get("default_max_gap_days")}


def _checked(ctx: RuleContext) -> Iterator[tuple[Record, dt.date, Record, int, dict[str, Any]]]:
    obs = latest_observations(ctx)
    for acc_id in sorted(obs):
        a = ctx.registry.account_by_id.get(acc_id)
        if a is None or a.data.get("status") != "active":
            continue
        day, batch, i, o = obs[acc_id]
        yield a, day, batch, i, o


@rule("FRQ001", group="jurisdiction", severity="warning",
      title_zh="更新频率不足", title_en="Not updated often enough",
      message_zh="「{name}」在 {checked} 检查时最近更新为 {last}，间隔 {gap}，超过本地要求的 {limit}",
      message_en="\"{name}\": at the check on {checked} the newest post was from {last}, {gap_en} before, "
                 "more than the required {limit_en}",
      hint_zh="按本地规定的频率更新内容。",
      hint_en="Update as often as the local rules require.",
      params={"update_thresholds": [], "default_max_gap_days": None})
def update_frequency(ctx: RuleContext) -> Iterator[Finding]:
    """At its newest inspection, an active account had posted within the profile's gap.

    Why: An account that is not updated misleads the public about what the government says. Only each
    account's latest observation counts. The gap is `default_max_gap_days`, or the first of
    `update_thresholds` whose `match` ({kind, level}) fits the host unit, in days (`max_gap_days`) or
    working days (`max_gap_working_days`).

    Basis: 国办秘函〔2019〕19号 (inspection indicators) on updates; the frequency is local (李沧 and 昆山
    weekly, 白城 every 2 weeks, 江西 by level).

    Bad:

        # profile: licang
        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-11-03, last_original: 2025-11-03}

    Good:

        # profile: licang
        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-11-12, last_original: 2025-11-10}
    """
    cal = calendar(ctx)
    for a, day, batch, i, o in _checked(ctx):
        last = date(o.get("last_update"))
        if last is None:
            continue
        t = _threshold(ctx, (u.data if (u := unit_of(ctx, a)) else None))
        if t.get("max_gap_working_days") is not None:
            limit = int(t["max_gap_working_days"])
            try:
                gap = cal.working_days_between(last, day)
            except UnknownYear:
                continue
            unit_zh, unit_en = "个工作日", "working days"
        elif t.get("max_gap_days") is not None:
            limit, gap, unit_zh, unit_en = int(t["max_gap_days"]), (day - last).days, "天", "days"
        else:
            continue
        if gap > limit:
            yield Finding(record=batch, path=f"results[{i}].observations.last_update",
                          args=dict(name=a.data.get("name", a.id), checked=day.isoformat(), last=last.isoformat(),
                                    gap=f"{gap} {unit_zh}", gap_en=f"{gap} {unit_en}", limit=f"{limit} {unit_zh}",
                                    limit_en=f"{limit} {unit_en}"))


@rule("FRQ002", group="jurisdiction", severity="warning",
      title_zh="僵尸账号", title_en="Zombie account",
      message_zh="「{name}」在 {checked} 检查时已 {gap} 天未更新（超过 {limit} 天即为“僵尸”“睡眠”账号）",
      message_en="\"{name}\" had not been updated for {gap} days at the check on {checked} (more than {limit} "
                 "days makes a zombie / dormant account)",
      hint_zh="立即恢复更新；确属无力维护的应关停注销并公告。",
      hint_en="Resume updating at once; an account nobody can maintain should be closed and deregistered with a notice.",
      params={"zombie_days": 14})
def zombie(ctx: RuleContext) -> Iterator[Finding]:
    """At its newest inspection, an active account had been updated within `zombie_days` days.

    Why: An account with no update for longer is a zombie or dormant account (僵尸、睡眠账号): it fails
    the national check outright and must resume, or be closed and deregistered with a notice.

    Basis: 国办秘函〔2019〕19号: no update in the 2 weeks before the check is a veto item (单项否决); 六安
    counts 15 days.

    Bad:

        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-10-15}

    Good:

        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-11-11}
    """
    limit = int(ctx.params.get("zombie_days") or 14)
    for a, day, batch, i, o in _checked(ctx):
        last = date(o.get("last_update"))
        if last is not None and (day - last).days > limit:
            yield Finding(record=batch, path=f"results[{i}].observations.last_update",
                          args=dict(name=a.data.get("name", a.id), checked=day.isoformat(), gap=(day - last).days,
                                    limit=limit))


@rule("FRQ003", group="jurisdiction", severity="warning",
      title_zh="原创内容不足", title_en="Too few original posts",
      message_zh="「{name}」在 {checked} 检查时最近一条原创内容为 {last}（{gap} 天前），要求每 {limit} 天至少 1 条原创",
      message_en="\"{name}\": at the check on {checked} the newest original post was from {last} ({gap} days "
                 "before); at least one original post every {limit} days is required",
      hint_zh="加强原创内容采编。",
      hint_en="Publish original content regularly.",
      params={"original_max_gap_days": None})
def original_posts(ctx: RuleContext) -> Iterator[Finding]:
    """At its newest inspection, an active account had an original post within `original_max_gap_days` days.

    Why: An account that only reposts others' content does not do its job of publishing the host unit's
    own information.

    Basis: Local rule (李沧: 每 2 周至少 1 条原创); no national clause.

    Bad:

        # profile: licang
        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-11-13, last_original: 2025-10-20}

    Good:

        # profile: licang
        # inspections/2025-Q4/dh-2025q4-spot.yaml
        date: 2025-11-14
        results:
          - account: dh-gafj-douyin
            observations: {last_update: 2025-11-13, last_original: 2025-11-06}
    """
    limit = ctx.params.get("original_max_gap_days")
    if limit is None:
        return
    for a, day, batch, i, o in _checked(ctx):
        last = date(o.get("last_original"))
        if last is not None and (day - last).days > int(limit):
            yield Finding(record=batch, path=f"results[{i}].observations.last_original",
                          args=dict(name=a.data.get("name", a.id), checked=day.isoformat(), last=last.isoformat(),
                                    gap=(day - last).days, limit=limit))
