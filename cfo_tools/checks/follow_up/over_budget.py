"""A mission whose committed amount or forecast at completion exceeds its budget."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.money import above
from cfo_tools.steering.budget import committed_and_forecast

NAME = "over-budget"
DESCRIPTION = (
    "a mission whose committed amount (its assignments) or forecast at completion (approved "
    "activity + still to come) exceeds its `budget`"
)


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    currency = company.currency if company is not None else "EUR"
    for mission in context.workspace.missions.values():
        if mission.budget is None or not mission.books_time:
            continue
        committed, forecast = committed_and_forecast(context.workspace, mission,
                                                     context.calendar, context.money_recorded)
        over = []
        if above(committed, mission.budget):
            over.append(f"committed {committed:,.2f}")
        if above(forecast, mission.budget) and forecast != committed:
            over.append(f"forecast at completion {forecast:,.2f}")
        if over:
            yield Problem(
                mission.file, "/budget",
                f"{' and '.join(over)} {currency} exceed the budget of {mission.budget:,.2f} "
                f"{currency} excl. VAT; raise the budget, or cut the assignments "
                "(cfo budget shows the figures)", severity="warning")
