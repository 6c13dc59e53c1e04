"""The workspace as Python objects: a company, its roster and its missions.

Objects are built only from documents that passed their schema, so every field here has the
type the schema promises; dates are real :class:`datetime.date` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from cfo_tools.model import statuses
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.paper import CompanyLegal, Order, PaymentTerms, Rights
from cfo_tools.model.vocabulary import Vocabulary

#: ``date`` under another name, for a dataclass whose own field is called ``date``.
Day = date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    reason: str | None
    pointer: str


@dataclass(frozen=True)
class TeamMember:
    id: str
    name: str
    email: str
    role: str | None
    pointer: str
    phone: str | None = None


@dataclass
class Company:
    file: str
    name: str
    pitch: str
    country: str
    subdivision: str | None
    locale: str
    currency: str
    working_days: tuple[int, ...]
    closures: list[Period]
    team: list[TeamMember]
    culture: str | None
    values: list[str]
    tools: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    requirements: dict[str, Any]
    extra: dict[str, Any]
    #: Where a freelancer comes on their first day (plain or per-language text).
    address: str | None = None
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    #: The legal identity, needed by contracts, purchase orders and invoices only.
    legal: CompanyLegal | None = None
    payment_terms: PaymentTerms = field(default_factory=PaymentTerms)
    #: Whether the pitch is still the example ``cfo init`` wrote (``placeholder-text``): the
    #: checks read this, not the pitch, whose edits then leave their results as they were.
    example_pitch: bool = False

    def member(self, member_id: str) -> TeamMember | None:
        return next((m for m in self.team if m.id == member_id), None)


@dataclass(frozen=True)
class HeldDocument:
    kind: str
    issued: date | None
    expires: date | None
    verified: date | None
    reference: str | None
    pointer: str


@dataclass
class Freelancer:
    id: str
    file: str
    name: str
    email: str
    phone: str | None
    location: str | None
    remote: bool | None
    roles: list[str]
    skills: list[str]
    languages: list[str]
    daily_rate: Decimal
    capacity: int
    status: str
    legal_form: str | None
    siret: str | None
    unavailable: list[Period]
    documents: list[HeldDocument]
    notes: str | None
    extra: dict[str, Any]
    legal_address: str | None = None
    vat_number: str | None = None
    #: ``franchise``: VAT not charged (art. 293 B du CGI); ``standard``: VAT charged.
    vat: str = "standard"


@dataclass(frozen=True)
class Assignment:
    freelancer: str
    role: str
    allocation: int
    start: date
    end: date
    own_start: date | None
    own_end: date | None
    daily_rate: Decimal | None
    pointer: str
    #: Pencilled in, waiting for the client or the freelancer: it books time all the same.
    tentative: bool = False
    #: The purchase order, once issued.
    order: Order | None = None


@dataclass(frozen=True)
class Need:
    """An open position on a mission (a request): never books anyone.

    ``end`` is the need's own end, else the mission's; it is None when ``days`` gives the
    length instead (planning/needs.py counts them on the working calendar)."""

    id: str
    role: str
    skills: tuple[str, ...]
    allocation: int
    start: date
    end: date | None
    days: int | None
    count: int
    max_rate: Decimal | None
    languages: tuple[str, ...]
    requested_by: str | None
    requested_on: date | None
    note: str | None
    pointer: str


@dataclass(frozen=True)
class Deliverable:
    id: str
    title: str
    due: date
    status: str
    feedback: str | None
    pointer: str
    #: The share of the mission's work it stands for, to measure progress (mission drift).
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class CheckIn:
    """A conversation with a freelancer on a mission: who spoke, how it went, when next."""

    date: date
    freelancer: str
    by: str
    channel: str | None
    mood: str | None
    note: str | None
    next: Day | None
    pointer: str


@dataclass(frozen=True)
class Review:
    freelancer: str
    date: date
    quality: int
    deadlines: int
    communication: int
    rehire: bool
    comment: str | None
    pointer: str


@dataclass
class Mission:
    id: str
    file: str
    title: str
    client: str
    owner: str
    status: str
    start: date
    end: date
    skills: list[str]
    budget: Decimal | None
    brief: dict[str, Any]
    assignments: list[Assignment]
    deliverables: list[Deliverable]
    reviews: list[Review]
    extra: dict[str, Any]
    needs: list[Need] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    #: The copyright assigned on the deliverables (L131-3), when the mission says.
    rights: Rights | None = None

    @property
    def books_time(self) -> bool:
        return statuses.books_time(self.status)

    def assignments_of(self, freelancer_id: str) -> list[Assignment]:
        """This freelancer's assignments on the mission, in file order."""
        return self._assignments_by_freelancer.get(freelancer_id, [])

    def assignment_rows_of(self, freelancer_ids: Iterable[str]) -> list[int]:
        """The rows (indexes in :attr:`assignments`) of these freelancers' assignments, in
        file order."""
        rows = self._rows_by_freelancer
        return sorted(row for ident in freelancer_ids for row in rows.get(ident, ()))

    @cached_property
    def _rows_by_freelancer(self) -> dict[str, list[int]]:
        # As _assignments_by_freelancer, for a rule that asks for a few freelancers at once
        # and must keep the file's order across them.
        index: dict[str, list[int]] = {}
        for row, a in enumerate(self.assignments):
            index.setdefault(a.freelancer, []).append(row)
        return index

    @cached_property
    def _assignments_by_freelancer(self) -> dict[str, list[Assignment]]:
        # Built once: checks and documents ask for each freelancer of a mission in turn, and
        # a mission may have tens of thousands of assignments.
        index: dict[str, list[Assignment]] = {}
        for a in self.assignments:
            index.setdefault(a.freelancer, []).append(a)
        return index


@dataclass
class Workspace:
    """Everything that could be read. ``*_files`` name every document found, valid or not,
    so a broken file does not make references to it look wrong as well."""

    root: Path
    company: Company | None
    freelancers: dict[str, Freelancer] = field(default_factory=dict)
    missions: dict[str, Mission] = field(default_factory=dict)
    freelancer_files: dict[str, str] = field(default_factory=dict)
    mission_files: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, Candidate] = field(default_factory=dict)
    candidate_files: dict[str, str] = field(default_factory=dict)
    #: Activity reports by id, ``<yyyy-mm>/<freelancer>`` (see model/activity.py).
    activity: dict[str, ActivityReport] = field(default_factory=dict)
    activity_files: dict[str, str] = field(default_factory=dict)
    #: Keyed ``<freelancer>/<id>``, as the file's place.
    invoices: dict[str, Invoice] = field(default_factory=dict)
    invoice_files: dict[str, str] = field(default_factory=dict)


def missions_by_freelancer(workspace: Workspace) -> dict[str, list[str]]:
    """Each freelancer's missions, those with one of their assignments (in the workspace's
    order): made once by whoever asks for many freelancers, instead of scanning every
    mission for each."""
    found: dict[str, list[str]] = {}
    for mission in workspace.missions.values():
        for freelancer in dict.fromkeys(a.freelancer for a in mission.assignments):
            found.setdefault(freelancer, []).append(mission.id)
    return found
