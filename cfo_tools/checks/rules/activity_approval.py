"""An approved report that does not say who approved it and when, or an approver who is not
in the team."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.records import Workspace

NAME = "activity-approval"
SEVERITY = "error"
DESCRIPTION = ("an `approved` report without `approved_by` and `approved_on`, or an "
               "`approved_by` that is not a team id of `company.yaml`")


def check(workspace: Workspace) -> Iterator[Problem]:
    team = workspace.company.team if workspace.company is not None else None
    for report in workspace.activity.values():
        if report.status == APPROVED:
            missing = [key for key, value in (("approved_by", report.approved_by),
                                              ("approved_on", report.approved_on))
                       if value is None]
            if missing:
                yield Problem(report.file, "/status",
                              f"the report is approved but has no {' nor '.join(missing)}: "
                              "say who approved it (a team id) and when")
        if report.approved_by is not None and team is not None and not any(
                m.id == report.approved_by for m in team):
            known = ", ".join(m.id for m in team) or "none"
            yield Problem(report.file, "/approved_by",
                          f"'{report.approved_by}' is not in the team of company.yaml "
                          f"(team ids: {known})")
