"""``cfo activity status``: where each freelancer's report of a month stands, with the days
reported against the days planned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.model.months import Month
from cfo_tools.model.records import Workspace, missions_by_freelancer
from cfo_tools.planning.activity_days import (
    ZERO_DAYS,
    has_report_file,
    planned_missions,
    report_due,
    report_of,
    reports_of_month,
)
from cfo_tools.planning.working_calendar import WorkingCalendar

#: A freelancer booked in the month with no report file.
MISSING = "missing"
#: A report file that could not be read (its errors are in ``cfo check``).
INVALID = "invalid"


@dataclass(frozen=True)
class MissionDays:
    mission: str
    reported: Decimal
    planned: Decimal


@dataclass(frozen=True)
class ReportState:
    freelancer: str
    name: str
    #: missing, invalid, or the report's status.
    status: str
    file: str
    missions: tuple[MissionDays, ...]
    submitted_on: date | None = None
    approved_on: date | None = None

    @property
    def reported(self) -> Decimal:
        return sum((m.reported for m in self.missions), ZERO_DAYS)

    @property
    def planned(self) -> Decimal:
        return sum((m.planned for m in self.missions), ZERO_DAYS)


@dataclass
class ActivityStatus:
    month: Month
    today: date
    due: date
    reports: list[ReportState] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.reports if r.status == status)


def default_month(today: date) -> Month:
    """The month whose reports are being collected: the previous one."""
    return Month.of(today).shifted(-1)


def activity_status(workspace: Workspace, calendar: WorkingCalendar, month: Month, *,
                    today: date) -> ActivityStatus:
    """Every freelancer booked in ``month`` or with a report for it, by id."""
    reports = reports_of_month(workspace, month)
    people = set(reports)
    people |= {key.partition("/")[2] for key in workspace.activity_files
               if key.startswith(f"{month}/")}
    planned_by_person = {}
    missions_of = missions_by_freelancer(workspace)
    for freelancer_id in workspace.freelancers:
        planned = planned_missions(workspace, calendar, freelancer_id, month,
                                   missions_of.get(freelancer_id, ()))
        if planned:
            planned_by_person[freelancer_id] = planned
            people.add(freelancer_id)
    result = ActivityStatus(month, today, report_due(calendar, month))
    for freelancer_id in sorted(people):
        planned = planned_by_person.get(freelancer_id, {})
        report = report_of(workspace, freelancer_id, month)
        freelancer = workspace.freelancers.get(freelancer_id)
        name = freelancer.name if freelancer is not None else freelancer_id
        file = workspace.activity_files.get(f"{month}/{freelancer_id}",
                                            f"activity/{month}/{freelancer_id}.yaml")
        if report is None:
            status = INVALID if has_report_file(workspace, freelancer_id, month) else MISSING
            missions = tuple(MissionDays(m, ZERO_DAYS, days) for m, days in planned.items())
            result.reports.append(ReportState(freelancer_id, name, status, file, missions))
            continue
        ids = list(dict.fromkeys([*report.missions, *planned]))
        missions = tuple(MissionDays(m, report.days_for(m), planned.get(m, ZERO_DAYS))
                         for m in ids)
        result.reports.append(ReportState(freelancer_id, name, report.status, file, missions,
                                          report.submitted_on, report.approved_on))
    return result
