"""An invoice carrying no lines: only its totals can be checked."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "invoice-without-lines"
SEVERITY = "warning"
DESCRIPTION = ("an invoice with no lines (Factur-X MINIMUM or BASIC WL): days and rates are not "
               "checked, only the totals")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        if not invoice.lines:
            profile = f" (Factur-X {invoice.profile})" if invoice.profile else ""
            yield Problem(invoice.file, "/lines",
                          f"the invoice carries no lines{profile}: days and rates cannot be "
                          "checked against the order and the activity report, only the "
                          "totals; ask for an invoice with lines (Factur-X BASIC or EN 16931)",
                          severity="warning")
