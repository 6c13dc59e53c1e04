"""A need asked by someone who is not in the company's team."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unknown-requester"
SEVERITY = "error"
DESCRIPTION = "a need whose `requested_by` is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    team = list(dict.fromkeys(m.id for m in company.team))
    for mission in workspace.missions.values():
        for need in mission.needs:
            if need.requested_by is None or company.member(need.requested_by) is not None:
                continue
            close = difflib.get_close_matches(need.requested_by, team, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"team ids: {', '.join(team)}"
            yield Problem(mission.file, f"{need.pointer}/requested_by",
                          f"requested_by '{need.requested_by}' is not in the team of "
                          f"company.yaml; {hint}")
