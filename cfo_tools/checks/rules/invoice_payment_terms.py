"""An invoice due later than the law allows (Code de commerce L441-10)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.payment_terms import deadline
from cfo_tools.model.records import Workspace
from cfo_tools.steering.compliance_profile import profile_for

NAME = "invoice-payment-terms"
SEVERITY = "warning"
DESCRIPTION = ("an invoice whose `due` date is later than the legal maximum (60 days after the "
               "invoice, or 45 days end of month when the order says `end_of_month`) or than "
               "the order's own terms")


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    profile = profile_for(company.country) if company is not None else None
    law = profile.payment if profile is not None else None
    if law is None:
        return
    for invoice in workspace.invoices.values():
        latest = deadline(invoice.issued, law.max_days)
        if invoice.due > latest:
            yield Problem(invoice.file, "/due",
                          f"due on {invoice.due}, {(invoice.due - invoice.issued).days} days "
                          f"after the invoice: the law allows at most {law.max_days} days "
                          f"(until {latest}; {law.reference})", severity="warning")
