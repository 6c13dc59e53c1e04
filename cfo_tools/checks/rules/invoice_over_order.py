"""Invoices on an assignment adding up to more than its purchase order."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model import money
from cfo_tools.model.invoice_sums import billed_assignment
from cfo_tools.model.invoices import DISPUTED, Invoice
from cfo_tools.model.records import Assignment, Mission, Workspace
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, WorkingCalendar

NAME = "invoice-over-order"
SEVERITY = "error"
DESCRIPTION = ("invoices on an assignment whose amounts excl. VAT add up to more than its "
               "purchase order's `amount` (the order's own, else the assignment's planned "
               "amount)")


def check(workspace: Workspace) -> Iterator[Problem]:
    if workspace.company is None or not workspace.invoices:
        return
    try:
        # An order without its own amount is for the assignment's planned amount, counted on
        # the company's working calendar.
        calendar = WorkingCalendar.for_company(workspace.company)
    except UnknownHolidayRegion:
        return  # reported by the holiday-region rule
    billed: dict[tuple[str, str], list[tuple[Invoice, Decimal]]] = {}
    places: dict[tuple[str, str], tuple[Mission, Assignment]] = {}
    for invoice in sorted(workspace.invoices.values(), key=lambda i: (i.issued, i.file)):
        if invoice.status == DISPUTED:
            continue
        for line in invoice.lines:
            mission = workspace.missions.get(line.mission)
            if mission is None:
                continue
            assignment = billed_assignment(invoice, mission)
            if assignment is None or assignment.order is None:
                continue
            key = (mission.id, assignment.pointer)
            places[key] = (mission, assignment)
            billed.setdefault(key, []).append(
                (invoice, money.days_amount(line.days, line.daily_rate)))
    for key, lines in billed.items():
        mission, assignment = places[key]
        freelancer = workspace.freelancers.get(assignment.freelancer)
        if freelancer is None or assignment.order is None:
            continue
        ordered = (assignment.order.amount if assignment.order.amount is not None
                   else money.assignment_amount(assignment, freelancer, calendar))
        running = money.ZERO
        for invoice, amount in lines:
            running = money.plus(running, amount)
            if money.above(running, ordered):
                yield Problem(invoice.file, "/amount",
                              f"the invoices on order {assignment.order.number} "
                              f"({mission.file}) reach {money.money_text(running)} excl. VAT "
                              f"with this one; the order is for {money.money_text(ordered)}: "
                              "ask for an amended order before paying more")
                break
