"""What an invoice is compared with: its lines' sum and the rates of its assignments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cfo_tools.model import money
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Assignment, Freelancer, Mission


def lines_amount(invoice: Invoice) -> Decimal:
    """The invoice's amount excl. VAT as its lines make it (see :mod:`money`)."""
    return money.lines_amount(invoice.lines)


def period_bounds(period: str | None) -> tuple[date, date] | None:
    """First and last day of a ``YYYY-MM`` month; None when there is none or it is not one."""
    if period is None:
        return None
    try:
        year, month = (int(part) for part in period.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def billed_assignments(invoice: Invoice, mission: Mission) -> list[Assignment]:
    """The freelancer's assignments on ``mission`` the invoice may bill: those overlapping its
    period when it has one (all of them when none does, or it has no period)."""
    own = mission.assignments_of(invoice.freelancer)
    bounds = period_bounds(invoice.period)
    if bounds is None:
        return own
    first, last = bounds
    overlapping = [a for a in own if a.start <= last and a.end >= first]
    return overlapping or own


def contracted_rates(invoice: Invoice, mission: Mission, freelancer: Freelancer
                     ) -> list[Decimal]:
    """The daily rates the freelancer may bill on ``mission`` for the invoice's period, once
    each, in file order."""
    rates = (money.assignment_rate(a, freelancer) for a in billed_assignments(invoice, mission))
    return list(dict.fromkeys(r for r in rates if r is not None))
