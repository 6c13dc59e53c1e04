"""Legal thresholds and validity periods for working with freelancers, by country.

Everything the law fixes lives here, with its reference, so that another country's profile can
replace it. Company policy on top of the law comes from ``company.yaml`` ``requirements``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PaymentLaw:
    """The legal limits of payment terms between businesses."""

    #: At most this many days after the invoice date...
    max_days: int
    #: ...or this many days end of month, when the parties agree so.
    max_days_end_of_month: int
    #: The fixed indemnity for recovery costs owed on every late invoice.
    recovery_indemnity: Decimal
    reference: str


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
    payment: PaymentLaw | None = None


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
    #: Code de commerce, art. L441-10 (60 days from the invoice, or 45 days end of month when
    #: agreed; late-payment penalties) and D441-5 (the 40 EUR recovery indemnity).
    payment=PaymentLaw(max_days=60, max_days_end_of_month=45,
                       recovery_indemnity=Decimal(40),
                       reference="Code de commerce, art. L441-10 et D441-5"),
)

PROFILES = {"FR": FRANCE}

#: Payment terms when nothing else was agreed: 30 days after the invoice (Code de commerce,
#: art. L441-10 I, counted from receipt, taken here as the invoice date).
DEFAULT_PAYMENT_DAYS = 30

#: Company policy defaults (company.yaml ``requirements``).
DEFAULT_REGISTRATION_MAX_AGE_MONTHS = 3
DEFAULT_DEPENDENCE_MONTHS = 12
#: Days before an expiry at which reminders are given.
REMINDER_LEAD_DAYS = (30, 14, 7)


def profile_for(country: str) -> ComplianceProfile | None:
    return PROFILES.get(country)
