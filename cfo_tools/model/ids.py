"""SIRET numbers: the 14-digit identifier of a French business establishment."""

from __future__ import annotations

#: La Poste's establishments share this SIREN; their SIRETs do not follow the Luhn checksum
#: (INSEE: they are valid when the sum of their digits is a multiple of 5).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_valid(siret: str) -> bool:
    """True for a well-formed SIRET whose checksum holds."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN) and sum(int(c) for c in siret) % 5 == 0:
        return True
    return luhn_valid(siret)
