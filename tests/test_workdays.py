"""Working days on the official calendar: National Day 2025 with its make-up Saturday, Spring
Festival 2026 with its two make-up Saturdays, unknown years, and portal.yaml overrides."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from generator.check.workdays import (
    UnknownYear,
    WorkCalendar,
    add_working_days,
    calendar_for,
    working_days_between,
)

D = dt.date
CAL = WorkCalendar()


def test_the_real_2025_2026_arrangements_match_the_package() -> None:
    # National Day + Mid-Autumn 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    assert chinese_calendar.is_workday(D(2025, 9, 28)) and chinese_calendar.is_workday(D(2025, 10, 11))
    assert not any(chinese_calendar.is_workday(D(2025, 10, d)) for d in range(1, 9))
    # Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
    assert chinese_calendar.is_workday(D(2026, 2, 14)) and chinese_calendar.is_workday(D(2026, 2, 28))
    assert not any(chinese_calendar.is_workday(D(2026, 2, d)) for d in range(15, 24))


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2025, 9, 30), 1, D(2025, 10, 9)),   # across the whole National Day holiday
    (D(2025, 9, 30), 2, D(2025, 10, 10)),
    (D(2025, 9, 30), 3, D(2025, 10, 11)),  # a make-up Saturday counts
    (D(2025, 9, 30), 5, D(2025, 10, 14)),
    (D(2025, 9, 26), 1, D(2025, 9, 28)),   # make-up Sunday
    (D(2026, 2, 12), 2, D(2026, 2, 14)),   # make-up Saturday before Spring Festival
    (D(2026, 2, 12), 3, D(2026, 2, 24)),
    (D(2026, 2, 27), 1, D(2026, 2, 28)),
    (D(2025, 10, 20), -7, D(2025, 10, 10)),  # seven working days before, across 10-11
    (D(2026, 2, 24), -1, D(2026, 2, 14)),
    (D(2026, 3, 2), 0, D(2026, 3, 2)),
])
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert CAL.add_working_days(start, n) == expected
    assert add_working_days(start, n) == expected


def test_working_days_between_counts_the_end_not_the_start() -> None:
    assert CAL.working_days_between(D(2025, 9, 30), D(2025, 10, 11)) == 3
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert working_days_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert CAL.working_days_between(D(2025, 10, 1), D(2025, 10, 8)) == 0
    assert CAL.is_workday(D(2025, 10, 11)) and not CAL.is_workday(D(2025, 10, 12))


def test_unknown_year_is_never_counted_as_weekdays() -> None:
    with pytest.raises(UnknownYear) as exc:
        CAL.add_working_days(D(2026, 12, 29), 5)
    assert exc.value.year == 2027
    with pytest.raises(UnknownYear):
        CAL.working_days_between(D(2026, 12, 30), D(2027, 1, 4))
    with pytest.raises(UnknownYear):
        CAL.is_workday(D(2030, 5, 6))
    # what fits in the known year is still answered
    assert CAL.add_working_days(D(2026, 12, 29), 2) == D(2026, 12, 31)


def test_portal_calendar_adds_a_year_and_may_correct_one() -> None:
    config = {"calendar": {"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-01-09"]},
                           "2026": {"holidays": ["2026-03-02"], "workdays": []}}}
    cal = WorkCalendar.from_config(config)
    assert cal.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert cal.is_workday(D(2027, 1, 9))  # a Saturday made a working day
    assert not cal.is_workday(D(2026, 3, 2))  # the override wins over the package for its year
    assert 2027 in cal.known_years and 2028 not in cal.known_years
    with pytest.raises(UnknownYear):
        cal.add_working_days(D(2027, 12, 30), 3)


def test_calendar_is_built_once_per_run() -> None:
    shared: dict = {}
    a = calendar_for(shared, {})
    assert calendar_for(shared, {}) is a


def test_every_known_day_agrees_with_chinese_calendar() -> None:
    """The calendar reads the package's tables directly; it must answer as the package does."""
    import datetime as _dt

    import chinese_calendar

    from generator.check.workdays import WorkCalendar

    cal = WorkCalendar()
    d = _dt.date(min(cal.known_years), 1, 1)
    end = _dt.date(max(cal.known_years), 12, 31)
    while d <= end:
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += _dt.timedelta(days=1)


@pytest.mark.parametrize(("start", "n", "day", "past"), [
    (D(2025, 11, 5), 2, D(2025, 11, 7), False),  # Wednesday + 2: Friday is the last day
    (D(2025, 11, 5), 2, D(2025, 11, 8), True),   # the Saturday after it is late (2 working days in between)
    (D(2026, 2, 12), 2, D(2026, 2, 14), False),  # the make-up Saturday is the deadline
    (D(2026, 2, 12), 2, D(2026, 2, 23), True),   # the whole Spring Festival holiday after it is late
    (D(2025, 9, 24), 5, D(2025, 10, 8), True),   # deadline 09-30, the National Day holiday after it
    (D(2025, 9, 30), 1, D(2025, 10, 9), False),  # across the holiday: the next working day
    (D(2025, 9, 30), 0, D(2025, 9, 30), False),
    (D(2025, 9, 30), 0, D(2025, 10, 1), True),
    (D(2025, 9, 30), 3, D(2025, 9, 29), False),  # before the event
])
def test_past_deadline_is_after_the_nth_working_day(start: dt.date, n: int, day: dt.date, past: bool) -> None:
    assert CAL.past_deadline(start, n, day) is past


def test_past_deadline_means_after_add_working_days() -> None:
    """The count it uses (working days up to the day before) says exactly `day > add_working_days`."""
    start = D(2025, 9, 1)
    for s in range(0, 200, 3):
        first = start + dt.timedelta(days=s)
        for n in range(0, 9):
            deadline = CAL.add_working_days(first, n)
            for k in range(0, 25):
                day = first + dt.timedelta(days=k)
                assert CAL.past_deadline(first, n, day) is (day > deadline), (first, n, day)


def test_past_deadline_needs_no_year_after_the_day() -> None:
    """On time on 31 December with the deadline in a year the package does not know: still answered."""
    assert CAL.past_deadline(D(2026, 12, 30), 2, D(2026, 12, 31)) is False
    with pytest.raises(UnknownYear):
        CAL.add_working_days(D(2026, 12, 30), 2)
