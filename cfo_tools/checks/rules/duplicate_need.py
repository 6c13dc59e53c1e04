"""Two needs of one mission share an id."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "duplicate-need"
SEVERITY = "error"
DESCRIPTION = "two needs of one mission with the same `id`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        first: dict[str, str] = {}
        for need in mission.needs:
            if need.id in first:
                yield Problem(mission.file, f"{need.pointer}/id",
                              f"need id '{need.id}' is already used by another need of this "
                              f"mission ({first[need.id]}); give each need its own id")
            else:
                first[need.id] = need.pointer
