"""A check-in with a freelancer who is not assigned to the mission."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "checkin-not-assigned"
SEVERITY = "error"
DESCRIPTION = "a check-in with a freelancer not assigned to that mission"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if not mission.checkins:
            continue
        assigned = {a.freelancer for a in mission.assignments}
        for checkin in mission.checkins:
            if checkin.freelancer in assigned:
                continue
            yield Problem(
                mission.file, f"{checkin.pointer}/freelancer",
                f"check-in with {checkin.freelancer}, who has no assignment on this mission; "
                "log it on the mission they work on, or add the assignment",
            )
