"""A paid invoice without its payment date, a disputed one without the reason."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoices import DISPUTED, PAID
from cfo_tools.model.records import Workspace

NAME = "invoice-status-fields"
SEVERITY = "error"
DESCRIPTION = "an invoice `paid` without `paid_on`, or `disputed` without `dispute`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        if invoice.status == PAID and invoice.paid_on is None:
            yield Problem(invoice.file, "/status",
                          "paid, but no paid_on: add the date of the transfer")
        if invoice.status == DISPUTED and invoice.dispute is None:
            yield Problem(invoice.file, "/status",
                          "disputed, but no dispute: say what is wrong, as written to the "
                          "freelancer")
