"""A report submitted and still not approved once its approval's due day has passed."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import SUBMITTED
from cfo_tools.planning.activity_days import APPROVAL_DAYS, approval_due

NAME = "activity-awaiting-approval"
DESCRIPTION = (f"an activity report `submitted` and neither approved nor disputed by the "
               f"{APPROVAL_DAYS}th working day after its submission")


def check(context: FollowUpContext) -> Iterator[Problem]:
    for report in context.workspace.activity.values():
        if report.status != SUBMITTED or report.submitted_on is None:
            continue
        # The agenda's day for the same approval (late past it): one due day for both, so
        # a weekend after the due day is late in both or in neither.
        due = approval_due(context.calendar, report.submitted_on)
        if context.today > due:
            yield Problem(report.file, "/status",
                          f"submitted on {report.submitted_on} and still not approved, due by "
                          f"{due} ({APPROVAL_DAYS} working days later): approve it "
                          "(approved_by, approved_on) or dispute it with a comment",
                          severity="warning")
