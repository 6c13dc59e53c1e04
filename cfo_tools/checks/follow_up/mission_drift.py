"""A mission burning its planned days faster than its deliverables are accepted (decided in
steering/drift.py)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.steering.drift import (
    Drift,
    approved_activity,
    drift_points,
    mission_drift,
    percent,
)

NAME = "mission-drift"
DESCRIPTION = ("a mission in flight past 30 % of its planned days whose share of days used "
               "exceeds its share of deliverable weight accepted by more than `drift_points` "
               "(default 25)")


def check(context: FollowUpContext) -> Iterator[Problem]:
    limit = drift_points(context.workspace.company)
    approved = approved_activity(context.workspace)
    for mission_id in sorted(context.workspace.missions):
        mission = context.workspace.missions[mission_id]
        drift = mission_drift(mission, context.calendar, today=context.today,
                              approved=approved.get(mission_id))
        if drift is None or not drift.drifting(limit):
            continue
        yield Problem(mission.file, "/deliverables", _message(drift, limit),
                      severity="warning")


def _message(drift: Drift, limit: int) -> str:
    assert drift.accepted_share is not None and drift.points is not None
    return (f"{percent(drift.used_share)} % of the planned days used, "
            f"{percent(drift.accepted_share)} % of the deliverables accepted "
            f"({_days(drift.used_days)} of {_days(drift.planned_days)} days; "
            f"{percent(drift.points / 100)} points apart, more than the {limit} allowed); "
            "review what is delivered, or re-plan the days or the deliverables' weights")


def _days(days: Fraction) -> str:
    tenths = percent(days / 10)
    return f"{tenths // 10}.{tenths % 10}" if tenths % 10 else str(tenths // 10)
