"""The paperwork a freelancer's contracts need, and where each document stands.

One :class:`AdminItem` per requirement (the law's, from the country profile, and the company's
own policy) for a freelancer on a mission. Checks and documents build on these items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cfo_tools.model.ids import siret_valid
from cfo_tools.model.money import at_least, contract_amount
from cfo_tools.model.months import add_months
from cfo_tools.model.records import Company, Freelancer, HeldDocument, Mission
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.compliance_profile import (
    DEFAULT_REGISTRATION_MAX_AGE_MONTHS,
    ComplianceProfile,
    profile_for,
)

#: Statuses of an item, from fine to worst.
OK, EXPIRES, UNVERIFIED, EXPIRED, MISSING, INVALID = (
    "ok", "expires", "unverified", "expired", "missing", "invalid")


@dataclass(frozen=True)
class AdminItem:
    requirement: str  # vigilance, registration, siret, insurance, nda
    kind: str  # the document kind (or "siret")
    status: str
    #: "law" or "policy"
    basis: str
    document: HeldDocument | None = None
    #: The date something is due: renewal of an attestation, expiry of an insurance.
    due: date | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK


#: The fields of an :class:`AdminItem`, in order, as the steps of :meth:`ContractPaperwork.items`
#: give them (made into items, each distinct one once, by :meth:`ContractPaperwork._item`).
ItemFields = tuple[Any, ...]

#: A freelancer's latest document of each kind, with what ranks it: its date of issue
#: (``date.min`` without one) and its place in their list.
LatestByKind = dict[str, tuple[date, int, HeldDocument]]


def latest(freelancer: Freelancer, kinds: tuple[str, ...] | str) -> HeldDocument | None:
    """The most recently issued document of these kinds; on a tie, the one listed last."""
    return _latest_of(latest_by_kind(freelancer), (kinds,) if isinstance(kinds, str) else kinds)


def latest_by_kind(freelancer: Freelancer) -> LatestByKind:
    """Each kind's latest document of ``freelancer`` (as :func:`latest` ranks them)."""
    held: LatestByKind = {}
    for index, document in enumerate(freelancer.documents):
        candidate = (document.issued or date.min, index, document)
        best = held.get(document.kind)
        if best is None or candidate[:2] > best[:2]:
            held[document.kind] = candidate
    return held


def _latest_of(held: LatestByKind, kinds: tuple[str, ...]) -> HeldDocument | None:
    found = [held[kind] for kind in kinds if kind in held]
    return max(found, key=lambda item: item[:2])[2] if found else None


def admin_items(freelancer: Freelancer, mission: Mission, company: Company,
                calendar: WorkingCalendar, *, today: date,
                amount: Decimal | None = None) -> list[AdminItem]:
    """What the contract of ``freelancer`` on ``mission`` needs, item by item; ``amount`` is
    the contract amount when the caller already has it."""
    return ContractPaperwork(company, calendar, today).items(freelancer, mission, amount)


