"""Everything due from today over the next working days, in one list, soonest first.

Each source below asks the module that already decides the matter (check-ins, deliverables,
activity reports, invoices, paperwork, candidates, needs, reviews) and turns its answers into
:class:`AgendaItem`; adding a kind of action is one function and one line in
:data:`SOURCES`. Nothing here prints: ``cfo agenda`` renders an :class:`Agenda` through
reporters/agenda.py, and any other view (a dashboard's home page) may call
:func:`build_agenda` the same way.

An item holds no sentence, only the key of its words in the messages catalogue
(``templates/messages/<lang>.yaml``, ``agenda_*``) and the values that fill them: each view
says it in its own language with :meth:`AgendaItem.action_in`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from cfo_tools.formats.placeholders import filled
from cfo_tools.model import statuses
from cfo_tools.model.activity import SUBMITTED
from cfo_tools.model.invoices import APPROVED, RECEIVED
from cfo_tools.model.months import Month
from cfo_tools.model.records import Freelancer, Mission, Workspace
from cfo_tools.model.track_record import missing_reviews
from cfo_tools.model.values import Label
from cfo_tools.model.vocabulary import Vocabulary, label
from cfo_tools.planning.activity_days import (
    approval_due,
    followed_months,
    missing_reports,
    report_due,
)
from cfo_tools.planning.bookings import BookingIndex, bookings_given_or_walked
from cfo_tools.planning.needs import open_needs
from cfo_tools.planning.working_calendar import NoWorkingDay, WorkingCalendar, shift
from cfo_tools.steering.checkins import CONCERN, NEXT, checkins_due, every_days
from cfo_tools.steering.compliance import (
    EXPIRED,
    EXPIRES,
    MISSING,
    UNVERIFIED,
    AdminItem,
    ContractPaperwork,
)
from cfo_tools.steering.invoice_board import invoice_board
from cfo_tools.steering.pipeline import QUIET_DAYS, follow_up_due

#: Working days ahead that ``cfo agenda`` covers unless told.
DEFAULT_DAYS = 5

CHECKIN = "checkin"
DELIVERABLE_DUE = "deliverable-due"
DELIVERABLE_REVIEW = "deliverable-review"
PAPERWORK = "paperwork"
CANDIDATE = "candidate"
NEED = "need"
REVIEW = "review"
ACTIVITY_APPROVE = "activity-approve"
ACTIVITY_MISSING = "activity-missing"
INVOICE_APPROVE = "invoice-approve"
INVOICE_PAY = "invoice-pay"
INVOICE_LATE = "invoice-late"


@dataclass(frozen=True)
class Name:
    """A record said by its name (a freelancer's, a mission's title): people read the agenda,
    the id stays in the item's file, key and command."""

    id: str
    text: str


@dataclass(frozen=True)
class Day:
    """A date, said the way each view says dates (ISO in the terminal, "16 nov. 2026" on the
    site and in the Monday e-mail)."""

    value: date


#: What fills a placeholder of an action's words.
@dataclass(frozen=True)
class Term:
    """A role or skill id (``kind`` "roles" or "skills") said by the company's label for it
    (``vocabulary:``) in the view's language, in the company's locale when the view gives none."""

    kind: str
    id: str
    vocabulary: Vocabulary | None = field(default=None, compare=False)
    locale: str = "fr"

    @classmethod
    def of(cls, kind: str, id_: str, workspace: Workspace) -> Term:
        company = workspace.company
        return cls(kind, id_, company.vocabulary if company else None,
                   company.locale if company else "fr")

    def said_in(self, lang: str | None) -> str:
        return label(self.kind, self.id, lang or self.locale, self.vocabulary)


Value = str | Label | Name | Day | Term


@dataclass(frozen=True)
class AgendaItem:
    """One thing to do. ``key`` names it for good (calendar UIDs): it never holds a date."""

    day: date
    kind: str
    #: The catalogue key of the action's words, and what fills their ``{placeholders}``.
    message: str
    values: tuple[tuple[str, Value], ...]
    file: str
    key: str
    mission: str | None = None
    #: The team id of the mission's owner (None: nobody's mission in particular).
    owner: str | None = None
    #: The ``cfo`` command that does it or helps, when there is one.
    command: str | None = None

    def late(self, today: date) -> bool:
        return self.day < today

    def action_in(self, words: Mapping[str, str],
                  day: Callable[[date], str] = date.isoformat, lang: str | None = None) -> str:
        """What to do, in the language of ``words`` (a loaded messages catalogue), its dates
        said by ``day``, roles and skills by their labels in ``lang`` (the company's locale
        when not given)."""
        return filled(words.get(self.message, self.message),
                      {name: _said(value, words, day, lang) for name, value in self.values})


