"""SIRET numbers: the 14-digit identifier of a French business establishment."""

from __future__ import annotations

from stdnum.fr import siret as stdnum_siret


def siret_valid(siret: str) -> bool:
    """True for a SIRET written as 14 digits whose checksum holds (Luhn, or La Poste's own
    rule for its establishments, which python-stdnum knows)."""
    return len(siret) == 14 and siret.isdigit() and bool(stdnum_siret.is_valid(siret))
