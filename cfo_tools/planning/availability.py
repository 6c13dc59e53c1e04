"""Who is free: "I need a web developer in 6 days for a one-week mission"."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from cfo_tools.model.money import above, line_amount, sort_key
from cfo_tools.model.records import Freelancer, Mission, Review, Workspace
from cfo_tools.model.track_record import TrackRecord, finished, track_records
from cfo_tools.planning.bookings import AWAY, Interval, Segment, sweep
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


#: A booking as a search reads it: (freelancer, first and last day as ordinals, allocation,
#: tentative).
BookedDays = tuple[str, int, int, int, bool]
#: What a search reads of one mission as of a day: its id; its bookings, when it books
#: time; who worked on it, when it is finished; its reviews; its end (by which ``cfo
#: talent`` orders the missions finished without reviews). ``cfo find`` and ``cfo talent``
#: keep it under the mission's content key and that day (``cli/find.py``): plain data, as
#: the cache keeps.
MissionTime = tuple[str, tuple[BookedDays, ...], tuple[str, ...], tuple[Review, ...], date]


def mission_time(mission: Mission, today: date) -> MissionTime:
    booked = tuple((a.freelancer, a.start.toordinal(), a.end.toordinal(), a.allocation,
                    a.tentative) for a in mission.assignments) if mission.books_time else ()
    done_by = (tuple(dict.fromkeys(a.freelancer for a in mission.assignments))
               if finished(mission, today) else ())
    return mission.id, booked, done_by, tuple(mission.reviews), mission.end


@dataclass
class AvailabilityIndex:
    """Everything a search reads: the freelancers, each one's bookings (missions in the
    order of their ids, assignments in file order) and track record."""

    freelancers: dict[str, Freelancer]
    booked: dict[str, list[BookedDays]]
    records: dict[str, TrackRecord]

    @classmethod
    def of(cls, freelancers: dict[str, Freelancer], missions: Iterable[MissionTime], *,
           among: Collection[str]) -> AvailabilityIndex:
        """From the freelancers and the missions (in the workspace's order), as
        ``track_records`` and ``bookings_by_freelancer`` read them, for the freelancers
        ``among`` only (those who pass a search's filters)."""
        missions = list(missions)
        booked: dict[str, list[BookedDays]] = {}
        for _, bookings, _, _, _ in sorted(missions, key=lambda m: m[0]):
            for booking in bookings:
                if booking[0] in among:
                    booked.setdefault(booking[0], []).append(booking)
        reviews: dict[str, list[Review]] = {}
        done: dict[str, set[str]] = {}
        for mission_id, _, done_by, mission_reviews, _ in missions:
            for review in mission_reviews:
                if review.freelancer in among:
                    reviews.setdefault(review.freelancer, []).append(review)
            for freelancer_id in done_by:
                if freelancer_id in among:
                    done.setdefault(freelancer_id, set()).add(mission_id)
        records = {fid: TrackRecord(tuple(sorted(reviews.get(fid, []), key=lambda r: r.date)),
                                    len(done.get(fid, ())))
                   for fid in freelancers if fid in among}
        return cls(freelancers, booked, records)

    @classmethod
    def of_workspace(cls, workspace: Workspace, today: date, *,
                     among: Collection[str] | None = None) -> AvailabilityIndex:
        """From a loaded workspace, with the bookings of the freelancers ``among`` only
        (all when None)."""
        booked: dict[str, list[BookedDays]] = {}
        for mission_id in sorted(workspace.missions):
            mission = workspace.missions[mission_id]
            if not mission.books_time:
                continue
            for a in mission.assignments:
                if among is None or a.freelancer in among:
                    booked.setdefault(a.freelancer, []).append(
                        (a.freelancer, a.start.toordinal(), a.end.toordinal(), a.allocation,
                         a.tentative))
        return cls(workspace.freelancers, booked, track_records(workspace, today))

    def bookings(self, freelancer_id: str, *, tentative: bool) -> list[BookedTime]:
        return [BookedTime(date.fromordinal(start), date.fromordinal(end), allocation)
                for _, start, end, allocation, pencilled in self.booked.get(freelancer_id, ())
                if tentative or not pencilled]


@dataclass(frozen=True)
class BookedTime:
    """The days and share of a booking, as :func:`load_intervals` reads a Booking."""

    start: date
    end: date
    allocation: int


def _intervals(freelancer: Freelancer, booked: list[BookedTime]) -> list[Interval]:
    """As ``load_intervals``, from the days and shares of the bookings alone."""
    return ([Interval(b.start, b.end, b.allocation, b) for b in booked]
            + [Interval(p.start, p.end, AWAY, p) for p in freelancer.unavailable])


def find_candidates(
    workspace: Workspace, calendar: WorkingCalendar, request: Request, *, today: date,
    limit: int | None = None, next_fit_for: int = 5, ignore_tentative: bool = False,
) -> FindResult:
    """Active freelancers who pass the filters, best first; when nobody is free for the whole
    window, the first ``next_fit_for`` get the first date they could take all of it. Tentative
    assignments count as booked unless ``ignore_tentative``."""
    return find_in_index(AvailabilityIndex.of_workspace(
                             workspace, today, among=passing_ids(workspace.freelancers, request)),
                         calendar, request,
                         limit=limit, next_fit_for=next_fit_for,
                         ignore_tentative=ignore_tentative)


def find_in_index(index: AvailabilityIndex, calendar: WorkingCalendar, request: Request, *,
                  limit: int | None = None, next_fit_for: int = 5,
                  ignore_tentative: bool = False) -> FindResult:
    """:func:`find_candidates` on an :class:`AvailabilityIndex`."""
    working_days = calendar.working_days(request.start, request.end)
    passing = [f for f in sorted(index.freelancers.values(), key=lambda f: f.id)
               if _passes(f, request)]
    # Only the bookings of who passes the filters: dates for every assignment of the
    # workspace cost more than the search itself.
    bookings = {f.id: index.bookings(f.id, tentative=not ignore_tentative) for f in passing}
    result = FindResult(request, working_days)
    for freelancer in passing:
        intervals = _intervals(freelancer, bookings[freelancer.id])
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
            record=index.records[freelancer.id],
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


def passing_ids(freelancers: dict[str, Freelancer], request: Request) -> set[str]:
    """The ids of the freelancers who pass ``request``'s filters (not its dates)."""
    return {f.id for f in freelancers.values() if _passes(f, request)}


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


def _with_next_fit(candidate: Candidate, bookings: dict[str, list[BookedTime]],
                   calendar: WorkingCalendar, request: Request, length: int) -> Candidate:
    freelancer = candidate.freelancer
    if freelancer.capacity < request.allocation:
        return candidate
    try:
        return _next_fit(candidate, bookings, calendar, request, length)
    except NoWorkingDay:
        return candidate


def _next_fit(candidate: Candidate, bookings: dict[str, list[BookedTime]],
              calendar: WorkingCalendar, request: Request, length: int) -> Candidate:
    freelancer = candidate.freelancer
    horizon = shift(request.start, NEXT_FIT_HORIZON_DAYS)
    segments = sweep(_intervals(freelancer, bookings.get(freelancer.id, [])),
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
