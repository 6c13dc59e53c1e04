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


#: Up to this many (need, assignment) pairs a scan is cheaper than building a pool.
SCAN_LIMIT = 4096


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
    if len(mission.needs) * len(mission.assignments) <= SCAN_LIMIT:
        return _scanned(mission, ends)
    by_role: dict[str, list[int]] = {}
    for index, assignment in enumerate(mission.assignments):
        by_role.setdefault(assignment.role, []).append(index)
    pools = {role: _Pool([mission.assignments[i] for i in indexes], indexes)
             for role, indexes in by_role.items()}
    filled: dict[str, tuple[Assignment, ...]] = {}
    for need in sorted(mission.needs, key=lambda n: n.start):
        end = ends[need.pointer]
        pool = pools.get(need.role)
        taken = [] if end is None or pool is None else pool.take(need.start, end, need.count)
        filled[need.pointer] = tuple(mission.assignments[i] for i in taken)
    return [NeedState(mission, need, need.start, ends[need.pointer], filled[need.pointer])
            for need in mission.needs]


def _scanned(mission: Mission, ends: dict[str, date | None]) -> list[NeedState]:
    """The same matching by a scan of every assignment for every need (small missions)."""
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


class _Pool:
    """The assignments of one role not given to a need yet. Asked for the first ``count`` (in
    file order) starting by a day and ending no sooner than another: a tree of the latest end
    per range of file positions answers each in log time, where a scan of every assignment
    for every need was quadratic (thousands of needs on a mission of thousands of people)."""

    def __init__(self, assignments: list[Assignment], indexes: list[int]) -> None:
        self._indexes = indexes
        #: Assignments by start, entering the tree as needs (taken by start) reach their start.
        self._waiting = sorted(range(len(assignments)), key=lambda i: assignments[i].start)
        self._assignments = assignments
        self._entered = 0
        self._size = 1
        while self._size < max(len(assignments), 1):
            self._size *= 2
        self._latest: list[date | None] = [None] * (2 * self._size)

    def take(self, start: date, end: date, count: int) -> list[int]:
        """Mission positions of up to ``count`` assignments covering ``[start, end]``, the
        first in file order; they leave the pool. ``start`` never decreases between calls."""
        while (self._entered < len(self._waiting)
               and self._assignments[self._waiting[self._entered]].start <= start):
            entering = self._waiting[self._entered]
            self._set(entering, self._assignments[entering].end)
            self._entered += 1
        taken: list[int] = []
        while len(taken) < count:
            position = self._first_ending_by(end)
            if position is None:
                break
            self._set(position, None)
            taken.append(self._indexes[position])
        return taken

    def _set(self, position: int, latest: date | None) -> None:
        node = position + self._size
        self._latest[node] = latest
        node //= 2
        while node:
            left, right = self._latest[2 * node], self._latest[2 * node + 1]
            self._latest[node] = left if right is None or (left is not None and left >= right) \
                else right
            node //= 2

    def _first_ending_by(self, end: date) -> int | None:
        """The first position whose assignment ends on ``end`` or later."""
        top = self._latest[1]
        if top is None or top < end:
            return None
        node = 1
        while node < self._size:
            left = self._latest[2 * node]
            node = 2 * node if left is not None and left >= end else 2 * node + 1
        return node - self._size


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
