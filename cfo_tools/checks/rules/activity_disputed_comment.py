"""A disputed report that does not say what is disputed."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import DISPUTED
from cfo_tools.model.records import Workspace

NAME = "activity-disputed-comment"
SEVERITY = "error"
DESCRIPTION = "a `disputed` activity report without a `comment` saying what is disputed"


def check(workspace: Workspace) -> Iterator[Problem]:
    for report in workspace.activity.values():
        if report.status == DISPUTED and not report.comment:
            yield Problem(report.file, "/status",
                          "the report is disputed: say what is wrong in 'comment', so that the "
                          "freelancer can correct it")
