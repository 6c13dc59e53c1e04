"""A report approved on a day still to come."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.follow_up.context import FollowUpContext
from cfo_tools.checks.rules.problem import Problem

NAME = "activity-approved-after-today"
SEVERITY = "error"
DESCRIPTION = "an error: an activity report's `approved_on` after today"


def check(context: FollowUpContext) -> Iterator[Problem]:
    for report in context.workspace.activity.values():
        if report.approved_on is not None and report.approved_on > context.today:
            yield Problem(report.file, "/approved_on",
                          f"approved on {report.approved_on}, which is after today "
                          f"({context.today}); a report is approved once it has been read",
                          severity="error")
