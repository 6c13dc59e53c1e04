"""An assignment or a review names a freelancer who has no file in roster/."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.records import Workspace

NAME = "unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = "an assignment or review naming a freelancer with no roster file"
#: Spelling suggestions are given for this many distinct unknown names (about 0.7 ms each
#: against 2,000 freelancers, see model/close_names.py), so that a mission naming tens of
#: thousands of them stays linear.
MAX_SUGGESTIONS = 1000


def check(workspace: Workspace) -> Iterator[Problem]:
    known = workspace.freelancer_files
    close: CloseNames | None = None
    hints: dict[str, str] = {}
    for mission in workspace.missions.values():
        named = [(a.freelancer, a.pointer) for a in mission.assignments]
        named += [(r.freelancer, r.pointer) for r in mission.reviews]
        for freelancer, pointer in named:
            if freelancer in known:
                continue
            if freelancer not in hints:
                if close is None:
                    close = CloseNames(known)
                hints[freelancer] = _hint(freelancer, close, len(hints))
            hint = hints[freelancer]
            yield Problem(
                mission.file, f"{pointer}/freelancer",
                f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml); "
                f"{hint}",
            )


def _hint(freelancer: str, close: CloseNames, suggested: int) -> str:
    otherwise = "add them to the roster first"
    if suggested < MAX_SUGGESTIONS:
        return did_you_mean(close.closest(freelancer), otherwise)
    return otherwise
