"""Where each thing of the planning timeline goes, in days from the first day shown.

The page places everything with CSS ``left: offset * day-width`` and ``width: length *
day-width``; the width of a day is the zoom's. Computing offsets here, from the dates, keeps
the page's script tiny and lets tests check every bar against its dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cfo_tools.model.records import Freelancer, Mission
from cfo_tools.planning.load import Planning, PlanningRow
from cfo_tools.planning.needs import NeedState
from cfo_tools.planning.working_calendar import shift

#: Mission colours (white text on each has a contrast of at least 4.5:1).
PALETTE_SIZE = 8
#: Weeks of the timeline on one printed (landscape) page.
WEEKS_PER_PRINTED_PAGE = 8
#: The zoom a page opens with: the narrowest that shows the whole period on a laptop.
ZOOMS = (("month", 42), ("quarter", 126), ("year", 10**6))


@dataclass(frozen=True)
class Span:
    """Days ``start`` to ``end`` (real dates, not clipped) drawn from ``offset`` for
    ``length`` days within a window."""

    start: date
    end: date
    offset: int
    length: int


@dataclass(frozen=True)
class Bar:
    span: Span
    mission: Mission
    colour: int
    role: str
    allocation: int
    tentative: bool
    lane: int


@dataclass(frozen=True)
class Away:
    span: Span
    reason: str | None


@dataclass(frozen=True)
class Over:
    span: Span
    load: int


@dataclass(frozen=True)
class Row:
    freelancer: Freelancer
    bars: tuple[Bar, ...]
    away: tuple[Away, ...]
    over: tuple[Over, ...]
    lanes: int
    #: Ids separated by spaces, which the page's filters read (roles, skills, missions).
    roles: str
    skills: str
    missions: str


@dataclass(frozen=True)
class NeedRow:
    state: NeedState
    span: Span
    colour: int
    #: Ids separated by spaces, which the filters read.
    roles: str
    skills: str
    missions: str


@dataclass(frozen=True)
class DayMark:
    """A public holiday or closure in the window."""

    span: Span
    kind: str
    name: str


@dataclass(frozen=True)
class Tick:
    """A month, week or day of the axis."""

    span: Span
    weekend: bool = False


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    days: int
    months: tuple[Tick, ...]
    weeks: tuple[Tick, ...]
    day_ticks: tuple[Tick, ...]
    days_off: tuple[DayMark, ...]
    #: Days from the window's start to today, None when today is outside it.
    today: int | None
    rows: tuple[Row, ...]
    needs: tuple[NeedRow, ...]


@dataclass(frozen=True)
class Timeline:
    screen: Window
    #: The same period cut into pages of :data:`WEEKS_PER_PRINTED_PAGE` weeks (none when it
    #: fits on one), without rows: the page's script draws each from the screen's.
    printed: tuple[Window, ...]
    zoom: str
    missions: tuple[tuple[Mission, int], ...]
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    has_tentative: bool
    has_away: bool
    has_over: bool

    @property
    def mission_choices(self) -> list[tuple[str, str]]:
        """(what the mission field suggests, mission id) for each mission: its title, and its
        id beside it when another mission of the period has the same title, so that either
        can be picked (typing the bare title still names both)."""
        count = Counter(mission.title for mission, _ in self.missions)
        return [(f"{mission.title} ({mission.id})" if count[mission.title] > 1
                 else mission.title, mission.id) for mission, _ in self.missions]


def place(start: date, end: date, first: date, last: date) -> Span | None:
    """``[start, end]`` within the window ``[first, last]``, None when it falls outside."""
    shown_start, shown_end = max(start, first), min(end, last)
    if shown_end < shown_start:
        return None
    return Span(start, end, (shown_start - first).days, (shown_end - shown_start).days + 1)


def build_timeline(planning: Planning, *, today: date,
                   weeks_per_page: int = WEEKS_PER_PRINTED_PAGE) -> Timeline:
    """The timeline of ``planning``: one window for the screen, several for print."""
    missions = _mission_colours(planning)
    screen = _window(planning, planning.start, planning.end, today, missions)
    printed = []
    # A period that fits on one page is printed from the screen's chart.
    for first in range(0, len(planning.weeks) if len(planning.weeks) > weeks_per_page else 0,
                       weeks_per_page):
        weeks = planning.weeks[first:first + weeks_per_page]
        # Only the sheet's period: the page's script draws each sheet from the screen's rows.
        printed.append(_window(planning, weeks[0], shift(weeks[-1], 6), today, missions,
                               with_rows=False))
    zoom = next(name for name, most in ZOOMS if screen.days <= most)
    rows = planning.rows
    return Timeline(
        screen=screen,
        printed=tuple(printed),
        zoom=zoom,
        missions=tuple((m, c) for m, c in sorted(missions.values(), key=lambda mc: mc[1])),
        roles=tuple(sorted({r for row in rows for r in row.freelancer.roles}
                           | {d.state.need.role for d in planning.demand})),
        skills=tuple(sorted({s for row in rows for s in row.freelancer.skills}
                            | {s for d in planning.demand for s in d.state.need.skills})),
        has_tentative=any(b.tentative for row in screen.rows for b in row.bars),
        has_away=any(row.away for row in screen.rows),
        has_over=any(row.over for row in screen.rows),
    )


def _mission_colours(planning: Planning) -> dict[str, tuple[Mission, int]]:
    found: dict[str, Mission] = {}
    for row in planning.rows:
        for booking in row.bookings:
            found[booking.mission.id] = booking.mission
    for demand in planning.demand:
        found[demand.state.mission.id] = demand.state.mission
    return {mission_id: (found[mission_id], index % PALETTE_SIZE)
            for index, mission_id in enumerate(sorted(found))}


def _window(planning: Planning, first: date, last: date, today: date,
            missions: dict[str, tuple[Mission, int]], *, with_rows: bool = True) -> Window:
    days = (last - first).days + 1
    day_ticks = tuple(Tick(Span(d, d, i, 1), d.weekday() >= 5)
                      for i, d in enumerate(shift(first, i) for i in range(days)))
    weeks = tuple(Tick(span) for monday in planning.weeks
                  if (span := place(monday, shift(monday, 6), first, last)) is not None)
    months = []
    month = first.replace(day=1)
    while month <= last:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        span = place(month, shift(following, -1), first, last)
        if span is not None:
            months.append(Tick(span))
        month = following
    days_off = tuple(DayMark(span, off.kind, off.name) for off in planning.days_off
                     if (span := place(off.day, off.end or off.day, first, last)) is not None)
    return Window(
        start=first, end=last, days=days, months=tuple(months), weeks=weeks,
        day_ticks=day_ticks, days_off=days_off,
        today=(today - first).days if first <= today <= last else None,
        rows=tuple(_row(row, first, last, missions) for row in planning.rows) if with_rows
        else (),
        needs=tuple(need for demand in planning.demand
                    if (need := _need(demand.state, first, last, missions)) is not None)
        if with_rows else (),
    )


def _row(row: PlanningRow, first: date, last: date,
         missions: dict[str, tuple[Mission, int]]) -> Row:
    placed = sorted(((span, booking) for booking in row.bookings
                     if (span := place(booking.start, booking.end, first, last)) is not None),
                    key=lambda sb: (sb[0].offset, -sb[0].length, sb[1].mission.id))
    lanes = _lanes([span for span, _ in placed])
    bars = tuple(Bar(span, booking.mission, missions[booking.mission.id][1],
                     booking.assignment.role, booking.allocation, booking.tentative, lane)
                 for (span, booking), lane in zip(placed, lanes, strict=True))
    away = tuple(Away(span, period.reason) for period in row.freelancer.unavailable
                 if (span := place(period.start, period.end, first, last)) is not None)
    over = tuple(Over(span, segment.load) for segment in row.over
                 if (span := place(segment.start, segment.end, first, last)) is not None)
    freelancer = row.freelancer
    return Row(freelancer, bars, away, over, max(lanes, default=0) + 1,
               _ids(freelancer.roles), _ids(freelancer.skills),
               _ids(sorted({b.mission.id for b in row.bookings})))


def _lanes(spans: Sequence[Span]) -> list[int]:
    """A lane per span (sorted by offset) so that spans in the same lane do not overlap."""
    ends: list[int] = []
    lanes = []
    for span in spans:
        lane = next((i for i, end in enumerate(ends) if end <= span.offset), len(ends))
        if lane == len(ends):
            ends.append(0)
        ends[lane] = span.offset + span.length
        lanes.append(lane)
    return lanes


def _need(state: NeedState, first: date, last: date,
          missions: dict[str, tuple[Mission, int]]) -> NeedRow | None:
    if state.end is None:
        return None
    span = place(state.start, state.end, first, last)
    if span is None:
        return None
    need = state.need
    return NeedRow(state, span, missions[state.mission.id][1], _ids([need.role]),
                   _ids(need.skills), _ids([state.mission.id]))


def _ids(values: Iterable[str]) -> str:
    """Ids (kebab-case by the schemas) separated by spaces: what the page's filters read."""
    return " ".join(values)
