"""A day reported while the freelancer said they were unavailable."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.planning.activity_days import unavailable_on

NAME = "activity-unavailable"
DESCRIPTION = "a day reported during the freelancer's own unavailability (`unavailable`)"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for report in context.workspace.activity.values():
        freelancer = context.workspace.freelancers.get(report.freelancer)
        if freelancer is None:
            continue
        for entry in report.entries:
            for day in entry.days:
                if day.date is None:
                    continue
                reason = unavailable_on(freelancer, day.date)
                if reason is None:
                    continue
                why = f" ({reason})" if reason else ""
                yield Problem(report.file, day.pointer,
                              f"day {day.key} ({day.date}) falls while {freelancer.id} is "
                              f"unavailable{why} in {freelancer.file}; correct the report or "
                              "the unavailability", severity="warning")
