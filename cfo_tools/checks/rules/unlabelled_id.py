"""A role or skill id used in the workspace with no label in company.yaml's vocabulary."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace

NAME = "unlabelled-id"
SEVERITY = "info"
DESCRIPTION = ("a role or skill id with no label in company.yaml's `vocabulary` (once per id, "
               "only when there is a vocabulary): documents show it as a readable id")


def check(workspace: Workspace) -> Iterator[Problem]:
    def used(records: dict[str, Any]) -> Iterator[tuple[str, Sequence[Used]]]:
        for ident in sorted(records):
            yield records[ident].file, used_ids(records[ident])

    return problems(workspace.company, itertools.chain(
        used(workspace.freelancers), used(workspace.missions), used(workspace.candidates)))


#: A role or skill id used by a record: ("roles" or "skills", the id, its pointer).
Used = tuple[str, str, str]


def used_ids(record: Freelancer | Mission | Candidate) -> tuple[Used, ...]:
    """Every role and skill id ``record`` uses, in the order the rule reads them: all it
    reads of a record (``cfo check`` keeps it per document, see ``checks/check_facts.py``)."""
    found: list[Used] = []
    if isinstance(record, Mission):
        found += (("skills", skill, f"/skills/{i}") for i, skill in enumerate(record.skills))
        found += (("roles", a.role, f"{a.pointer}/role") for a in record.assignments)
        for need in record.needs:
            found.append(("roles", need.role, f"{need.pointer}/role"))
            found += (("skills", skill, f"{need.pointer}/skills/{i}")
                      for i, skill in enumerate(need.skills))
    else:
        found += (("roles", role, f"/roles/{i}") for i, role in enumerate(record.roles))
        found += (("skills", skill, f"/skills/{i}") for i, skill in enumerate(record.skills))
    return tuple(found)


def problems(company: Company | None, records: Iterable[tuple[str, Sequence[Used]]]
             ) -> Iterator[Problem]:
    """The problems of the records' files and :func:`used_ids`: the freelancers', the
    missions', then the candidates', each in the order of their ids."""
    if company is None or not company.vocabulary.given:
        return
    reported: set[tuple[str, str]] = set()
    for file, used in records:
        for kind, id_, pointer in used:
            if (kind, id_) in reported or company.vocabulary.has(kind, id_):
                continue
            reported.add((kind, id_))
            yield Problem(file, pointer,
                          f"{kind[:-1]} '{id_}' has no label; add it to company.yaml under "
                          f"vocabulary: {kind}: {id_}: {{fr: ..., en: ...}} so documents show "
                          "words", "info")
