"""Days of activity, month by month: what the planning foresees for a freelancer on a mission,
what their report says, and what the company approved. The one place the activity rules,
``cfo activity``, invoices, budgets and agendas ask.

"Planned" days of a month are the month's working days inside each assignment of the
freelancer on the mission, times its allocation: ``working days x allocation / 100``, exact.
Tentative assignments plan nothing, and neither does a mission that books no time (draft,
cancelled). Every count is a :class:`~decimal.Decimal` (a half day is ``0.5``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from cfo_tools.model.activity import APPROVED, FULL_DAY, ActivityReport
from cfo_tools.model.months import Month
from cfo_tools.model.records import Assignment, Freelancer, Mission, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar

ZERO_DAYS = Decimal(0)
#: A report of a month is due once this many working days of the next month have passed.
DUE_WORKING_DAY = 5
#: Working days a submitted report may wait for its approval (or its dispute).
APPROVAL_DAYS = 5
HUNDRED = Decimal(100)


# -- reports ---------------------------------------------------------------------------------
def report_of(workspace: Workspace, freelancer_id: str, month: Month) -> ActivityReport | None:
    """The report of ``freelancer_id`` for ``month`` (a valid one), if there is one."""
    return workspace.activity.get(f"{month}/{freelancer_id}")


def has_report_file(workspace: Workspace, freelancer_id: str, month: Month) -> bool:
    """Whether a report file exists, valid or not (a broken one is reported on its own)."""
    return f"{month}/{freelancer_id}" in workspace.activity_files


def reports_of_month(workspace: Workspace, month: Month) -> dict[str, ActivityReport]:
    """Freelancer id -> report, for every valid report of ``month``, sorted by id."""
    found = {r.freelancer: r for r in workspace.activity.values() if r.month == month}
    return dict(sorted(found.items()))


def report_months(workspace: Workspace) -> list[Month]:
    """Every month with at least one report file, oldest first."""
    months = {Month.parse(key.split("/")[0]) for key in workspace.activity_files}
    return sorted(months)


def reported_days(workspace: Workspace, freelancer_id: str, mission_id: str,
                  month: Month) -> Decimal:
    """Days ``freelancer_id`` reported on ``mission_id`` in ``month``, whatever the report's
    status (0 without a report)."""
    report = report_of(workspace, freelancer_id, month)
    return report.days_for(mission_id) if report is not None else ZERO_DAYS


def approved_days(workspace: Workspace, freelancer_id: str, mission_id: str,
                  month: Month) -> Decimal:
    """Days of ``freelancer_id`` on ``mission_id`` in ``month`` that the company approved:
    those of an ``approved`` report, else 0. What an invoice may bill."""
    report = report_of(workspace, freelancer_id, month)
    if report is None or report.status != APPROVED:
        return ZERO_DAYS
    return report.days_for(mission_id)


def approved_reports(workspace: Workspace) -> dict[str, list[ActivityReport]]:
    """Every approved report, by freelancer id: built once, so that asking for each mission's
    approved months does not walk every report of the workspace each time."""
    found: dict[str, list[ActivityReport]] = {}
    for report in workspace.activity.values():
        if report.status == APPROVED:
            found.setdefault(report.freelancer, []).append(report)
    return found


def approved_months(reports: Iterable[ActivityReport], mission_id: str) -> list[Month]:
    """Months of ``reports`` (one freelancer's approved reports, see :func:`approved_reports`)
    that name ``mission_id``."""
    return sorted(r.month for r in reports if r.entries_for(mission_id))


# -- planning --------------------------------------------------------------------------------
def planning_assignments(mission: Mission, freelancer_id: str) -> list[Assignment]:
    """The assignments of ``freelancer_id`` on ``mission`` that plan days: not tentative, on a
    mission that books time."""
    if not mission.books_time:
        return []
    return [a for a in mission.assignments_of(freelancer_id) if not a.tentative]


def assignment_planned_days(assignment: Assignment, calendar: WorkingCalendar,
                            month: Month) -> Decimal:
    """Working days of ``month`` inside ``assignment``, times its allocation."""
    start, end = max(assignment.start, month.first), min(assignment.end, month.last)
    days = calendar.working_days(start, end)
    return Decimal(days * assignment.allocation) / HUNDRED


def planned_days(workspace: Workspace, calendar: WorkingCalendar, freelancer_id: str,
                 mission_id: str, month: Month) -> Decimal:
    """Days the planning foresees for ``freelancer_id`` on ``mission_id`` in ``month``."""
    mission = workspace.missions.get(mission_id)
    if mission is None:
        return ZERO_DAYS
    return sum((assignment_planned_days(a, calendar, month)
                for a in planning_assignments(mission, freelancer_id)), ZERO_DAYS)


def planned_missions(workspace: Workspace, calendar: WorkingCalendar, freelancer_id: str,
                     month: Month, missions: Iterable[str] | None = None) -> dict[str, Decimal]:
    """Mission id -> planned days, for every mission planning days of ``freelancer_id`` in
    ``month`` (none at zero), sorted by id; ``missions``: the ids of those that may (the
    freelancer's, from ``records.missions_by_freelancer``), else every mission."""
    found: dict[str, Decimal] = {}
    for mission_id in sorted(workspace.missions if missions is None else missions):
        days = planned_days(workspace, calendar, freelancer_id, mission_id, month)
        if days > 0:
            found[mission_id] = days
    return found


def followed_months(workspace: Workspace, today: date, *, last: Month) -> list[Month]:
    """The months whose reports are followed, up to ``last``: from the first month with a
    report file (the workspace keeps reports since then), else from the month before
    ``today``'s. The follow-up of ``cfo check`` asks up to last month, agendas up to the
    current one."""
    months = report_months(workspace)
    previous = Month.of(today).shifted(-1)
    month = min(months[0], previous) if months else previous
    found = []
    while month <= last:
        found.append(month)
        month = month.shifted(1)
    return found


@dataclass(frozen=True)
class MissingReport:
    """A freelancer booked in a month with no report file for it; ``assignment`` is their
    first assignment planning days that month (missions in id order), on ``mission``."""

    freelancer: str
    month: Month
    mission: Mission
    assignment: Assignment


def missing_reports(workspace: Workspace, calendar: WorkingCalendar,
                    month: Month) -> list[MissingReport]:
    """Freelancers (with a roster file) with planned days in ``month`` and no report file for
    it, in the order of their first mission's id; the one answer of ``cfo check`` and
    ``cfo agenda``."""
    found: dict[str, MissingReport] = {}
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        if not mission.books_time:
            continue
        for a in _assignments_of_roster(mission, workspace.freelancers):
            # Not tentative, on a mission that books time: one of planning_assignments (asked
            # of each assignment, it cost assignments x the freelancer's assignments).
            if (a.freelancer in found or a.tentative or a.freelancer not in workspace.freelancers
                    or has_report_file(workspace, a.freelancer, month)
                    or assignment_planned_days(a, calendar, month) <= 0):
                continue
            found[a.freelancer] = MissingReport(a.freelancer, month, mission, a)
    return list(found.values())


def _assignments_of_roster(mission: Mission, freelancers: Mapping[str, object]
                           ) -> Sequence[Assignment]:
    """The assignments of ``mission`` that may name one of ``freelancers``, in file order:
    all of them, or only those freelancers' through the mission's index when they are fewer
    than its assignments. A freelancer's subject holds one freelancer and their missions:
    scanning a mission of 50,000 assignments for each of its 5,000 freelancers cost 250
    million steps (issue 16, ``benchmarks/generate_shapes.py --shape team``)."""
    if len(freelancers) >= len(mission.assignments):
        return mission.assignments
    return [mission.assignments[row] for row in mission.assignment_rows_of(freelancers)]


def report_due(calendar: WorkingCalendar, month: Month) -> date:
    """The day a report of ``month`` is due: the 5th working day of the next month (the last
    day of the next month when the company is closed all along)."""
    from cfo_tools.planning.working_calendar import NoWorkingDay

    following = month.shifted(1)
    if following.year > date.max.year:
        # December 9999 (the schemas let it through): no later day exists to be due on.
        return date.max
    try:
        return calendar.nth_working_day(following.first, DUE_WORKING_DAY)
    except NoWorkingDay:
        return following.last


# -- single days -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DayOffReason:
    """Why a date is not worked: ``kind`` is ``weekend``, ``holiday`` or ``closure``."""

    kind: str
    name: str


def day_off(calendar: WorkingCalendar, day: date) -> DayOffReason | None:
    """Why ``day`` is not a working day of the company, None when it is one."""
    if not calendar.in_working_week(day):
        return DayOffReason("weekend", "")
    holiday = calendar.holiday_name(day)
    if holiday is not None:
        return DayOffReason("holiday", holiday)
    for closure in calendar.closures:
        if closure.start <= day <= closure.end:
            return DayOffReason("closure", closure.reason or "")
    return None


def unavailable_on(freelancer: Freelancer, day: date) -> str | None:
    """The reason ``freelancer`` is away on ``day`` ("" when none is given), None if not."""
    for period in freelancer.unavailable:
        if period.start <= day <= period.end:
            return period.reason or ""
    return None


def prefilled_days(workspace: Workspace, calendar: WorkingCalendar, freelancer_id: str,
                   month: Month) -> dict[str, dict[date, Decimal]]:
    """What ``cfo activity new`` writes: mission id -> date -> 1 or 0.5, for the planned
    working days of ``month`` (none on days off, nor while the freelancer is away).

    Each mission's days are handed out in half days so that their running total never passes
    the days planned so far: a 50 % assignment gives 0.5 a day, an 80 % one alternates 0.5
    and 1. No date gets more than one day across missions (missions in id order). So the
    report never has more days than planned, nor a day on a day off."""
    freelancer = workspace.freelancers.get(freelancer_id)
    taken: dict[date, Decimal] = {}
    result: dict[str, dict[date, Decimal]] = {}
    for mission_id in sorted(workspace.missions):
        assignments = planning_assignments(workspace.missions[mission_id], freelancer_id)
        if not assignments:
            continue
        planned = ZERO_DAYS
        given = ZERO_DAYS
        days: dict[date, Decimal] = {}
        for day, load in _daily_load(assignments, calendar, month):
            planned += load
            if freelancer is not None and unavailable_on(freelancer, day) is not None:
                continue
            owed = _halves_down(planned) - given
            value = min(owed, FULL_DAY, FULL_DAY - taken.get(day, ZERO_DAYS))
            value = _halves_down(value)
            if value <= 0:
                continue
            days[day] = value
            given += value
            taken[day] = taken.get(day, ZERO_DAYS) + value
        if days:
            result[mission_id] = days
    return result


def _daily_load(assignments: list[Assignment], calendar: WorkingCalendar,
                month: Month) -> Iterator[tuple[date, Decimal]]:
    """Each working day of ``month`` inside an assignment, with the days it plans there."""
    for number in range(1, month.length + 1):
        day = month.first.replace(day=number)
        if not calendar.is_working_day(day):
            continue
        load = sum((Decimal(a.allocation) / HUNDRED for a in assignments
                    if a.start <= day <= a.end), ZERO_DAYS)
        if load > 0:
            yield day, load


def _halves_down(days: Decimal) -> Decimal:
    """``days`` rounded down to a half day, written plainly (``1``, ``1.5``)."""
    halves = int((days * 2).to_integral_value(rounding=ROUND_FLOOR))
    return Decimal(halves) / 2


def approval_due(calendar: WorkingCalendar, submitted_on: date) -> date:
    """The day a report submitted on ``submitted_on`` should be approved by: the
    :data:`APPROVAL_DAYS`-th working day after it (``date.max`` when none comes)."""
    from cfo_tools.planning.working_calendar import NoWorkingDay, shift

    if submitted_on >= date.max:
        return date.max
    try:
        return calendar.nth_working_day(shift(submitted_on, 1), APPROVAL_DAYS)
    except NoWorkingDay:
        return date.max
