"""Two team members, or two deliverables of one mission, share an id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "duplicate-id"
SEVERITY = "error"
DESCRIPTION = "two team members, or two deliverables of a mission, with the same id"


def check(workspace: Workspace) -> Iterator[Problem]:
    if workspace.company is not None:
        members = ((m.id, m.pointer) for m in workspace.company.team)
        yield from _repeats(workspace.company.file, "team member", members)
    for mission in workspace.missions.values():
        deliverables = ((d.id, d.pointer) for d in mission.deliverables)
        yield from _repeats(mission.file, "deliverable", deliverables)


def _repeats(file: str, what: str, items: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for item_id, pointer in items:
        if item_id in first:
            yield Problem(file, f"{pointer}/id",
                          f"another {what} already has the id '{item_id}' ({first[item_id]}); "
                          "ids must be unique")
        else:
            first[item_id] = pointer
