"""Days billed for a month that are not the days of the approved activity report."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.invoice_sums import billed_days, billed_period
from cfo_tools.model.invoices import DISPUTED
from cfo_tools.model.money import days_text
from cfo_tools.model.records import Workspace
from cfo_tools.planning.activity_days import report_of

NAME = "invoice-days"
SEVERITY = "error"
DESCRIPTION = ("days billed on a mission for a month (`period`) different from the days of "
               "the freelancer's approved activity report for that month (both figures)")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        month = billed_period(invoice)
        if invoice.status == DISPUTED or month is None:
            continue  # a disputed invoice is already sent back
        report = report_of(workspace, invoice.freelancer, month)
        if report is None or report.status != APPROVED:
            continue  # invoice-without-activity says so
        for mission, (days, pointer) in billed_days(invoice).items():
            reported = report.days_for(mission)
            if days != reported:
                yield Problem(invoice.file, f"{pointer}/days",
                              f"{days_text(days)} days billed on {mission} for {month}; the "
                              f"approved activity report says {days_text(reported)} "
                              f"({report.file})")
