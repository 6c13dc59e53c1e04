"""A SIRET whose checksum fails (La Poste's documented exception is honoured)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.ids import siret_valid
from cfo_tools.model.records import Workspace

NAME = "invalid-siret"
SEVERITY = "error"
DESCRIPTION = (
    "a SIRET whose checksum fails: Luhn, or for La Poste (SIREN 356000000) a digit sum that "
    "is a multiple of 5 (checked with python-stdnum)"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    for freelancer in workspace.freelancers.values():
        if freelancer.siret is not None and not siret_valid(freelancer.siret):
            yield Problem(
                freelancer.file, "/legal/siret",
                f"SIRET {freelancer.siret} fails its checksum: a digit is wrong or two are "
                "swapped; copy it again from the Kbis, the SIRENE notice or annuaire-entreprises",
            )
