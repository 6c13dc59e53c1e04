"""Working days of a stretch of whole years as a running count, day by day.

A cold ``cfo check`` counts the working days of ~50,000 spans and looks for the first and last
working day of ~60,000 more (the assignments' lines, the overbooking sweep): from a running
count, a count is one subtraction and an edge one bisection, where the calendar's own way
(weekday arithmetic, closures and holidays by bisection, edges walked day by day) costs
several calls of Python each. The table holds one small integer a day: a few years of them
are a few hundred kilobytes.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from datetime import date
from itertools import accumulate


class WorkingDayTable:
    """Working days of the ordinals ``[first, last]``: ``running[i]`` is how many of the
    first ``i`` days of the table are working days."""

    def __init__(self, first: int, working: list[int]) -> None:
        self.first = first
        self.last = first + len(working) - 1
        self.running = list(accumulate(working, initial=0))

    @classmethod
    def of_years(cls, first_year: int, last_year: int, weekdays: Collection[int],
                 closed: Iterable[tuple[date, date]], holidays: Iterable[date]
                 ) -> WorkingDayTable:
        """The table of ``first_year`` to ``last_year``: days of the working week
        (``weekdays``, Monday 0), minus the ``closed`` periods and the ``holidays``."""
        first = date(first_year, 1, 1).toordinal()
        size = date(last_year, 12, 31).toordinal() - first + 1
        # date.fromordinal(1) is a Monday: an ordinal's weekday is (ordinal - 1) % 7.
        week = [1 if (first - 1 + i) % 7 in weekdays else 0 for i in range(7)]
        working = (week * (size // 7 + 1))[:size]
        for start, end in closed:
            a, b = max(start.toordinal() - first, 0), min(end.toordinal() - first, size - 1)
            if a <= b:
                working[a:b + 1] = [0] * (b - a + 1)
        for day in holidays:
            at = day.toordinal() - first
            if 0 <= at < size:
                working[at] = 0
        return cls(first, working)

    def count(self, start: int, end: int) -> int:
        """Working days in ``[start, end]`` (ordinals within the table, ``start <= end``)."""
        return self.running[end - self.first + 1] - self.running[start - self.first]

    def first_working(self, start: int, end: int) -> int | None:
        """The first working day of ``[start, end]`` (within the table), or None."""
        at = start - self.first
        # The first position past ``at`` where the count grows: its day is a working day.
        found = bisect.bisect_right(self.running, self.running[at], at + 1,
                                    end - self.first + 2)
        return None if found > end - self.first + 1 else self.first + found - 1

    def last_working(self, start: int, end: int) -> int | None:
        """The last working day of ``[start, end]`` (within the table), or None."""
        at, to = start - self.first, end - self.first + 1
        reached = self.running[to]
        if reached == self.running[at]:
            return None
        # The first position where the count reaches its value at the end: its day is the
        # last working day.
        return self.first + bisect.bisect_left(self.running, reached, at, to + 1) - 1
