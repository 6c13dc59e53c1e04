"""An activity report's entry naming a mission that has no file in missions/."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "activity-unknown-mission"
SEVERITY = "error"
DESCRIPTION = "an activity report's entry naming a mission with no file in `missions/`"


def check(workspace: Workspace) -> Iterator[Problem]:
    known = list(workspace.mission_files)
    for report in workspace.activity.values():
        for entry in report.entries:
            if entry.mission in workspace.mission_files:
                continue
            close = difflib.get_close_matches(entry.mission, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "check the mission's id"
            yield Problem(report.file, f"{entry.pointer}/mission",
                          f"no mission '{entry.mission}' (no missions/{entry.mission}.yaml); "
                          f"{hint}")
