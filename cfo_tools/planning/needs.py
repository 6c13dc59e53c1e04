"""A mission's needs (its requests) against its assignments: which are filled, which are open.

A need runs from its start to its end, or for ``days`` working days from its start (counted
on the company's working calendar). It is filled by assignments with the same role whose
periods cover all of it, as many as its ``count``. Each assignment fills one need at most:
needs are served in the order of their start (file order for the same start), so a long
assignment is not counted twice for two needs of the same role. Needs never book anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cfo_tools.model.records import Assignment, Mission, Need, Workspace
from cfo_tools.model.statuses import FINISHED
from cfo_tools.planning.availability import Request
from cfo_tools.planning.working_calendar import NoWorkingDay, WorkingCalendar


@dataclass(frozen=True)
class NeedState:
    mission: Mission
    need: Need
    start: date
    #: None when ``days`` working days cannot be found after the start (company closed).
    end: date | None
    filled_by: tuple[Assignment, ...]

    @property
    def filled(self) -> bool:
        return len(self.filled_by) >= self.need.count

    @property
    def missing(self) -> int:
        return max(0, self.need.count - len(self.filled_by))

    @property
    def partly_filled(self) -> bool:
        return 0 < len(self.filled_by) < self.need.count


def need_end(need: Need, calendar: WorkingCalendar) -> date | None:
    """The need's last day: its own end, the mission's, or ``days`` working days on."""
    if need.end is not None:
        return need.end
    assert need.days is not None  # the builder leaves end empty only when days is given
    try:
        return calendar.nth_working_day(need.start, need.days)
    except (NoWorkingDay, OverflowError, ValueError):
        return None


def mission_needs(mission: Mission, calendar: WorkingCalendar) -> list[NeedState]:
    """Every need of ``mission`` with the assignments that fill it, in file order."""
    ends = {need.pointer: need_end(need, calendar) for need in mission.needs}
    used: set[int] = set()
    filled: dict[str, tuple[Assignment, ...]] = {}
    for need in sorted(mission.needs, key=lambda n: n.start):
        end = ends[need.pointer]
        taken: list[Assignment] = []
        for index, assignment in enumerate(mission.assignments):
            if len(taken) >= need.count:
                break
            if index in used or end is None or not _covers(assignment, need, end):
                continue
            used.add(index)
            taken.append(assignment)
        filled[need.pointer] = tuple(taken)
    return [NeedState(mission, need, need.start, ends[need.pointer], filled[need.pointer])
            for need in mission.needs]


def _covers(assignment: Assignment, need: Need, end: date) -> bool:
    return (assignment.role == need.role and assignment.start <= need.start
            and assignment.end >= end)


def open_needs(workspace: Workspace, calendar: WorkingCalendar) -> list[NeedState]:
    """Needs not filled yet of every mission still going (not validated, closed or
    cancelled), soonest first."""
    return sorted((s for s in all_needs(workspace, calendar) if not s.filled),
                  key=_soonest)


def all_needs(workspace: Workspace, calendar: WorkingCalendar) -> Iterable[NeedState]:
    """Every need of every mission still going, mission by mission."""
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        if mission.status in FINISHED or not mission.needs:
            continue
        yield from mission_needs(mission, calendar)


def _soonest(state: NeedState) -> tuple[date, str, str]:
    return (state.start, state.mission.id, state.need.id)


def need_request(state: NeedState) -> Request | None:
    """The search ``cfo find`` runs for a need (None when its end cannot be found)."""
    if state.end is None or state.end < state.start:
        return None
    need = state.need
    return Request(state.start, state.end, need.allocation, need.role, need.skills,
                   need.max_rate, None, need.languages)
