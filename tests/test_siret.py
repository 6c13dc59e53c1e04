from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.ids import siren_valid, siret_valid


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


_DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=16)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_DIGITS, _DIGITS.map(lambda tail: "356000000" + tail[:5]),
                 st.text(alphabet="0123456789 .٣²a", max_size=16), st.text(max_size=16)))
def test_the_checksums_agree_with_python_stdnum(number: str):
    """Our Luhn and La Poste rules (ASCII digits) against python-stdnum's, behind the same
    guard (14 or 9 digits): equal on every number, well formed or not."""
    from stdnum.fr import siren, siret

    assert siret_valid(number) == (len(number) == 14 and number.isdigit()
                                   and siret.is_valid(number))
    assert siren_valid(number) == (len(number) == 9 and number.isdigit()
                                   and siren.is_valid(number))
