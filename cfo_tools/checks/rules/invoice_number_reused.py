"""One freelancer's invoice number recorded twice: the same invoice billed twice."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Workspace

NAME = "invoice-number-reused"
SEVERITY = "error"
DESCRIPTION = ("an invoice `number` used twice by the same freelancer (double billing), at "
               "both files")


def check(workspace: Workspace) -> Iterator[Problem]:
    by_number: dict[tuple[str, str], list[Invoice]] = {}
    for invoice in sorted(workspace.invoices.values(), key=lambda i: i.file):
        by_number.setdefault((invoice.freelancer, invoice.number), []).append(invoice)
    for (freelancer, number), invoices in by_number.items():
        if len(invoices) < 2:
            continue
        for invoice in invoices:
            others = ", ".join(i.file for i in invoices if i is not invoice)
            yield Problem(invoice.file, "/number",
                          f"{freelancer}'s invoice number {number} is also recorded in "
                          f"{others}: the same invoice billed twice? Keep one file, or correct "
                          "the number")
