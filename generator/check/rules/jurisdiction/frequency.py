"""Update frequency (FRQ): inspection observations checked against the profile's thresholds (江西
daily for city governments, twice a week for departments and counties; 李沧 weekly plus an original
post every 2 weeks; 昆山 weekly; 白城 every 2 weeks; 六安 15 days = zombie). Only each account's latest
observation counts. The same settings tell the portal's period pages which accounts were zombie or
dormant at each period's checks (`generator.assess.activity`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import (
    WorkingDayCheck,
    calendar,
    date,
    matches_selector,
    unit_of,
)
from generator.check.workdays import UnknownYear, WorkCalendar
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


def _matches(t: dict[str, Any], unit: dict[str, Any] | None, platform: str) -> bool:
    """A threshold's `match`: the account's platform (`platform`) and the host unit's kind, level and
    in_scope; every key it names must match."""
    m = t.get("match") or {}
    if "platform" in m and platform not in ((m["platform"],) if isinstance(m["platform"], str) else m["platform"]):
        return False
    unit_keys = {k: v for k, v in m.items() if k != "platform"}
    return not unit_keys or (unit is not None and matches_selector(unit, [unit_keys]))


def threshold(params: dict[str, Any], unit: dict[str, Any] | None, platform: str) -> dict[str, Any]:
    """The update threshold of an account: the first of `update_thresholds` that matches, else the
    default gap."""
    for t in params.get("update_thresholds") or ():
        if _matches(t, unit, platform):
            return t
    return {"max_gap_days": params.get("default_max_gap_days")}


def _checked(ctx: RuleContext) -> Iterator[tuple[Record, dt.date, Record, int, dict[str, Any]]]:
    obs = latest_observations(ctx)
    for acc_id in sorted(obs):
        a = ctx.registry.account_by_id.get(acc_id)
        if a is None or a.data.get("status") != "active":
            continue
        day, batch, i, o = obs[acc_id]
        yield a, day, batch, i, o


def _gap_items(ctx: RuleContext, params: dict[str, Any]) -> Iterator[tuple[Record, str, tuple[dt.date, dt.date, int]]]:
    """The observations FRQ001 judges in working days: (last update, check day, days allowed)."""
    if not any(t.get("max_gap_working_days") is not None for t in params.get("update_thresholds") or ()):
        return
    for a, day, batch, i, o in _checked(ctx):
        last = date(o.get("last_update"))
        if last is None:
            continue
        t = threshold(params, (u.data if (u := unit_of(ctx, a)) else None), a.data.get("platform", ""))
        if t.get("max_gap_working_days") is not None:
            yield batch, f"results[{i}].observations.last_update", (last, day, int(t["max_gap_working_days"]))


def _missed_update(cal: WorkCalendar, _params: dict[str, Any], item: tuple[dt.date, dt.date, int]) -> dt.date | None:
    """The day by which a new post was due (the N-th working day after the last one) when the check
    came after it, else None: counted as the filing deadlines are."""
    last, day, n = item
    return cal.add_working_days(last, n) if cal.past_deadline(last, n, day) else None


WORKING_DAY_GAP = WorkingDayCheck("FRQ001", _gap_items, _missed_update)


def rule_text(t: dict[str, Any]) -> tuple[str, str]:
    """The requirement in words: the profile's label, else one made from the numbers."""
    if t.get("label_zh"):
        return t["label_zh"], t.get("label_en") or t["label_zh"]
    if t.get("min_per_week") is not None:
        k = t["min_per_week"]
        return f"每周更新不少于 {k} 次", f"at least {k} update(s) a week"
    if t.get("max_gap_working_days") is not None:
        g = t["max_gap_working_days"]
        return f"至少每 {g} 个工作日更新 1 次", f"an update at least every {g} working day(s)"
    g = t.get("max_gap_days")
    return f"至少每 {g} 天更新 1 次", f"an update at least every {g} days"


def shortfall(cal: WorkCalendar, t: dict[str, Any], o: dict[str, Any], day: dt.date) -> tuple[str, str, str] | None:
    """(path under observations, what was found zh, en) when the observation certainly falls short of
    the threshold, else None. Raises UnknownYear for a working-day gap in an unknown year."""
    last = date(o.get("last_update"))
    if t.get("max_gap_working_days") is not None:
        if last is None:
            return None
        due = _missed_update(cal, {}, (last, day, int(t["max_gap_working_days"])))
        if due is None:
            return None
        return ("last_update", f"最近更新为 {last}，此后至 {due} 没有更新",
                f"the newest post was from {last} and nothing followed by {due}")
    if t.get("min_per_week") is not None:
        return _per_week(t, o, day, last)
    if t.get("max_gap_days") is not None and last is not None and (day - last).days > int(t["max_gap_days"]):
        gap = (day - last).days
        return ("last_update", f"最近更新为 {last}，已 {gap} 天未更新", f"the newest post was from {last}, {gap} days before")
    return None


