"""Overbookings come from loads summed along one sort of the bookings (n log n): the same
conflicts as listing the bookings active in every segment, which was quadratic for one
freelancer with thousands of overlapping assignments (issue 16)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.records import Assignment, Freelancer, Mission, Period
from cfo_tools.planning.bookings import Booking, Interval, load_intervals, load_segments, sweep
from cfo_tools.planning.conflicts import Conflict, _overbooked
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.talent import NEXT_FREE_HORIZON_DAYS, _next_free

CALENDAR = WorkingCalendar(country="FR")
FIRST = date(2026, 4, 27)  # a week with May Day and a weekend in it


def reference_overbooked(person: Freelancer, bookings: list[Booking],
                         calendar: WorkingCalendar, lo: date | None, hi: date | None
                         ) -> list[Conflict]:
    """The implementation before issue 16: every segment's active bookings, run by run."""
    intervals = [Interval(b.start, b.end, b.allocation, b) for b in bookings]
    found = []
    run: list[tuple[date, date, int, int, tuple[object, ...]]] = []
    confirmed_over = False

    def close_run() -> None:
        nonlocal confirmed_over
        if not run:
            return
        involved = list({id(s): s for *_, sources in run for s in sources
                         if isinstance(s, Booking)}.values())
        ordered = sorted(involved, key=lambda b: (b.mission.id, b.assignment.pointer))
        first = ordered[0]
        found.append(Conflict(
            kind="overbooked", freelancer=person.id,
            start=run[0][0], end=run[-1][1], working_days=sum(r[2] for r in run),
            peak=max(r[3] for r in run), capacity=person.capacity,
            missions=tuple(sorted({b.mission.id for b in involved})),
            file=first.mission.file, pointer=first.assignment.pointer,
            involved=tuple(dict.fromkeys((b.mission.file, b.assignment.pointer)
                                         for b in ordered)),
            tentative=not confirmed_over,
        ))
        run.clear()
        confirmed_over = False

    first_day = lo if lo is not None else min(b.start for b in bookings)
    last_day = hi if hi is not None else max(b.end for b in bookings)
    for segment in sweep(intervals, first_day, last_day):
        working = calendar.working_days(segment.start, segment.end)
        if working == 0:
            continue
        if segment.load <= person.capacity:
            close_run()
            continue
        first = calendar.first_working_day(segment.start, segment.end)
        last = calendar.last_working_day(segment.start, segment.end)
        assert first is not None and last is not None
        run.append((first, last, working, segment.load, segment.sources))
        confirmed = sum(s.allocation for s in segment.sources
                        if isinstance(s, Booking) and not s.tentative)
        confirmed_over = confirmed_over or confirmed > person.capacity
    close_run()
    return found


def freelancer(capacity: int) -> Freelancer:
    return Freelancer("ada", "roster/ada.yaml", "Ada", "ada@example.fr", None, None, None,
                      [], [], [], Decimal(500), capacity, "active", None, None, [], [], None, {})


def mission(ident: str, assignments: list[Assignment]) -> Mission:
    return Mission(ident, f"missions/{ident}.yaml", ident, "client", "pm", "in-progress",
                   FIRST, FIRST + timedelta(days=90), [], None, {}, assignments, [], [], {})


BOOKING = st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(0, 25),
                    st.sampled_from([10, 20, 50, 60, 100]), st.booleans())


def bookings_of(drawn: list[tuple[int, int, int, int, bool]]) -> list[Booking]:
    by_mission: dict[str, list[Assignment]] = {}
    for which, offset, length, allocation, tentative in drawn:
        own = by_mission.setdefault(f"m{which}", [])
        start = FIRST + timedelta(days=offset)
        own.append(Assignment("ada", "dev", allocation, start, start + timedelta(days=length),
                              None, None, None, f"/assignments/{len(own)}", tentative))
    missions = {ident: mission(ident, own) for ident, own in by_mission.items()}
    return [Booking(missions[m], a) for m in sorted(missions) for a in missions[m].assignments]


@settings(max_examples=300, deadline=None)
@given(st.lists(BOOKING, min_size=1, max_size=25), st.sampled_from([50, 80, 100, 120]),
       st.one_of(st.none(), st.tuples(st.integers(-5, 30), st.integers(0, 40))))
def test_the_same_overbookings_as_listing_every_segment(drawn, capacity, window):
    bookings = bookings_of(drawn)
    lo = hi = None
    if window is not None:
        lo = FIRST + timedelta(days=window[0])
        hi = lo + timedelta(days=window[1])
    person = freelancer(capacity)
    assert _overbooked(person, bookings, CALENDAR, lo, hi) == reference_overbooked(
        person, bookings, CALENDAR, lo, hi)


@settings(max_examples=200, deadline=None)
@given(st.lists(BOOKING, min_size=1, max_size=25),
       st.tuples(st.integers(-5, 30), st.integers(0, 40)))
def test_load_segments_are_the_sweep_s_without_their_sources(drawn, window):
    intervals = [Interval(b.start, b.end, b.allocation, b) for b in bookings_of(drawn)]
    lo = FIRST + timedelta(days=window[0])
    hi = lo + timedelta(days=window[1])
    swept = sweep(intervals, lo, hi)
    assert [(s.start, s.end, s.load) for s in load_segments(intervals, lo, hi)] == [
        (s.start, s.end, s.load) for s in swept]
    assert [s.firm for s in load_segments(intervals, lo, hi)] == [
        sum(b.allocation for b in s.sources if isinstance(b, Booking) and not b.tentative)
        for s in swept]


def reference_next_free(person: Freelancer, bookings: list[Booking], today: date
                        ) -> date | None:
    """``cfo talent``'s next free day before issue 16's large workspace: from ``sweep``."""
    horizon = today + timedelta(days=NEXT_FREE_HORIZON_DAYS)
    for segment in sweep(load_intervals(person, bookings), today, horizon):
        if segment.load < person.capacity:
            day = CALENDAR.first_working_day(segment.start, segment.end)
            if day is not None:
                return day
    return None


ABSENCE = st.tuples(st.integers(-5, 40), st.integers(0, 20))


@settings(max_examples=200, deadline=None)
@given(st.lists(BOOKING, min_size=1, max_size=25), st.sampled_from([50, 80, 100, 120]),
       st.lists(ABSENCE, max_size=3), st.integers(-5, 45))
def test_the_next_free_day_is_the_sweep_s(drawn, capacity, absences, today):
    person = replace(freelancer(capacity), unavailable=[
        Period(FIRST + timedelta(days=offset), FIRST + timedelta(days=offset + length), None,
               f"/unavailable/{n}") for n, (offset, length) in enumerate(absences)])
    bookings = bookings_of(drawn)
    day = FIRST + timedelta(days=today)
    assert _next_free(person, bookings, CALENDAR, day) == reference_next_free(person, bookings,
                                                                              day)
