"""Closures and absences against bookings (``planning/conflicts.py``): each booking reads
the merged periods from the first that may meet it, found by bisection, not from the first
of all (issue 16: hundreds of closures in company.yaml cost every booking hundreds of
steps); the closures merged once per calendar; the same conflicts as a scan of them all."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from cfo_tools.model.records import Assignment, Freelancer, Mission, Period
from cfo_tools.planning import conflicts
from cfo_tools.planning.bookings import Booking
from cfo_tools.planning.conflicts import Conflict, merge_overlapping
from cfo_tools.planning.working_calendar import WorkingCalendar

FIRST = date(2025, 1, 6)


class NoHolidays:
    def names(self, year: int) -> dict[date, str]:
        return {}


class CountedList(list[Period]):
    """Merged periods that count the items read."""

    read = 0

    def __getitem__(self, at):  # type: ignore[no-untyped-def]
        CountedList.read += 1
        return super().__getitem__(at)


ADA = Freelancer("ada", "roster/ada.yaml", "Ada", "ada@example.fr", None, None, None, [], [],
                 [], Decimal(500), 100, "active", None, None, [], [], None, {})


def periods(rng: random.Random, count: int, span: int) -> list[Period]:
    found = []
    for i in range(count):
        start = FIRST + timedelta(days=rng.randint(0, span))
        found.append(Period(start, start + timedelta(days=rng.choice([0, 0, 2, 9])),
                            rng.choice([None, "Fermeture", "Travaux"]), f"/closures/{i}"))
    return found


def bookings(rng: random.Random, count: int, span: int, first: date = FIRST,
             length: int | None = None) -> list[Booking]:
    """``count`` bookings of Ada starting within ``span`` days of ``first``, each ``length``
    days long (else 0 to 40)."""
    made = []
    for i in range(count):
        start = first + timedelta(days=rng.randint(0, span))
        end = start + timedelta(days=rng.randint(0, 40) if length is None else length)
        assignment = Assignment("ada", "dev", 50, start, end, None, None, None,
                                f"/assignments/{i}")
        mission = Mission(f"m{i}", f"missions/m{i}.yaml", "m", "c", "pm", "in-progress",
                          assignment.start, assignment.end, [], None, {}, [assignment], [], [],
                          {})
        made.append(Booking(mission, assignment))
    return made


def scanned(own: list[Booking], calendar: WorkingCalendar, found_in: list[Period],
            lo: date | None, hi: date | None, closure: bool) -> list[Conflict]:
    """The conflicts as found before the bisection: every merged period read for each
    booking, until one starts after it."""
    ordered = merge_overlapping(found_in)
    found = []
    for booking in own:
        for period in ordered:
            if period.start > booking.end:
                break
            single = conflicts._Ordered([period], [period.end])
            found += conflicts._unavailable(ADA, [booking], calendar, single, lo, hi,
                                            closure=closure, file="company.yaml")
    return found


def test_the_same_conflicts_as_a_scan() -> None:
    rng = random.Random(16)
    for count, span in ((0, 10), (1, 10), (30, 60), (200, 700)):
        found_in = periods(rng, count, span)
        calendar = WorkingCalendar(closures=found_in, holidays=NoHolidays())
        own = bookings(rng, 40, span)
        for lo, hi in ((None, None), (FIRST + timedelta(days=20), FIRST + timedelta(days=200))):
            for closure in (True, False):
                ordered = conflicts._Ordered.of(found_in)
                assert conflicts._unavailable(ADA, own, calendar, ordered, lo, hi,
                                              closure=closure, file="company.yaml") \
                    == scanned(own, calendar, found_in, lo, hi, closure)


def test_a_booking_reads_only_the_closures_that_may_meet_it() -> None:
    # A closure every week for ten years, then 50 bookings in the last months.
    found_in = [Period(FIRST + timedelta(weeks=w), FIRST + timedelta(weeks=w, days=1), None,
                       f"/closures/{w}") for w in range(520)]
    calendar = WorkingCalendar(closures=found_in, holidays=NoHolidays())
    own = bookings(random.Random(1), 50, 0, FIRST + timedelta(weeks=500), 14)
    merged = conflicts._Ordered.of(found_in)
    counted = conflicts._Ordered(CountedList(merged.periods), merged.ends)
    CountedList.read = 0
    found = conflicts._unavailable(ADA, own, calendar, counted, None, None, closure=True,
                                   file="company.yaml")
    assert len(found) == 50 * 3
    # Each booking reads the three closures it meets and the one after: 200, not 25,000.
    assert CountedList.read == 50 * 4


def test_the_closures_are_merged_once_per_calendar() -> None:
    calendar = WorkingCalendar(closures=periods(random.Random(2), 100, 300),
                               holidays=NoHolidays())
    assert conflicts._merged_closures(calendar) is conflicts._merged_closures(calendar)
    assert conflicts._merged_closures(calendar).periods == merge_overlapping(calendar.closures)
