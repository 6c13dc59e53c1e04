"""An open mission whose needs are all filled: it is staffed."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.statuses import OPEN
from cfo_tools.planning.needs import mission_needs

NAME = "needs-filled"
DESCRIPTION = "an `open` mission whose needs are all filled (set it to `staffed`)"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status != OPEN or not mission.needs:
            continue
        if all(s.filled for s in mission_needs(mission, context.calendar)):
            yield Problem(mission.file, "/status",
                          f"every need of the mission is filled ({len(mission.needs)}) but it "
                          "is still open; set its status to staffed", severity="warning")
