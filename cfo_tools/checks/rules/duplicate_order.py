"""Two purchase orders with the same number, anywhere in the workspace."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Mission, Workspace

NAME = "duplicate-order"
SEVERITY = "error"
DESCRIPTION = "two purchase orders (an assignment's `order`) with the same `number`, anywhere"


def check(workspace: Workspace) -> Iterator[Problem]:
    missions = workspace.missions
    return problems((missions[m].file, orders(missions[m])) for m in sorted(missions))


def orders(mission: Mission) -> tuple[tuple[str, str], ...]:
    """The number of each purchase order of ``mission`` and where it is: all this rule reads
    of a mission (``cfo check`` keeps it per document, see ``checks/check_facts.py``)."""
    return tuple((a.order.number, f"{a.order.pointer}/number")
                 for a in mission.assignments if a.order is not None)


def problems(missions: Iterable[tuple[str, Sequence[tuple[str, str]]]]) -> Iterator[Problem]:
    """The problems of the missions' files and :func:`orders`, in the order of their ids."""
    places: dict[str, list[tuple[str, str]]] = {}
    for file, numbers in missions:
        for number, pointer in numbers:
            places.setdefault(number, []).append((file, pointer))
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
