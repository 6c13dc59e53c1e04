"""Corrections asked without saying which."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.model.statuses import CHANGES_REQUESTED

NAME = "missing-feedback"
SEVERITY = "error"
DESCRIPTION = "a `changes-requested` deliverable without `feedback`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        for d in mission.deliverables:
            if d.status == CHANGES_REQUESTED and not d.feedback:
                yield Problem(mission.file, f"{d.pointer}/status",
                              f"deliverable '{d.id}' asks for changes but has no 'feedback:'; "
                              "write what must change, the freelancer will receive it")