def _said(value: Value, words: Mapping[str, str], day: Callable[[date], str],
          lang: str | None) -> str:
    if isinstance(value, Term):
        return value.said_in(lang)
    if isinstance(value, Label):
        return words.get(value.key, value.fallback)
    if isinstance(value, Name):
        return value.text
    if isinstance(value, Day):
        return day(value.value)
    return value


@dataclass(frozen=True)
class Agenda:
    today: date
    #: The last day covered (the ``days``-th working day after today).
    until: date
    days: int
    owner: str | None
    #: Soonest first; what is late comes first of all.
    items: tuple[AgendaItem, ...]
    #: How people call the owner: their name in company.yaml's team (the id when absent).
    owner_name: str | None = None

    @property
    def late(self) -> tuple[AgendaItem, ...]:
        return tuple(i for i in self.items if i.late(self.today))


@dataclass(frozen=True)
class AgendaScope:
    """What every source works from."""

    workspace: Workspace
    calendar: WorkingCalendar
    today: date
    until: date
    #: Every freelancer's bookings when the caller has them already.
    bookings: BookingIndex | None = None
    #: The items not in order of a freelancer's contract on a mission, when the caller
    #: keeps them (``cfo site``: its board's); else each contract's items are made here.
    paperwork: Callable[[Freelancer, Mission], Iterable[AdminItem]] | None = None

    def bookings_by_freelancer(self) -> BookingIndex:
        return bookings_given_or_walked(self.bookings, self.workspace)


Source = Callable[[AgendaScope], Iterable[AgendaItem]]


def agenda_until(calendar: WorkingCalendar, today: date, days: int) -> date:
    """The ``days``-th working day after ``today`` (today itself for 0)."""
    if days <= 0:
        return today
    try:
        return calendar.nth_working_day(shift(today, 1), days)
    except (NoWorkingDay, OverflowError, ValueError):
        return shift(today, days)


def build_agenda(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                 days: int = DEFAULT_DAYS, owner: str | None = None,
                 sources: Iterable[Source] | None = None,
                 bookings: BookingIndex | None = None,
                 paperwork: Callable[[Freelancer, Mission], Iterable[AdminItem]] | None = None
                 ) -> Agenda:
    """Everything due up to the ``days``-th working day after ``today`` (what is late
    included); with ``owner``, only what concerns that team member's missions."""
    scope = AgendaScope(workspace, calendar, today, agenda_until(calendar, today, days),
                        bookings, paperwork)
    items = [item for source in (SOURCES if sources is None else sources)
             for item in source(scope)
             if item.day <= scope.until and (owner is None or item.owner == owner)]
    items.sort(key=lambda i: (i.day, _ORDER.get(i.kind, len(_ORDER)), i.key))
    member = workspace.company.member(owner) if owner and workspace.company else None
    return Agenda(today, scope.until, days, owner, tuple(items),
                  owner_name=member.name if member else owner)


# -- sources ---------------------------------------------------------------------------------

def checkin_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    every = every_days(scope.workspace.company)
    for mission in _missions(scope.workspace):
        for due in checkins_due(mission, scope.calendar, today=scope.today, every=every):
            why = {CONCERN: "concern", NEXT: "next"}.get(
                due.reason, "last" if due.last else "first")
            yield AgendaItem(due.due, CHECKIN, f"agenda_checkin_{why}",
                             (("freelancer", _freelancer(scope.workspace, due.freelancer)),
                              ("mission", _mission(mission)), ("since", Day(due.since))),
                             mission.file, f"checkin-{mission.id}-{due.freelancer}",
                             mission.id, mission.owner)


