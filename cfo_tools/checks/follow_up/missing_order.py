"""A confirmed assignment about to start, or under way, with no purchase order."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.statuses import NEEDS_PEOPLE
from cfo_tools.planning.working_calendar import shift

NAME = "missing-order"
DESCRIPTION = (
    "a confirmed assignment of a `staffed` (or later) mission without an `order`, once it "
    "starts within 10 working days"
)
#: How many working days ahead an assignment's purchase order is wanted.
LEAD_WORKING_DAYS = 10


def check(context: FollowUpContext) -> Iterator[Problem]:
    today = context.today
    company = context.workspace.company
    # ``cfo order`` refuses to write an order without the company's legal identity: say so
    # now, with the order due, rather than when it is asked for.
    first = ("add the company's legal identity to company.yaml (legal: name, siren, address, "
             "representative), then " if company is not None and company.legal is None else "")
    for mission in context.workspace.missions.values():
        if mission.status not in NEEDS_PEOPLE:
            continue
        for a in mission.assignments:
            if a.order is not None or a.tentative or a.end < today:
                continue
            ahead = context.calendar.working_days(shift(today, 1), a.start)
            if ahead > LEAD_WORKING_DAYS:
                continue
            when = (f"started on {a.start}" if a.start <= today
                    else f"starts on {a.start}, in {ahead} working day{'s' * (ahead != 1)}")
            yield Problem(mission.file, a.pointer,
                          f"{a.freelancer}'s assignment on {mission.id} {when} and has no "
                          f"purchase order; {first}issue one (cfo order) and record it as "
                          "'order: {number, issued}'", severity="warning")
