"""Rules about identifiers: SIRET checksums, ids used twice."""

from __future__ import annotations

import pytest

from conftest import COMPANY, FREELANCER, MISSION, places


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param(
        {"roster/ada.yaml": FREELANCER + 'legal:\n  siret: "73282932000075"\n'},
        [("roster/ada.yaml", 8, "invalid-siret")],
        id="siret-checksum"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER + 'legal:\n  siret: "73282932000074"\n'},
        [],
        id="valid-siret"),
    pytest.param(
        {"company.yaml": COMPANY + "  - id: pm\n    name: Autre\n    email: o@example.fr\n"},
        [("company.yaml", 7, "duplicate-id")],
        id="duplicate-team-id"),
    pytest.param(
        {"missions/site.yaml": MISSION + "deliverables:\n"
         "  - {id: v1, title: A, due: 2026-01-10, status: pending}\n"
         "  - {id: v1, title: B, due: 2026-01-20, status: pending}\n"},
        [("missions/site.yaml", 9, "duplicate-id")],
        id="duplicate-deliverable-id"),
])
def test_rule(findings_of, files, expected):
    assert places(findings_of(files)) == expected
