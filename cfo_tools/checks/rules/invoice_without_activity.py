"""Days billed for a month with no approved activity report yet."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.invoice_sums import billed_period
from cfo_tools.model.invoices import DISPUTED
from cfo_tools.model.records import Workspace
from cfo_tools.planning.activity_days import has_report_file, report_of

NAME = "invoice-without-activity"
SEVERITY = "warning"
DESCRIPTION = ("an invoice billing days for a month (`period`) with no approved activity "
               "report of the freelancer for that month yet")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        month = billed_period(invoice)
        if invoice.status == DISPUTED or month is None or not invoice.lines:
            continue
        report = report_of(workspace, invoice.freelancer, month)
        if report is not None and report.status == APPROVED:
            continue
        if report is None and has_report_file(workspace, invoice.freelancer, month):
            continue  # the report cannot be read: its own finding says why, not "there is no"
        file = f"activity/{month}/{invoice.freelancer}.yaml"
        state = (f"{file} is {report.status}" if report is not None
                 else f"there is no {file}")
        yield Problem(invoice.file, "/period",
                      f"days billed for {month}, but {state}: the activity report is "
                      "approved before the invoice is", severity="warning")