def deliverable_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    for mission in _missions(scope.workspace):
        if mission.status in statuses.NOT_COMMITTED:
            continue
        for d in mission.deliverables:
            values = (("title", d.title), ("deliverable", d.id), ("mission", _mission(mission)))
            if d.status == statuses.SUBMITTED:
                yield AgendaItem(
                    min(d.due, scope.today), DELIVERABLE_REVIEW, "agenda_deliverable_review",
                    values, mission.file,
                    f"deliverable-review-{mission.id}-{d.id}", mission.id, mission.owner,
                    f"cfo acceptance {mission.id} {d.id}")
            elif d.status in statuses.OUTSTANDING:
                state = "changes" if d.status == statuses.CHANGES_REQUESTED else "due"
                yield AgendaItem(d.due, DELIVERABLE_DUE, f"agenda_deliverable_{state}", values,
                                 mission.file, f"deliverable-{mission.id}-{d.id}", mission.id,
                                 mission.owner)


#: The paperwork statuses that call for an action.
_PAPERWORK = (MISSING, EXPIRED, UNVERIFIED, EXPIRES)


def paperwork_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    """What the contracts of freelancers with a current or upcoming booking still need."""
    company = scope.workspace.company
    if company is None:
        return
    # One resolution of the company's requirements for every contract asked about.
    paperwork = scope.paperwork or ContractPaperwork(company, scope.calendar, scope.today).items
    for freelancer_id, bookings in sorted(scope.bookings_by_freelancer().items()):
        freelancer = scope.workspace.freelancers.get(freelancer_id)
        if freelancer is None:
            continue
        # The earliest contract's item of each requirement and kind: only that one is made
        # into an action (a freelancer on many missions has the same item on each).
        earliest: dict[tuple[str, str], tuple[date, AdminItem, Mission]] = {}
        current = {b.mission.id: b.mission for b in bookings if b.end >= scope.today}
        for mission in (current[k] for k in sorted(current)):
            for item in paperwork(freelancer, mission):
                if item.status not in _PAPERWORK:
                    continue
                day = item.due or scope.today
                key = (item.requirement, item.kind)
                if key not in earliest or day < earliest[key][0]:
                    earliest[key] = day, item, mission
        for day, item, mission in earliest.values():
            yield AgendaItem(
                day, PAPERWORK, f"agenda_paperwork_{item.status}",
                (("freelancer", Name(freelancer.id, freelancer.name)),
                 ("document", Label.of("kind_", item.kind)),
                 ("mission", _mission(mission))),
                freelancer.file, f"paperwork-{freelancer.id}-{item.requirement}-{item.kind}",
                mission.id, mission.owner, "cfo check")


def candidate_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    for candidate in sorted(scope.workspace.candidates.values(), key=lambda c: c.id):
        due = follow_up_due(candidate, scope.today)
        step = candidate.next_step
        if due is not None:
            if due.reason == "next-step" and step is not None:
                day, message = step.date, "agenda_candidate_planned"
            elif due.since is not None:
                day, message = shift(due.since, QUIET_DAYS + 1), "agenda_candidate_quiet"
            else:
                day, message = scope.today, "agenda_candidate_contact"
        elif step is not None and step.date <= scope.until:
            day, message = step.date, "agenda_candidate_step"
        else:
            continue
        values: tuple[tuple[str, Value], ...] = (
            ("candidate", Name(candidate.id, candidate.name)),
            ("step", step.action if step else ""),
            ("since", Day(due.since) if due and due.since else ""),
            ("stage", Label.of("agenda_stage_", candidate.stage)))
        yield AgendaItem(day, CANDIDATE, message, values, candidate.file,
                         f"candidate-{candidate.id}", command="cfo pipeline")


def need_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    for state in open_needs(scope.workspace, scope.calendar):
        if state.end is not None and state.end < scope.today:
            continue
        need, mission = state.need, state.mission
        role = Term.of("roles", need.role, scope.workspace)
        yield AgendaItem(state.start, NEED, "agenda_need",
                         (("need", need.id), ("role", role), ("mission", _mission(mission)),
                          ("missing", str(state.missing)), ("count", str(need.count))),
                         mission.file, f"need-{mission.id}-{need.id}", mission.id,
                         mission.owner, f"cfo find --mission {mission.id} --need {need.id}")


def review_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    for mission, people in missing_reviews(scope.workspace, scope.today):
        for freelancer in people:
            yield AgendaItem(mission.end, REVIEW, "agenda_review",
                             (("freelancer", _freelancer(scope.workspace, freelancer)),
                              ("mission", _mission(mission)), ("end", Day(mission.end))),
                             mission.file, f"review-{mission.id}-{freelancer}", mission.id,
                             mission.owner)


