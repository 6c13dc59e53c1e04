"""A candidate still in the funnel who already has a roster file: one person, two records."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "candidate-in-roster"
SEVERITY = "error"
DESCRIPTION = "a candidate sharing an id with a roster file without being at stage `joined`"


def check(workspace: Workspace) -> Iterator[Problem]:
    for candidate in workspace.candidates.values():
        roster_file = workspace.freelancer_files.get(candidate.id)
        if roster_file is not None and candidate.stage != "joined":
            yield Problem(
                candidate.file, "/stage",
                f"{candidate.id} is '{candidate.stage}' here but already has {roster_file}; "
                "set the stage to joined (or delete this file) if it is the same person, "
                "otherwise rename one of the two files")
