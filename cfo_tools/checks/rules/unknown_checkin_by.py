"""A check-in made by someone who is not in the company's team."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unknown-checkin-by"
SEVERITY = "error"
DESCRIPTION = "a check-in whose `by` is not in the company's team"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    team = list(dict.fromkeys(m.id for m in company.team))
    for mission in workspace.missions.values():
        for checkin in mission.checkins:
            if company.member(checkin.by) is not None:
                continue
            close = difflib.get_close_matches(checkin.by, team, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"team ids: {', '.join(team)}"
            yield Problem(mission.file, f"{checkin.pointer}/by",
                          f"check-in by '{checkin.by}', who is not in the team of "
                          f"company.yaml; {hint}")
