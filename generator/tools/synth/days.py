"""The working days a synthetic registry places its events on, numbered.

The days are those of the project's working-day calendar (`generator.check.workdays`, on the official
holiday data), the same the rules count with. Synth plans by number: "filed the next working day" is
``i + 1`` and "the notice stands 20 working days" is ``i + 20``, and ``iso[i]`` is the date as written.
"""

from __future__ import annotations

import datetime as dt

from generator.check.workdays import WorkCalendar


class Timeline:
    """The working days from `first` to `last`, numbered from 0."""

    def __init__(self, first: dt.date, last: dt.date, calendar: WorkCalendar | None = None) -> None:
        self.calendar = calendar or WorkCalendar()
        every_day = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
        self.days: list[dt.date] = [d for d in every_day if self.calendar.is_workday(d)]
        self.iso: list[str] = [d.isoformat() for d in self.days]

    def index_on_or_before(self, day: dt.date) -> int:
        """The number of the last working day on or before `day`."""
        return self.calendar.working_days_between(self.days[0], day)

    def index_on_or_after(self, day: dt.date) -> int:
        """The number of the first working day on or after `day` (past the last number when `day` lies
        after the timeline)."""
        return self.index_on_or_before(day) + (0 if self.calendar.is_workday(day) else 1)
