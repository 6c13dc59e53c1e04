"""What an invoice is compared with: its lines' sum and the rates of its assignments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from cfo_tools.model import money
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.months import Month
from cfo_tools.model.paper import Order
from cfo_tools.model.records import Assignment, Freelancer, Mission, Workspace


def lines_amount(invoice: Invoice) -> Decimal:
    """The invoice's amount excl. VAT as its lines make it (see :mod:`money`)."""
    return money.lines_amount(invoice.lines)


def period_bounds(period: str | None) -> tuple[date, date] | None:
    """First and last day of a ``YYYY-MM`` month; None when there is none or it is not one."""
    if period is None:
        return None
    try:
        month = Month.parse(period)
        # December 9999 ends on date.max: nothing after it may be asked of datetime.
        return month.first, month.last
    except ValueError:
        return None


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


def billed_assignment(invoice: Invoice, mission: Mission) -> Assignment | None:
    """The assignment an invoice line on ``mission`` bills: the one whose purchase order the
    invoice names, else the first the invoice may bill (see :func:`billed_assignments`)."""
    candidates = billed_assignments(invoice, mission)
    if invoice.order is not None:
        named = [a for a in mission.assignments_of(invoice.freelancer)
                 if a.order is not None and a.order.number == invoice.order]
        if named:
            return named[0]
    return candidates[0] if candidates else None


#: Order number -> (mission, assignment), per freelancer.
OrdersByFreelancer = Mapping[str, Mapping[str, tuple[Mission, Assignment]]]


def freelancer_orders(workspace: Workspace, freelancer: str
                      ) -> dict[str, tuple[Mission, Assignment]]:
    """Order number -> (mission, assignment) of every purchase order of ``freelancer``."""
    found: dict[str, tuple[Mission, Assignment]] = {}
    for mission in workspace.missions.values():
        for assignment in mission.assignments_of(freelancer):
            if assignment.order is not None:
                found.setdefault(assignment.order.number, (mission, assignment))
    return found


def orders_by_freelancer(workspace: Workspace
                         ) -> dict[str, dict[str, tuple[Mission, Assignment]]]:
    """:func:`freelancer_orders` of every freelancer, in one pass over the missions (a rule
    asking for each invoice in turn scanned every mission per invoice)."""
    found: dict[str, dict[str, tuple[Mission, Assignment]]] = {}
    for mission in workspace.missions.values():
        for assignment in mission.assignments:
            if assignment.order is not None:
                found.setdefault(assignment.freelancer, {}).setdefault(
                    assignment.order.number, (mission, assignment))
    return found


def invoice_order(invoice: Invoice, workspace: Workspace,
                  orders: OrdersByFreelancer | None = None) -> Order | None:
    """The purchase order an invoice falls under: the one it names, else the order of the
    assignment its first line bills (``orders``: :func:`orders_by_freelancer`, when the
    caller asks for many invoices)."""
    if invoice.order is not None:
        own = (orders.get(invoice.freelancer, {}) if orders is not None
               else freelancer_orders(workspace, invoice.freelancer))
        named = own.get(invoice.order)
        return named[1].order if named else None
    for line in invoice.lines:
        mission = workspace.missions.get(line.mission)
        assignment = billed_assignment(invoice, mission) if mission else None
        if assignment is not None:
            return assignment.order
    return None


def billed_period(invoice: Invoice) -> Month | None:
    """The month an invoice bills (its ``period``), None when it names none (or none that
    exists, such as ``0000-01``)."""
    try:
        return Month.parse(invoice.period) if invoice.period is not None else None
    except ValueError:
        return None


def billed_days(invoice: Invoice) -> dict[str, tuple[Decimal, str]]:
    """Mission -> (days billed on it, the pointer of its first line)."""
    found: dict[str, tuple[Decimal, str]] = {}
    for line in invoice.lines:
        days, pointer = found.get(line.mission, (Decimal(0), line.pointer))
        found[line.mission] = (days + line.days, pointer)
    return found
