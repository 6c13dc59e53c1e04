"""An activity report whose file name is no freelancer of the roster."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "activity-unknown-freelancer"
SEVERITY = "error"
DESCRIPTION = ("an activity report whose file name is no freelancer of the roster "
               "(`activity/<yyyy-mm>/<freelancer>.yaml`)")


def check(workspace: Workspace) -> Iterator[Problem]:
    known = list(workspace.freelancer_files)
    for report_id, file in sorted(workspace.activity_files.items()):
        freelancer = report_id.partition("/")[2]
        if freelancer in workspace.freelancer_files:
            continue
        close = difflib.get_close_matches(freelancer, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "add them to the roster first"
        yield Problem(file, "",
                      f"no freelancer '{freelancer}' in the roster (no roster/{freelancer}.yaml):"
                      f" the file name says whose report this is; {hint}")
