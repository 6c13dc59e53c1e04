"""An invoice naming a freelancer or a mission the workspace does not have."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoice_sums import orders_by_freelancer
from cfo_tools.model.records import Workspace

NAME = "invoice-unknown-reference"
SEVERITY = "error"
DESCRIPTION = ("an invoice in the folder of an unknown freelancer, a line billing a mission "
               "that is not theirs, or an `order` that is none of the freelancer's purchase "
               "orders")


def check(workspace: Workspace) -> Iterator[Problem]:
    orders_of = orders_by_freelancer(workspace) if workspace.invoices else {}
    for invoice in workspace.invoices.values():
        if invoice.freelancer not in workspace.freelancer_files:
            yield Problem(invoice.file, "",
                          f"no freelancer '{invoice.freelancer}' in the roster (no "
                          f"roster/{invoice.freelancer}.yaml): move the file to the folder of "
                          "the freelancer who issued it")
            continue
        if invoice.order is not None:
            orders = orders_of.get(invoice.freelancer, {})
            if invoice.order not in orders:
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
