"""``cfo invoice expected``: what a freelancer's invoice for a month must contain, from the
approved activity report (the days) and the purchase order (the rate, the terms).

The amounts follow the same rule as every other in cfo (each line to the cent, half up; the
VAT once on the total excl. VAT, see :mod:`money`), so an invoice written from this one passes
every invoice check to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cfo_tools.model import money
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.close_names import no_such
from cfo_tools.model.invoice_sums import period_bounds
from cfo_tools.model.invoices import RECEIVED
from cfo_tools.model.months import Month
from cfo_tools.model.paper import CompanyLegal, Order, PaymentTerms
from cfo_tools.model.payment_terms import deadline
from cfo_tools.model.records import Assignment, Freelancer, Mission, Workspace
from cfo_tools.planning.activity_days import report_of
from cfo_tools.steering.compliance_profile import PaymentLimits, payment_limits_for

#: The standard VAT rate in France (CGI art. 278), and the mention an invoice without VAT
#: carries under the franchise en base (CGI art. 293 B).
STANDARD_VAT_RATE = Decimal(20)
FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"
#: The document a freelancer signs to let the company issue invoices in their name (CGI art.
#: 289 I-2): without it, no self-billed invoice.
SELF_BILLING_MANDATE = "self-billing-mandate"


class ExpectationRefused(Exception):
    """The expected invoice cannot be stated; the message says what is missing."""


@dataclass(frozen=True)
class ExpectedLine:
    mission: Mission
    days: Decimal
    daily_rate: Decimal
    amount: Decimal
    order: Order | None


@dataclass(frozen=True)
class ExpectedInvoice:
    freelancer: Freelancer
    buyer: CompanyLegal
    month: str
    first: date
    last: date
    lines: tuple[ExpectedLine, ...]
    amount: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    vat_exemption: str | None
    issued: date
    due: date
    terms: PaymentTerms
    limits: PaymentLimits
    currency: str
    #: The company holds the freelancer's self-billing mandate.
    self_billing: bool

    @property
    def orders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.order.number for line in self.lines if line.order))

    @property
    def number(self) -> str:
        """The number of the self-billed invoice the company would issue."""
        return f"AF-{self.freelancer.id}-{self.month}".upper()


def holds_mandate(freelancer: Freelancer, today: date) -> bool:
    return any(d.kind == SELF_BILLING_MANDATE and (d.expires is None or d.expires >= today)
               for d in freelancer.documents)


def expected_invoice(workspace: Workspace, freelancer_id: str, month: str,
                     days: Mapping[str, Decimal], *, source: str, today: date
                     ) -> ExpectedInvoice:
    """The invoice of ``freelancer_id`` for ``month`` (``YYYY-MM``) billing ``days`` (mission
    -> approved days, from ``source``, the approved activity report)."""
    company = workspace.company
    freelancer = workspace.freelancers.get(freelancer_id)
    if freelancer is None:
        raise ExpectationRefused(
            no_such("freelancer", freelancer_id, "roster/", workspace.freelancer_files))
    bounds = period_bounds(month)
    if bounds is None:
        raise ExpectationRefused(f"--month {month!r} is not a month written YYYY-MM")
    if company is None or company.legal is None:
        raise ExpectationRefused(
            "company.yaml has no legal identity (legal: name, siren, address, "
            "representative): an invoice must name its client; add it first")
    limits = payment_limits_for(company.country)
    if limits is None:
        raise ExpectationRefused(f"cfo knows no payment law for country {company.country}")
    lines = []
    for mission_id, billed in days.items():
        mission = workspace.missions.get(mission_id)
        if mission is None or billed.is_zero():
            continue
        assignment = _assignment(mission, freelancer_id, *bounds)
        if assignment is None:
            raise ExpectationRefused(f"{freelancer_id} has no assignment on {mission_id} in "
                                     f"{month}: no rate to bill at")
        rate = money.assignment_rate(assignment, freelancer)
        assert rate is not None  # a known freelancer has a rate
        lines.append(ExpectedLine(mission, billed, rate, money.days_amount(billed, rate),
                                  assignment.order))
    if not lines:
        raise ExpectationRefused(f"{source} reports no day on a known mission: nothing to "
                                 "invoice")
    amount = money.total(line.amount for line in lines)
    franchise = freelancer.vat == "franchise"
    vat_rate = Decimal(0) if franchise else STANDARD_VAT_RATE
    vat = money.vat_amount(amount, vat_rate)
    issued = bounds[1] + timedelta(days=1)
    order = next((line.order for line in lines if line.order is not None), None)
    terms = order.payment_terms(company.payment_terms) if order else company.payment_terms
    due = min(deadline(issued, terms.days, end_of_month=terms.end_of_month, latest=False),
              deadline(issued, limits.limit(terms.end_of_month),
                       end_of_month=terms.end_of_month, latest=False))
    return ExpectedInvoice(
        freelancer=freelancer, buyer=company.legal, month=month, first=bounds[0],
        last=bounds[1], lines=tuple(lines), amount=amount, vat_rate=vat_rate, vat=vat,
        total=money.plus(amount, vat), vat_exemption=FRANCHISE_MENTION if franchise else None,
        issued=issued, due=due, terms=terms, limits=limits, currency=company.currency,
        self_billing=holds_mandate(freelancer, today))


def _assignment(mission: Mission, freelancer_id: str, first: date, last: date
                ) -> Assignment | None:
    own = mission.assignments_of(freelancer_id)
    return next((a for a in own if a.start <= last and a.end >= first), None)


def expected_fields(expected: ExpectedInvoice, *, source: str | None) -> dict[str, Any]:
    """The invoice file that recording the self-billed invoice would give, in the format's
    order (what ``cfo invoice import`` writes for its XML)."""
    fields: dict[str, Any] = {
        "number": expected.number,
        "issued": expected.issued,
        "period": expected.month,
        "order": expected.orders[0] if expected.orders else None,
        "lines": [{"mission": line.mission.id, "days": line.days,
                   "daily_rate": line.daily_rate, "description": line.mission.title}
                  for line in expected.lines],
        "amount": expected.amount,
        "vat_rate": expected.vat_rate,
        "vat_exemption": expected.vat_exemption,
        "total": expected.total,
        "due": expected.due,
        "status": RECEIVED,
        "source": source,
        "seller_siret": expected.freelancer.siret,
        "profile": "en16931",
    }
    return {key: value for key, value in fields.items() if value is not None}


def approved_month(workspace: Workspace, freelancer_id: str, month: str
                   ) -> tuple[dict[str, Decimal], str]:
    """Mission -> approved days of ``freelancer_id`` in ``month``, and the report they come
    from; :class:`ExpectationRefused` when there is no approved report."""
    if freelancer_id not in workspace.freelancers:
        raise ExpectationRefused(
            no_such("freelancer", freelancer_id, "roster/", workspace.freelancer_files))
    try:
        parsed = Month.parse(month)
    except ValueError as exc:
        raise ExpectationRefused(f"--month: {exc}") from None
    report = report_of(workspace, freelancer_id, parsed)
    file = f"activity/{month}/{freelancer_id}.yaml"
    if report is None:
        raise ExpectationRefused(f"no activity report of {freelancer_id} for {month} ({file}, "
                                 "or it has errors: run 'cfo check'): the invoice follows the "
                                 "approved report")
    if report.status != APPROVED:
        raise ExpectationRefused(f"the activity report {report.file} is {report.status}, not "
                                 "approved: the invoice follows its approval")
    return {mission: report.days_for(mission) for mission in report.missions}, report.file
