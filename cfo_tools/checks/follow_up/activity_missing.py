"""A past month in which a freelancer was booked and has no activity report, once it is due."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.months import Month
from cfo_tools.planning.activity_days import (
    DUE_WORKING_DAY,
    assignment_planned_days,
    has_report_file,
    planning_assignments,
    report_due,
    report_months,
)

NAME = "activity-missing"
DESCRIPTION = (f"no activity report for a past month in which a freelancer was booked, once the "
               f"{DUE_WORKING_DAY}th working day of the next month has passed")


def months_followed(context: FollowUpContext) -> list[Month]:
    """The past months whose reports are followed: from the first month with a report (the
    workspace keeps reports since then), else the last month only, up to last month."""
    current = Month.of(context.today)
    months = report_months(context.workspace)
    first = min(months[0], current.shifted(-1)) if months else current.shifted(-1)
    found = []
    month = first
    while month < current:
        found.append(month)
        month = month.shifted(1)
    return found


def check(context: FollowUpContext) -> Iterator[Problem]:
    workspace = context.workspace
    for month in months_followed(context):
        due = report_due(context.calendar, month)
        if context.today <= due:
            continue
        said: set[str] = set()
        for mission_id in sorted(workspace.missions):
            mission = workspace.missions[mission_id]
            for a in mission.assignments:
                if (a.freelancer in said or a.freelancer not in workspace.freelancers
                        or has_report_file(workspace, a.freelancer, month)):
                    continue
                if a not in planning_assignments(mission, a.freelancer):
                    continue
                if assignment_planned_days(a, context.calendar, month) <= 0:
                    continue
                said.add(a.freelancer)
                yield Problem(mission.file, a.pointer,
                              f"no activity report of {a.freelancer} for {month} "
                              f"(activity/{month}/{a.freelancer}.yaml), due on {due}: run "
                              f"'cfo activity new {a.freelancer} --month {month}'",
                              severity="warning")
