"""Inspection periods (`2026-Q3`, `2026-07`, `2026-H1`, `2026`): their days and the one way the portal
names them, as official notices do: 2026年第三季度, 2026年7月, 2026年上半年, 2026年."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PERIOD = re.compile(r"^([0-9]{4})(?:-Q([1-4])|-([0-9]{2})|-H([12]))?$")
_QUARTERS_ZH = ("一", "二", "三", "四")


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period; ValueError for anything else."""
    m = _PERIOD.match(period)
    if not m:
        raise ValueError(f"not a period: {period!r}")
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        first = dt.date(year, 3 * q - 2, 1)
        return first, dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    if m.group(3):
        month = int(m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"not a period: {period!r}")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if m.group(4):
        h = int(m.group(4))
        return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def label(period: str, lang: str = "zh") -> str:
    """2026年第三季度 / 2026 Q3; the period itself when it is not one."""
    m = _PERIOD.match(period)
    if not m:
        return period
    year = m.group(1)
    if m.group(2):
        q = int(m.group(2))
        return f"{year}年第{_QUARTERS_ZH[q - 1]}季度" if lang == "zh" else f"{year} Q{q}"
    if m.group(3):
        return f"{year}年{int(m.group(3))}月" if lang == "zh" else f"{year}-{m.group(3)}"
    if m.group(4):
        half = m.group(4)
        return f"{year}年{'上' if half == '1' else '下'}半年" if lang == "zh" else f"{year} H{half}"
    return f"{year}年" if lang == "zh" else year


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def periods_of_year(year: int, every: str) -> list[str]:
    """The periods of a year by `every` (month, quarter, half, year), in order."""
    if every == "month":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    if every == "quarter":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if every == "half":
        return [f"{year}-H1", f"{year}-H2"]
    if every == "year":
        return [str(year)]
    raise ValueError(f"unknown cadence {every!r}")
