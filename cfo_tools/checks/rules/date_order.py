"""A period ends before it starts (missions, assignments, unavailability, closures)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "date-order"
SEVERITY = "error"
DESCRIPTION = "an end before its start (mission, assignment, unavailability, closure)"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is not None:
        for closure in company.closures:
            if closure.end < closure.start:
                yield Problem(company.file, f"{closure.pointer}/to",
                              _message("closure", closure.start, closure.end, "from", "to"))
    for freelancer in workspace.freelancers.values():
        for period in freelancer.unavailable:
            if period.end < period.start:
                yield Problem(freelancer.file, f"{period.pointer}/to",
                              _message("unavailability", period.start, period.end, "from", "to"))
    for mission in workspace.missions.values():
        if mission.end < mission.start:
            yield Problem(mission.file, "/end",
                          _message("mission", mission.start, mission.end, "start", "end"))
            continue
        for a in mission.assignments:
            if a.end < a.start:
                where = "end" if a.own_end is not None else "start"
                yield Problem(mission.file, f"{a.pointer}/{where}",
                              _message(f"assignment of {a.freelancer}", a.start, a.end,
                                       "start", "end"))


def _message(what: str, start: object, end: object, start_key: str, end_key: str) -> str:
    return (
        f"the {what} ends ({end_key} {end}) before it starts ({start_key} {start}); "
        "dates are inclusive, so a one-day period has the same start and end"
    )
