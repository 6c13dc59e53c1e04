"""A company SIREN whose checksum fails."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.ids import siren_valid
from cfo_tools.model.records import Workspace

NAME = "invalid-siren"
SEVERITY = "error"
DESCRIPTION = "the company's `legal.siren` whose Luhn checksum fails (checked with python-stdnum)"


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is not None and company.legal is not None and not siren_valid(company.legal.siren):
        yield Problem(
            company.file, "/legal/siren",
            f"SIREN {company.legal.siren} fails its checksum: a digit is wrong or two are "
            "swapped; copy it again from the Kbis or annuaire-entreprises",
        )