def _per_week(t: dict[str, Any], o: dict[str, Any], day: dt.date, last: dt.date | None) -> tuple[str, str, str] | None:
    """A count per week ("每周不少于 k 次"), judged on the updates counted in the window the
    observation states (`updates: {since, count}`: from `since` to the check day) when that window
    spans at least `window_days` (default 7): fewer than k times its whole weeks means some week had
    fewer than k. Without such a count only what is certain is reported: no update at all within
    the `window_days` before the check."""
    k = int(t["min_per_week"])
    window = int(t.get("window_days") or 7)
    upd = o.get("updates") or {}
    since, count = date(upd.get("since")), upd.get("count")
    if since is not None and isinstance(count, int) and since <= day and (day - since).days >= window:
        days = (day - since).days
        need = k * (days // 7)
        if count >= need:
            return None
        return ("updates.count", f"检查前 {days} 天（{since} 起）更新 {count} 次，{days // 7} 周应不少于 {need} 次",
                f"{count} update(s) in the {days} days from {since}, where {days // 7} week(s) need {need}")
    if last is not None and (day - last).days > window:
        return ("last_update", f"最近更新为 {last}，检查前 {window} 天内没有更新",
                f"the newest post was from {last}: no update in the {window} days before the check")
    return None


@rule("FRQ001", group="jurisdiction", severity="warning",
      title_zh="更新频率不足", title_en="Not updated often enough",
      message_zh="「{name}」在 {checked} 检查时{found_zh}，达不到本地要求：{rule_zh}",
      message_en="\"{name}\": at the check on {checked} {found_en}, short of the local requirement: {rule_en}",
      hint_zh="按本地规定的频率更新内容；检查时可在 observations.updates 中记录检查前一段时间的更新次数（since、count）。",
      hint_en="Update as often as the local rules require; an inspection may record the number of updates in a "
              "stated window before the check under observations.updates (since, count).",
      params={"update_thresholds": [], "default_max_gap_days": None})
def update_frequency(ctx: RuleContext) -> Iterator[Finding]:
    """At its newest inspection, an active account had posted within the profile's gap.

    Why: An account that is not updated misleads the public about what the government says. Only each
    account's latest observation counts. The threshold is `default_max_gap_days`, or the first of
    `update_thresholds` whose `match` ({kind, level, platform}) fits: a gap in days (`max_gap_days`) or
    working days (`max_gap_working_days`, ending with the last working day), or a number of updates per
    week (`min_per_week`) judged on the observed `updates: {since, count}` over whole weeks (江西 每周不少于
    2 次; 昆山's WeChat service accounts, weekly on average over the month before the check); with only
    `last_update` known, a count rule flags only a whole week without an update.

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
        t = threshold(ctx.params, (u.data if (u := unit_of(ctx, a)) else None), a.data.get("platform", ""))
        try:
            short = shortfall(cal, t, o, day)
        except UnknownYear:
            continue  # CAL001 reports the year
        if short is None:
            continue
        path, found_zh, found_en = short
        rule_zh, rule_en = rule_text(t)
        yield Finding(record=batch, path=f"results[{i}].observations.{path}",
                      args=dict(name=a.data.get("name", a.id), checked=day.isoformat(), found_zh=found_zh,
                                found_en=found_en, rule_zh=rule_zh, rule_en=rule_en))


@rule("FRQ002", group="jurisdiction", severity="warning",
      title_zh="僵尸账号", title_en="Zombie account",
      message_zh="「{name}」在 {checked} 检查时已 {gap} 天未更新（{limit} 天及以上未更新即为“僵尸”“睡眠”账号）",
      message_en="\"{name}\" had not been updated for {gap} days at the check on {checked} ({limit} days or more "
                 "without an update makes a zombie / dormant account)",
      hint_zh="立即恢复更新；确属无力维护的应关停注销并公告。",
      hint_en="Resume updating at once; an account nobody can maintain should be closed and deregistered with a notice.",
      params={"zombie_gap_days": 15})
def zombie(ctx: RuleContext) -> Iterator[Finding]:
    """At its newest inspection, an active account's newest post was less than `zombie_gap_days` days old.

    Why: An account with no update for longer is a zombie or dormant account (僵尸、睡眠账号): it fails
    the national check outright and must resume, or be closed and deregistered with a notice.

    Basis: 国办秘函〔2019〕19号: no update in the 2 weeks before the check is a veto item (单项否决), so a
    gap of 15 days or more; 六安: 15 天以上 (以上 counts the number itself).

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
    # zombie_gap_days: the check date minus the newest post's date, this many days or more.
    limit = int(ctx.params.get("zombie_gap_days") or 15)
    for a, day, batch, i, o in _checked(ctx):
        last = date(o.get("last_update"))
        if last is not None and (day - last).days >= limit:
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
