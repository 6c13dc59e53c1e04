"""A role or skill id used in the workspace with no label in company.yaml's vocabulary."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "unlabelled-id"
SEVERITY = "info"
DESCRIPTION = ("a role or skill id with no label in company.yaml's `vocabulary` (once per id, "
               "only when there is a vocabulary): documents show it as a readable id")


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is None or not company.vocabulary.given:
        return
    reported: set[tuple[str, str]] = set()

    def unlabelled(kind: str, id_: str, file: str, pointer: str) -> Iterator[Problem]:
        if (kind, id_) in reported or company.vocabulary.has(kind, id_):
            return
        reported.add((kind, id_))
        yield Problem(file, pointer,
                      f"{kind[:-1]} '{id_}' has no label; add it to company.yaml under "
                      f"vocabulary: {kind}: {id_}: {{fr: ..., en: ...}} so documents show words",
                      "info")

    for freelancer_id in sorted(workspace.freelancers):
        person = workspace.freelancers[freelancer_id]
        for i, role in enumerate(person.roles):
            yield from unlabelled("roles", role, person.file, f"/roles/{i}")
        for i, skill in enumerate(person.skills):
            yield from unlabelled("skills", skill, person.file, f"/skills/{i}")
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        for i, skill in enumerate(mission.skills):
            yield from unlabelled("skills", skill, mission.file, f"/skills/{i}")
        for a in mission.assignments:
            yield from unlabelled("roles", a.role, mission.file, f"{a.pointer}/role")
        for need in mission.needs:
            yield from unlabelled("roles", need.role, mission.file, f"{need.pointer}/role")
            for i, skill in enumerate(need.skills):
                yield from unlabelled("skills", skill, mission.file, f"{need.pointer}/skills/{i}")
    for candidate_id in sorted(workspace.candidates):
        candidate = workspace.candidates[candidate_id]
        for i, role in enumerate(candidate.roles):
            yield from unlabelled("roles", role, candidate.file, f"/roles/{i}")
        for i, skill in enumerate(candidate.skills):
            yield from unlabelled("skills", skill, candidate.file, f"/skills/{i}")
