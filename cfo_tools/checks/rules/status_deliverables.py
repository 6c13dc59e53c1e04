"""Deliverables that do not match the mission's status: in review before everything was
delivered, validated or closed before everything was accepted."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model import statuses
from cfo_tools.model.records import Workspace

NAME = "status-deliverables"
SEVERITY = "error"
DESCRIPTION = "deliverables that do not match the mission's status"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        wanted: frozenset[str]
        if mission.status == statuses.IN_REVIEW:
            wanted = statuses.DELIVERED
            words = "delivered (submitted, changes-requested or accepted)"
        elif mission.status in statuses.DONE:
            wanted, words = frozenset({statuses.ACCEPTED}), "accepted"
        else:
            continue
        for d in mission.deliverables:
            if d.status not in wanted:
                yield Problem(mission.file, f"{d.pointer}/status",
                              f"deliverable '{d.id}' is {d.status}, but a {mission.status} "
                              f"mission needs every deliverable {words}")
