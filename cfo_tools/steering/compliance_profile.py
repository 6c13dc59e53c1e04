"""Legal thresholds and validity periods for working with freelancers, by country.

Everything the law fixes lives here, with its reference, so that another country's profile can
replace it. Company policy on top of the law comes from ``company.yaml`` ``requirements``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ComplianceProfile:
    country: str
    #: Contracts of this amount or more, excluding VAT and counted for the whole contract even
    #: when invoiced in parts, oblige the client to obtain the documents below.
    vigilance_threshold: Decimal
    currency: str
    #: Document kind of the social-contributions attestation, and how long one lasts.
    vigilance_kind: str
    vigilance_months: int
    #: Document kinds that prove registration (any one of them will do).
    registration_kinds: tuple[str, ...]
    reference: str


#: France: obligation de vigilance of the client of a subcontractor.
#: Code du travail, art. L8222-1 (the obligation), D8222-5 (the documents: URSSAF attestation
#: de vigilance, and a proof of registration such as a Kbis, RNE certificate or SIRENE notice,
#: at signature and then every six months until the end of the contract, the attestation's
#: authenticity being checked), R8222-1 (the 5,000 EUR excl. VAT threshold).
FRANCE = ComplianceProfile(
    country="FR",
    vigilance_threshold=Decimal(5000),
    currency="EUR",
    vigilance_kind="urssaf-vigilance",
    vigilance_months=6,
    registration_kinds=("kbis", "rne-certificate", "sirene-notice"),
    reference="Code du travail, art. L8222-1, D8222-5 et R8222-1",
)

PROFILES = {"FR": FRANCE}

#: Company policy defaults (company.yaml ``requirements``).
DEFAULT_REGISTRATION_MAX_AGE_MONTHS = 3
DEFAULT_DEPENDENCE_MONTHS = 12
#: Days before an expiry at which reminders are given.
REMINDER_LEAD_DAYS = (30, 14, 7)


def profile_for(country: str) -> ComplianceProfile | None:
    return PROFILES.get(country)
