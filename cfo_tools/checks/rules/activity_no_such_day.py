"""A day that the report's month does not have (31 in November, 0)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "activity-no-such-day"
SEVERITY = "error"
DESCRIPTION = "a day the report's month does not have (`31` in a 30-day month, `0`)"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        month = report.month
        name = f"{_MONTHS[month.month - 1]} {month.year}"
        for entry in report.entries:
            for day in entry.days:
                if day.date is None:
                    yield Problem(report.file, day.pointer,
                                  f"day {day.key} does not exist: {name} has {month.length} "
                                  f"days (the folder {month}/ is the report's month)")
