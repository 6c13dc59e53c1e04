"""An activity report's entry naming a mission that has no file in missions/."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.close_names import CloseNames, did_you_mean
from cfo_tools.model.records import Workspace

NAME = "activity-unknown-mission"
SEVERITY = "error"
DESCRIPTION = "an activity report's entry naming a mission with no file in `missions/`"


def check(workspace: Workspace) -> Iterator[Problem]:
    close: CloseNames | None = None  # built at the first unknown mission
    for report in workspace.activity.values():
        for entry in report.entries:
            if entry.mission in workspace.mission_files:
                continue
            if close is None:
                close = CloseNames(workspace.mission_files)
            hint = did_you_mean(close.closest(entry.mission), "check the mission's id")
            yield Problem(report.file, f"{entry.pointer}/mission",
                          f"no mission '{entry.mission}' (no missions/{entry.mission}.yaml); "
                          f"{hint}")
