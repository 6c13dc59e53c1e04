"""French business identifiers and VAT numbers, checked with python-stdnum.

SIRET: the 14-digit identifier of an establishment; SIREN: the 9-digit identifier of the
business (the SIRET's first nine digits); a VAT number: a country prefix and the national
number (in France, a two-digit key and the SIREN).
"""

from __future__ import annotations

from functools import lru_cache

from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret


@lru_cache(maxsize=65536)  # asked once per freelancer and mission by the compliance checks
def siret_valid(siret: str) -> bool:
    """True for a SIRET written as 14 digits whose checksum holds (Luhn, or La Poste's own
    rule for its establishments, which python-stdnum knows)."""
    return len(siret) == 14 and siret.isdigit() and bool(stdnum_siret.is_valid(siret))


def siren_valid(siren: str) -> bool:
    """True for a SIREN written as 9 digits whose Luhn checksum holds."""
    return len(siren) == 9 and siren.isdigit() and bool(stdnum_siren.is_valid(siren))


def vat_number_valid(number: str) -> bool:
    """True for an intra-EU VAT number (country prefix first) whose checksum holds."""
    return number.isascii() and number.isalnum() and bool(stdnum_vat.is_valid(number))


def french_vat_siren(number: str) -> str | None:
    """The SIREN inside a French VAT number (``FR`` + two-character key + SIREN), else None."""
    if number.startswith("FR") and len(number) == 13 and number[4:].isdigit():
        return number[4:]
    return None
