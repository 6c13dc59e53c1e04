"""Paperwork missing or out of date for a freelancer with a current or upcoming mission:
the legal documents (French duty of vigilance) and the company's own requirements."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from cfo_tools.checks.follow_up.context import FollowUpContext, span_edge
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
DESCRIPTION = (
    "paperwork missing or out of date for a freelancer with a current or upcoming booking "
    "(below)"
)
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
                              _message(freelancer, mission, item, amount, company.currency,
                                       context.today) + law, severity="warning")


def _pointer(freelancer: Freelancer, item: AdminItem) -> str:
    if item.document is not None:
        return item.document.pointer
    if item.requirement == "siret":
        return "/legal" if freelancer.legal_form else ""
    return "/documents" if freelancer.documents else ""


def _message(freelancer: Freelancer, mission: Mission, item: AdminItem, amount: Decimal,
             currency: str, today: date) -> str:
    what = _WHAT.get(item.requirement, item.kind)
    if item.requirement == "insurance":
        what = f"insurance '{item.kind}'"
    contract = ""
    if item.requirement in ("vigilance", "registration") and item.basis == "law":
        contract = f", a contract of {amount:,.2f} {currency} excl. VAT"
    why = f"for {mission.id}{contract}"
    if item.status == MISSING:
        return f"{freelancer.id}: no {what} recorded {why}; ask for it and add it to documents"
    if item.status == UNVERIFIED:
        return (f"{freelancer.id}: the {what} has no 'verified' date {why}; check its "
                "authenticity on the URSSAF site and record the date")
    if item.due is not None and item.due >= today:
        # Not expired yet, but it will be before the contract needs it.
        return (f"{freelancer.id}: the {what} expires on {item.due}, before "
                f"{span_edge(freelancer.id, mission, starts=True)}{contract}; ask for a new one")
    return f"{freelancer.id}: the {what} expired on {item.due} {why}; ask for a new one"