def activity_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    """Reports submitted, to approve now (late once past their approval's due day); reports
    missing, due on the 5th working day of the next month, for the months the workspace
    follows up to the current one (the same months and freelancers as ``cfo check``'s
    activity-missing: planning/activity_days.py)."""
    workspace = scope.workspace
    for report in sorted(workspace.activity.values(), key=lambda r: r.id):
        if report.status != SUBMITTED:
            continue
        mission = _first_mission(workspace, report.missions)
        # To approve now; late (under its due day) once it has waited longer than the check
        # allows, as activity-awaiting-approval says.
        day = scope.today if report.submitted_on is None else min(
            scope.today, approval_due(scope.calendar, report.submitted_on))
        yield AgendaItem(day, ACTIVITY_APPROVE,
                         "agenda_activity_approve_submitted" if report.submitted_on
                         else "agenda_activity_approve",
                         (("freelancer", _freelancer(workspace, report.freelancer)),
                          ("month", str(report.month)),
                          ("submitted", Day(report.submitted_on) if report.submitted_on
                           else "")), report.file,
                         f"activity-approve-{report.month}-{report.freelancer}",
                         mission.id if mission else None, mission.owner if mission else None,
                         f"cfo activity show {report.freelancer} --month {report.month}")
    for month in followed_months(workspace, scope.today, last=Month.of(scope.today)):
        due = report_due(scope.calendar, month)
        if due > scope.until:
            continue
        for missing in missing_reports(workspace, scope.calendar, month):
            who, mission = missing.freelancer, missing.mission
            yield AgendaItem(due, ACTIVITY_MISSING, "agenda_activity_missing",
                             (("freelancer", _freelancer(workspace, who)), ("month", str(month))),
                             f"activity/{month}/{who}.yaml",
                             f"activity-missing-{month}-{who}", mission.id, mission.owner,
                             f"cfo activity new {who} --month {month}")


def invoice_items(scope: AgendaScope) -> Iterator[AgendaItem]:
    """Invoices to check now, to pay by their due date, and late (steering/invoice_board)."""
    board = invoice_board(scope.workspace, today=scope.today)
    late = {item.invoice.id for item in board.late}
    for item in [*board.to_check, *board.to_pay]:
        invoice = item.invoice
        mission = _first_mission(scope.workspace, invoice.missions)
        if invoice.id in late:
            kind, day = INVOICE_LATE, invoice.due
        elif invoice.status == RECEIVED:
            kind, day = INVOICE_APPROVE, scope.today
        elif invoice.status == APPROVED:
            kind, day = INVOICE_PAY, invoice.due
        else:
            continue
        values = (("number", invoice.number),
                  ("freelancer", _freelancer(scope.workspace, invoice.freelancer)),
                  ("due", Day(invoice.due)))
        yield AgendaItem(day, kind, f"agenda_{kind.replace('-', '_')}", values, invoice.file,
                         f"invoice-{invoice.id}",
                         mission.id if mission else None, mission.owner if mission else None,
                         f"cfo invoices --freelancer {invoice.freelancer}")


#: Every source, in the order its items come on a same day.
SOURCES: tuple[Source, ...] = (
    checkin_items,
    deliverable_items,
    activity_items,
    invoice_items,
    paperwork_items,
    candidate_items,
    need_items,
    review_items,
)
_ORDER = {kind: index for index, kind in enumerate(
    (INVOICE_LATE, DELIVERABLE_REVIEW, DELIVERABLE_DUE, CHECKIN, ACTIVITY_APPROVE,
     ACTIVITY_MISSING, INVOICE_APPROVE, INVOICE_PAY, NEED, PAPERWORK, REVIEW, CANDIDATE))}


def _first_mission(workspace: Workspace, ids: Iterable[str]) -> Mission | None:
    """The first of ``ids`` that is a mission of the workspace: whose owner the item is."""
    return next((workspace.missions[i] for i in ids if i in workspace.missions), None)


def _freelancer(workspace: Workspace, freelancer_id: str) -> Name:
    """The freelancer by name; by id when the roster has no file for them (a check finding
    says so elsewhere)."""
    freelancer = workspace.freelancers.get(freelancer_id)
    return Name(freelancer_id, freelancer.name if freelancer else freelancer_id)


def _mission(mission: Mission) -> Name:
    return Name(mission.id, mission.title)


def _missions(workspace: Workspace) -> Iterator[Mission]:
    for mission_id in sorted(workspace.missions):
        yield workspace.missions[mission_id]
