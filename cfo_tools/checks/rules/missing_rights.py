"""A mission with deliverables, under way, that does not say which rights are assigned."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.model.statuses import NEEDS_PEOPLE

NAME = "missing-rights"
SEVERITY = "warning"
DESCRIPTION = (
    "a `staffed` (or later) mission with deliverables and no `rights`: the copyright assigned "
    "on them must be named (Code de la propriété intellectuelle, L131-3)"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    for mission in workspace.missions.values():
        if mission.deliverables and mission.rights is None and mission.status in NEEDS_PEOPLE:
            yield Problem(
                mission.file, "/deliverables",
                f"{mission.id} is {mission.status} and has deliverables but no 'rights'; name "
                "the rights assigned: L131-3 (rights, purpose, territory, duration), or the "
                "freelancers keep them", severity="warning")
