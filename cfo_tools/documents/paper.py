"""What the contract and the purchase order of a freelancer on a mission show, and when they
cannot be written.

Both documents need the parties' legal identities and payment terms the law allows; the
contract also needs the rights assigned on the deliverables. When something is missing the
document is refused with one message naming every field to fill in, file by file, rather than
printed with blanks a signatory might not notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cfo_tools.documents.context import say
from cfo_tools.documents.typography import Passage
from cfo_tools.model.close_names import no_such
from cfo_tools.model.money import (
    assignment_amount,
    assignment_days,
    assignment_rate,
    at_least,
    order_amount,
    planned_days,
    total,
)
from cfo_tools.model.paper import PaymentTerms
from cfo_tools.model.records import Assignment, Company, Freelancer, Mission, Workspace
from cfo_tools.model.vocabulary import label
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.compliance_profile import (
    PaymentLimits,
    payment_limits_for,
    profile_for,
)

#: What the company's ``legal`` must hold (the schema requires it all once ``legal`` is there).
COMPANY_LEGAL_FIELDS = ("legal.name", "legal.siren", "legal.address",
                        "legal.representative.name", "legal.representative.title")


class PaperRefused(ValueError):
    """The document cannot be written as the data stands; the message says what to fix.
    ``missing``: the fields to fill in, by file, when that is why."""

    def __init__(self, message: str, missing: tuple[tuple[str, tuple[str, ...]], ...] = ()
                 ) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Parties:
    company: Company
    freelancer: Freelancer
    mission: Mission
    limits: PaymentLimits


def parties(workspace: Workspace, mission_id: str, freelancer_id: str, *,
            document: str) -> Parties:
    """The company, freelancer and mission of a ``document`` ("the contract"), or
    :class:`PaperRefused` naming every missing field."""
    company = workspace.company
    assert company is not None
    mission = workspace.missions.get(mission_id)
    if mission is None:
        if mission_id in workspace.freelancers and freelancer_id in workspace.missions:
            raise PaperRefused(
                f"'{mission_id}' is a freelancer and '{freelancer_id}' a mission: give the "
                f"mission first, then the freelancer ({freelancer_id} {mission_id})")
        raise PaperRefused(no_such("mission", mission_id, "missions/", workspace.mission_files))
    freelancer = workspace.freelancers.get(freelancer_id)
    if freelancer is None:
        raise PaperRefused(
            no_such("freelancer", freelancer_id, "roster/", workspace.freelancer_files))
    if not mission.assignments_of(freelancer_id):
        raise PaperRefused(f"{freelancer_id} has no assignment on {mission_id}")
    missing: list[tuple[str, tuple[str, ...]]] = []
    if company.legal is None:
        missing.append((company.file, tuple(COMPANY_LEGAL_FIELDS)))
    own = tuple(name for name, value in (("legal.siret", freelancer.siret),
                                         ("legal.address", freelancer.legal_address))
                if not value)
    if own:
        missing.append((freelancer.file, own))
    if missing:
        fields = "; ".join(f"{file}: {', '.join(names)}" for file, names in missing)
        raise PaperRefused(f"cannot write {document} of {freelancer_id} on {mission_id}: "
                           f"fill in {fields}", tuple(missing))
    limits = payment_limits_for(company.country)
    if limits is None:
        raise PaperRefused(f"cannot write {document}: cfo knows the payment rules of France "
                           f"only, not of country '{company.country}'")
    return Parties(company, freelancer, mission, limits)


def checked_terms(terms: PaymentTerms, limits: PaymentLimits, where: str) -> PaymentTerms:
    """``terms`` when the law allows them; else :class:`PaperRefused` (the document would
    state a clause the law voids)."""
    if not limits.allows(terms.days, terms.end_of_month):
        said = f"{terms.days} days{' end of month' if terms.end_of_month else ''}"
        raise PaperRefused(
            f"payment in {said} ({where}) is longer than the law allows ({limits.reference}: "
            f"at most {limits.max_days} days from the invoice, or "
            f"{limits.max_days_end_of_month} days end of month); shorten it first")
    return terms


def contract_context(workspace: Workspace, calendar: WorkingCalendar, mission_id: str,
                     freelancer_id: str, *, lang: str,
                     with_rights: bool = True) -> dict[str, Any]:
    """What the contract of services shows, in ``lang``."""
    found = parties(workspace, mission_id, freelancer_id, document="the contract")
    company, freelancer, mission = found.company, found.freelancer, found.mission
    if with_rights and mission.deliverables and mission.rights is None:
        raise PaperRefused(
            f"{mission.file} has deliverables but no 'rights': name the rights assigned "
            "(Code de la propriété intellectuelle L131-3: rights, purpose, territory, "
            "duration), or pass --no-rights for a contract that assigns none")
    terms = checked_terms(company.payment_terms, found.limits,
                          f"{company.file} payment_terms")
    lines = [_line(a, freelancer, calendar, lang, company)
             for a in mission.assignments_of(freelancer.id)]
    amount = total(line["amount"] for line in lines)
    profile = profile_for(company.country)
    rights = mission.rights if with_rights else None
    return {
        **_common(found, calendar, lang),
        "assignments": lines,
        "amount": amount,
        "planned_days": sum((line["planned_days"] for line in lines), Decimal(0)),
        "payment": _payment(terms, found.limits),
        "rights": None if rights is None else {
            "rights": list(rights.rights), "purpose": rights.purpose,
            "territory": rights.territory, "duration": rights.duration,
            "included_in_price": rights.included_in_price},
        "vigilance": None if profile is None else {
            "applies": at_least(amount, profile.vigilance_threshold),
            "threshold": profile.vigilance_threshold,
            "months": profile.vigilance_months,
            "reference": profile.reference,
        },
        "orders": [line["order"] for line in lines if line["order"]],
    }


def orders_of(mission: Mission, freelancer_id: str) -> list[Assignment]:
    return [a for a in mission.assignments_of(freelancer_id) if a.order is not None]


def order_context(workspace: Workspace, calendar: WorkingCalendar, mission_id: str,
                  freelancer_id: str, *, lang: str,
                  number: str | None = None) -> dict[str, Any]:
    """What the purchase order of the freelancer's assignment on the mission shows, in
    ``lang`` (the one numbered ``number`` when they have several)."""
    found = parties(workspace, mission_id, freelancer_id, document="the purchase order")
    company, freelancer, mission = found.company, found.freelancer, found.mission
    ordered = orders_of(mission, freelancer.id)
    if number is not None:
        ordered = [a for a in ordered if a.order is not None and a.order.number == number]
    if not ordered:
        which = f" numbered {number}" if number is not None else ""
        raise PaperRefused(
            f"no purchase order{which} for {freelancer.id} on {mission.id}: add 'order: "
            f"{{number, issued}}' to their assignment in {mission.file}")
    if len(ordered) > 1:
        numbers = ", ".join(a.order.number for a in ordered if a.order is not None)
        raise PaperRefused(f"{freelancer.id} has several purchase orders on {mission.id} "
                           f"({numbers}); choose one with --number")
    assignment = ordered[0]
    order = assignment.order
    assert order is not None
    terms = checked_terms(order.payment_terms(company.payment_terms), found.limits,
                          f"order {order.number} in {mission.file}")
    line = _line(assignment, freelancer, calendar, lang, company)
    return {
        **_common(found, calendar, lang),
        "order": {"number": order.number, "issued": order.issued},
        "assignment": line,
        "amount": order_amount(assignment, freelancer, calendar),
        "payment": _payment(terms, found.limits),
        "invoice_to": _invoice_to(company, mission),
    }


def _common(found: Parties, calendar: WorkingCalendar, lang: str) -> dict[str, Any]:
    """The parties and the mission, its free texts in ``lang`` when the brief gives them in
    it (a brief's ``summary: {fr: ..., en: ...}`` printed whole was a Python dict in the
    contract), titles in the company's language, marked so, as in the brief."""
    company, freelancer, mission = found.company, found.freelancer, found.mission
    legal = company.legal
    assert legal is not None
    brief = mission.brief

    def text(value: Any) -> Passage | None:
        return say(value, lang, company.locale)
    return {
        "client_party": {
            "name": legal.name, "form": legal.form, "siren": legal.siren,
            "vat_number": legal.vat_number, "address": legal.address,
            "representative": {"name": legal.representative.name,
                               "title": legal.representative.title},
        },
        "provider": {
            "name": freelancer.name, "form": freelancer.legal_form,
            "siret": freelancer.siret, "address": freelancer.legal_address,
            "vat_number": freelancer.vat_number, "email": freelancer.email,
            "vat_franchise": freelancer.vat == "franchise", "representative": None,
        },
        "mission": {
            "id": mission.id, "title": Passage(mission.title, company.locale),
            "client": Passage(mission.client, company.locale),
            "summary": text(brief.get("summary")),
            "objectives": [text(o) for o in brief.get("objectives", [])],
            "location": text(brief.get("location")), "remote": brief.get("remote"),
            "start": mission.start, "end": mission.end,
            "deliverables": [{"title": Passage(d.title, company.locale), "due": d.due}
                             for d in sorted(mission.deliverables, key=lambda d: (d.due, d.id))],
        },
        "currency": company.currency,
    }


