"""A tentative assignment on a mission that has started: it should be settled by now."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem

NAME = "tentative-started"
DESCRIPTION = "a tentative assignment on a mission that has started (confirm or remove it)"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if not mission.books_time or mission.start > context.today:
            continue
        for a in mission.assignments:
            if a.tentative:
                yield Problem(mission.file, f"{a.pointer}/tentative",
                              f"{a.freelancer} is still tentative on {mission.id}, which "
                              f"started on {mission.start}; confirm (remove 'tentative') or "
                              "remove the assignment", severity="warning")
