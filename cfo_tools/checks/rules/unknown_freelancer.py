"""An assignment or a review names a freelancer who has no file in roster/."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = "an assignment or review naming a freelancer with no roster file"


def check(workspace: Workspace) -> Iterator[Problem]:
    known = workspace.freelancer_files
    for mission in workspace.missions.values():
        named = [(a.freelancer, a.pointer) for a in mission.assignments]
        named += [(r.freelancer, r.pointer) for r in mission.reviews]
        for freelancer, pointer in named:
            if freelancer in known:
                continue
            close = difflib.get_close_matches(freelancer, list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "add them to the roster first"
            yield Problem(
                mission.file, f"{pointer}/freelancer",
                f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml); "
                f"{hint}",
            )
