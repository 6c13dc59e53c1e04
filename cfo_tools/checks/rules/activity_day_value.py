"""A reported day that is neither a day (1) nor a half day (0.5)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import DAY_VALUES, days_text
from cfo_tools.model.records import Workspace

NAME = "activity-day-value"
SEVERITY = "error"
DESCRIPTION = "a reported day that is neither `1` (a day) nor `0.5` (a half day)"


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        for entry in report.entries:
            for day in entry.days:
                if day.value not in DAY_VALUES:
                    yield Problem(report.file, day.pointer,
                                  f"day {day.key} holds {days_text(day.value)}; write 1 for a "
                                  "day or 0.5 for a half day (a day with no work is left out)")
