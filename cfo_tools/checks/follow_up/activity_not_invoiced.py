"""An approved activity month still without an invoice 30 days after its approval."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.invoice_sums import billed_period
from cfo_tools.model.invoices import DISPUTED

NAME = "activity-not-invoiced"
DESCRIPTION = ("an approved activity report with no invoice for its month 30 days after its "
               "approval")
#: Days after the approval before a missing invoice is worth a reminder.
WAIT_DAYS = 30


def check(context: FollowUpContext) -> Iterator[Problem]:
    workspace = context.workspace
    invoiced = {(i.freelancer, billed_period(i)) for i in workspace.invoices.values()
                if i.status != DISPUTED}
    # Whose invoice files cannot be read: what month they bill is unknown, so "still no
    # invoice" would be a guess (the broken file has its own finding).
    unreadable = {ident.partition("/")[0] for ident in workspace.invoice_files
                  if ident not in workspace.invoices}
    for report in sorted(workspace.activity.values(), key=lambda r: r.file):
        if report.status != APPROVED or report.approved_on is None or report.total.is_zero():
            continue
        if report.freelancer in unreadable:
            continue
        waited = (context.today - report.approved_on).days
        if waited > WAIT_DAYS and (report.freelancer, report.month) not in invoiced:
            yield Problem(report.file, "/approved_on",
                          f"approved on {report.approved_on} ({waited} days ago) and still no "
                          f"invoice from {report.freelancer} for {report.month}: remind them, "
                          f"or record it in invoices/{report.freelancer}/",
                          severity="warning")
