"""An invoice naming a freelancer or a mission the workspace does not have."""

from __future__ import annotations

from collections.abc import Iterator, Set

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoice_sums import orders_by_freelancer
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Workspace

NAME = "invoice-unknown-reference"
SEVERITY = "error"
DESCRIPTION = ("an invoice in the folder of an unknown freelancer, a line billing a mission "
               "that is not theirs, or an `order` that is none of the freelancer's purchase "
               "orders")


def check(workspace: Workspace) -> Iterator[Problem]:
    orders_of = orders_by_freelancer(workspace) if workspace.invoices else {}
    # Mission files that could not be read: their orders are unknown, not missing (their own
    # finding says what to fix; once it is, the invoices are checked against them again).
    broken = workspace.mission_files.keys() - workspace.missions.keys()
    for invoice in workspace.invoices.values():
        if invoice.freelancer not in workspace.freelancer_files:
            yield Problem(invoice.file, "",
                          f"no freelancer '{invoice.freelancer}' in the roster (no "
                          f"roster/{invoice.freelancer}.yaml): move the file to the folder of "
                          "the freelancer who issued it")
            continue
        if invoice.order is not None:
            orders = orders_of.get(invoice.freelancer, {})
            if invoice.order not in orders and not _may_be_in(invoice, broken):
                known = ", ".join(sorted(orders)) or "none yet"
                yield Problem(invoice.file, "/order",
                              f"no purchase order {invoice.order} for {invoice.freelancer} "
                              f"(their orders: {known}); check the number on the invoice, or "
                              "record the order on the assignment first")
        for line in invoice.lines:
            mission = workspace.missions.get(line.mission)
            if mission is None:
                if line.mission not in workspace.mission_files:
                    yield Problem(invoice.file, f"{line.pointer}/mission",
                                  f"no mission '{line.mission}' (no missions/{line.mission}"
                                  ".yaml)")
            elif not mission.assignments_of(invoice.freelancer):
                yield Problem(invoice.file, f"{line.pointer}/mission",
                              f"{invoice.freelancer} has no assignment on {line.mission}: "
                              "nothing to bill there")


def _may_be_in(invoice: Invoice, broken: Set[str]) -> bool:
    """Whether the invoice's order may be one of the broken mission files' orders: a line
    bills one of them, or no line says which mission it bills."""
    if not broken:
        return False
    missions = {line.mission for line in invoice.lines}
    return not missions or bool(missions & broken)
