"""A past month in which a freelancer was booked and has no activity report, once it is due."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.months import Month
from cfo_tools.planning.activity_days import (
    DUE_WORKING_DAY,
    followed_months,
    missing_reports,
    report_due,
)

NAME = "activity-missing"
DESCRIPTION = (f"no activity report for a past month in which a freelancer was booked, once the "
               f"{DUE_WORKING_DAY}th working day of the next month has passed")


def check(context: FollowUpContext) -> Iterator[Problem]:
    workspace = context.workspace
    last = Month.of(context.today).shifted(-1)
    for month in followed_months(workspace, context.today, last=last):
        due = report_due(context.calendar, month)
        if context.today <= due:
            continue
        for missing in missing_reports(workspace, context.calendar, month):
            who = missing.freelancer
            yield Problem(missing.mission.file, missing.assignment.pointer,
                          f"no activity report of {who} for {month} "
                          f"(activity/{month}/{who}.yaml), due on {due}: run "
                          f"'cfo activity new {who} --month {month}'",
                          severity="warning")
