"""The conductor's score: every mission in flight and what needs attention this week."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from cfo_tools.model import statuses
from cfo_tools.model.invoices import TO_CHECK, Invoice
from cfo_tools.model.records import CheckIn, Deliverable, Mission, Workspace
from cfo_tools.model.track_record import missing_reviews
from cfo_tools.planning.working_calendar import WorkingCalendar, shift
from cfo_tools.steering.checkins import last_checkins
from cfo_tools.steering.drift import Drift, approved_activity, drift_points, mission_drift

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


def status_board(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                 owner: str | None = None) -> StatusBoard:
    board = StatusBoard(today, names={i: f.name for i, f in workspace.freelancers.items()})
    company = workspace.company
    soon = shift(today, DUE_SOON_DAYS)
    tomorrow = shift(today, 1)
    to_check: dict[str, list[Invoice]] = {}
    for invoice in sorted(workspace.invoices.values(), key=lambda i: (i.issued, i.id)):
        if invoice.status in TO_CHECK:
            for mission_id in invoice.missions:
                to_check.setdefault(mission_id, []).append(invoice)
    limit = drift_points(company)
    approved = approved_activity(workspace)
    members = {} if company is None else {m.id: m for m in reversed(company.team)}
    missions = sorted(workspace.missions.values(), key=attrgetter("end", "id"))
    for mission in missions:
        if owner is not None and mission.owner != owner:
            continue
        if mission.status in statuses.IN_FLIGHT:
            member = members.get(mission.owner)
            open_items = [d for d in mission.deliverables if d.status in statuses.OUTSTANDING]
            board.in_flight.append(MissionInFlight(
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
                invoices_to_check=tuple(to_check.get(mission.id, ())),
                last_checkin=max(last_checkins(mission, today).values(),
                                 key=lambda c: c.date, default=None),
                drift=(drift := mission_drift(mission, calendar, today=today,
                                              approved=approved.get(mission.id))),
                drifting=drift is not None and drift.drifting(limit),
            ))
    board.unreviewed = [Unreviewed(mission, people)
                        for mission, people in missing_reviews(workspace, today,
                                                               in_order=missions)
                        if owner is None or mission.owner == owner]
    return board
