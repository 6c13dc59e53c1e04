"""Build an :class:`~cfo_tools.model.invoices.Invoice` from schema-valid data."""

from __future__ import annotations

from typing import Any

from cfo_tools.model.building import _Dates
from cfo_tools.model.invoices import Invoice, InvoiceLine
from cfo_tools.model.money import exact_decimal


def build_invoice(invoice_id: str, freelancer: str, file: str, data: dict[str, Any]) -> Invoice:
    dates = _Dates()
    issued = dates.required(data["issued"], "/issued")
    due = dates.required(data["due"], "/due")
    paid_on = dates.optional(data.get("paid_on"), "/paid_on")
    dates.finish()
    lines = tuple(
        InvoiceLine(line["mission"], exact_decimal(line["days"]),
                    exact_decimal(line["daily_rate"]), line.get("description"), f"/lines/{i}")
        for i, line in enumerate(data["lines"]))
    return Invoice(
        id=invoice_id,
        file=file,
        freelancer=freelancer,
        number=str(data["number"]),
        issued=issued,
        period=data.get("period"),
        order=data.get("order"),
        lines=lines,
        amount=exact_decimal(data["amount"]),
        vat_rate=exact_decimal(data["vat_rate"]),
        vat_exemption=data.get("vat_exemption"),
        total=exact_decimal(data["total"]),
        due=due,
        status=data["status"],
        paid_on=paid_on,
        dispute=data.get("dispute"),
        source=data.get("source"),
        seller_siret=data.get("seller_siret"),
        profile=data.get("profile"),
    )
