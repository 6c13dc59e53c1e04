"""An amount of an invoice written with more than two decimals."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.money import finer_than_cents, money_text
from cfo_tools.model.records import Workspace

NAME = "invoice-cents"
SEVERITY = "error"
DESCRIPTION = "an invoice's `amount`, `total` or line `daily_rate` with more than two decimals"


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        amounts = [("/amount", invoice.amount), ("/total", invoice.total)]
        amounts += [(f"{line.pointer}/daily_rate", line.daily_rate) for line in invoice.lines]
        for pointer, amount in amounts:
            if finer_than_cents(amount):
                yield Problem(invoice.file, pointer,
                              f"{money_text(amount)} has more than two decimals: an invoice "
                              "is written to the cent; copy the amount as printed")
