"""An inactive or do-not-hire freelancer is assigned to a mission that is not finished."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.model.statuses import FINISHED

NAME = "inactive-assigned"
SEVERITY = "error"
DESCRIPTION = (
    "an `inactive` or `do-not-hire` freelancer on a mission that is not `closed`, "
    "`validated` or `cancelled`"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.status in FINISHED:
            continue
        for a in mission.assignments:
            freelancer = workspace.freelancers.get(a.freelancer)
            if freelancer is None or freelancer.status == "active":
                continue
            yield Problem(
                mission.file, f"{a.pointer}/freelancer",
                f"{a.freelancer} has status '{freelancer.status}' in {freelancer.file} but is "
                f"assigned to this {mission.status} mission; assign someone else or change "
                "their status",
            )
