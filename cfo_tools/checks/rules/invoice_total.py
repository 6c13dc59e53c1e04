"""An invoice's total incl. VAT that is not its amount plus VAT."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.money import money_text, round_to_cent, same_amount, vat_amount, with_vat
from cfo_tools.model.records import Workspace

NAME = "invoice-total"
SEVERITY = "error"
DESCRIPTION = ("an invoice's `total` not equal to `amount` plus VAT at `vat_rate`, to the cent "
               "(both figures named)")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        # Figures written finer than the cent are invoice-cents' finding: compared at the cent
        # here, so that they are not reported twice nor computed into a "6000.005" total.
        amount = round_to_cent(invoice.amount)
        expected = with_vat(amount, invoice.vat_rate)
        if not same_amount(round_to_cent(invoice.total), expected):
            vat = vat_amount(amount, invoice.vat_rate)
            yield Problem(invoice.file, "/total",
                          f"total {money_text(invoice.total)}; amount "
                          f"{money_text(amount)} plus VAT at {invoice.vat_rate} % "
                          f"({money_text(vat)}) is {money_text(expected)}")
