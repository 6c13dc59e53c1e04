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


@dataclass(frozen=True)
class PaymentLimits:
    """How long a business may take to pay another, and what lateness costs."""

    country: str
    #: At most this many days from the invoice...
    max_days: int
    #: ...or this many days counted to the end of the month.
    max_days_end_of_month: int
    #: The fixed indemnity for recovery costs owed on every late invoice.
    recovery_indemnity: Decimal
    currency: str
    #: The late-payment interest, as the law states it.
    late_interest: str
    late_interest_en: str
    reference: str

    def allows(self, days: int, end_of_month: bool) -> bool:
        return days <= (self.max_days_end_of_month if end_of_month else self.max_days)

    def limit(self, end_of_month: bool) -> int:
        return self.max_days_end_of_month if end_of_month else self.max_days


#: France: Code de commerce, art. L441-10 (I: at most 60 days from the invoice, or 45 days end
#: of month; II: late-payment interest, at least three times the legal interest rate, by
#: default the ECB's rate plus 10 points, and the recovery indemnity) and D441-5 (40 EUR).
FRANCE_PAYMENT = PaymentLimits(
    country="FR",
    max_days=60,
    max_days_end_of_month=45,
    recovery_indemnity=Decimal(40),
    currency="EUR",
    late_interest="taux d'intérêt appliqué par la Banque centrale européenne à son opération "
                  "de refinancement la plus récente, majoré de 10 points de pourcentage",
    late_interest_en="the European Central Bank's most recent refinancing rate plus 10 "
                     "percentage points",
    reference="Code de commerce, art. L441-10 et D441-5",
)

PAYMENT_LIMITS = {"FR": FRANCE_PAYMENT}


def payment_limits_for(country: str) -> PaymentLimits | None:
    return PAYMENT_LIMITS.get(country)
