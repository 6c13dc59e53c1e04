"""A purchase order whose amount is below the assignment's planned amount."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.money import (
    assignment_amount,
    assignment_rate,
    days_text,
    days_worth,
    planned_days,
)

NAME = "order-below-plan"
DESCRIPTION = (
    "a purchase order whose `amount` is below the assignment's planned amount (working days "
    "x allocation x rate)"
)


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    currency = company.currency if company is not None else "EUR"
    for mission in context.workspace.missions.values():
        if not mission.books_time:
            continue
        for a in mission.assignments:
            order = a.order
            freelancer = context.workspace.freelancers.get(a.freelancer)
            if order is None or order.amount is None or freelancer is None:
                continue
            planned = assignment_amount(a, freelancer, context.calendar)
            if not order.amount < planned:
                continue
            rate = assignment_rate(a, freelancer)
            assert rate is not None  # a known freelancer always has a rate
            covered = days_text(days_worth(order.amount, rate))
            days = days_text(planned_days(a, context.calendar))
            yield Problem(
                mission.file, f"{order.pointer}/amount",
                f"the order covers {covered} of {days} planned days ({order.amount:,.2f} of "
                f"{planned:,.2f} {currency} excl. VAT); raise the order, or shorten the "
                "assignment", severity="warning")
