"""The conductor's score: every mission in flight and what needs attention this week."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from cfo_tools.model import statuses
from cfo_tools.model.invoices import TO_CHECK, Invoice
from cfo_tools.model.records import CheckIn, Deliverable, Mission, TeamMember, Workspace
from cfo_tools.model.track_record import missing_reviews, unreviewed_people
from cfo_tools.planning.working_calendar import WorkingCalendar, shift
from cfo_tools.steering.checkins import last_checkins
from cfo_tools.steering.drift import (
    ApprovedDays,
    Drift,
    approved_activity,
    drift_points,
    mission_drift,
)

#: Deliverables due within this many days are "due soon".
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class MissionInFlight:
    mission: Mission
    owner: str
    freelancers: tuple[str, ...]
    elapsed_days: int
    left_days: int
    due_soon: tuple[Deliverable, ...]
    overdue: tuple[Deliverable, ...]
    waiting_validation: tuple[Deliverable, ...]
    corrections: tuple[Deliverable, ...]
    #: Invoices billing the mission and waiting for someone to check them.
    invoices_to_check: tuple[Invoice, ...] = ()
    #: The latest check-in with anyone on the mission, up to today.
    last_checkin: CheckIn | None = None
    #: Days used against deliverables accepted (None: no days planned).
    drift: Drift | None = None
    #: Whether the days used run ahead of the deliverables by more than ``drift_points``.
    drifting: bool = False


@dataclass(frozen=True)
class Unreviewed:
    mission: Mission
    freelancers: tuple[str, ...]


@dataclass
class StatusBoard:
    today: date
    in_flight: list[MissionInFlight] = field(default_factory=list)
    unreviewed: list[Unreviewed] = field(default_factory=list)
    #: Freelancer id -> name, for the reports written for people (Markdown).
    names: dict[str, str] = field(default_factory=dict)

    def name_of(self, freelancer_id: str) -> str:
        return self.names.get(freelancer_id, freelancer_id)


@dataclass(frozen=True)
class BoardInputs:
    """What a mission's row reads besides the mission: the company (owners' names, drift
    limit, calendar), the invoices waiting to be checked and the approved activity, as of
    ``today``."""

    today: date
    calendar: WorkingCalendar
    members: dict[str, TeamMember]
    to_check: dict[str, list[Invoice]]
    approved: Mapping[str, ApprovedDays]
    limit: int
    #: The last day a deliverable is due soon, and tomorrow (once, not per mission).
    soon: date
    tomorrow: date


def board_inputs(workspace: Workspace, calendar: WorkingCalendar, *, today: date
                 ) -> BoardInputs:
    """The inputs of every row; of ``workspace`` only its company, invoices and activity
    reports are read."""
    company = workspace.company
    to_check: dict[str, list[Invoice]] = {}
    for invoice in sorted(workspace.invoices.values(), key=lambda i: (i.issued, i.id)):
        if invoice.status in TO_CHECK:
            for mission_id in invoice.missions:
                to_check.setdefault(mission_id, []).append(invoice)
    members = {} if company is None else {m.id: m for m in reversed(company.team)}
    return BoardInputs(today, calendar, members, to_check, approved_activity(workspace),
                       drift_points(company), shift(today, DUE_SOON_DAYS), shift(today, 1))


def mission_in_flight(mission: Mission, inputs: BoardInputs) -> MissionInFlight | None:
    """The mission's row on the board, None when it is not in flight. It reads nothing but
    the mission and ``inputs``: ``cfo status`` keeps it under the mission's content key."""
    if mission.status not in statuses.IN_FLIGHT:
        return None
    today, calendar, soon, tomorrow = inputs.today, inputs.calendar, inputs.soon, inputs.tomorrow
    member = inputs.members.get(mission.owner)
    open_items = [d for d in mission.deliverables if d.status in statuses.OUTSTANDING]
    drift = mission_drift(mission, calendar, today=today,
                          approved=inputs.approved.get(mission.id))
    return MissionInFlight(
        mission=mission,
        owner=member.name if member else mission.owner,
        freelancers=tuple(dict.fromkeys(a.freelancer for a in mission.assignments)),
        elapsed_days=calendar.working_days(mission.start, min(mission.end, today)),
        left_days=calendar.working_days(max(mission.start, tomorrow), mission.end),
        due_soon=tuple(d for d in open_items if today <= d.due <= soon),
        overdue=tuple(d for d in open_items if d.due < today),
        waiting_validation=tuple(d for d in mission.deliverables
                                 if d.status == statuses.SUBMITTED),
        corrections=tuple(d for d in mission.deliverables
                          if d.status == statuses.CHANGES_REQUESTED),
        invoices_to_check=tuple(inputs.to_check.get(mission.id, ())),
        last_checkin=max(last_checkins(mission, today).values(),
                         key=lambda c: c.date, default=None),
        drift=drift,
        drifting=drift is not None and drift.drifting(inputs.limit),
    )


def mission_unreviewed(mission: Mission, today: date) -> Unreviewed | None:
    """The mission among those ended without reviews, None when it is not."""
    people = unreviewed_people(mission, today)
    return Unreviewed(mission, people) if people else None


def status_board(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                 owner: str | None = None) -> StatusBoard:
    board = StatusBoard(today, names={i: f.name for i, f in workspace.freelancers.items()})
    inputs = board_inputs(workspace, calendar, today=today)
    missions = sorted(workspace.missions.values(), key=attrgetter("end", "id"))
    for mission in missions:
        if owner is not None and mission.owner != owner:
            continue
        row = mission_in_flight(mission, inputs)
        if row is not None:
            board.in_flight.append(row)
    board.unreviewed = [Unreviewed(mission, people)
                        for mission, people in missing_reviews(workspace, today,
                                                               in_order=missions)
                        if owner is None or mission.owner == owner]
    return board
