"""A deliverable past its due date and not accepted."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model import statuses

NAME = "overdue-deliverable"
DESCRIPTION = "a deliverable past its due date and not accepted"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for mission in context.workspace.missions.values():
        if mission.status in statuses.NOT_COMMITTED:
            continue
        for d in mission.deliverables:
            if d.status == statuses.ACCEPTED or d.due >= context.today:
                continue
            late = (context.today - d.due).days
            state = {statuses.PENDING: "not delivered",
                     statuses.SUBMITTED: "delivered but not yet reviewed",
                     statuses.CHANGES_REQUESTED: "waiting for corrections"}[d.status]
            yield Problem(mission.file, f"{d.pointer}/due",
                          f"deliverable '{d.id}' was due on {d.due} ({late} days ago) and is "
                          f"{state}", severity="warning")
