"""An assignment's own dates reach outside its mission's dates."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "assignment-outside-mission"
SEVERITY = "error"
DESCRIPTION = "an assignment's own dates outside the mission's"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.end < mission.start:
            continue
        span = f"the mission runs from {mission.start} to {mission.end}"
        for a in mission.assignments:
            if a.own_start is not None and not mission.start <= a.own_start <= mission.end:
                yield Problem(mission.file, f"{a.pointer}/start",
                              f"assignment of {a.freelancer} starts on {a.own_start}, but {span}")
            if a.own_end is not None and not mission.start <= a.own_end <= mission.end:
                yield Problem(mission.file, f"{a.pointer}/end",
                              f"assignment of {a.freelancer} ends on {a.own_end}, but {span}")
