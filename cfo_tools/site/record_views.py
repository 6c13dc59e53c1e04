"""What the page of a mission and the page of a freelancer show, computed once for all of
them (a workspace may hold 20,000 missions)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.model.money import (
    assignment_rate,
    committed_cost,
    line_amount,
    total,
)
from cfo_tools.model.records import Assignment, Freelancer, Mission, Review, Workspace
from cfo_tools.planning.bookings import Booking, BookingIndex, bookings_given_or_walked
from cfo_tools.planning.needs import NeedState, all_needs
from cfo_tools.planning.working_calendar import WorkingCalendar, shift
from cfo_tools.site.compliance_board import BoardItem
from cfo_tools.site.view_memo import ViewMemo
from cfo_tools.steering.staffing_paperwork import MissingPaperwork, missing_paperwork


@dataclass(frozen=True)
class Spend:
    """The mission's money: budget, what its assignments commit, and the part of that worked
    up to today (as planned: no activity reports yet)."""

    budget: Decimal | None
    committed: Decimal
    to_date: Decimal

    def share(self, amount: Decimal) -> float:
        """``amount`` in percent of the largest of the three (the bar's full width)."""
        largest = max(self.budget or Decimal(0), self.committed, self.to_date)
        return 0.0 if not largest else round(float(100 * amount / largest), 2)


@dataclass(frozen=True)
class DeliverableMark:
    id: str
    title: str
    due: date
    status: str
    #: Where its due date falls on the mission's span, percent from the start.
    at: float
    #: How many rows above the line its number is raised, so that deliverables due on the
    #: same or close days do not cover each other's number (0: just above the line).
    lane: int = 0


@dataclass(frozen=True)
class MissionView:
    mission: Mission
    team: tuple[tuple[Assignment, Freelancer | None], ...]
    needs: tuple[NeedState, ...]
    deliverables: tuple[DeliverableMark, ...]
    spend: Spend | None
    #: The key of what the view is made of (``ViewMemo.inputs_key``), which its page's key
    #: is made of instead of walking the view; None: walked.
    inputs: bytes | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FreelancerView:
    freelancer: Freelancer
    past: tuple[Booking, ...]
    to_come: tuple[Booking, ...]
    reviews: tuple[tuple[Review, Mission], ...]
    missing: tuple[MissingPaperwork, ...]
    board: tuple[BoardItem, ...]
    #: As :attr:`MissionView.inputs`.
    inputs: bytes | None = field(default=None, compare=False, repr=False)


@dataclass
class RecordViews:
    missions: list[MissionView] = field(default_factory=list)
    freelancers: list[FreelancerView] = field(default_factory=list)


def record_views(workspace: Workspace, calendar: WorkingCalendar, board: list[BoardItem], *,
                 today: date, money: bool, reviews: bool = True,
                 bookings: BookingIndex | None = None,
                 memo: ViewMemo | None = None) -> RecordViews:
    """The view of every mission and every freelancer; with ``memo``, each mission's
    deliverables and spend as the last build made them when what they read is the same."""
    memo = memo or ViewMemo(None, None, None, today)
    views = RecordViews()
    needs: dict[str, list[NeedState]] = {}
    for state in all_needs(workspace, calendar):
        needs.setdefault(state.mission.id, []).append(state)
    reviewed: dict[str, list[tuple[Review, Mission]]] = {}
    for mission in sorted(workspace.missions.values(), key=lambda m: m.id):
        for review in mission.reviews if reviews else ():
            reviewed.setdefault(review.freelancer, []).append((review, mission))
        team = tuple((a, workspace.freelancers.get(a.freelancer)) for a in mission.assignments)
        # Its needs, deliverables and spend read the mission, its team, the calendar and
        # the day, and nothing else.
        read = (mission, *(person for _, person in team))
        views.missions.append(MissionView(
            mission,
            team,
            tuple(needs.get(mission.id, ())),
            tuple(DeliverableMark(*mark) for mark in memo.part(
                "deliverables", (mission,), functools.partial(_deliverables, mission))),
            Spend(*memo.part("spend", read,
                             functools.partial(_spend, mission, workspace, calendar, today),
                             dated=True)) if money else None,
            memo.inputs_key("mission-view", read),
        ))
    bookings = bookings_given_or_walked(bookings, workspace)
    items: dict[str, list[BoardItem]] = {}
    for item in board:
        items.setdefault(item.freelancer.id, []).append(item)
    company = workspace.company
    for freelancer in sorted(workspace.freelancers.values(), key=lambda f: f.id):
        own = sorted(bookings.get(freelancer.id, []), key=lambda b: (b.start, b.mission.id))
        said = tuple(sorted(reviewed.get(freelancer.id, []), key=lambda r: r[0].date))
        # Its bookings, reviews, paperwork and board items read the freelancer, the
        # missions that book or review them, the company's data and the day.
        missions = {id(m): m for m in (*(b.mission for b in own), *(m for _, m in said))}
        views.freelancers.append(FreelancerView(
            freelancer,
            tuple(b for b in own if b.end < today),
            tuple(b for b in own if b.end >= today),
            said,
            tuple(missing_paperwork(freelancer, company)) if company else (),
            tuple(items.get(freelancer.id, ())),
            memo.inputs_key("freelancer-view", (freelancer, *sorted(
                missions.values(), key=lambda m: m.file))),
        ))
    return views


#: Markers closer than this (percent of the timeline) share no row: a number is 1.6rem wide,
#: about 8 % of the timeline on a 390 px phone.
MARK_GAP = 8.0


#: A deliverable's mark and a mission's spend as plain data, as the memo keeps them (the
#: cache holds only the model's classes): the fields of a :class:`DeliverableMark`, of a
#: :class:`Spend`.
_Mark = tuple[str, str, date, str, float, int]
_SpendFields = tuple[Decimal | None, Decimal, Decimal]


def _deliverables(mission: Mission) -> tuple[_Mark, ...]:
    span = (mission.end - mission.start).days or 1
    marks = []
    #: The position of the last marker of each row.
    rows: list[float] = []
    for d in sorted(mission.deliverables, key=lambda d: (d.due, d.id)):
        at = round(min(100.0, max(0.0, 100 * (d.due - mission.start).days / span)), 2)
        lane = next((i for i, last in enumerate(rows) if at - last >= MARK_GAP), len(rows))
        if lane == len(rows):
            rows.append(at)
        rows[lane] = at
        marks.append((d.id, d.title, d.due, d.status, at, lane))
    return tuple(marks)


def _spend(mission: Mission, workspace: Workspace, calendar: WorkingCalendar,
           today: date) -> _SpendFields:
    lines = []
    for a in mission.assignments:
        rate = assignment_rate(a, workspace.freelancers.get(a.freelancer))
        if rate is not None and a.start <= today:
            lines.append(line_amount(calendar.working_days(a.start, min(a.end, today)),
                                     a.allocation, rate))
    committed = committed_cost(mission, workspace.freelancers, calendar)
    return mission.budget, committed, total(lines)


def week_end(today: date) -> date:
    """The Sunday of ``today``'s week."""
    return shift(today, 6 - today.weekday())
