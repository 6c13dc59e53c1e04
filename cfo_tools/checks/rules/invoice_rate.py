"""An invoice line billed at another rate than the contracted one."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.invoice_sums import contracted_rates
from cfo_tools.model.money import money_text
from cfo_tools.model.records import Workspace

NAME = "invoice-rate"
SEVERITY = "error"
DESCRIPTION = ("an invoice line whose `daily_rate` is not the contracted rate of the "
               "freelancer's assignment on that mission")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        freelancer = workspace.freelancers.get(invoice.freelancer)
        for line in invoice.lines:
            mission = workspace.missions.get(line.mission)
            if mission is None or freelancer is None:
                continue
            rates = contracted_rates(invoice, mission, freelancer)
            if rates and not any(r == line.daily_rate for r in rates):
                agreed = " or ".join(money_text(r) for r in rates)
                yield Problem(invoice.file, f"{line.pointer}/daily_rate",
                              f"daily rate {money_text(line.daily_rate)}; the contracted "
                              f"rate on {mission.id} is {agreed} ({mission.file})")
