"""Payment terms beyond what the law allows (in France, Code de commerce L441-10)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.paper import PaymentTerms
from cfo_tools.model.records import Workspace
from cfo_tools.steering.compliance_profile import PaymentLimits, payment_limits_for

NAME = "payment-terms"
SEVERITY = "error"
DESCRIPTION = (
    "payment terms (`payment_terms`, an order's `payment_days`) longer than the law allows: "
    "in France 60 days from the invoice, or 45 days end of month (L441-10)"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None:
        return
    limits = payment_limits_for(company.country)
    if limits is None:
        return
    if not limits.allows(company.payment_terms.days, company.payment_terms.end_of_month):
        yield _problem(company.file, "/payment_terms/days", company.payment_terms, limits)
    for mission in workspace.missions.values():
        for assignment in mission.assignments:
            order = assignment.order
            if order is None or (order.payment_days is None and order.end_of_month is None):
                continue
            terms = order.payment_terms(company.payment_terms)
            if not limits.allows(terms.days, terms.end_of_month):
                pointer = (f"{order.pointer}/payment_days" if order.payment_days is not None
                           else f"{order.pointer}/end_of_month")
                yield _problem(mission.file, pointer, terms, limits)


def _problem(file: str, pointer: str, terms: PaymentTerms, limits: PaymentLimits) -> Problem:
    said = f"{terms.days} days{' end of month' if terms.end_of_month else ''}"
    return Problem(
        file, pointer,
        f"payment in {said} is longer than the law allows ({limits.reference}: at most "
        f"{limits.max_days} days from the invoice, or {limits.max_days_end_of_month} days end "
        f"of month); shorten it to {limits.limit(terms.end_of_month)} days or less")
