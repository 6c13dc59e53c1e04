"""A report approved before it was submitted."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "activity-approval-date"
SEVERITY = "error"
DESCRIPTION = "an activity report's `approved_on` before its `submitted_on`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        if (report.approved_on is not None and report.submitted_on is not None
                and report.approved_on < report.submitted_on):
            yield Problem(report.file, "/approved_on",
                          f"approved on {report.approved_on}, before it was submitted on "
                          f"{report.submitted_on}; correct one of the dates")
