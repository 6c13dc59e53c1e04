"""A day reported on a day off: a weekend day, a public holiday or a company closure."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import WEEKDAYS
from cfo_tools.planning.activity_days import day_off

NAME = "activity-day-off"
DESCRIPTION = ("a day reported on a day off: outside `working_days`, a public holiday (named) "
               "or a company closure")


def check(context: FollowUpContext) -> Iterator[Problem]:
    for report in context.workspace.activity.values():
        for entry in report.entries:
            for day in entry.days:
                if day.date is None:
                    continue
                reason = day_off(context.calendar, day.date)
                if reason is None:
                    continue
                if reason.kind == "weekend":
                    what = (f"a {WEEKDAYS[day.date.weekday()].capitalize()}, outside the "
                            "company's working days")
                elif reason.kind == "holiday":
                    what = f"a public holiday ({reason.name})"
                else:
                    what = "a company closure" + (f" ({reason.name})" if reason.name else "")
                yield Problem(report.file, day.pointer,
                              f"day {day.key} ({day.date}) is {what}; keep it only if "
                              "work on that day was agreed", severity="warning")
