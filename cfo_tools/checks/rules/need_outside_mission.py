"""A need's own dates reach outside its mission's dates (as assignment-outside-mission does for
assignments): nobody can be staffed on the mission before it starts or after it ends."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "need-outside-mission"
SEVERITY = "error"
DESCRIPTION = "a need's own dates outside the mission's"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.end < mission.start:
            continue  # date-order
        span = f"the mission runs from {mission.start} to {mission.end}"
        # A date the need does not give is the mission's own, so only given ones can be out.
        for need in mission.needs:
            if not mission.start <= need.start <= mission.end:
                yield Problem(mission.file, f"{need.pointer}/start",
                              f"need '{need.id}' starts on {need.start}, but {span}")
            if need.end is not None and not mission.start <= need.end <= mission.end:
                yield Problem(mission.file, f"{need.pointer}/end",
                              f"need '{need.id}' ends on {need.end}, but {span}")
