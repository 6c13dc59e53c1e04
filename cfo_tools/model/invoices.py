"""A freelancer's invoice as recorded in ``invoices/<freelancer>/<id>.yaml``.

Built only from documents that passed their schema; amounts are exact decimals as written on
the invoice, never recomputed here (the checks compare them with what money.py computes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: The life of an invoice, in order.
RECEIVED = "received"
APPROVED = "approved"
DISPUTED = "disputed"
PAID = "paid"
STATUSES = (RECEIVED, APPROVED, DISPUTED, PAID)
#: Waiting for someone at the company to check it.
TO_CHECK = frozenset({RECEIVED})
#: Still to be paid (a disputed invoice waits for a corrected one, not for money).
UNPAID = frozenset({RECEIVED, APPROVED})


@dataclass(frozen=True)
class InvoiceLine:
    mission: str
    days: Decimal
    daily_rate: Decimal
    description: str | None
    pointer: str


@dataclass(frozen=True)
class Invoice:
    #: ``<freelancer>/<id>``: the file's place, unique in the workspace.
    id: str
    file: str
    freelancer: str
    number: str
    issued: date
    #: The month billed, ``YYYY-MM``.
    period: str | None
    #: The purchase-order number it refers to.
    order: str | None
    #: Empty when the invoice carries no lines (Factur-X MINIMUM and BASIC WL).
    lines: tuple[InvoiceLine, ...]
    amount: Decimal
    vat_rate: Decimal
    vat_exemption: str | None
    total: Decimal
    due: date
    status: str
    paid_on: date | None
    dispute: str | None
    source: str | None
    seller_siret: str | None
    #: The Factur-X profile it was read from (minimum, basic-wl, basic, en16931, extended).
    profile: str | None

    @property
    def missions(self) -> tuple[str, ...]:
        """The missions billed, once each, in line order."""
        return tuple(dict.fromkeys(line.mission for line in self.lines))
