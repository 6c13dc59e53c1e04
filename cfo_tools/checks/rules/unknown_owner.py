"""A mission's owner is not a member of the company's team."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unknown-owner"
SEVERITY = "error"
DESCRIPTION = "a mission owner who is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    team = [m.id for m in company.team]
    for mission in workspace.missions.values():
        if company.member(mission.owner) is not None:
            continue
        close = difflib.get_close_matches(mission.owner, team, n=1, cutoff=0.6)
        listed = ", ".join(dict.fromkeys(team))
        hint = f"did you mean '{close[0]}'?" if close else f"team ids: {listed}"
        yield Problem(
            mission.file, "/owner",
            f"owner '{mission.owner}' is not in the team of company.yaml; {hint}",
        )
