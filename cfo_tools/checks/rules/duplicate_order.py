"""Two purchase orders with the same number, anywhere in the workspace."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "duplicate-order"
SEVERITY = "error"
DESCRIPTION = "two purchase orders (an assignment's `order`) with the same `number`, anywhere"


def check(workspace: Workspace) -> Iterator[Problem]:
    places: dict[str, list[tuple[str, str]]] = {}
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        for assignment in mission.assignments:
            if assignment.order is not None:
                places.setdefault(assignment.order.number, []).append(
                    (mission.file, f"{assignment.order.pointer}/number"))
    for number, found in places.items():
        if len(found) < 2:
            continue
        for file, pointer in found:
            others = ", ".join(f"{f} ({p.rsplit('/', 2)[0].lstrip('/')})"
                               for f, p in found if (f, p) != (file, pointer))
            yield Problem(file, pointer,
                          f"order number {number} is also used by {others}; give each "
                          "purchase order its own number",
                          related=tuple(found))
