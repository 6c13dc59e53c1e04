"""Who is free: "I need a web developer in 6 days for a one-week mission"."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from cfo_tools.model.money import above, line_amount, sort_key
from cfo_tools.model.records import Freelancer, Workspace
from cfo_tools.model.track_record import TrackRecord, track_records
from cfo_tools.planning.bookings import (
    Booking,
    Segment,
    bookings_by_freelancer,
    load_intervals,
    sweep,
)
from cfo_tools.planning.working_calendar import NoWorkingDay, WorkingCalendar, shift

#: How far ahead the next date a busy candidate could take the request is looked for.
NEXT_FIT_HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class Request:
    start: date
    end: date
    allocation: int = 100
    role: str | None = None
    skills: tuple[str, ...] = ()
    max_rate: Decimal | None = None
    language: str | None = None
    #: Every one of them must be spoken (a need's ``languages``).
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    freelancer: Freelancer
    free_days: int
    min_free_capacity: int
    fully_available: bool
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    #: Working days of the request x allocation x daily rate, rounded to the cent.
    estimated_cost: Decimal
    record: TrackRecord
    next_fit: date | None = None

    @property
    def rating(self) -> float | None:
        return self.record.rating


@dataclass
class FindResult:
    request: Request
    working_days: int
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def anyone_fully_available(self) -> bool:
        return any(c.fully_available for c in self.candidates)


def window_end(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The last day of a request of ``days`` working days starting on ``start``."""
    return calendar.nth_working_day(start, days)


def find_candidates(
    workspace: Workspace, calendar: WorkingCalendar, request: Request, *, today: date,
    limit: int | None = None, next_fit_for: int = 5, ignore_tentative: bool = False,
) -> FindResult:
    """Active freelancers who pass the filters, best first; when nobody is free for the whole
    window, the first ``next_fit_for`` get the first date they could take all of it. Tentative
    assignments count as booked unless ``ignore_tentative``."""
    working_days = calendar.working_days(request.start, request.end)
    passing = [f for f in sorted(workspace.freelancers.values(), key=lambda f: f.id)
               if _passes(f, request)]
    # Only the bookings of who passes the filters: Booking objects for every assignment of
    # the workspace cost more than the search itself.
    bookings = bookings_by_freelancer(workspace, tentative=not ignore_tentative,
                                      among={f.id for f in passing})
    records = track_records(workspace, today)
    result = FindResult(request, working_days)
    for freelancer in passing:
        intervals = load_intervals(freelancer, bookings.get(freelancer.id, []))
        segments = sweep(intervals, request.start, request.end)
        free_days, min_free = _freedom(freelancer, segments, calendar, request.allocation)
        matched = tuple(s for s in request.skills if s in freelancer.skills)
        missing = tuple(s for s in request.skills if s not in freelancer.skills)
        result.candidates.append(Candidate(
            freelancer=freelancer, free_days=free_days,
            min_free_capacity=min_free if working_days else freelancer.capacity,
            fully_available=working_days > 0 and free_days == working_days,
            matched_skills=matched, missing_skills=missing,
            estimated_cost=line_amount(working_days, request.allocation, freelancer.daily_rate),
            record=records[freelancer.id],
        ))
    result.candidates.sort(key=_rank)
    if limit is not None:
        result.candidates = result.candidates[:limit]
    if not result.anyone_fully_available and working_days:
        result.candidates = [
            _with_next_fit(c, bookings, calendar, request, working_days) if i < next_fit_for
            else c
            for i, c in enumerate(result.candidates)
        ]
    return result


def _passes(freelancer: Freelancer, request: Request) -> bool:
    if freelancer.status != "active":
        return False
    if request.role is not None and request.role not in freelancer.roles:
        return False
    if request.max_rate is not None and above(freelancer.daily_rate, request.max_rate):
        return False
    if not all(language in freelancer.languages for language in request.languages):
        return False
    return request.language is None or request.language in freelancer.languages


def _free(freelancer: Freelancer, load: int) -> int:
    return max(0, freelancer.capacity - load)


def _freedom(freelancer: Freelancer, segments: list[Segment], calendar: WorkingCalendar,
             allocation: int) -> tuple[int, int]:
    free_days = 0
    min_free = freelancer.capacity
    for segment in segments:
        days = calendar.working_days(segment.start, segment.end)
        if not days:
            continue
        free = _free(freelancer, segment.load)
        min_free = min(min_free, free)
        if free >= allocation:
            free_days += days
    return free_days, min_free


def _rank(candidate: Candidate) -> tuple[object, ...]:
    group = 0 if candidate.fully_available else 1 if candidate.free_days else 2
    rating = candidate.rating
    return (group, -len(candidate.matched_skills), rating is None, -(rating or 0),
            sort_key(candidate.freelancer.daily_rate), candidate.freelancer.id)


def _with_next_fit(candidate: Candidate, bookings: dict[str, list[Booking]],
                   calendar: WorkingCalendar, request: Request, length: int) -> Candidate:
    freelancer = candidate.freelancer
    if freelancer.capacity < request.allocation:
        return candidate
    try:
        return _next_fit(candidate, bookings, calendar, request, length)
    except NoWorkingDay:
        return candidate


def _next_fit(candidate: Candidate, bookings: dict[str, list[Booking]],
              calendar: WorkingCalendar, request: Request, length: int) -> Candidate:
    freelancer = candidate.freelancer
    horizon = shift(request.start, NEXT_FIT_HORIZON_DAYS)
    segments = sweep(load_intervals(freelancer, bookings.get(freelancer.id, [])),
                     request.start, horizon)
    blocked = [s for s in segments if _free(freelancer, s.load) < request.allocation
               and calendar.working_days(s.start, s.end)]
    day = calendar.first_working_day(request.start, horizon)
    for segment in blocked:
        if day is None:
            break
        last = calendar.nth_working_day(day, length)
        if segment.end < day:
            continue
        if segment.start > last:
            break
        day = calendar.first_working_day(shift(segment.end, 1), horizon)
    if day is None or calendar.nth_working_day(day, length) > horizon:
        return candidate
    return replace(candidate, next_fit=day)
