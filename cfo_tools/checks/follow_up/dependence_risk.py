"""Signals that a freelancer depends on us like an employee would: booked continuously for a
long time, renewed mission after mission, giving us most of their working days. In France
these point to a risk of the relationship being requalified as employment. Signals, not a
verdict: the message says which were seen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.months import add_months
from cfo_tools.planning.bookings import Booking
from cfo_tools.planning.working_calendar import shift
from cfo_tools.steering.compliance_profile import DEFAULT_DEPENDENCE_MONTHS

NAME = "dependence-risk"
DESCRIPTION = (
    "signs of dependence: booked without a break for 12 months or more, 3 missions or "
    "more in a row, more than half of their working days over the last 12 months"
)
#: A gap shorter than this between two bookings does not break a continuous stretch.
RENEWAL_GAP_DAYS = 15
#: This many missions in a row, each starting within the gap above, is "renewed mission after
#: mission".
RENEWALS = 3
#: Share of their working days over the last twelve months above which they give us "most".
MAJOR_SHARE = 0.5


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    months = DEFAULT_DEPENDENCE_MONTHS
    if company is not None:
        months = int(company.requirements.get("dependence_months", months))
    current = {f.id for f, _ in context.current_or_upcoming()}
    for freelancer_id, bookings in sorted(context.bookings.items()):
        if freelancer_id not in current:
            continue
        freelancer = context.workspace.freelancers[freelancer_id]
        signals = []
        start, end, missions = _longest_stretch(bookings, context.today)
        if start is not None and end is not None and _months_between(start, end) >= months:
            signals.append(f"booked without a break from {start} to {end}, "
                           f"{_months_between(start, end)} months")
        if missions >= RENEWALS:
            signals.append(f"{missions} missions in a row, each renewed within "
                           f"{RENEWAL_GAP_DAYS} days")
        share = _share(bookings, context)
        if share > MAJOR_SHARE:
            signals.append(f"{share:.0%} of their working days over the last 12 months")
        if signals:
            yield Problem(freelancer.file, "/name",
                          f"{freelancer_id}: signs of dependence, a risk of requalification as "
                          f"employment: {'; '.join(signals)}. Review the relationship (other "
                          "clients, breaks between missions)", severity="warning")


def _longest_stretch(bookings: list[Booking], today: date
                     ) -> tuple[date | None, date | None, int]:
    """The continuous stretch (small gaps allowed) that reaches today or later, and how many
    missions follow each other in it."""
    ordered = sorted(bookings, key=lambda b: (b.start, b.end))
    best: tuple[date | None, date | None, int] = (None, None, 0)
    start = end = None
    # A set: a list membership test made a stretch of thousands of missions quadratic.
    missions: set[str] = set()
    for booking in ordered:
        if end is not None and (booking.start - end).days <= RENEWAL_GAP_DAYS:
            end = max(end, booking.end)
            missions.add(booking.mission.id)
        else:
            if start is not None and end is not None and end >= today:
                break
            start, end, missions = booking.start, booking.end, {booking.mission.id}
    if start is not None and end is not None and end >= today:
        best = (start, end, len(missions))
    return best


def _months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, both days included."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    while months > 0 and add_months(start, months) > shift(end, 1):
        months -= 1
    return max(months, 0)


def _share(bookings: list[Booking], context: FollowUpContext) -> float:
    begin = add_months(context.today, -12) + timedelta(days=1)
    available = context.calendar.working_days(begin, context.today)
    if not available:
        return 0.0
    booked = 0.0
    for booking in bookings:
        first, last = max(booking.start, begin), min(booking.end, context.today)
        if first <= last:
            booked += context.calendar.working_days(first, last) * booking.allocation / 100
    return min(booked / available, 1.0)
