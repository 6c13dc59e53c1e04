"""A check-in dated after today: it has not happened yet (an error, even in the follow-up)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem

NAME = "checkin-in-future"
SEVERITY = "error"
DESCRIPTION = ("an error: a check-in dated after today (plan the next one with `next` on the "
               "last check-in instead)")


def check(context: FollowUpContext) -> Iterator[Problem]:
    today = context.today
    for mission in context.workspace.missions.values():
        for checkin in mission.checkins:
            if checkin.date > today:
                yield Problem(mission.file, f"{checkin.pointer}/date",
                              f"check-in with {checkin.freelancer} dated {checkin.date}, after "
                              f"today ({today}); log a check-in once it happened, and plan "
                              "the next one with 'next' on the last one")
