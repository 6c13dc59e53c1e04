"""Who could fill a mission's needs: the roster first (``cfo find``'s search), then, when asked,
the network's candidates, ranked the same way, with what they lack before they can start."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.model.candidates import OPEN_STAGES, Candidate
from cfo_tools.model.money import above, line_amount, sort_key
from cfo_tools.model.records import Mission, Workspace
from cfo_tools.planning.availability import AvailabilityIndex, FindResult, Request, find_in_index
from cfo_tools.planning.needs import NeedState, mission_needs, need_request, open_needs
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.staffing_paperwork import newcomer_paperwork

#: What a candidate always lacks: they are not in the roster yet.
NO_ROSTER_FILE = "roster file"


@dataclass(frozen=True)
class CandidateFit:
    """A candidate of the network who could fill a need."""

    candidate: Candidate
    #: Working days of the need from the day they are available (all of them when unknown).
    free_days: int
    fully_available: bool
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    #: None when the candidate gave no expected rate.
    estimated_cost: Decimal | None
    #: What to obtain before they can be staffed: the roster file, then each paperwork item.
    lacks: tuple[str, ...]


@dataclass
class NeedSearch:
    state: NeedState
    #: The roster's answer; None when the need's dates do not hold.
    result: FindResult | None
    candidates: list[CandidateFit] = field(default_factory=list)


class UnknownNeed(ValueError):
    """The mission has no need with that id."""


def search_mission_needs(
    workspace: Workspace, calendar: WorkingCalendar, mission: Mission, *, today: date,
    need_id: str | None = None, with_candidates: bool = False, limit: int | None = None,
    ignore_tentative: bool = False,
) -> list[NeedSearch]:
    """A search for each unfilled need of ``mission`` (or for ``need_id`` only, filled or not)."""
    states = mission_needs(mission, calendar)
    if need_id is not None:
        states = [s for s in states if s.need.id == need_id]
        if not states:
            raise UnknownNeed(need_id)
    else:
        states = [s for s in states if not s.filled]
    searches = []
    # Everyone's bookings indexed once for all the mission's needs (see steering/requests.py).
    index = AvailabilityIndex.of_workspace(workspace, today) if states else None
    for state in states:
        request = need_request(state)
        if request is None or index is None:
            searches.append(NeedSearch(state, None))
            continue
        result = find_in_index(index, calendar, request, limit=limit,
                               ignore_tentative=ignore_tentative)
        fits = (candidate_fits(workspace, calendar, request, limit=limit)
                if with_candidates else [])
        searches.append(NeedSearch(state, result, fits))
    return searches


def candidate_fits(workspace: Workspace, calendar: WorkingCalendar, request: Request, *,
                   limit: int | None = None) -> list[CandidateFit]:
    """Candidates still in talks who pass the request's filters, ranked as the roster is."""
    company = workspace.company
    paperwork = tuple(p.requirement for p in newcomer_paperwork(company)) if company else ()
    working_days = calendar.working_days(request.start, request.end)
    fits = []
    for candidate in sorted(workspace.candidates.values(), key=lambda c: c.id):
        if not _passes(candidate, request):
            continue
        first = max(request.start, candidate.available_from or request.start)
        free_days = calendar.working_days(first, request.end)
        rate = candidate.daily_rate
        fits.append(CandidateFit(
            candidate=candidate, free_days=free_days,
            fully_available=working_days > 0 and free_days == working_days,
            matched_skills=tuple(s for s in request.skills if s in candidate.skills),
            missing_skills=tuple(s for s in request.skills if s not in candidate.skills),
            estimated_cost=(None if rate is None
                            else line_amount(working_days, request.allocation, rate)),
            lacks=(NO_ROSTER_FILE, *paperwork),
        ))
    fits.sort(key=_rank)
    return fits if limit is None else fits[:limit]


def _passes(candidate: Candidate, request: Request) -> bool:
    if candidate.stage not in OPEN_STAGES:
        return False
    if request.role is not None and request.role not in candidate.roles:
        return False
    rate = candidate.daily_rate
    if request.max_rate is not None and rate is not None and above(rate, request.max_rate):
        return False
    wanted = (*request.languages, *((request.language,) if request.language else ()))
    return all(language in candidate.languages for language in wanted)


def _rank(fit: CandidateFit) -> tuple[object, ...]:
    # The roster's order (planning/availability.py): free for all of it, then partly, then
    # not; more matched skills; (candidates have no rating); cheaper, unknown rate last.
    group = 0 if fit.fully_available else 1 if fit.free_days else 2
    rate = fit.candidate.daily_rate
    return (group, -len(fit.matched_skills), rate is None,
            sort_key(rate) if rate is not None else (False, Decimal(0)), fit.candidate.id)


def candidates_for_open_needs(workspace: Workspace, calendar: WorkingCalendar, *,
                              role: str | None = None
                              ) -> list[tuple[NeedState, list[CandidateFit]]]:
    """Each open need (of ``role`` when given), soonest first, with the candidates who would
    fit it; needs nobody in the network fits are left out."""
    found = []
    for state in open_needs(workspace, calendar):
        request = need_request(state)
        if request is None or (role is not None and state.need.role != role):
            continue
        fits = candidate_fits(workspace, calendar, request)
        if fits:
            found.append((state, fits))
    return found
