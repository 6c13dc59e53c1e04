"""The paper around a mission: legal identities, payment terms, purchase orders, rights.

Read from ``company.yaml`` (``legal``, ``payment_terms``), a mission's assignments (``order``)
and the mission itself (``rights``). The legal limits they must respect live in
:mod:`cfo_tools.steering.compliance_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: Rights that a copyright assignment may name (Code de la propriété intellectuelle, L122-1
#: and L131-3: each right assigned must be named, with its extent, purpose, place and duration).
RIGHTS = ("reproduction", "representation", "adaptation", "translation", "commercial-use")


@dataclass(frozen=True)
class Representative:
    """Who signs for the company."""

    name: str
    title: str


@dataclass(frozen=True)
class CompanyLegal:
    """The company's legal identity (``company.yaml`` ``legal``)."""

    name: str
    form: str | None
    siren: str
    vat_number: str | None
    address: str
    representative: Representative


@dataclass(frozen=True)
class PaymentTerms:
    """Payment within ``days`` of the invoice, counted to the end of the month when
    ``end_of_month`` ("45 jours fin de mois")."""

    days: int = 30
    end_of_month: bool = False


@dataclass(frozen=True)
class Order:
    """The purchase order (bon de commande) of an assignment.

    ``amount`` is the amount written in the file (excluding VAT), None when it is left to the
    default, the assignment's planned amount (see :func:`cfo_tools.model.money.order_amount`).
    ``payment_days`` and ``end_of_month`` are None when the company's terms apply.
    """

    number: str
    issued: date
    amount: Decimal | None
    payment_days: int | None
    end_of_month: bool | None
    pointer: str

    def payment_terms(self, company_terms: PaymentTerms) -> PaymentTerms:
        """This order's terms: its own where it states them, else the company's."""
        return PaymentTerms(
            self.payment_days if self.payment_days is not None else company_terms.days,
            self.end_of_month if self.end_of_month is not None else company_terms.end_of_month,
        )


@dataclass(frozen=True)
class Rights:
    """The copyright a mission's freelancers assign on their deliverables (``rights``)."""

    rights: tuple[str, ...]
    purpose: str
    territory: str
    duration: str
    included_in_price: bool = True
    pointer: str = "/rights"
