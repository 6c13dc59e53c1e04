"""A mission still in progress after its end date."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.statuses import IN_PROGRESS

NAME = "overdue-mission"
DESCRIPTION = "a mission still `in-progress` after its end date"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status == IN_PROGRESS and mission.end < context.today:
            late = (context.today - mission.end).days
            yield Problem(mission.file, "/end",
                          f"the mission ended on {mission.end} ({late} days ago) but is still "
                          "in progress; move it to in-review, or extend its end date",
                          severity="warning")
