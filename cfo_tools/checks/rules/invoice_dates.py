"""An invoice due, or paid, before the day it was issued: one of the dates was mistyped (an
invoice cannot be owed, or settled, before it exists)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "invoice-dates"
SEVERITY = "error"
DESCRIPTION = "an invoice whose `due` date or `paid_on` date comes before its `issued` date"


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        issued = invoice.issued
        if invoice.due < issued:
            yield Problem(invoice.file, "/due",
                          f"due on {invoice.due}, before the invoice was issued on {issued}; "
                          "check both dates against the invoice")
        if invoice.paid_on is not None and invoice.paid_on < issued:
            yield Problem(invoice.file, "/paid_on",
                          f"paid on {invoice.paid_on}, before the invoice was issued on "
                          f"{issued}; check both dates against the payment")
