"""Which days are working days: the company's week, minus public holidays and closures.

Public holidays come from the ``holidays`` package, always with an explicit language so
their names do not depend on the machine's locale. Counting working days between two dates
costs the same for a week as for six years: weekdays are counted by arithmetic and days off
are found by bisection in a per-year list.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cfo_tools.model import Company, Period

ONE_DAY = timedelta(days=1)
#: Years outside this range have no public holidays computed (a typo such as 2206 must not
#: make the tool compute two centuries of holidays).
HOLIDAY_YEARS = range(1950, 2200)
#: The ``holidays`` package's language code for each of our locales.
_LANGUAGE_CANDIDATES = {"fr": ("fr", "fr_FR"), "en": ("en_US", "en", "en_GB")}


class UnknownHolidayRegion(ValueError):
    """The ``holidays`` package knows no such country or subdivision."""


def holiday_calendar(country: str, subdivision: str | None, locale: str) -> Any:
    """The ``holidays`` calendar of a country (and subdivision), named in ``locale``."""
    import holidays

    try:
        probe = holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as exc:
        raise UnknownHolidayRegion(str(exc)) from None
    supported = getattr(probe, "supported_languages", ())
    language = next((c for c in _LANGUAGE_CANDIDATES.get(locale, (locale,)) if c in supported),
                    None)
    return holidays.country_holidays(country, subdiv=subdivision, language=language)


@dataclass(frozen=True)
class DayOff:
    day: date
    kind: str  # "holiday" or "closure"
    name: str


class WorkingCalendar:
    def __init__(
        self,
        *,
        working_days: Iterable[int] = (0, 1, 2, 3, 4),
        country: str = "FR",
        subdivision: str | None = None,
        closures: Iterable[Period] = (),
        locale: str = "fr",
    ) -> None:
        self.weekdays = frozenset(working_days)
        self._holidays = holiday_calendar(country, subdivision, locale)
        self.closures = sorted(closures, key=lambda p: (p.start, p.end))
        self._closure_days: dict[date, str] = {}
        for closure in self.closures:
            day = closure.start
            while day <= closure.end:
                self._closure_days.setdefault(day, closure.reason or "")
                day += ONE_DAY
        self._years: dict[int, tuple[list[date], list[date]]] = {}

    @classmethod
    def for_company(cls, company: Company, locale: str | None = None) -> WorkingCalendar:
        return cls(working_days=company.working_days, country=company.country,
                   subdivision=company.subdivision, closures=company.closures,
                   locale=locale or company.locale)

    # -- single days ---------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        if day.year not in HOLIDAY_YEARS:
            return None
        name = self._holidays.get(day)
        return str(name) if name else None

    def closure_reason(self, day: date) -> str | None:
        return self._closure_days.get(day)

    def in_working_week(self, day: date) -> bool:
        return day.weekday() in self.weekdays

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() in self.weekdays and day not in self._closure_days
                and self.holiday_name(day) is None)

    # -- counting --------------------------------------------------------------------------
    def working_days(self, start: date, end: date) -> int:
        """Working days in ``[start, end]`` (both included)."""
        if end < start:
            return 0
        return self._week_days(start, end) - self._count(start, end, 0)

    def week_days_not_holiday(self, start: date, end: date) -> int:
        """Days of the working week in ``[start, end]`` that are not public holidays."""
        if end < start:
            return 0
        return self._week_days(start, end) - self._count(start, end, 1)

    def first_working_day(self, start: date, end: date) -> date | None:
        return next(self._scan(start, end, self.is_working_day), None)

    def last_working_day(self, start: date, end: date) -> date | None:
        return next(self._scan(end, start, self.is_working_day, step=-ONE_DAY), None)

    def working_days_in(self, start: date, end: date) -> Iterator[date]:
        return self._scan(start, end, self.is_working_day)

    def closed_days(self, start: date, end: date) -> list[date]:
        """Days of the working week within ``[start, end]`` that the company is closed and
        that are not public holidays (``[start, end]`` is expected to lie in a closure)."""
        return list(self._scan(start, end, lambda day: day in self._closure_days
                               and self.in_working_week(day) and self.holiday_name(day) is None))

    def nth_working_day(self, start: date, count: int) -> date:
        """The ``count``-th working day from ``start`` (``start`` counts when it works)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start
        seen = 0
        while True:
            if self.is_working_day(day):
                seen += 1
                if seen == count:
                    return day
            day += ONE_DAY

    def days_off(self, start: date, end: date) -> list[DayOff]:
        """Holidays and closure days on days of the working week within ``[start, end]``."""
        found = []
        for year in range(start.year, end.year + 1):
            holidays, _ = self._year(year)
            for day in holidays[bisect.bisect_left(holidays, start):
                                bisect.bisect_right(holidays, end)]:
                found.append(DayOff(day, "holiday", self.holiday_name(day) or ""))
        found += [DayOff(day, "closure", reason) for day, reason in self._closure_days.items()
                  if start <= day <= end and self.in_working_week(day)
                  and self.holiday_name(day) is None]
        return sorted(found, key=lambda d: d.day)

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Every public holiday within ``[start, end]``, weekends included, with its name."""
        found = []
        for year in range(max(start.year, HOLIDAY_YEARS.start),
                          min(end.year, HOLIDAY_YEARS.stop - 1) + 1):
            self._holidays.get(date(year, 1, 1))  # makes the package compute that year
            found += [(d, str(n)) for d, n in self._holidays.items()
                      if d.year == year and start <= d <= end]
        return sorted(set(found))

    # -- internals ---------------------------------------------------------------------------
    def _week_days(self, start: date, end: date) -> int:
        total = end.toordinal() - start.toordinal() + 1
        full, rest = divmod(total, 7)
        count = full * len(self.weekdays)
        first = start.weekday()
        count += sum(1 for i in range(rest) if (first + i) % 7 in self.weekdays)
        return count

    def _count(self, start: date, end: date, which: int) -> int:
        """Days off (which=0: holidays and closures; 1: holidays only) on working-week days."""
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._year(year)[0] if which == 1 else self._year(year)[1]
            total += bisect.bisect_right(days, end) - bisect.bisect_left(days, start)
        return total

    def _year(self, year: int) -> tuple[list[date], list[date]]:
        """Sorted working-week holidays of ``year``, and those plus working-week closure days."""
        if year not in self._years:
            holidays: list[date] = []
            if year in HOLIDAY_YEARS:
                self._holidays.get(date(year, 1, 1))
                holidays = sorted(d for d in self._holidays
                                  if d.year == year and d.weekday() in self.weekdays)
            closures = [d for d in self._closure_days
                        if d.year == year and d.weekday() in self.weekdays]
            self._years[year] = (holidays, sorted(set(holidays) | set(closures)))
        return self._years[year]

    def _scan(self, start: date, stop: date, keep: Any, step: timedelta = ONE_DAY
              ) -> Iterator[date]:
        day = start
        forward = step > timedelta(0)
        while (day <= stop) if forward else (day >= stop):
            if keep(day):
                yield day
            if day in (date.max, date.min):
                return
            day += step
