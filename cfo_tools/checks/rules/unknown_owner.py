"""A mission's owner is not a member of the company's team."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.checks.rules.team_hint import team_hint
from cfo_tools.model.records import Workspace

NAME = "unknown-owner"
SEVERITY = "error"
DESCRIPTION = "a mission owner who is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    for mission in workspace.missions.values():
        if company.member(mission.owner) is not None:
            continue
        hint = team_hint(company, mission.owner)
        yield Problem(
            mission.file, "/owner",
            f"owner '{mission.owner}' is not in the team of company.yaml; {hint}",
        )
