"""The paperwork a freelancer's contracts need, and where each document stands.

One :class:`AdminItem` per requirement (the law's, from the country profile, and the company's
own policy) for a freelancer on a mission. Checks and documents build on these items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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

    def items(self, freelancer: Freelancer, mission: Mission,
              amount: Decimal | None = None) -> list[AdminItem]:
        """What the contract of ``freelancer`` on ``mission`` needs, item by item;
        ``amount`` is the contract amount when the caller already has it."""
        profile, policy, today = self._profile, self._policy, self._today
        span = mission.assignments_of(freelancer.id)
        start = min((a.start for a in span), default=mission.start)
        end = max((a.end for a in span), default=mission.end)
        items: list[AdminItem] = []
        if profile is not None:
            if amount is None:
                amount = contract_amount(freelancer, mission, self._calendar)
            if at_least(amount, profile.vigilance_threshold):
                held = self._latest(freelancer, (profile.vigilance_kind,))
                items.append(_vigilance(held, self._renewal(held, profile), profile, start,
                                        end, today))
                held = self._latest(freelancer, profile.registration_kinds)
                items.append(_registration(held, self._renewal(held, profile), profile, policy,
                                           start, end, today))
            items.append(self._siret(freelancer))
        for kind in policy.get("insurance", []):
            items.append(_expiring(self._latest(freelancer, (kind,)), kind, "insurance",
                                   max(start, today), end))
        if policy.get("nda_before_start"):
            nda = self._latest(freelancer, ("nda",))
            status = OK if nda is not None and (nda.issued is None or nda.issued <= start) \
                else MISSING
            items.append(AdminItem("nda", "nda", status, "policy", nda, start))
        return items

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

    def _siret(self, freelancer: Freelancer) -> AdminItem:
        item = self._sirets.get(freelancer.id)
        if item is None:
            item = self._sirets[freelancer.id] = _siret(freelancer)
        return item


def _vigilance(held: HeldDocument | None, valid_until: date | None,
               profile: ComplianceProfile, start: date, end: date, today: date) -> AdminItem:
    """The attestation ``held`` (the latest), valid until its renewal date ``valid_until``."""
    kind = profile.vigilance_kind
    if held is None or valid_until is None:
        return AdminItem("vigilance", kind, MISSING, "law", held, start)
    # It must be no older than six months on every day of the mission: from signature (or
    # today, for a mission under way) to the end.
    first_day = max(start, today) if today <= end else end
    if valid_until < first_day:
        return AdminItem("vigilance", kind, EXPIRED, "law", held, valid_until)
    if held.verified is None:
        return AdminItem("vigilance", kind, UNVERIFIED, "law", held, valid_until)
    if valid_until < end:
        return AdminItem("vigilance", kind, EXPIRES, "law", held, valid_until)
    return AdminItem("vigilance", kind, OK, "law", held, valid_until)


def _registration(held: HeldDocument | None, renewal: date | None,
                  profile: ComplianceProfile, policy: dict[str, object], start: date, end: date,
                  today: date) -> AdminItem:
    """A proof of registration (``held``: the latest) no older than the company's maximum
    age at signature, then renewed like the attestation (on ``renewal``) until the end of
    the contract."""
    kind = held.kind if held else profile.registration_kinds[0]
    if held is None or held.issued is None or renewal is None:
        return AdminItem("registration", kind, MISSING, "law", held, start)
    max_age = int(policy.get("registration_max_age_months",  # type: ignore[call-overload]
                             DEFAULT_REGISTRATION_MAX_AGE_MONTHS))
    if today < start:
        # The age at signature matters only for a contract not started yet.
        at_signature = add_months(held.issued, max_age)
        if at_signature < start:
            return AdminItem("registration", kind, EXPIRED, "policy", held, at_signature)
    first_day = max(start, today) if today <= end else end
    if renewal < first_day:
        return AdminItem("registration", kind, EXPIRED, "law", held, renewal)
    if renewal < end:
        return AdminItem("registration", kind, EXPIRES, "law", held, renewal)
    return AdminItem("registration", kind, OK, "law", held, renewal)


def _siret(freelancer: Freelancer) -> AdminItem:
    if freelancer.siret is None:
        return AdminItem("siret", "siret", MISSING, "law")
    return AdminItem("siret", "siret", OK if siret_valid(freelancer.siret) else INVALID, "law")


def _expiring(held: HeldDocument | None, kind: str, requirement: str, first_day: date,
              end: date) -> AdminItem:
    if held is None:
        return AdminItem(requirement, kind, MISSING, "policy")
    if held.expires is not None and held.expires < first_day:
        return AdminItem(requirement, kind, EXPIRED, "policy", held, held.expires)
    if held.expires is not None and held.expires < end:
        return AdminItem(requirement, kind, EXPIRES, "policy", held, held.expires)
    return AdminItem(requirement, kind, OK, "policy", held, held.expires)
