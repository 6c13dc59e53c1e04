"""A closed mission must review everyone who worked on it (a validated one should)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.findings import Severity
from cfo_tools.model.records import Workspace
from cfo_tools.model.statuses import CLOSED, DONE

NAME = "missing-review"
SEVERITY = "error (warning when `validated`)"
DESCRIPTION = "a `closed` mission without a review of everyone assigned"


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.status not in DONE:
            continue
        reviewed = {r.freelancer for r in mission.reviews}
        severity: Severity = "error" if mission.status == CLOSED else "warning"
        for a in mission.assignments:
            if a.freelancer in reviewed:
                continue
            reviewed.add(a.freelancer)
            yield Problem(mission.file, f"{a.pointer}/freelancer",
                          f"no review of {a.freelancer} on this {mission.status} mission; add "
                          "one under 'reviews:' (quality, deadlines, communication, rehire)",
                          severity=severity)
