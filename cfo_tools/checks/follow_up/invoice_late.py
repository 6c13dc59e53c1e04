"""An invoice not paid after its due date: penalties and the recovery indemnity are owed."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoices import UNPAID
from cfo_tools.model.money import money_text
from cfo_tools.steering.compliance_profile import payment_limits_for

NAME = "invoice-late"
DESCRIPTION = ("an invoice `received` or `approved` and not paid after its `due` date (the "
               "40 EUR recovery indemnity and late-payment interest are owed)")


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    limits = payment_limits_for(company.country) if company is not None else None
    for invoice in sorted(context.workspace.invoices.values(), key=lambda i: i.file):
        if invoice.status not in UNPAID or invoice.due >= context.today:
            continue
        late = (context.today - invoice.due).days
        owed = (f"the {money_text(limits.recovery_indemnity)} {limits.currency} recovery "
                f"indemnity and late-payment interest are owed ({limits.reference})"
                if limits is not None else "late-payment penalties are owed")
        yield Problem(invoice.file, "/due",
                      f"late: due on {invoice.due}, not paid {late} day"
                      f"{'' if late == 1 else 's'} later; {owed}; pay it, or record "
                      "paid_on", severity="warning")
