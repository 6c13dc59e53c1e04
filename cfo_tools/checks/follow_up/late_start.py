"""A mission still open or staffed after its start date."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.statuses import NOT_STARTED

NAME = "late-start"
DESCRIPTION = "a mission still `open` or `staffed` after its start date"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status in NOT_STARTED and mission.start < context.today:
            if mission.end < context.today:
                # In progress would only be overdue: say where a mission past its end stands.
                message = (f"the mission ran from {mission.start} to {mission.end} but is still "
                           f"{mission.status}; set the status it reached (in-review, validated, "
                           "closed, or cancelled if it did not take place), or move its dates")
            else:
                message = (f"the mission started on {mission.start} but is still "
                           f"{mission.status}; set it to in-progress, or move its start date")
            yield Problem(mission.file, "/status", message, severity="warning")
