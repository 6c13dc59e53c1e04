"""Paperwork missing or out of date for a freelancer with a current or upcoming mission:
the legal documents (French duty of vigilance) and the company's own requirements."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Freelancer, Mission
from cfo_tools.steering.compliance import (
    EXPIRED,
    MISSING,
    UNVERIFIED,
    AdminItem,
)
from cfo_tools.steering.compliance_profile import profile_for

NAME = "compliance"
#: Reported here; an item that merely expires later is a reminder of document-expiry, and an
#: invalid SIRET is already an error of its own.
REPORTED = (MISSING, EXPIRED, UNVERIFIED)

_WHAT = {
    "vigilance": "URSSAF attestation de vigilance",
    "registration": "proof of registration (Kbis, RNE certificate or SIRENE notice)",
    "siret": "SIRET",
    "nda": "NDA signed before the start",
}


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    if company is None:
        return
    profile = profile_for(company.country)
    reference = f" ({profile.reference})" if profile else ""
    for freelancer, missions in context.current_or_upcoming():
        seen: set[tuple[str, str, str]] = set()
        for mission in missions:
            amount = context.contract_amount(freelancer, mission)
            for item in context.admin_items(freelancer, mission):
                key = (item.requirement, item.kind, item.status)
                if item.status not in REPORTED or key in seen:
                    continue
                seen.add(key)
                law = reference if item.basis == "law" else " (company policy)"
                yield Problem(freelancer.file, _pointer(freelancer, item),
                              _message(freelancer, mission, item, amount, company.currency)
                              + law, severity="warning")


def _pointer(freelancer: Freelancer, item: AdminItem) -> str:
    if item.document is not None:
        return item.document.pointer
    if item.requirement == "siret":
        return "/legal" if freelancer.legal_form else ""
    return "/documents" if freelancer.documents else ""


def _message(freelancer: Freelancer, mission: Mission, item: AdminItem, amount: Decimal,
             currency: str) -> str:
    what = _WHAT.get(item.requirement, item.kind)
    if item.requirement == "insurance":
        what = f"insurance '{item.kind}'"
    why = f"for {mission.id}"
    if item.requirement in ("vigilance", "registration") and item.basis == "law":
        why += f", a contract of {amount:,.2f} {currency} excl. VAT"
    if item.status == MISSING:
        return f"{freelancer.id}: no {what} recorded {why}; ask for it and add it to documents"
    if item.status == UNVERIFIED:
        return (f"{freelancer.id}: the {what} has no 'verified' date {why}; check its "
                "authenticity on the URSSAF site and record the date")
    return (f"{freelancer.id}: the {what} is out of date since {item.due} {why}; ask for a "
            "new one")
