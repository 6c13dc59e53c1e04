"""A SIRET whose checksum fails (La Poste's documented exception is honoured)."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.ids import siret_valid
from cfo_tools.model.records import Workspace

NAME = "invalid-siret"
SEVERITY = "error"
DESCRIPTION = (
    "a SIRET whose Luhn checksum fails (La Poste's SIREN 356000000 is valid when its "
    "digit sum is a multiple of 5)"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    for freelancer in workspace.freelancers.values():
        if freelancer.siret is not None and not siret_valid(freelancer.siret):
            yield Problem(
                freelancer.file, "/legal/siret",
                f"SIRET {freelancer.siret} fails its checksum: a digit is wrong or two are "
                "swapped; copy it again from the Kbis, the SIRENE notice or annuaire-entreprises",
            )
