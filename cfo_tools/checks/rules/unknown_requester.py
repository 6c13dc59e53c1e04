"""A need asked by someone who is not in the company's team."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.checks.rules.team_hint import team_hint
from cfo_tools.model.records import Workspace

NAME = "unknown-requester"
SEVERITY = "error"
DESCRIPTION = "a need whose `requested_by` is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    for mission in workspace.missions.values():
        for need in mission.needs:
            if need.requested_by is None or company.member(need.requested_by) is not None:
                continue
            hint = team_hint(company, need.requested_by)
            yield Problem(mission.file, f"{need.pointer}/requested_by",
                          f"requested_by '{need.requested_by}' is not in the team of "
                          f"company.yaml; {hint}")
