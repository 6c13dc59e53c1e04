"""Which days are working days: the company's week, minus public holidays and closures.

Public holidays come from the ``holidays`` package, always with an explicit language so
their names do not depend on the machine's locale. Counting working days between two dates
costs the same for a week as for six years: weekdays are counted by arithmetic and days off
are found by bisection in a per-year list.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from cfo_tools.model.records import Company, Period
from cfo_tools.planning.working_day_table import WorkingDayTable

#: Years outside this range have no public holidays computed (a typo such as 2206 must not
#: make the tool compute two centuries of holidays).
HOLIDAY_YEARS = range(1950, 2200)
#: The running count of working days (``working_day_table.py``) spans at most this many
#: years: a span beyond is counted the calendar's own way, not by a table of centuries.
TABLE_YEARS = 40
#: The ``holidays`` package's language code for each of our locales.
_LANGUAGE_CANDIDATES = {"fr": ("fr", "fr_FR"), "en": ("en_US", "en", "en_GB")}


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, kept within the dates Python can hold."""
    ordinal = min(max(day.toordinal() + days, 1), date.max.toordinal())
    return date.fromordinal(ordinal)


class NoWorkingDay(ValueError):
    """Not enough working days ahead (the company is closed for good)."""


class UnknownHolidayRegion(ValueError):
    """The ``holidays`` package knows no such country or subdivision."""


class HolidaySource(Protocol):
    """Public holidays year by year."""

    def names(self, year: int) -> Mapping[date, str]:
        """The public holidays of ``year`` (and their names)."""


class LibraryHolidays:
    """Public holidays from the ``holidays`` package; an unknown country or subdivision
    raises :class:`UnknownHolidayRegion` at once."""

    def __init__(self, country: str, subdivision: str | None, locale: str) -> None:
        self._calendar = holiday_calendar(country, subdivision, locale)

    def names(self, year: int) -> dict[date, str]:
        # The package fills a year when a day of it is asked for, and an observed holiday
        # may land in the next or last year: the years around are filled too, so that a
        # year's holidays do not depend on which years were asked for before.
        for around in (year - 1, year, year + 1):
            if around in HOLIDAY_YEARS:
                self._calendar.get(date(around, 1, 1))
        return {day: str(name) for day, name in self._calendar.items()
                if day.year == year and name}


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
    """A public holiday (one day) or a company closure (a period), within a window."""

    day: date
    kind: str  # "holiday" or "closure"
    name: str
    end: date | None = None