class ContractPaperwork:
    """:func:`admin_items` for every contract of one company as of ``today``: the law's
    profile and the company's policy resolved once, and each freelancer's latest document
    of each kind and SIRET item found once, however many of their contracts are asked
    about (a cold ``cfo check`` asks about 18,000 contracts of 2,000 freelancers)."""

    def __init__(self, company: Company, calendar: WorkingCalendar, today: date) -> None:
        self._profile = profile_for(company.country)
        self._policy = company.requirements
        self._calendar, self._today = calendar, today
        #: freelancer id -> their latest document of each kind
        self._held: dict[str, LatestByKind] = {}
        #: (freelancer id, kinds) -> their latest document of those kinds: asked for each of
        #: their contracts (30,000 times for 1,600 freelancers on a cold ``cfo check``).
        self._latest_found: dict[tuple[str, tuple[str, ...]], HeldDocument | None] = {}
        self._sirets: dict[str, AdminItem] = {}
        self._renewals: dict[date, date] = {}
        #: Date of issue -> the last day a proof of registration issued then may be signed
        #: with (the company's maximum age): asked for each contract not started yet.
        self._signature_limits: dict[date, date] = {}
        #: Each distinct item made once (the document by its identity: the item holds it,
        #: so that no other document takes its id while the item is kept).
        self._made: dict[tuple[Any, ...], AdminItem] = {}

    def items(self, freelancer: Freelancer, mission: Mission,
              amount: Decimal | None = None) -> list[AdminItem]:
        """What the contract of ``freelancer`` on ``mission`` needs, item by item;
        ``amount`` is the contract amount when the caller already has it."""
        profile, policy, today = self._profile, self._policy, self._today
        span = mission.assignments_of(freelancer.id)
        if len(span) == 1:
            # Most contracts: one assignment, read without two generators.
            start, end = span[0].start, span[0].end
        else:
            start = min((a.start for a in span), default=mission.start)
            end = max((a.end for a in span), default=mission.end)
        items: list[AdminItem] = []
        if profile is not None:
            if amount is None:
                amount = contract_amount(freelancer, mission, self._calendar)
            if at_least(amount, profile.vigilance_threshold):
                held = self._latest(freelancer, (profile.vigilance_kind,))
                items.append(self._item(_vigilance(held, self._renewal(held, profile), profile,
                                                   start, end, today)))
                held = self._latest(freelancer, profile.registration_kinds)
                items.append(self._item(_registration(
                    held, self._renewal(held, profile),
                    self._signature_limit(held) if today < start else None, profile, start,
                    end, today)))
            items.append(self._siret(freelancer))
        for kind in policy.get("insurance", []):
            items.append(self._item(_expiring(self._latest(freelancer, (kind,)), kind,
                                              "insurance", max(start, today), end)))
        if policy.get("nda_before_start"):
            nda = self._latest(freelancer, ("nda",))
            status = OK if nda is not None and (nda.issued is None or nda.issued <= start) \
                else MISSING
            items.append(self._item(("nda", "nda", status, "policy", nda, start)))
        return items

    def _item(self, fields: ItemFields) -> AdminItem:
        """The item of these ``fields``: made once, then the same (frozen) item again. A
        freelancer's items are mostly the same on each of their contracts, and a frozen
        dataclass costs 2.6 µs to make: a cold ``cfo check`` makes 37,000 items of 18,582
        contracts."""
        requirement, kind, status, basis, document, due = fields
        key = (requirement, kind, status, basis, id(document), due)
        item = self._made.get(key)
        if item is None:
            item = self._made[key] = AdminItem(requirement, kind, status, basis, document, due)
        return item

    def _latest(self, freelancer: Freelancer, kinds: tuple[str, ...]) -> HeldDocument | None:
        """:func:`latest`, from the freelancer's documents indexed once by kind."""
        asked = (freelancer.id, kinds)
        if asked in self._latest_found:
            return self._latest_found[asked]
        held = self._held.get(freelancer.id)
        if held is None:
            held = self._held[freelancer.id] = latest_by_kind(freelancer)
        found = self._latest_found[asked] = _latest_of(held, kinds)
        return found

    def _renewal(self, held: HeldDocument | None, profile: ComplianceProfile) -> date | None:
        """When a document issued as ``held`` was must be renewed (None: no date of issue)."""
        if held is None or held.issued is None:
            return None
        renewal = self._renewals.get(held.issued)
        if renewal is None:
            renewal = self._renewals[held.issued] = add_months(held.issued,
                                                               profile.vigilance_months)
        return renewal

    def _signature_limit(self, held: HeldDocument | None) -> date | None:
        """The last day of signature for a proof of registration issued as ``held`` was
        (None: no date of issue)."""
        if held is None or held.issued is None:
            return None
        limit = self._signature_limits.get(held.issued)
        if limit is None:
            max_age = int(self._policy.get(
                "registration_max_age_months", DEFAULT_REGISTRATION_MAX_AGE_MONTHS))
            limit = self._signature_limits[held.issued] = add_months(held.issued, max_age)
        return limit

    def _siret(self, freelancer: Freelancer) -> AdminItem:
        item = self._sirets.get(freelancer.id)
        if item is None:
            item = self._sirets[freelancer.id] = _siret(freelancer)
        return item


def _vigilance(held: HeldDocument | None, valid_until: date | None,
               profile: ComplianceProfile, start: date, end: date, today: date) -> ItemFields:
    """The attestation ``held`` (the latest), valid until its renewal date ``valid_until``."""
    kind = profile.vigilance_kind
    if held is None or valid_until is None:
        return ("vigilance", kind, MISSING, "law", held, start)
    # It must be no older than six months on every day of the mission: from signature (or
    # today, for a mission under way) to the end.
    first_day = max(start, today) if today <= end else end
    if valid_until < first_day:
        return ("vigilance", kind, EXPIRED, "law", held, valid_until)
    if held.verified is None:
        return ("vigilance", kind, UNVERIFIED, "law", held, valid_until)
    if valid_until < end:
        return ("vigilance", kind, EXPIRES, "law", held, valid_until)
    return ("vigilance", kind, OK, "law", held, valid_until)


def _registration(held: HeldDocument | None, renewal: date | None,
                  at_signature: date | None, profile: ComplianceProfile, start: date,
                  end: date, today: date) -> ItemFields:
    """A proof of registration (``held``: the latest) no older than the company's maximum
    age at signature (``at_signature``: the last day it may be signed with, given for a
    contract not started yet), then renewed like the attestation (on ``renewal``) until the
    end of the contract."""
    kind = held.kind if held else profile.registration_kinds[0]
    if held is None or held.issued is None or renewal is None:
        return ("registration", kind, MISSING, "law", held, start)
    if today < start:
        # The age at signature matters only for a contract not started yet.
        assert at_signature is not None  # given for every contract not started yet
        if at_signature < start:
            return ("registration", kind, EXPIRED, "policy", held, at_signature)
    first_day = max(start, today) if today <= end else end
    if renewal < first_day:
        return ("registration", kind, EXPIRED, "law", held, renewal)
    if renewal < end:
        return ("registration", kind, EXPIRES, "law", held, renewal)
    return ("registration", kind, OK, "law", held, renewal)


def _siret(freelancer: Freelancer) -> AdminItem:
    if freelancer.siret is None:
        return AdminItem("siret", "siret", MISSING, "law")
    return AdminItem("siret", "siret", OK if siret_valid(freelancer.siret) else INVALID, "law")


def _expiring(held: HeldDocument | None, kind: str, requirement: str, first_day: date,
              end: date) -> ItemFields:
    if held is None:
        return (requirement, kind, MISSING, "policy", None, None)
    if held.expires is not None and held.expires < first_day:
        return (requirement, kind, EXPIRED, "policy", held, held.expires)
    if held.expires is not None and held.expires < end:
        return (requirement, kind, EXPIRES, "policy", held, held.expires)
    return (requirement, kind, OK, "policy", held, held.expires)
