"""A VAT number whose checksum fails, or a French one that is not the holder's SIREN."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.ids import french_vat_siren, vat_number_valid
from cfo_tools.model.records import Workspace

NAME = "invalid-vat-number"
SEVERITY = "error"
DESCRIPTION = (
    "a `vat_number` whose checksum fails, or a French one that does not carry the holder's "
    "SIREN (checked with python-stdnum)"
)


def check(workspace: Workspace) -> Iterator[Problem]:
    company = workspace.company
    if company is not None and company.legal is not None and company.legal.vat_number:
        yield from _problems(company.file, company.legal.vat_number, company.legal.siren)
    for freelancer in workspace.freelancers.values():
        if freelancer.vat_number:
            siren = freelancer.siret[:9] if freelancer.siret else None
            yield from _problems(freelancer.file, freelancer.vat_number, siren)


def _problems(file: str, number: str, siren: str | None) -> Iterator[Problem]:
    pointer = "/legal/vat_number"
    if not vat_number_valid(number):
        yield Problem(file, pointer,
                      f"VAT number {number} fails its checksum: a character is wrong or two "
                      "are swapped; check it on the EU's VIES service")
        return
    inside = french_vat_siren(number)
    if inside is not None and siren is not None and inside != siren:
        yield Problem(file, pointer,
                      f"VAT number {number} carries SIREN {inside}, not {siren}; one of the "
                      "two is wrong")
