"""Who is booked when: assignments as intervals, and a sweep that turns them into segments
of constant load. Sorting makes it n log n in the number of intervals, whatever the number of
days they span."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import NamedTuple, Protocol

from cfo_tools.model.records import Assignment, Freelancer, Mission, Workspace


@dataclass(frozen=True)
class Booking:
    """An assignment that books time: its mission is neither draft nor cancelled."""

    mission: Mission
    assignment: Assignment

    @property
    def start(self) -> date:
        return self.assignment.start

    @property
    def end(self) -> date:
        return self.assignment.end

    @property
    def allocation(self) -> int:
        return self.assignment.allocation

    @property
    def tentative(self) -> bool:
        return self.assignment.tentative


class Booked(Protocol):
    """What the load of a booking reads: a :class:`Booking`, or a :class:`BookedSpan`."""

    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def allocation(self) -> int: ...
    @property
    def tentative(self) -> bool: ...


@dataclass(frozen=True)
class BookedSpan:
    """A booking's days and load without its mission: as kept by the cache's views."""

    start: date
    end: date
    allocation: int
    tentative: bool


class Interval(NamedTuple):
    """Days ``start`` to ``end`` (included) at ``load`` (percent), from ``source``: a named
    tuple, made for every booking of every sweep (a frozen dataclass costs twice as much)."""

    start: date
    end: date
    load: int
    source: object = None


@dataclass(frozen=True)
class Segment:
    """Days ``start`` to ``end`` (included) during which the same intervals are active."""

    start: date
    end: date
    load: int
    sources: tuple[object, ...]


#: Load that stands for "away": more than any capacity, so nothing is free.
AWAY = 10_000


def load_intervals(freelancer: Freelancer, bookings: Iterable[Booked], *,
                   away_load: int = AWAY) -> list[Interval]:
    """A freelancer's bookings and absences as intervals for :func:`sweep` (an absence's
    source is its :class:`Period`, a booking's the booking itself)."""
    intervals = [Interval(b.start, b.end, b.allocation, b) for b in bookings]
    intervals += [Interval(p.start, p.end, away_load, p) for p in freelancer.unavailable]
    return intervals


#: Every freelancer's bookings as :func:`bookings_by_freelancer` gives them, read only: one
#: run (``cfo site``) makes it once and gives it to every view that would walk all the
#: missions again for it.
BookingIndex = Mapping[str, Sequence[Booking]]


def bookings_given_or_walked(bookings: BookingIndex | None, workspace: Workspace
                             ) -> BookingIndex:
    """``bookings`` when the caller walked them already (``cfo site``, once for every view),
    else every freelancer's bookings in ``workspace``, walked here."""
    return bookings_by_freelancer(workspace) if bookings is None else bookings


def bookings_by_freelancer(workspace: Workspace, *, tentative: bool = True,
                           freelancer: str | None = None,
                           among: Collection[str] | None = None) -> dict[str, list[Booking]]:
    """Every freelancer's bookings; without the tentative ones when ``tentative`` is false;
    only ``freelancer``'s when given (without going through the other assignments of a
    mission that names thousands of people), or only those of the freelancers ``among``."""
    found: dict[str, list[Booking]] = {}
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        if not mission.books_time:
            continue
        assignments = (mission.assignments if freelancer is None
                       else mission.assignments_of(freelancer))
        for assignment in assignments:
            if assignment.tentative and not tentative:
                continue
            if among is not None and assignment.freelancer not in among:
                continue
            found.setdefault(assignment.freelancer, []).append(Booking(mission, assignment))
    return found


class LoadSegment(NamedTuple):
    """Days ``start`` to ``end`` (included) of constant load; ``firm``: the part of it that
    confirmed bookings make (tentative ones and absences aside). A named tuple: a cold
    check makes 26,000, and a frozen dataclass costs twice as much to make."""

    start: date
    end: date
    load: int
    firm: int


#: What books time (an absence does not): a tuple, which ``isinstance`` reads faster than a
#: union.
_BOOKED = (Booking, BookedSpan)


def load_segments(intervals: Iterable[Interval], lo: date, hi: date) -> list[LoadSegment]:
    """The segments :func:`sweep` gives over the window ``lo`` to ``hi``, with loads but
    without the intervals active in each: n log n in the number of intervals, where
    listing the active ones in every segment costs their square when thousands overlap."""
    events: list[tuple[int, int, int]] = [(lo.toordinal(), 0, 0), (hi.toordinal() + 1, 0, 0)]
    for interval in intervals:
        start, end = max(interval.start, lo), min(interval.end, hi)
        if end < start:
            continue
        source = interval.source
        firm = (interval.load if isinstance(source, _BOOKED) and not source.tentative
                else 0)
        events.append((start.toordinal(), interval.load, firm))
        events.append((end.toordinal() + 1, -interval.load, -firm))
    events.sort()
    first, last = lo.toordinal(), hi.toordinal()
    segments: list[LoadSegment] = []
    load = firm = 0
    previous: int | None = None
    # One plain loop over the events, a segment made only when it lies in the window: this
    # runs for every freelancer of a cold check (60,000 segments), where grouping the
    # events and filtering the segments afterwards cost a third more.
    for day, change, firm_change in events:
        if day != previous:
            if previous is not None and first <= previous and day - 1 <= last:
                segments.append(LoadSegment(date.fromordinal(previous),
                                            date.fromordinal(day - 1), load, firm))
            previous = day
        load += change
        firm += firm_change
    return segments


def sweep(intervals: Iterable[Interval], lo: date | None = None, hi: date | None = None
          ) -> list[Segment]:
    """Segments of constant load. With ``lo`` and ``hi``, intervals are clipped to that window
    and the segments cover all of it, idle stretches included (load 0)."""
    events: list[tuple[int, int, int]] = []
    kept: list[Interval] = []
    for interval in intervals:
        start, end = interval.start, interval.end
        if lo is not None:
            start = max(start, lo)
        if hi is not None:
            end = min(end, hi)
        if end < start:
            continue
        index = len(kept)
        kept.append(interval)
        events.append((start.toordinal(), 1, index))
        events.append((end.toordinal() + 1, 0, index))
    if lo is not None and hi is not None:
        events.append((lo.toordinal(), 2, -1))
        events.append((hi.toordinal() + 1, 2, -1))
    events.sort()
    segments: list[Segment] = []
    active: dict[int, Interval] = {}
    previous: int | None = None
    for day, group in groupby(events, key=lambda e: e[0]):
        if previous is not None and (active or lo is not None):
            ordered = [active[i] for i in sorted(active)]
            segments.append(Segment(
                date.fromordinal(previous), date.fromordinal(day - 1),
                sum(i.load for i in ordered), tuple(i.source for i in ordered),
            ))
        for _, kind, index in group:
            if kind == 1:
                active[index] = kept[index]
            elif kind == 0:
                active.pop(index, None)
        previous = day
    if lo is not None and hi is not None:
        segments = [s for s in segments if lo <= s.start and s.end <= hi]
    return segments

