from __future__ import annotations

import pytest

from cfo_tools.model.ids import siret_valid


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        ("73282932000074", True),  # a well-known valid SIRET
        ("73282932000075", False),
        ("73282932000047", False),  # two digits swapped
        ("35600000000048", True),  # La Poste: fails Luhn, digit sum 25 is a multiple of 5
        ("35600000000049", False),  # La Poste, digit sum 26
        ("35600000049837", True),  # La Poste, digit sum 45
        ("1234567890123", False),
        ("1234567890123a", False),
    ],
)
def test_siret_checksum(siret: str, valid: bool):
    assert siret_valid(siret) is valid
