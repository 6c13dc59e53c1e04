"""Calendar conflicts: freelancers booked above their capacity, or while unavailable."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from weakref import WeakKeyDictionary

from cfo_tools.loading.work_pool import available_cores, default_start_method, map_chunks, split
from cfo_tools.model.findings import Finding, FindingRow, PlaceRow, Severity, findings_of_rows
from cfo_tools.model.records import Freelancer, Period, Workspace
from cfo_tools.planning.bookings import (
    Booking,
    Interval,
    bookings_by_freelancer,
    load_segments,
)
from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass(frozen=True)
class Conflict:
    kind: str  # "overbooked" or "unavailable"
    freelancer: str
    start: date
    end: date
    working_days: int
    peak: int | None
    capacity: int
    missions: tuple[str, ...]
    #: The assignment the conflict is reported on.
    file: str
    pointer: str
    #: For "unavailable": why the freelancer is away (their reason, or the closure's).
    reason: str | None = None
    closure: bool = False
    #: Every place involved as (file, pointer), the reported assignment first: the other
    #: assignments of a double booking; the absence or closure a booking falls in.
    involved: tuple[tuple[str, str], ...] = ()
    #: An overbooking that only a tentative assignment makes: a warning, not an error.
    tentative: bool = False

    @property
    def severity(self) -> Severity:
        return "warning" if self.tentative else "error"

    def describe(self) -> str:
        span = f"from {self.start} to {self.end} ({_days(self.working_days)})"
        if self.kind == "overbooked":
            why = ("; only because of a tentative assignment: confirm one and move the other"
                   if self.tentative else "")
            return (f"{self.freelancer} is booked at {self.peak}% for a capacity of "
                    f"{self.capacity}% {span}: {', '.join(self.missions)}{why}")
        why = f" ({self.reason})" if self.reason else ""
        if self.closure:
            return (f"{self.freelancer} is booked on {self.missions[0]} during a company "
                    f"closure{why} {span}")
        return (f"{self.freelancer} is booked on {self.missions[0]} while unavailable{why} "
                f"{span}")



#: A conflict's fields in order, as ``dataclasses.astuple`` gives them without its deep copy
#: (they are dates, numbers, text and tuples of text: nothing to copy), at a tenth of the
#: cost: what the memos keep of a conflict (``Conflict(*fields)`` makes it again).
conflict_fields = attrgetter(*(field.name for field in dataclasses.fields(Conflict)))

def _days(count: int) -> str:
    return f"{count} working day" + ("" if count == 1 else "s")


#: From this many bookings, the freelancers' sweeps run on every core, in worker processes
#: forked after the load (as the calendar's events): on 110,000 files they were 4 s of one
#: core after the loading pool.
PARALLEL_BOOKINGS = 20_000


def find_conflicts(
    workspace: Workspace,
    calendar: WorkingCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    freelancer: str | None = None,
    bookings: Mapping[str, list[Booking]] | None = None,
    jobs: int | None = None,
    start_method: str | None = None,
) -> list[Conflict]:
    """Every conflict within ``[start, end]`` (all dates when not given). ``bookings``:
    :func:`bookings_by_freelancer` of the workspace when the caller has it already.

    With many bookings, slices of the freelancers are swept on every core (``jobs``, default
    all), only where workers can be forked: they inherit the workspace, which a spawned
    worker would have to be sent (and a workspace loaded without its briefs cannot be)."""
    if bookings is None:
        bookings = bookings_by_freelancer(workspace)
    people = [freelancer_id for freelancer_id in sorted(bookings)
              if (freelancer is None or freelancer_id == freelancer)
              and freelancer_id in workspace.freelancers]
    cores = available_cores() if jobs is None else jobs
    method = start_method or default_start_method()
    parallel = (forked_pool_allowed(method)
                and sum(len(bookings[p]) for p in people) >= PARALLEL_BOOKINGS)
    sweep = _Sweep(workspace, calendar, bookings, start, end)
    found = map_chunks(_conflicts_of, sweep, split(people, cores * 4), parallel=parallel,
                       jobs=cores, start_method=method)
    return ordered_conflicts(conflict for chunk in found for conflict in chunk)


def forked_pool_allowed(method: str) -> bool:
    """Whether work after the load may go to forked workers: only with ``fork`` (a spawned
    worker would be sent the whole workspace, which one loaded without its briefs refuses),
    and not from a pool's own worker (``cfo check``'s subjects, ``cfo site``'s pages), which
    may not start processes."""
    import multiprocessing

    return method == "fork" and not multiprocessing.current_process().daemon


@dataclass(frozen=True)
class _Sweep:
    """What every freelancer's sweep reads: inherited by forked workers."""

    workspace: Workspace
    calendar: WorkingCalendar
    bookings: Mapping[str, list[Booking]]
    start: date | None
    end: date | None


