"""An invoice's amount excl. VAT that is not the sum of its lines."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoice_sums import lines_amount
from cfo_tools.model.money import money_text, round_to_cent, same_amount
from cfo_tools.model.records import Workspace

NAME = "invoice-amount"
SEVERITY = "error"
DESCRIPTION = ("an invoice's `amount` not equal to the sum of its lines' `days` x "
               "`daily_rate`, to the cent (both figures named)")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        if not invoice.lines:
            continue
        expected = lines_amount(invoice)
        # An amount finer than the cent is invoice-cents' finding: compared at the cent here.
        if not same_amount(round_to_cent(invoice.amount), expected):
            yield Problem(invoice.file, "/amount",
                          f"amount {money_text(invoice.amount)}; the lines sum to "
                          f"{money_text(expected)} (days x daily rate, each line to the "
                          "cent): ask the freelancer for a corrected invoice")
