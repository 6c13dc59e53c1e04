"""A freelancer nobody has talked to: on a mission under way for too long without a
check-in, a planned check-in that did not happen, a concern nobody followed up (decided in
steering/checkins.py)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Company
from cfo_tools.planning.working_calendar import shift
from cfo_tools.steering.checkins import (
    CADENCE,
    CONCERN,
    CONCERN_FOLLOW_UP_DAYS,
    CheckInDue,
    checkins_due,
    every_days,
)

NAME = "no-checkin"
DESCRIPTION = ("a freelancer on a mission `in-progress` (or `staffed` and started) with no "
               "check-in for `checkin_every_days` working days (default 10), a check-in's "
               f"`next` date passed, or a `concern` not followed up within "
               f"{CONCERN_FOLLOW_UP_DAYS} working days")


def check(context: FollowUpContext) -> Iterator[Problem]:
    company = context.workspace.company
    every = every_days(company)
    for mission_id in sorted(context.workspace.missions):
        mission = context.workspace.missions[mission_id]
        for due in checkins_due(mission, context.calendar, today=context.today, every=every):
            if due.late:
                yield Problem(mission.file, due.pointer,
                              f"{_message(due, context, every)}; {_owner(due, company)}",
                              severity="warning")


def _message(due: CheckInDue, context: FollowUpContext, every: int) -> str:
    who = due.freelancer
    if due.reason == CADENCE:
        if due.last is None:
            days = context.calendar.working_days(due.since, context.today)
            return (f"no check-in with {who} since their booking started on {due.since} "
                    f"({days} working days; one is asked every {every})")
        days = context.calendar.working_days(shift(due.since, 1), context.today)
        return (f"no check-in with {who} since {due.since} ({days} working days; one is asked "
                f"every {every})")
    assert due.last is not None
    if due.reason == CONCERN:
        return (f"{who} raised a concern on {due.since} and no check-in followed within "
                f"{CONCERN_FOLLOW_UP_DAYS} working days (by {due.due}); call them back")
    return (f"the check-in with {who} planned on {due.due} (at the one of {due.since}) has "
            "not happened")


def _owner(due: CheckInDue, company: Company | None) -> str:
    owner = due.mission.owner
    member = company.member(owner) if company else None
    name = f"{member.name} ({owner})" if member else owner
    return f"the mission's owner, {name}, should talk to them and log it under 'checkins:'"
