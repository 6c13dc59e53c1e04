"""A need's own dates reach outside its mission's dates (as assignment-outside-mission does for
assignments): nobody can be staffed on the mission before it starts or after it ends."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace
from cfo_tools.planning.needs import need_end
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, WorkingCalendar

NAME = "need-outside-mission"
SEVERITY = "error"
DESCRIPTION = "a need's own dates, or its length in working days, outside the mission's"


def check(workspace: Workspace) -> Iterator[Problem]:
    # Made for the first need given as a length only: the holidays package it loads costs
    # more than the rule on one mission (checked alone after an edit).
    calendar: list[WorkingCalendar | None] = []
    for mission in workspace.missions.values():
        if mission.end < mission.start:
            continue  # date-order
        span = f"the mission runs from {mission.start} to {mission.end}"
        # A date the need does not give is the mission's own, so only given ones can be out.
        for need in mission.needs:
            if not mission.start <= need.start <= mission.end:
                yield Problem(mission.file, f"{need.pointer}/start",
                              f"need '{need.id}' starts on {need.start}, but {span}")
            if need.end is not None and not mission.start <= need.end <= mission.end:
                yield Problem(mission.file, f"{need.pointer}/end",
                              f"need '{need.id}' ends on {need.end}, but {span}")
            elif (need.end is None and need.days is not None and need.start <= mission.end
                  and (working := _calendar(workspace, calendar)) is not None):
                # A length runs on the working calendar: its last working day must be the
                # mission's too (a need starting after the mission is reported above).
                last = need_end(need, working)
                if last is None or last > mission.end:
                    runs = f"runs to {last}" if last else "has no end on the calendar"
                    yield Problem(mission.file, f"{need.pointer}/days",
                                  f"need '{need.id}' is {need.days} working day(s) from "
                                  f"{need.start}, which {runs}, but {span}: shorten it or "
                                  f"move its start")


def _calendar(workspace: Workspace, made: list[WorkingCalendar | None]
              ) -> WorkingCalendar | None:
    """The company's calendar, made on first use and kept in ``made``."""
    if not made:
        try:
            made.append(None if workspace.company is None
                        else WorkingCalendar.for_company(workspace.company))
        except UnknownHolidayRegion:
            made.append(None)  # reported by the holiday-region rule
    return made[0]
