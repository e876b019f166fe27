"""Zombie and dormant accounts (僵尸、睡眠账号) as the period pages list them, judged by the settings in
force for FRQ002 (`zombie_gap_days`: no post for this many days, or an account that cannot be reached)
and FRQ001 (the profile's update thresholds: falling short of them is dormant), on the official
working-day calendar — the same computations the rules make."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from generator.assess.book import Classifier
from generator.check.engine import spec_of
from generator.check.profiles import resolve_settings
from generator.check.rules.jurisdiction.frequency import rule_text, shortfall, threshold
from generator.check.workdays import UnknownYear, calendar_for
from generator.model.records import Registry

ZOMBIE, DORMANT = "zombie", "dormant"


def zombie_days(config: Mapping[str, Any]) -> int:
    settings_for, _ = resolve_settings(dict(config))
    return int(settings_for(spec_of("FRQ002")).params.get("zombie_gap_days") or 15)


def rule_zh(config: Mapping[str, Any]) -> str:
    """The zombie rule in words, for the period pages."""
    return f"检查时无法访问，或 {zombie_days(config)} 天及以上未更新的为僵尸账号"


def classifier(config: Mapping[str, Any]) -> Classifier:
    """The classifier under portal.yaml's profile and overrides."""
    settings_for, _ = resolve_settings(dict(config))
    frequency = settings_for(spec_of("FRQ001"))
    zombie = zombie_days(config)
    cal = calendar_for({}, dict(config))

    def classify(platform: str, unit: Mapping[str, Any] | None, obs: Mapping[str, Any],
                 day: dt.date) -> tuple[str, str, str] | None:
        if obs.get("reachable") is False:
            return ZOMBIE, "检查时无法访问", "could not be reached at the check"
        try:
            last = dt.date.fromisoformat(obs["last_update"]) if isinstance(obs.get("last_update"), str) else None
        except ValueError:
            last = None
        if last is not None and (day - last).days >= zombie:
            gap = (day - last).days
            return (ZOMBIE, f"{gap} 天未更新（{zombie} 天及以上未更新即为僵尸账号）",
                    f"no post for {gap} days ({zombie} days or more make a zombie account)")
        if frequency.severity == "off":
            return None
        t = threshold(frequency.params, dict(unit) if unit else None, platform)
        try:
            short = shortfall(cal, t, obs, day)
        except UnknownYear:
            return None
        if short is None:
            return None
        _path, found_zh, found_en = short
        rule_zh, rule_en = rule_text(t)
        return DORMANT, f"{found_zh}（要求：{rule_zh}）", f"{found_en} (required: {rule_en})"

    return classify


def for_registry(registry: Registry) -> Classifier:
    return classifier(registry.config)
