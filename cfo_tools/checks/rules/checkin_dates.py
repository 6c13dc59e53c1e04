"""A check-in that plans the next one before itself."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "checkin-dates"
SEVERITY = "error"
DESCRIPTION = "a check-in whose `next` is before its `date`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        for checkin in mission.checkins:
            if checkin.next is not None and checkin.next < checkin.date:
                yield Problem(mission.file, f"{checkin.pointer}/next",
                              f"the next check-in ({checkin.next}) is planned before this one "
                              f"({checkin.date}); give a date on or after {checkin.date}")
