"""An invoice due later than the law allows (Code de commerce L441-10), or than its order's
own payment terms."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoice_sums import invoice_order, orders_by_freelancer
from cfo_tools.model.payment_terms import deadline
from cfo_tools.model.records import Workspace
from cfo_tools.steering.compliance_profile import payment_limits_for

NAME = "invoice-payment-terms"
SEVERITY = "warning"
DESCRIPTION = ("an invoice whose `due` date is later than the legal maximum (60 days after the "
               "invoice, or 45 days end of month when the order says `end_of_month`) or than "
               "the order's own terms")


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    limits = payment_limits_for(company.country) if company is not None else None
    if company is None or limits is None:
        return
    orders = orders_by_freelancer(workspace) if workspace.invoices else {}
    for invoice in workspace.invoices.values():
        order = invoice_order(invoice, workspace, orders)
        terms = order.payment_terms(company.payment_terms) if order else company.payment_terms
        eom = terms.end_of_month
        legal = limits.limit(eom)
        latest = deadline(invoice.issued, legal, end_of_month=eom)
        said = f"{legal} days{' end of month' if eom else ''}"
        if invoice.due > latest:
            yield Problem(invoice.file, "/due",
                          f"due on {invoice.due}: the law allows at most {said} after the "
                          f"invoice of {invoice.issued}, i.e. {latest} ({limits.reference}); "
                          "ask for a corrected due date", severity="warning")
            continue
        agreed = deadline(invoice.issued, terms.days, end_of_month=eom)
        if order is not None and invoice.due > agreed:
            own = f"{terms.days} days{' end of month' if eom else ''}"
            yield Problem(invoice.file, "/due",
                          f"due on {invoice.due}, later than order {order.number}'s terms "
                          f"({own}: by {agreed})", severity="warning")
