"""The roster seen through past work, and who to call before the competition does."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from cfo_tools.loading.work_pool import available_cores, default_start_method, split, started_chunks
from cfo_tools.model.records import Freelancer, Review, Workspace
from cfo_tools.model.track_record import TrackRecord, missing_reviews, track_records
from cfo_tools.planning.availability import AvailabilityIndex, MissionTime
from cfo_tools.planning.bookings import (
    Booked,
    BookedSpan,
    BookingIndex,
    bookings_given_or_walked,
    load_intervals,
    load_segments,
)
from cfo_tools.planning.conflicts import forked_pool_allowed
from cfo_tools.planning.working_calendar import WorkingCalendar, shift

#: A top performer: reviews averaging at least this, and this share of "would rehire".
TOP_AVERAGE = 4.0
TOP_REHIRE_SHARE = 0.75
#: A top performer with no booking for longer than this, and none upcoming, is an alert.
IDLE_DAYS = 60
NEXT_FREE_HORIZON_DAYS = 3 * 366
#: From this many bookings, the rows are made on every core (forked workers, as the
#: conflicts' sweeps): on 10,000 freelancers and 100,000 missions, 2-3 s of one core.
PARALLEL_BOOKINGS = 20_000


@dataclass(frozen=True)
class TalentRow:
    freelancer: Freelancer
    missions_done: int
    booked_days: float
    quality: float | None
    deadlines: float | None
    communication: float | None
    average: float | None
    rehire_share: float | None
    reviews: int
    last_mission_end: date | None
    next_free: date | None
    days_since_booking: int | None
    upcoming: bool

    @property
    def top_performer(self) -> bool:
        return (self.average is not None and self.average >= TOP_AVERAGE
                and self.rehire_share is not None and self.rehire_share >= TOP_REHIRE_SHARE)


@dataclass
class TalentReport:
    rows: list[TalentRow] = field(default_factory=list)
    idle_top_performers: list[TalentRow] = field(default_factory=list)
    unreviewed: list[tuple[str, str]] = field(default_factory=list)  # (freelancer, mission)


def talent_report(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                  skill: str | None = None, role: str | None = None, jobs: int | None = None,
                  start_method: str | None = None,
                  bookings: BookingIndex | None = None) -> TalentReport:
    """With many bookings, the rows of slices of the roster are made on every core (``jobs``,
    default all) where workers can be forked, while this process lists the missions without
    reviews."""
    return _report(workspace.freelancers, bookings_given_or_walked(bookings, workspace),
                   track_records(workspace, today),
                   lambda: [(mission.id, people)
                            for mission, people in missing_reviews(workspace, today)],
                   calendar, today=today, skill=skill, role=role, jobs=jobs,
                   start_method=start_method)


def talent_report_of_times(freelancers: dict[str, Freelancer],
                           missions: Sequence[MissionTime],
                           calendar: WorkingCalendar, *, today: date,
                           skill: str | None = None, role: str | None = None,
                           jobs: int | None = None, start_method: str | None = None
                           ) -> TalentReport:
    """:func:`talent_report` from what a search reads of each mission as of ``today``
    (``planning.availability.mission_time``): the same report, for the cache's views
    (``cli/status.py``)."""
    index = AvailabilityIndex.of(freelancers, missions, among=freelancers)
    bookings = {fid: [BookedSpan(date.fromordinal(first), date.fromordinal(last), allocation,
                                 tentative) for _, first, last, allocation, tentative in booked]
                for fid, booked in index.booked.items()}

    def unreviewed() -> list[tuple[str, tuple[str, ...]]]:
        # As missing_reviews: finished missions (those with people who finished them) with
        # the people who have no review, soonest end first.
        found = []
        for mission_id, _, done_by, reviews, end in missions:
            if done_by:
                reviewed = {review.freelancer for review in reviews}
                missing = tuple(person for person in done_by if person not in reviewed)
                if missing:
                    found.append((end, mission_id, missing))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(mission_id, missing) for _, mission_id, missing in found]

    return _report(freelancers, bookings, index.records, unreviewed, calendar, today=today,
                   skill=skill, role=role, jobs=jobs, start_method=start_method)


def _report(freelancers: Mapping[str, Freelancer], bookings: Mapping[str, Sequence[Booked]],
            records: Mapping[str, TrackRecord],
            unreviewed_of: Callable[[], list[tuple[str, tuple[str, ...]]]],
            calendar: WorkingCalendar, *, today: date, skill: str | None, role: str | None,
            jobs: int | None, start_method: str | None) -> TalentReport:
    chosen = [freelancer.id
              for freelancer in sorted(freelancers.values(), key=lambda f: f.id)
              if (skill is None or skill in freelancer.skills)
              and (role is None or role in freelancer.roles)]
    cores = available_cores() if jobs is None else jobs
    method = start_method or default_start_method()
    parallel = (forked_pool_allowed(method)
                and sum(len(bookings.get(i, ())) for i in chosen) >= PARALLEL_BOOKINGS)
    slices = split(chosen, cores * 4)
    inputs = _RowInputs(freelancers, bookings, records, calendar, today)
    with started_chunks(_rows_of, inputs, slices, parallel=parallel, jobs=cores,
                        start_method=method) as results:
        unreviewed = unreviewed_of() if parallel else None
        done = dict(results)
    report = TalentReport()
    for position, ids in enumerate(slices):
        for freelancer_id, figures in zip(ids, done[position], strict=True):
            freelancer = freelancers[freelancer_id]
            row = TalentRow(freelancer, *figures)
            report.rows.append(row)
            if (freelancer.status == "active" and row.top_performer and not row.upcoming
                    and (row.days_since_booking is None
                         or row.days_since_booking > IDLE_DAYS)):
                report.idle_top_performers.append(row)
    shown = set(chosen)
    if unreviewed is None:
        unreviewed = unreviewed_of()
    report.unreviewed = [(person, mission_id) for mission_id, people in unreviewed
                         for person in people if person in shown]
    return report


@dataclass(frozen=True)
class _RowInputs:
    """What every row reads: inherited by forked workers."""

    freelancers: Mapping[str, Freelancer]
    bookings: Mapping[str, Sequence[Booked]]
    records: Mapping[str, TrackRecord]
    calendar: WorkingCalendar
    today: date


#: A row's fields after its freelancer: what a worker sends back (the main process has the
#: freelancers).
_FIGURES = tuple(f.name for f in fields(TalentRow))[1:]


def _rows_of(inputs: _RowInputs, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    rows = []
    for freelancer_id in ids:
        row = _row(inputs.freelancers[freelancer_id], inputs.bookings.get(freelancer_id, []),
                   inputs.records[freelancer_id], inputs.calendar, inputs.today)
        rows.append(tuple(getattr(row, name) for name in _FIGURES))
    return rows


def _row(freelancer: Freelancer, own: Sequence[Booked], record: TrackRecord,
         calendar: WorkingCalendar, today: date) -> TalentRow:
    past = [b for b in own if b.end < today]
    last_end = max((b.end for b in own if b.start <= today), default=None)
    return TalentRow(
        freelancer=freelancer,
        missions_done=record.missions_done,
        booked_days=round(sum(calendar.working_days(b.start, b.end) * b.allocation / 100
                              for b in own), 1),
        **_scores(record.reviews),
        average=record.rating,
        reviews=len(record.reviews),
        last_mission_end=max((b.end for b in past), default=None),
        next_free=_next_free(freelancer, own, calendar, today),
        days_since_booking=(today - last_end).days if last_end and last_end < today
        else (0 if last_end else None),
        upcoming=any(b.start > today for b in own),
    )


def _scores(reviews: tuple[Review, ...]) -> dict[str, float | None]:
    """Per-criterion averages and the share of "would rehire" (the overall average is the
    track record's rating)."""
    if not reviews:
        return {"quality": None, "deadlines": None, "communication": None,
                "rehire_share": None}
    count = len(reviews)
    return {
        "quality": round(sum(r.quality for r in reviews) / count, 2),
        "deadlines": round(sum(r.deadlines for r in reviews) / count, 2),
        "communication": round(sum(r.communication for r in reviews) / count, 2),
        "rehire_share": round(sum(r.rehire for r in reviews) / count, 2),
    }


def _next_free(freelancer: Freelancer, bookings: Sequence[Booked], calendar: WorkingCalendar,
               today: date) -> date | None:
    """The first working day from today with some capacity left and no absence. Only the
    loads are read: ``load_segments`` rather than ``sweep``, which also lists and sorts the
    bookings active in each segment (a tenth of ``cfo talent``'s work on 100,000 missions)."""
    horizon = shift(today, NEXT_FREE_HORIZON_DAYS)
    for segment in load_segments(load_intervals(freelancer, bookings), today, horizon):
        if segment.load < freelancer.capacity:
            day = calendar.first_working_day(segment.start, segment.end)
            if day is not None:
                return day
    return None
