"""A mission said to be staffed, or further along, with needs nobody fills."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.statuses import NEEDS_PEOPLE
from cfo_tools.planning.needs import mission_needs

NAME = "unfilled-needs"
DESCRIPTION = "a `staffed` (or later) mission with a need nobody fills"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status not in NEEDS_PEOPLE:
            continue
        for state in mission_needs(mission, context.calendar):
            if state.filled:
                continue
            yield Problem(mission.file, state.need.pointer,
                          f"the mission is {mission.status} but need '{state.need.id}' "
                          f"({state.need.role}) has {len(state.filled_by)} of "
                          f"{state.need.count} people; add an assignment with role "
                          f"{state.need.role} covering it, or remove the need",
                          severity="warning")
