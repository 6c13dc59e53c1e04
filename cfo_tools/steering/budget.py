"""Where each mission's money stands: budget, committed, actual, still to come, forecast.

- committed: the sum of the assignments' planned amounts (working days x allocation x rate);
- actual: the approved activity (days in approved monthly reports) x the contracted rate;
- still to come: the planned amount of the working days in every month not approved yet for
  each freelancer on the mission: after their last approved month, and any earlier month whose
  report is missing or not approved (those days are still to be paid); all of it when nothing
  is approved yet;
- forecast at completion: actual + still to come; variance: budget - forecast.

Every amount comes from :mod:`cfo_tools.model.money` (exact decimals, lines rounded to the cent,
totals summed from the rounded lines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.invoices import DISPUTED, PAID, InvoiceLine
from cfo_tools.model.money import (
    above,
    assignment_lines,
    assignment_rate,
    days_amount,
    line_amount,
    lines_amount,
    total,
)
from cfo_tools.model.months import add_months
from cfo_tools.model.records import Assignment, Mission, Workspace
from cfo_tools.planning import activity_days
from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass(frozen=True)
class MissionBudget:
    mission: Mission
    budget: Decimal | None
    committed: Decimal
    actual: Decimal
    to_come: Decimal
    #: The first day of the month after the last approved month, per freelancer (absent when
    #: nothing of theirs is approved yet).
    approved_until: Mapping[str, date]
    #: The lines billing the mission in the invoices recorded (disputed ones aside), and the
    #: part of them paid, excl. VAT.
    invoiced: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")

    @property
    def forecast(self) -> Decimal:
        return total((self.actual, self.to_come))

    @property
    def variance(self) -> Decimal | None:
        """Budget minus forecast: negative when the mission will cost more than planned."""
        if self.budget is None:
            return None
        return total((self.budget, -self.forecast))

    @property
    def committed_over(self) -> bool:
        return self.budget is not None and above(self.committed, self.budget)

    @property
    def forecast_over(self) -> bool:
        return self.budget is not None and above(self.forecast, self.budget)


@dataclass(frozen=True)
class MoneyRecorded:
    """What a workspace records of its missions' money besides their planning, indexed once
    for every budget asked of it: a mission's budget then costs its own team's reports and
    invoices, not a walk of every report and invoice of the workspace."""
    #: Freelancer id -> their approved activity reports.
    approved: Mapping[str, Sequence[ActivityReport]]
    #: Mission id -> what each invoice recorded bills on it (disputed invoices aside), excl.
    #: VAT, and the same for the paid invoices alone.
    invoiced: Mapping[str, Sequence[Decimal]]
    paid: Mapping[str, Sequence[Decimal]]


def money_recorded(workspace: Workspace) -> MoneyRecorded:
    invoiced: dict[str, list[Decimal]] = {}
    paid: dict[str, list[Decimal]] = {}
    for invoice in workspace.invoices.values():
        if invoice.status == DISPUTED:
            continue  # a corrected invoice will replace it
        lines: dict[str, list[InvoiceLine]] = {}
        for line in invoice.lines:
            lines.setdefault(line.mission, []).append(line)
        for mission_id, own in lines.items():
            amount = lines_amount(own)
            invoiced.setdefault(mission_id, []).append(amount)
            if invoice.status == PAID:
                paid.setdefault(mission_id, []).append(amount)
    return MoneyRecorded(activity_days.approved_reports(workspace), invoiced, paid)


def approved_days(workspace: Workspace, mission: Mission, freelancer_id: str,
                  recorded: MoneyRecorded) -> dict[date, Decimal]:
    """Days approved in the monthly activity reports of ``freelancer_id`` on ``mission``, by
    month (the first day of the month), as :mod:`cfo_tools.planning.activity_days` counts
    them."""
    reports = recorded.approved.get(freelancer_id)
    if not reports:
        return {}
    return {month.first: activity_days.approved_days(workspace, freelancer_id, mission.id, month)
            for month in activity_days.approved_months(reports, mission.id)}


def mission_budget(workspace: Workspace, mission: Mission, calendar: WorkingCalendar,
                   recorded: MoneyRecorded | None = None) -> MissionBudget:
    """The money of ``mission``; ``recorded`` is :func:`money_recorded` of ``workspace``, made
    once by a caller asking for many missions."""
    if recorded is None:
        recorded = money_recorded(workspace)
    # Each assignment's planned line, made once: it is committed, and still to come while
    # nothing of its freelancer is approved (the same days, allocation and rate).
    planned = assignment_lines(mission, workspace.freelancers, calendar)
    committed = total(line for line in planned if line is not None)
    approved = {freelancer_id: days
                for freelancer_id in dict.fromkeys(a.freelancer for a in mission.assignments)
                if (days := approved_days(workspace, mission, freelancer_id, recorded))}
    invoiced = total(recorded.invoiced.get(mission.id, ()))
    paid = total(recorded.paid.get(mission.id, ()))
    if not approved:
        # Nothing of the team approved yet (most missions): every planned line is to come.
        return MissionBudget(mission, mission.budget, committed, total(()), committed, {},
                             invoiced, paid)
    planned_of = dict(zip(map(id, mission.assignments), planned, strict=True))
    actual_lines: list[Decimal] = []
    to_come_lines: list[Decimal] = []
    approved_until: dict[str, date] = {}
    for freelancer_id in dict.fromkeys(a.freelancer for a in mission.assignments):
        own = mission.assignments_of(freelancer_id)
        months = approved.get(freelancer_id)
        if months is None:
            to_come_lines.extend(line for a in own
                                 if (line := planned_of[id(a)]) is not None)
            continue
        freelancer = workspace.freelancers.get(freelancer_id)
        for month in sorted(months):
            rate = assignment_rate(_covering(own, month), freelancer)
            if rate is not None:
                actual_lines.append(days_amount(months[month], rate))
        approved_until[freelancer_id] = add_months(max(months), 1)
        for a in own:
            rate = assignment_rate(a, freelancer)
            if rate is None:
                continue  # an unknown freelancer: the unknown-freelancer rule reports it
            to_come_lines.append(
                line_amount(_days_not_approved(a, months, calendar), a.allocation, rate))
    return MissionBudget(mission, mission.budget, committed, total(actual_lines),
                         total(to_come_lines), approved_until, invoiced, paid)


def committed_and_forecast(workspace: Workspace, mission: Mission, calendar: WorkingCalendar,
                           recorded: MoneyRecorded) -> tuple[Decimal, Decimal]:
    """The committed amount and the forecast at completion of ``mission``, as
    :func:`mission_budget` gives them, for a caller that reads nothing else (the
    ``over-budget`` rule, on every mission of a cold ``cfo check``)."""
    approved = recorded.approved
    if any(approved.get(a.freelancer) for a in mission.assignments):
        money = mission_budget(workspace, mission, calendar, recorded)
        return money.committed, money.forecast
    # Nothing of the team approved (most missions): every planned line is to come, as in
    # mission_budget, without its other figures and the object holding them (a third of
    # the rule's time).
    committed = total(line for line in assignment_lines(mission, workspace.freelancers, calendar)
                      if line is not None)
    return committed, total((total(()), committed))


def budgets(workspace: Workspace, calendar: WorkingCalendar,
            mission_id: str | None = None) -> list[MissionBudget]:
    """The budget of every mission that books time (or of ``mission_id`` alone), by id."""
    recorded = money_recorded(workspace)
    if mission_id is not None:
        return [mission_budget(workspace, workspace.missions[mission_id], calendar, recorded)]
    return [mission_budget(workspace, workspace.missions[m], calendar, recorded)
            for m in sorted(workspace.missions) if workspace.missions[m].books_time]


def _days_not_approved(assignment: Assignment, approved: Mapping[date, Decimal],
                       calendar: WorkingCalendar) -> int:
    """The assignment's working days outside the approved months."""
    days = calendar.working_days(assignment.start, assignment.end)
    for month in approved:
        last = add_months(month, 1) - timedelta(days=1)
        days -= calendar.working_days(max(assignment.start, month), min(assignment.end, last))
    return days


def _covering(assignments: list[Assignment], month: date) -> Assignment:
    """The assignment whose period meets ``month`` (the first one), else the first of all:
    its rate is the contracted rate of the days approved that month."""
    last = add_months(month, 1) - timedelta(days=1)
    return next((a for a in assignments if a.start <= last and a.end >= month), assignments[0])

