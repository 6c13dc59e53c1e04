"""A check-in made by someone who is not in the company's team."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.checks.rules.team_hint import team_hint
from cfo_tools.model.records import Workspace

NAME = "unknown-checkin-by"
SEVERITY = "error"
DESCRIPTION = "a check-in whose `by` is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    for mission in workspace.missions.values():
        for checkin in mission.checkins:
            if company.member(checkin.by) is not None:
                continue
            hint = team_hint(company, checkin.by)
            yield Problem(mission.file, f"{checkin.pointer}/by",
                          f"check-in by '{checkin.by}', who is not in the team of "
                          f"company.yaml; {hint}")