def _conflicts_of(sweep: _Sweep, people: Sequence[str]) -> list[Conflict]:
    """The conflicts of the freelancers ``people``, who have bookings."""
    workspace, calendar, start, end = sweep.workspace, sweep.calendar, sweep.start, sweep.end
    closures = _merged_closures(calendar)
    company_file = workspace.company.file if workspace.company else "company.yaml"
    conflicts: list[Conflict] = []
    for freelancer_id in people:
        person = workspace.freelancers[freelancer_id]
        own = sweep.bookings[freelancer_id]
        conflicts += _overbooked(person, own, calendar, start, end)
        conflicts += _unavailable(person, own, calendar, _Ordered.of(person.unavailable),
                                  start, end, closure=False, file=person.file)
        conflicts += _unavailable(person, own, calendar, closures, start, end, closure=True,
                                  file=company_file)
    return conflicts


def ordered_conflicts(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """By freelancer, then date; the same conflict found twice (one assignment listed twice,
    say) is reported once."""
    return sorted(dict.fromkeys(conflicts),
                  key=lambda c: (c.freelancer, c.start, c.kind, c.missions, c.file, c.pointer))


def _overbooked(
    person: Freelancer, bookings: list[Booking], calendar: WorkingCalendar,
    lo: date | None, hi: date | None,
) -> list[Conflict]:
    """Runs of working days booked above capacity. The loads come from
    :func:`load_segments` and the bookings of each run from one binary search per booking
    (see :func:`_involved`): n log n, where collecting the bookings active in every segment
    of a run was quadratic when thousands overlap."""
    # The assignment's fields read once, not through the booking's properties (a cold
    # check sweeps every freelancer's 10 bookings, three times each).
    intervals = [Interval(a.start, a.end, a.allocation, b)
                 for b in bookings for a in (b.assignment,)]
    # A window over all the bookings, so that the segments also cover the stretches where
    # nothing is booked: a free working day ends a run as surely as a booked one.
    first_day = lo if lo is not None else min(i.start for i in intervals)
    last_day = hi if hi is not None else max(i.end for i in intervals)
    #: Per run: its segments as (first, last, working days, load, start, end), and whether
    #: the confirmed assignments alone overbook some day of it.
    runs: list[tuple[list[tuple[date, date, int, int, date, date]], bool]] = []
    current: list[tuple[date, date, int, int, date, date]] = []
    confirmed_over = False
    capacity = person.capacity
    for segment in load_segments(intervals, first_day, last_day):
        if segment.load <= capacity and not current:
            # Within capacity, outside a run: nothing to end, whatever its working days (most
            # segments: their count was most of the sweep's time).
            continue
        working = calendar.working_days(segment.start, segment.end)
        if working == 0:
            continue  # days off neither make nor break a run
        if segment.load <= capacity:
            if current:
                runs.append((current, confirmed_over))
                current, confirmed_over = [], False
            continue
        first = calendar.first_working_day(segment.start, segment.end)
        last = calendar.last_working_day(segment.start, segment.end)
        assert first is not None and last is not None
        current.append((first, last, working, segment.load, segment.start, segment.end))
        confirmed_over = confirmed_over or segment.firm > capacity
    if current:
        runs.append((current, confirmed_over))
    found = []
    for (run, confirmed), involved in zip(runs, _involved(runs, intervals, first_day,
                                                           last_day), strict=True):
        ordered = sorted(involved, key=lambda b: (b.mission.id, b.assignment.pointer))
        first_booking = ordered[0]
        found.append(Conflict(
            kind="overbooked", freelancer=person.id,
            start=run[0][0], end=run[-1][1], working_days=sum(r[2] for r in run),
            peak=max(r[3] for r in run), capacity=person.capacity,
            missions=tuple(sorted({b.mission.id for b in involved})),
            file=first_booking.mission.file, pointer=first_booking.assignment.pointer,
            involved=tuple(dict.fromkeys((b.mission.file, b.assignment.pointer)
                                         for b in ordered)),
            tentative=not confirmed,
        ))
    return found


def _involved(runs: list[tuple[list[tuple[date, date, int, int, date, date]], bool]],
              intervals: list[Interval], lo: date, hi: date) -> list[list[Booking]]:
    """The bookings active in some segment of each run. Segments split at every booking's
    first and last day, so a booking is active in a segment when their days meet."""
    starts: list[date] = []
    ends: list[date] = []
    run_of: list[int] = []
    first_of_run: list[int] = []
    for index, (run, _) in enumerate(runs):
        first_of_run.append(len(starts))
        for segment in run:
            starts.append(segment[4])
            ends.append(segment[5])
            run_of.append(index)
    first_of_run.append(len(starts))
    found: list[dict[int, Booking]] = [{} for _ in runs]
    for interval in intervals:
        start, end = max(interval.start, lo), min(interval.end, hi)
        if end < start:
            continue
        position = bisect_left(ends, start)
        while position < len(starts) and starts[position] <= end:
            booking = interval.source
            assert isinstance(booking, Booking)
            number = run_of[position]
            found[number][id(booking)] = booking
            # On to the next run, whose segments all end after this one's.
            position = first_of_run[number + 1]
    return [list(bookings.values()) for bookings in found]


@dataclass(frozen=True)
class _Ordered:
    """Periods merged (:func:`merge_overlapping`), with their ends (increasing: merged
    periods share no day) to bisect."""

    periods: list[Period]
    ends: list[date]

    @classmethod
    def of(cls, periods: Iterable[Period]) -> _Ordered:
        merged = merge_overlapping(periods)
        return cls(merged, [period.end for period in merged])


#: Each calendar's closures merged once: ``cfo check`` finds the conflicts of each
#: freelancer in turn, and a company may list hundreds of closures.
_MERGED_CLOSURES: WeakKeyDictionary[WorkingCalendar, _Ordered] = WeakKeyDictionary()


def _merged_closures(calendar: WorkingCalendar) -> _Ordered:
    found = _MERGED_CLOSURES.get(calendar)
    if found is None:
        found = _MERGED_CLOSURES[calendar] = _Ordered.of(calendar.closures)
    return found


def _unavailable(
    person: Freelancer, bookings: list[Booking], calendar: WorkingCalendar,
    ordered: _Ordered, lo: date | None, hi: date | None, *, closure: bool, file: str,
) -> list[Conflict]:
    found = []
    periods, ends = ordered.periods, ordered.ends
    for booking in bookings:
        # From the first period that ends on or after the booking's start (those before
        # cannot meet it): read from the first one, 800 closures cost each booking 800
        # steps (benchmarks/generate_shapes.py --shape closures).
        for at in range(bisect_left(ends, booking.start), len(periods)):
            period = periods[at]
            if period.start > booking.end:
                break
            start = max(booking.start, period.start, lo or date.min)
            end = min(booking.end, period.end, hi or date.max)
            if end < start:
                continue
            if closure:
                # Closure days are not working days by definition: what counts is a day of
                # the working week that is not a public holiday.
                count, first, last = calendar.closed_days(start, end)
            else:
                count = calendar.working_days(start, end)
                first = calendar.first_working_day(start, end)
                last = calendar.last_working_day(start, end)
            if count == 0 or first is None or last is None:
                continue
            found.append(Conflict(
                kind="unavailable", freelancer=person.id, start=first, end=last,
                working_days=count, peak=None, capacity=person.capacity,
                missions=(booking.mission.id,), file=booking.mission.file,
                pointer=booking.assignment.pointer, reason=period.reason, closure=closure,
                involved=((booking.mission.file, booking.assignment.pointer),
                          (file, period.pointer)),
            ))
    return found


def merge_overlapping(periods: Iterable[Period]) -> list[Period]:
    """``periods`` in date order, those that share a day merged into one (their reasons
    joined), so that overlapping closures or absences give one conflict, not one each."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: (p.start, p.end)):
        if merged and period.start <= merged[-1].end:
            last = merged[-1]
            reasons = [r for r in (last.reason, period.reason) if r]
            reason = "; ".join(dict.fromkeys("; ".join(reasons).split("; "))) if reasons else None
            merged[-1] = Period(last.start, max(last.end, period.end), reason, last.pointer)
        else:
            merged.append(period)
    return merged


Locate = Callable[[str, str], tuple[int | None, int | None]]


def conflict_findings(conflicts: Iterable[Conflict], locate: Locate) -> list[Finding]:
    """Conflicts as findings, on the line of the assignment reported, related to every place
    involved."""
    return findings_of_rows(conflict_rows(conflicts, locate))


def conflict_rows(conflicts: Iterable[Conflict], locate: Locate) -> list[FindingRow]:
    """The fields of :func:`conflict_findings`' findings, as rows (what a worker sends)."""
    rows: list[FindingRow] = []
    for conflict in conflicts:
        line, column = locate(conflict.file, conflict.pointer)
        related: tuple[PlaceRow, ...] = tuple((file, *locate(file, pointer), pointer)
                                              for file, pointer in conflict.involved)
        rows.append((conflict.file, line, column, conflict.pointer, conflict.kind,
                     conflict.severity, conflict.describe(), related if len(related) > 1 else ()))
    return rows
