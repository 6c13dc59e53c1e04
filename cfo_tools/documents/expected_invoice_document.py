"""The expected invoice as a document (Markdown or HTML, from the sandboxed templates) and as
a self-billed CII XML in the EN 16931 profile."""

from __future__ import annotations

from typing import Any

from cfo_tools.documents.invoice_xml import SELF_BILLED, CiiInvoice, CiiLine, CiiParty, cii_xml
from cfo_tools.steering.expected_invoice import ExpectedInvoice


def expected_context(expected: ExpectedInvoice) -> dict[str, Any]:
    """What the ``invoice-expected`` templates show."""
    seller = expected.freelancer
    buyer = expected.buyer
    return {
        "seller": {"name": seller.name, "siret": seller.siret or "—",
                   "vat_number": seller.vat_number or "—",
                   "address": seller.legal_address or "—"},
        "buyer": {"name": buyer.name, "siren": buyer.siren,
                  "vat_number": buyer.vat_number or "—", "address": buyer.address},
        "month": expected.month, "period_start": expected.first, "period_end": expected.last,
        "lines": [{"mission": line.mission.id, "title": line.mission.title, "days": line.days,
                   "daily_rate": line.daily_rate, "amount": line.amount,
                   "order": line.order.number if line.order else None}
                  for line in expected.lines],
        "amount": expected.amount, "vat_rate": expected.vat_rate, "vat": expected.vat,
        "total": expected.total, "vat_exemption": expected.vat_exemption,
        "issued": expected.issued, "due": expected.due,
        "terms_days": expected.terms.days, "terms_eom": expected.terms.end_of_month,
        "legal_days": expected.limits.max_days,
        "legal_eom_days": expected.limits.max_days_end_of_month,
        "indemnity": expected.limits.recovery_indemnity,
        # The rate the contract and the order state (the law's default): the same words.
        "late_interest_fr": expected.limits.late_interest,
        "late_interest_en": expected.limits.late_interest_en,
        "orders": list(expected.orders) or ["—"],
        "self_billing": expected.self_billing,
    }


def expected_xml(expected: ExpectedInvoice) -> bytes:
    """The self-billed invoice as CII XML, EN 16931 profile."""
    seller = expected.freelancer
    buyer = expected.buyer
    terms = (f"{expected.terms.days} jours fin de mois" if expected.terms.end_of_month
             else f"{expected.terms.days} jours date de facture")
    indemnity = expected.limits.recovery_indemnity
    return cii_xml(CiiInvoice(
        number=expected.number, issued=expected.issued,
        seller=CiiParty(seller.name, siret=seller.siret, vat_number=seller.vat_number,
                        address=seller.legal_address),
        buyer=CiiParty(buyer.name, siren=buyer.siren, vat_number=buyer.vat_number,
                       address=buyer.address),
        lines=tuple(CiiLine(line.mission.title, line.days, line.daily_rate, line.amount,
                            line.mission.id) for line in expected.lines),
        amount=expected.amount, vat_rate=expected.vat_rate, vat=expected.vat,
        total=expected.total, currency=expected.currency,
        vat_exemption=expected.vat_exemption, due=expected.due,
        order=expected.orders[0] if expected.orders else None,
        period=(expected.first, expected.last), payment_terms=terms,
        notes=("Autofacturation",
               f"Pénalités de retard : {expected.limits.late_interest} ; indemnité "
               f"forfaitaire pour frais de recouvrement : {indemnity} EUR "
               f"({expected.limits.reference})"),
        type_code=SELF_BILLED), "en16931")
