"""A candidate marked as joined has no roster file to show for it."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "candidate-joined"
SEVERITY = "error"
DESCRIPTION = "a candidate at stage `joined` with no roster file of the same id"


def check(workspace: Workspace) -> Iterator[Problem]:
    for candidate in workspace.candidates.values():
        if candidate.stage == "joined" and candidate.id not in workspace.freelancer_files:
            yield Problem(
                candidate.file, "/stage",
                f"{candidate.id} has joined but there is no roster/{candidate.id}.yaml; run "
                f"'cfo promote {candidate.id} --keep' to create it, or set the stage back")
