"""A deliverable past its due date and not accepted."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem

NAME = "overdue-deliverable"
DESCRIPTION = "a deliverable past its due date and not accepted"
IGNORED_STATUSES = ("draft", "cancelled")


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status in IGNORED_STATUSES:
            continue
        for d in mission.deliverables:
            if d.status == "accepted" or d.due >= context.today:
                continue
            late = (context.today - d.due).days
            state = {"pending": "not delivered", "submitted": "delivered but not yet reviewed",
                     "changes-requested": "waiting for corrections"}[d.status]
            yield Problem(mission.file, f"{d.pointer}/due",
                          f"deliverable '{d.id}' was due on {d.due} ({late} days ago) and is "
                          f"{state}", severity="warning")
