"""Everyone's load week by week, and what the timeline draws: bookings, absences,
overbooking, days off and unfilled needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cfo_tools.model import statuses
from cfo_tools.model.records import Freelancer, Mission, Period, Workspace
from cfo_tools.planning.bookings import (
    Booking,
    BookingIndex,
    Segment,
    bookings_given_or_walked,
    load_intervals,
    sweep,
)
from cfo_tools.planning.needs import NeedState, mission_needs, open_needs
from cfo_tools.planning.working_calendar import DayOff, WorkingCalendar, shift

STATES = ("free", "partial", "full", "over", "away", "closed")


@dataclass(frozen=True)
class WeekCell:
    start: date
    working_days: int
    #: Average load over the working days the freelancer is not away, in percent.
    load: int
    peak: int
    state: str
    #: The part of ``load`` that tentative assignments make (shown apart: hatched).
    tentative: int = 0


@dataclass(frozen=True)
class PlanningRow:
    freelancer: Freelancer
    cells: tuple[WeekCell, ...]
    #: The freelancer's bookings that touch the period (tentative ones included).
    bookings: tuple[Booking, ...] = ()
    #: Stretches of the period where the bookings add up to more than the capacity.
    over: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class MissionBar:
    mission: Mission
    start: date
    end: date
    freelancers: tuple[str, ...]


@dataclass(frozen=True)
class DemandRow:
    """An unfilled need: per week, the load it asks for (allocation x people missing) over
    the working days it covers that week, in percent of full time; 0 outside it."""

    state: NeedState
    cells: tuple[int, ...]


@dataclass(frozen=True)
class Planning:
    weeks: tuple[date, ...]
    rows: tuple[PlanningRow, ...]
    bars: tuple[MissionBar, ...]
    demand: tuple[DemandRow, ...] = ()
    #: Public holidays and closures within the period.
    days_off: tuple[DayOff, ...] = ()

    @property
    def start(self) -> date:
        return self.weeks[0]

    @property
    def end(self) -> date:
        return shift(self.weeks[-1], 6)


def planning_weeks(start: date, weeks: int) -> tuple[date, ...]:
    """The Mondays of the ``weeks`` weeks shown from the week of ``start``."""
    monday = shift(start, -start.weekday())
    return tuple(dict.fromkeys(shift(monday, 7 * i) for i in range(weeks)))


def read_by_planning(mission: Mission, calendar: WorkingCalendar, monday: date,
                     end: date) -> bool:
    """Whether :func:`build_planning` from ``monday`` to ``end`` (a Sunday) reads anything
    of ``mission`` (a booking, its bar or an open need in those days): one that does not
    changes nothing of the planning, so a planning of the missions that do is the same."""
    if mission.start <= end and mission.end >= monday:
        return True
    if any(a.start <= end and a.end >= monday for a in mission.assignments):
        return True
    return any(state.end is not None and state.start <= end and state.end >= monday
               for state in mission_needs(mission, calendar))


def build_planning(workspace: Workspace, calendar: WorkingCalendar, *, start: date,
                   weeks: int, role: str | None = None,
                   bookings: BookingIndex | None = None) -> Planning:
    week_starts = planning_weeks(start, weeks)
    monday = week_starts[0]
    end = shift(week_starts[-1], 6)
    bookings = bookings_given_or_walked(bookings, workspace)
    rows = []
    for freelancer in sorted(workspace.freelancers.values(), key=lambda f: f.id):
        own = [b for b in bookings.get(freelancer.id, []) if b.start <= end and b.end >= monday]
        if role is not None and role not in freelancer.roles:
            continue
        if freelancer.status != "active" and not own:
            continue
        # Absences weigh nothing here: they are counted apart, as days away.
        segments = sweep(load_intervals(freelancer, own, away_load=0), monday, end)
        over = tuple(s for s in segments if s.load > freelancer.capacity)
        rows.append(PlanningRow(freelancer, tuple(
            _week(freelancer, calendar, week, segments) for week in week_starts),
            tuple(own), over))
    bars = []
    for mission in sorted(workspace.missions.values(), key=lambda m: (m.start, m.id)):
        if mission.status == statuses.CANCELLED or mission.end < monday or mission.start > end:
            continue
        people = tuple(dict.fromkeys(a.freelancer for a in mission.assignments))
        bars.append(MissionBar(mission, max(mission.start, monday), min(mission.end, end), people))
    demand = tuple(
        DemandRow(state, tuple(_demand(state, calendar, week) for week in week_starts))
        for state in open_needs(workspace, calendar)
        if state.end is not None and state.start <= end and state.end >= monday
        and (role is None or state.need.role == role))
    return Planning(week_starts, tuple(rows), tuple(bars), demand,
                    tuple(calendar.days_off(monday, end)))


def _demand(state: NeedState, calendar: WorkingCalendar, monday: date) -> int:
    assert state.end is not None
    sunday = shift(monday, 6)
    working = calendar.working_days(monday, sunday)
    days = calendar.working_days(max(state.start, monday), min(state.end, sunday))
    if not working or not days:
        return 0
    return round(days * state.need.allocation * state.missing / working)


def _week(freelancer: Freelancer, calendar: WorkingCalendar, monday: date,
          segments: list[Segment]) -> WeekCell:
    sunday = shift(monday, 6)
    working = calendar.working_days(monday, sunday)
    away = 0
    load_days = 0
    tentative_days = 0
    peak = 0
    for segment in segments:
        if segment.end < monday or segment.start > sunday:
            continue
        days = calendar.working_days(max(segment.start, monday), min(segment.end, sunday))
        if not days:
            continue
        if any(isinstance(s, Period) for s in segment.sources):
            away += days
            continue
        load_days += days * segment.load
        tentative_days += days * sum(s.allocation for s in segment.sources
                                     if isinstance(s, Booking) and s.tentative)
        peak = max(peak, segment.load)
    present = working - away
    load = round(load_days / present) if present else 0
    if working == 0:
        state = "closed"
    elif present == 0:
        state = "away"
    elif peak > freelancer.capacity:
        state = "over"
    elif load == 0:
        state = "free"
    elif load >= freelancer.capacity:
        state = "full"
    else:
        state = "partial"
    tentative = round(tentative_days / present) if present else 0
    return WeekCell(monday, working, load, peak, state, tentative)
