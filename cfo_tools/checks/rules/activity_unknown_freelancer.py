"""An activity report whose file name is no freelancer of the roster."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.records import Workspace

NAME = "activity-unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = ("an activity report whose file name is no freelancer of the roster "
               "(`activity/<yyyy-mm>/<freelancer>.yaml`)")


def check(workspace: Workspace) -> Iterator[Problem]:
    close: CloseNames | None = None
    for report_id, file in sorted(workspace.activity_files.items()):
        freelancer = report_id.partition("/")[2]
        if freelancer in workspace.freelancer_files:
            continue
        if close is None:
            close = CloseNames(workspace.freelancer_files)
        hint = did_you_mean(close.closest(freelancer), "add them to the roster first")
        yield Problem(file, "",
                      f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml):"
                      f" the file name says whose report this is; {hint}")
