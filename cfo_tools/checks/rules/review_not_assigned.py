"""A mission reviews a freelancer who was not assigned to it."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "review-not-assigned"
SEVERITY = "error"
DESCRIPTION = "a review of a freelancer not assigned to that mission"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        assigned = {a.freelancer for a in mission.assignments}
        for review in mission.reviews:
            if review.freelancer in assigned or review.freelancer not in workspace.freelancer_files:
                continue
            yield Problem(
                mission.file, f"{review.pointer}/freelancer",
                f"{review.freelancer} is reviewed but has no assignment on this mission; "
                "review the freelancers who worked on it, or add the assignment",
            )
