"""A day reported on a mission outside every (non-tentative) assignment of the freelancer
there."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "activity-outside-assignment"
SEVERITY = "error"
DESCRIPTION = ("a day reported on a mission outside every assignment (not tentative) of the "
               "freelancer on it")


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        if report.freelancer not in workspace.freelancer_files:
            continue  # activity-unknown-freelancer
        for entry in report.entries:
            mission = workspace.missions.get(entry.mission)
            if mission is None:
                continue  # activity-unknown-mission, or the mission file is broken
            own = mission.assignments_of(report.freelancer)
            firm = [a for a in own if not a.tentative]
            spans = ", ".join(f"{a.start} to {a.end}" for a in firm)
            for day in entry.days:
                if day.date is None or any(a.start <= day.date <= a.end for a in firm):
                    continue
                if not own:
                    why = f"{report.freelancer} has no assignment on {mission.id}"
                elif not firm:
                    why = (f"{report.freelancer} is only tentative on {mission.id}: confirm the "
                           f"assignment in {mission.file} first")
                else:
                    why = f"{report.freelancer} is assigned to {mission.id} from {spans}"
                yield Problem(report.file, day.pointer,
                              f"day {day.key} ({day.date}) is outside the assignment: {why}")
