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
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.isascii():
        # python-stdnum's rule, without its cleaning and exceptions: a fifteenth of the
        # time, and the whole roster's SIRETs are checked again after a freelancer's edit
        # (0.08 s of 1 s on 2,000). A test compares both on every kind of number.
        if siret.startswith(_LA_POSTE) and siret != _LA_POSTE_HEAD_OFFICE:
            holds = sum(map(int, siret)) % 5 == 0
        else:
            holds = _luhn_holds(siret)
        return holds and _luhn_holds(siret[:9])
    return bool(stdnum_siret.is_valid(siret))


def siren_valid(siren: str) -> bool:
    """True for a SIREN written as 9 digits whose Luhn checksum holds."""
    if len(siren) != 9 or not siren.isdigit():
        return False
    return _luhn_holds(siren) if siren.isascii() else bool(stdnum_siren.is_valid(siren))


#: La Poste's establishments (not its head office) sum their digits to a multiple of 5.
_LA_POSTE = "356000000"
_LA_POSTE_HEAD_OFFICE = "35600000000048"
#: A digit doubled, its two digits summed (Luhn).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_holds(digits: str) -> bool:
    """Whether the ASCII ``digits`` pass Luhn's checksum (python-stdnum's ``luhn``)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        total += _DOUBLED[digit] if position % 2 else digit
    return total % 10 == 0


def vat_number_valid(number: str) -> bool:
    """True for an intra-EU VAT number (country prefix first) whose checksum holds."""
    return number.isascii() and number.isalnum() and bool(stdnum_vat.is_valid(number))


def french_vat_siren(number: str) -> str | None:
    """The SIREN inside a French VAT number (``FR`` + two-character key + SIREN), else None."""
    if number.startswith("FR") and len(number) == 13 and number[4:].isdigit():
        return number[4:]
    return None
