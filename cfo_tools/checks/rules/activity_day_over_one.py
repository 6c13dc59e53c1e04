"""More than one day in total reported on one date, across a report's entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import FULL_DAY, ReportedDay, days_text
from cfo_tools.model.records import Workspace

NAME = "activity-day-over-one"
SEVERITY = "error"
DESCRIPTION = "more than one day in total on one date across a report's entries"


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        by_date: dict[date, list[tuple[str, ReportedDay]]] = {}
        for entry in report.entries:
            for day in entry.days:
                if day.date is not None:
                    by_date.setdefault(day.date, []).append((entry.mission, day))
        for when, days in sorted(by_date.items()):
            total = sum((d.value for _, d in days), Decimal(0))
            if total <= FULL_DAY:
                continue
            parts = " + ".join(f"{days_text(d.value)} on {m}" for m, d in days)
            # Said at the day that goes beyond one day: the one to correct, usually.
            running = Decimal(0)
            for _, day in days:
                running += day.value
                if running > FULL_DAY:
                    yield Problem(report.file, day.pointer,
                                  f"{when}: {days_text(total)} days reported in all ({parts}); a "
                                  "date holds at most one day")
                    break
