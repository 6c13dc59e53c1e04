"""The planning of requests: every need nobody (or not enough people) fills yet, soonest
first, with the people free for it; and the needs filled this week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cfo_tools.model.records import Workspace
from cfo_tools.planning.availability import AvailabilityIndex, find_in_index
from cfo_tools.planning.needs import NeedState, all_needs, need_request
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.need_search import candidate_fits

#: How many free people each request names.
SUGGESTED = 3


@dataclass(frozen=True)
class FreePerson:
    id: str
    name: str
    kind: str  # "freelancer" or "candidate"
    free_days: int


@dataclass(frozen=True)
class OpenRequest:
    state: NeedState
    #: Working days of the need (None when its dates do not hold).
    working_days: int | None
    #: Free for at least one day of it, the roster first, then candidates; at most three.
    free_people: tuple[FreePerson, ...]


@dataclass(frozen=True)
class RequestsReport:
    today: date
    #: Unfilled or partly filled needs, soonest first.
    open: tuple[OpenRequest, ...]
    #: Filled needs asked this week (the files keep no staffing date: a need asked since
    #: Monday and filled already was filled this week).
    filled_this_week: tuple[NeedState, ...]


def requests(workspace: Workspace, calendar: WorkingCalendar, *, today: date) -> RequestsReport:
    """Every request of the missions still going, as of ``today``."""
    states = sorted(all_needs(workspace, calendar),
                    key=lambda s: (s.start, s.mission.id, s.need.id, s.need.pointer))
    monday = today - timedelta(days=today.weekday())
    unfilled = [s for s in states if not s.filled]
    # Everyone's bookings indexed once for every request (made per request, they cost every
    # assignment of the workspace once per open request).
    index = AvailabilityIndex.of_workspace(workspace, today) if unfilled else None
    open_requests = tuple(_open_request(workspace, calendar, s, index) for s in unfilled)
    filled = tuple(s for s in states if s.filled and s.need.requested_on is not None
                   and monday <= s.need.requested_on <= today)
    return RequestsReport(today, open_requests, filled)


def _open_request(workspace: Workspace, calendar: WorkingCalendar, state: NeedState,
                  index: AvailabilityIndex | None) -> OpenRequest:
    request = need_request(state)
    if request is None or index is None:
        return OpenRequest(state, None, ())
    result = find_in_index(index, calendar, request, next_fit_for=0)
    people = [FreePerson(c.freelancer.id, c.freelancer.name, "freelancer", c.free_days)
              for c in result.candidates if c.free_days][:SUGGESTED]
    if len(people) < SUGGESTED:
        people += [FreePerson(f.candidate.id, f.candidate.name, "candidate", f.free_days)
                   for f in candidate_fits(workspace, calendar, request)
                   if f.free_days][:SUGGESTED - len(people)]
    return OpenRequest(state, result.working_days, tuple(people))