def _line(assignment: Assignment, freelancer: Freelancer, calendar: WorkingCalendar,
          lang: str, company: Company) -> dict[str, Any]:
    """One assignment as the contract and the order state it: its role in the company's words
    (a signed document says "Développeur mobile", not the id mobile-developer; the id
    stays as ``role_id``)."""
    return {
        "role": label("roles", assignment.role, lang, company.vocabulary),
        "role_id": assignment.role, "start": assignment.start, "end": assignment.end,
        "allocation": assignment.allocation,
        "working_days": assignment_days(assignment, calendar),
        "planned_days": planned_days(assignment, calendar),
        "daily_rate": assignment_rate(assignment, freelancer),
        "amount": assignment_amount(assignment, freelancer, calendar),
        "order": assignment.order.number if assignment.order is not None else None,
    }


def _payment(terms: PaymentTerms, limits: PaymentLimits) -> dict[str, Any]:
    return {
        "days": terms.days, "end_of_month": terms.end_of_month,
        "max_days": limits.max_days, "max_days_end_of_month": limits.max_days_end_of_month,
        "indemnity": limits.recovery_indemnity, "late_interest_fr": limits.late_interest,
        "late_interest_en": limits.late_interest_en, "reference": limits.reference,
    }


def _invoice_to(company: Company, mission: Mission) -> dict[str, Any]:
    """Where the invoice goes: the registered office, and the company's first contact with
    an e-mail address (the mission's owner when there is none)."""
    legal = company.legal
    assert legal is not None
    contact = next((c for c in company.contacts if c.get("email")), None)
    owner = company.member(mission.owner)
    if contact is not None:
        name, email = contact["name"], contact["email"]
    elif owner is not None:
        name, email = owner.name, owner.email
    else:
        name, email = None, None
    return {"name": legal.name, "address": legal.address, "contact": name, "email": email}