class WorkingCalendar:
    """Working days of a company. Closures are kept as merged periods and public holidays as
    per-year lists, so that every count is arithmetic plus bisection, whatever the span."""

    def __init__(
        self,
        *,
        working_days: Iterable[int] = (0, 1, 2, 3, 4),
        country: str = "FR",
        subdivision: str | None = None,
        closures: Iterable[Period] = (),
        locale: str = "fr",
        holidays: HolidaySource | None = None,
    ) -> None:
        self.weekdays = frozenset(working_days)
        # Days of the working week among the ``rest`` days from a weekday ``first``, by
        # ``[first][rest]``: a span's count is then one division and one lookup (the
        # conflicts and follow-up rules count ~40,000 spans on a cold check).
        self._partial_weeks = tuple(
            tuple(sum(1 for i in range(rest) if (first + i) % 7 in self.weekdays)
                  for rest in range(7))
            for first in range(7))
        self._holidays = (LibraryHolidays(country, subdivision, locale) if holidays is None
                          else holidays)
        self._names: dict[int, Mapping[date, str]] = {}
        self.closures = sorted(closures, key=lambda p: (p.start, p.end))
        self._closed = _merge((c.start, c.end) for c in self.closures)
        self._closed_starts = [start for start, _ in self._closed]
        self._years: dict[int, tuple[list[date], list[date]]] = {}
        self._all_holidays: list[date] = []
        self._open_holidays: list[date] = []
        # Counts and edges of spans already asked for: the rules of one run ask about the same
        # assignment periods again and again (189,000 counts for 40,000 assignments).
        self._counted: dict[tuple[date, date], int] = {}
        self._edges: dict[tuple[date, date, bool], date | None] = {}
        # The running count of the years counted so far (see ``_table_of``), and its years.
        self._table: WorkingDayTable | None = None
        self._table_years = (0, -1)

    @classmethod
    def for_company(cls, company: Company, locale: str | None = None,
                    holidays: HolidaySource | None = None) -> WorkingCalendar:
        return cls(working_days=company.working_days, country=company.country,
                   subdivision=company.subdivision, closures=company.closures,
                   locale=locale or company.locale, holidays=holidays)

    # -- single days ---------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        if day.year not in HOLIDAY_YEARS:
            return None
        return self._holidays_of(day.year).get(day)

    def _holidays_of(self, year: int) -> Mapping[date, str]:
        names = self._names.get(year)
        if names is None:
            names = self._names[year] = self._holidays.names(year)
        return names

    def in_working_week(self, day: date) -> bool:
        return day.weekday() in self.weekdays

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() in self.weekdays and self._closed_period(day) is None
                and self.holiday_name(day) is None)

    # -- counting --------------------------------------------------------------------------
    def working_days(self, start: date, end: date) -> int:
        """Working days in ``[start, end]`` (both included)."""
        span = (start, end)
        count = self._counted.get(span)
        if count is None:
            count = self._counted[span] = self._count_working_days(start, end)
        return count

    def _count_working_days(self, start: date, end: date) -> int:
        if end < start:
            return 0
        table = self._table_of(start.year, end.year)
        if table is not None:
            return table.count(start.toordinal(), end.toordinal())
        closed = sum(self._week_days(max(a, start), min(b, end))
                     for a, b in self._closed_within(start, end))
        return self._week_days(start, end) - closed - self._count(start, end, open_only=True)

    def week_days_not_holiday(self, start: date, end: date) -> int:
        """Days of the working week in ``[start, end]`` that are not public holidays."""
        if end < start:
            return 0
        return self._week_days(start, end) - self._count(start, end, open_only=False)

    def first_working_day(self, start: date, end: date) -> date | None:
        key = (start, end, True)
        if key not in self._edges:
            self._edges[key] = self._first_working_day(start, end)
        return self._edges[key]

    def last_working_day(self, start: date, end: date) -> date | None:
        key = (start, end, False)
        if key not in self._edges:
            self._edges[key] = self._last_working_day(start, end)
        return self._edges[key]

    def _first_working_day(self, start: date, end: date) -> date | None:
        table = self._table
        if table is not None and start <= end and table.first <= start.toordinal() <= table.last:
            found = table.first_working(start.toordinal(), min(end.toordinal(), table.last))
            if found is not None or end.toordinal() <= table.last:
                return None if found is None else date.fromordinal(found)
            start = date.fromordinal(table.last + 1)  # on past the table, day by day
        return self._find(start, end, self.is_working_day, forward=True)

    def _last_working_day(self, start: date, end: date) -> date | None:
        table = self._table
        if table is not None and start <= end and table.first <= end.toordinal() <= table.last:
            found = table.last_working(max(start.toordinal(), table.first), end.toordinal())
            if found is not None or start.toordinal() >= table.first:
                return None if found is None else date.fromordinal(found)
            end = date.fromordinal(table.first - 1)  # back before the table, day by day
        return self._find(end, start, self.is_working_day, forward=False)

    def closed_days(self, start: date, end: date) -> tuple[int, date | None, date | None]:
        """For ``[start, end]`` inside a closure: how many of its days are in the working
        week and not public holidays, and the first and last of them."""
        def closed(day: date) -> bool:
            return self.in_working_week(day) and self.holiday_name(day) is None

        first = _scan_first(start, end, closed, forward=True)
        if first is None:
            return 0, None, None
        last = _scan_first(end, start, closed, forward=False)
        return self.week_days_not_holiday(start, end), first, last

    def nth_working_day(self, start: date, count: int) -> date:
        """The ``count``-th working day from ``start`` (``start`` counts when it works).

        Raises :class:`NoWorkingDay` when there are not that many working days in the
        following 20 years (a closure that never ends, say)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        last = shift(start, 20 * 366 + count * 7)
        day, found = start, None
        for remaining in range(count, 0, -1):
            found = self.first_working_day(day, last)
            if found is None or (found == date.max and remaining > 1):
                raise NoWorkingDay(f"fewer than {count} working days after {start}")
            day = shift(found, 1)
        assert found is not None
        return found

    def days_off(self, start: date, end: date) -> list[DayOff]:
        """Public holidays on days of the working week outside closures, one by one, and the
        closures, as periods, within ``[start, end]``."""
        found = []
        for year in self._holiday_years(start, end):
            _, open_holidays = self._year(year)
            for day in open_holidays[bisect.bisect_left(open_holidays, start):
                                     bisect.bisect_right(open_holidays, end)]:
                found.append(DayOff(day, "holiday", self.holiday_name(day) or ""))
        for closure in self.closures:
            if closure.start <= end and start <= closure.end:
                found.append(DayOff(max(closure.start, start), "closure", closure.reason or "",
                                    min(closure.end, end)))
        return sorted(found, key=lambda d: (d.day, d.kind))

    # -- internals ---------------------------------------------------------------------------
    def _table_of(self, first_year: int, last_year: int) -> WorkingDayTable | None:
        """The running count covering ``first_year`` to ``last_year``, grown to them when
        they touch the years it covers (None when they do not, or are outside
        :data:`HOLIDAY_YEARS`, or it would span more than :data:`TABLE_YEARS`). It grows only
        to years asked for, so that it asks for no holidays the counts would not."""
        low, high = self._table_years
        if low <= first_year and last_year <= high:
            return self._table
        if first_year < HOLIDAY_YEARS.start or last_year >= HOLIDAY_YEARS.stop:
            return None
        if self._table is not None:
            if first_year > high + 1 or last_year < low - 1:
                return None
            first_year, last_year = min(first_year, low), max(last_year, high)
        if last_year - first_year + 1 > TABLE_YEARS:
            return None
        holidays = [day for year in range(first_year, last_year + 1)
                    for day in self._holidays_of(year)]
        self._table = WorkingDayTable.of_years(first_year, last_year, self.weekdays,
                                               self._closed, holidays)
        self._table_years = (first_year, last_year)
        return self._table

    def _week_days(self, start: date, end: date) -> int:
        if end < start:
            return 0
        total = end.toordinal() - start.toordinal() + 1
        full, rest = divmod(total, 7)
        return full * len(self.weekdays) + self._partial_weeks[start.weekday()][rest]

    def _holiday_years(self, start: date, end: date) -> range:
        return range(max(start.year, HOLIDAY_YEARS.start),
                     min(end.year, HOLIDAY_YEARS.stop - 1) + 1)

    def _count(self, start: date, end: date, *, open_only: bool) -> int:
        """Public holidays on working-week days in ``[start, end]`` (outside closures only,
        with ``open_only``: the closures are counted as whole periods)."""
        years = self._holiday_years(start, end)
        if not years:
            return 0
        self._compute(years)
        days = self._open_holidays if open_only else self._all_holidays
        return bisect.bisect_right(days, end) - bisect.bisect_left(days, start)

    def _year(self, year: int) -> tuple[list[date], list[date]]:
        """Sorted working-week holidays of ``year``, and those of them outside closures."""
        self._compute(range(year, year + 1))
        return self._years[year]

    def _compute(self, years: range) -> None:
        """Holidays of these years, added to the per-year lists and to the sorted lists of
        all the years computed so far (so that a count is two bisections)."""
        added = False
        for year in years:
            if year in self._years:
                continue
            holidays = sorted(d for d in self._holidays_of(year)
                              if d.weekday() in self.weekdays)
            outside = [d for d in holidays if self._closed_period(d) is None]
            self._years[year] = (holidays, outside)
            self._all_holidays += holidays
            self._open_holidays += outside
            added = True
        if added:
            self._all_holidays.sort()
            self._open_holidays.sort()

    def _closed_period(self, day: date) -> tuple[date, date] | None:
        index = bisect.bisect_right(self._closed_starts, day) - 1
        if index >= 0 and self._closed[index][1] >= day:
            return self._closed[index]
        return None

    def _closed_within(self, start: date, end: date) -> list[tuple[date, date]]:
        index = max(bisect.bisect_right(self._closed_starts, start) - 1, 0)
        found = []
        for a, b in self._closed[index:]:
            if a > end:
                break
            if b >= start:
                found.append((a, b))
        return found

    def _find(self, start: date, stop: date, keep: Any, *, forward: bool) -> date | None:
        """The first day from ``start`` towards ``stop`` that ``keep`` accepts, jumping over
        closures instead of walking through them."""
        return _scan_first(start, stop, keep, forward=forward, closed=self._closed_period)


def _scan_first(start: date, stop: date, keep: Any, *, forward: bool,
                closed: Any = None) -> date | None:
    """The first day from ``start`` towards ``stop`` that ``keep`` accepts. ``closed(day)``,
    when given, returns the period a day falls in, which is skipped whole. Callers' predicates
    hold on most other weekdays, so the walk is a few weeks at most."""
    day = start
    edge = date.max if forward else date.min
    while (day <= stop) if forward else (day >= stop):
        period = closed(day) if closed is not None else None
        if period is not None:
            beyond = period[1] if forward else period[0]
            if beyond == edge:
                return None
            day = shift(beyond, 1 if forward else -1)
            continue
        if keep(day):
            return day
        if day == edge:
            return None
        day = shift(day, 1 if forward else -1)
    return None


def _merge(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if end < start:
            continue
        if merged and start <= shift(merged[-1][1], 1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
