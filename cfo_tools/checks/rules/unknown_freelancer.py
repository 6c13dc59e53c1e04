"""An assignment or a review names a freelancer who has no file in roster/."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = "an assignment or review naming a freelancer with no roster file"
#: Spelling suggestions compare a name with the whole roster: given for this many distinct
#: unknown names only, so that a mission naming thousands of them stays linear.
MAX_SUGGESTIONS = 100


def check(workspace: Workspace) -> Iterator[Problem]:
    known = workspace.freelancer_files
    hints: dict[str, str] = {}
    for mission in workspace.missions.values():
        named = [(a.freelancer, a.pointer) for a in mission.assignments]
        named += [(r.freelancer, r.pointer) for r in mission.reviews]
        for freelancer, pointer in named:
            if freelancer in known:
                continue
            if freelancer not in hints:
                hints[freelancer] = _hint(freelancer, known, len(hints))
            hint = hints[freelancer]
            yield Problem(
                mission.file, f"{pointer}/freelancer",
                f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml); "
                f"{hint}",
            )


def _hint(freelancer: str, known: Collection[str], suggested: int) -> str:
    if suggested < MAX_SUGGESTIONS:
        close = difflib.get_close_matches(freelancer, list(known), n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
    return "add them to the roster first"
