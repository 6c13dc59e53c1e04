"""A mission that is staffed, or further along, has nobody assigned."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.model.statuses import NEEDS_PEOPLE

NAME = "status-assignments"
SEVERITY = "error"
DESCRIPTION = "a `staffed` (or later) mission with no assignment"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.status in NEEDS_PEOPLE and not mission.assignments:
            yield Problem(mission.file, "/status",
                          f"a {mission.status} mission needs at least one assignment; add who "
                          "works on it under 'assignments:', or set the status back to open")
