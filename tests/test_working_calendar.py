"""Working days: the company's week, public holidays of its country and region, closures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.records import Period
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, WorkingCalendar

FRANCE = WorkingCalendar()


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 7, 13), True),   # Monday
    (date(2026, 7, 14), False),  # Tuesday, Fête nationale
    (date(2026, 5, 14), False),  # Ascension Thursday
    (date(2026, 5, 16), False),  # Saturday
    (date(2026, 4, 3), True),    # Good Friday: not a holiday in France at large
    (date(2026, 12, 25), False),
])
def test_french_working_days(day: date, working: bool):
    assert FRANCE.is_working_day(day) is working


def test_moselle_has_good_friday_and_saint_stephen():
    moselle = WorkingCalendar(subdivision="57")
    assert not moselle.is_working_day(date(2026, 4, 3))
    assert moselle.holiday_name(date(2026, 4, 3)) == "Vendredi saint"


def test_holiday_names_follow_the_language_not_the_machine():
    assert FRANCE.holiday_name(date(2026, 7, 14)) == "Fête nationale"
    assert WorkingCalendar(locale="en").holiday_name(date(2026, 7, 14)) == "National Day"


def test_company_week_and_closures():
    calendar = WorkingCalendar(working_days=(0, 1, 2, 3), closures=[
        Period(date(2026, 8, 10), date(2026, 8, 14), "Été", "/closures/0")])
    assert not calendar.is_working_day(date(2026, 3, 6))  # a Friday, outside the week
    assert calendar.working_days(date(2026, 8, 3), date(2026, 8, 16)) == 4
    assert not calendar.is_working_day(date(2026, 8, 12))  # a Wednesday in the closure
    assert calendar.closed_days(date(2026, 8, 10), date(2026, 8, 14)) == (
        4, date(2026, 8, 10), date(2026, 8, 13))


def test_unknown_region_is_an_error():
    with pytest.raises(UnknownHolidayRegion):
        WorkingCalendar(country="FR", subdivision="99")
    with pytest.raises(UnknownHolidayRegion):
        WorkingCalendar(country="XX")


def test_nth_working_day_skips_days_off():
    # From Monday 2026-07-13, the 3rd working day skips 14 July.
    assert FRANCE.nth_working_day(date(2026, 7, 13), 3) == date(2026, 7, 16)
    assert FRANCE.nth_working_day(date(2026, 7, 11), 1) == date(2026, 7, 13)


def test_days_off_are_named():
    off = FRANCE.days_off(date(2026, 5, 1), date(2026, 5, 31))
    assert [(d.day.day, d.name) for d in off] == [
        (1, "Fête du Travail"), (8, "Fête de la Victoire"), (14, "Ascension"),
        (25, "Lundi de Pentecôte")]


CLOSURES = WorkingCalendar(closures=[Period(date(2026, 12, 24), date(2027, 1, 1), None, "")],
                           subdivision="57")


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(0, 800))
def test_counting_agrees_with_looking_at_each_day(start: date, length: int):
    end = start + timedelta(days=length)
    days = [start + timedelta(days=i) for i in range(length + 1)]
    assert CLOSURES.working_days(start, end) == sum(CLOSURES.is_working_day(d) for d in days)
    expected = sum(CLOSURES.in_working_week(d) and CLOSURES.holiday_name(d) is None for d in days)
    assert CLOSURES.week_days_not_holiday(start, end) == expected


@settings(max_examples=200, deadline=None)
@given(st.frozensets(st.integers(0, 6)), st.dates(date(2025, 1, 1), date(2028, 12, 31)),
       st.integers(0, 40))
def test_any_working_week_counts_as_looking_at_each_day(week: frozenset[int], start: date,
                                                        length: int):
    calendar = WorkingCalendar(working_days=week, holidays=_NoHolidays())
    end = start + timedelta(days=length)
    expected = sum((start + timedelta(days=i)).weekday() in week for i in range(length + 1))
    assert calendar.working_days(start, end) == expected


class _NoHolidays:
    def names(self, year: int) -> dict[date, str]:
        return {}


def _scanned(calendar: WorkingCalendar, start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)
            if calendar.is_working_day(start + timedelta(days=i))]


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2024, 1, 1), date(2029, 12, 31)), st.integers(-3, 900),
       st.sampled_from([(2026, 2026), (2025, 2027), (2028, 2028)]))
def test_edges_and_counts_from_the_running_count_agree_with_each_day(
        start: date, length: int, counted: tuple[int, int]):
    # A calendar whose running count covers only the years ``counted`` (a count there made
    # it): spans inside it, across its edges and outside it agree with a look at each day.
    calendar = WorkingCalendar(closures=[Period(date(2026, 12, 24), date(2027, 1, 3), None, ""),
                                         Period(date(2028, 8, 1), date(2028, 8, 31), None, "")],
                               subdivision="57")
    calendar.working_days(date(counted[0], 1, 1), date(counted[1], 12, 31))
    end = start + timedelta(days=length)
    days = _scanned(calendar, start, end) if length >= 0 else []
    assert calendar.working_days(start, end) == len(days)
    assert calendar.first_working_day(start, end) == (days[0] if days else None)
    assert calendar.last_working_day(start, end) == (days[-1] if days else None)


def test_a_span_of_centuries_is_counted_without_a_table_of_them():
    calendar = WorkingCalendar(holidays=_NoHolidays())
    # 2026 to 2199: beyond TABLE_YEARS, counted by arithmetic; the table stays unmade.
    start, end = date(2026, 1, 5), date(2199, 12, 29)
    weeks = (end - start).days // 7 + 1
    assert calendar.working_days(start, end) == weeks * 5
    assert calendar.first_working_day(start, end) == start
    assert calendar.nth_working_day(date(2026, 1, 3), 1) == start
