"""A need's dates that cannot both hold: an end and a length, or an end before its start."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "need-dates"
SEVERITY = "error"
DESCRIPTION = "a need with both `end` and `days`, or that ends before it starts"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        for need in mission.needs:
            if need.days is not None and need.end is not None:
                yield Problem(mission.file, f"{need.pointer}/days",
                              f"need '{need.id}' gives both an end ({need.end}) and a length "
                              f"({need.days} working days); keep one of them")
            elif need.end is not None and need.end < need.start:
                yield Problem(mission.file, need.pointer,
                              f"need '{need.id}' ends ({need.end}) before it starts "
                              f"({need.start}); dates are inclusive")
