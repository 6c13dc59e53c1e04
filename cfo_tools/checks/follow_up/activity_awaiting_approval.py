"""A report submitted more than 5 working days ago and still not approved."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import SUBMITTED
from cfo_tools.planning.activity_days import APPROVAL_DAYS
from cfo_tools.planning.working_calendar import shift

NAME = "activity-awaiting-approval"
DESCRIPTION = (f"an activity report `submitted` more than {APPROVAL_DAYS} working days ago "
               "and neither approved nor disputed")


def check(context: FollowUpContext) -> Iterator[Problem]:
    for report in context.workspace.activity.values():
        if report.status != SUBMITTED or report.submitted_on is None:
            continue
        waited = context.calendar.working_days(shift(report.submitted_on, 1), context.today)
        if waited > APPROVAL_DAYS:
            yield Problem(report.file, "/status",
                          f"submitted on {report.submitted_on}, {waited} working days ago, and "
                          "still not approved: approve it (approved_by, approved_on) or "
                          "dispute it with a comment", severity="warning")
