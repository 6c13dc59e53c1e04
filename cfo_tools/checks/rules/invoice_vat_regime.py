"""An invoice whose VAT does not match the freelancer's VAT regime."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "invoice-vat-regime"
SEVERITY = "warning"
DESCRIPTION = ("an invoice charging VAT from a freelancer recorded as `vat: franchise`, or none "
               "from one recorded as `standard`")


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        freelancer = workspace.freelancers.get(invoice.freelancer)
        if freelancer is None:
            continue
        charged = not invoice.vat_rate.is_zero()
        if charged and freelancer.vat == "franchise":
            yield Problem(invoice.file, "/vat_rate",
                          f"VAT charged at {invoice.vat_rate} %, but {freelancer.id} is "
                          f"recorded under the franchise en base ({freelancer.file}: vat: "
                          "franchise, art. 293 B du CGI): ask them, and correct the invoice or "
                          "their roster file", severity="warning")
        elif not charged and freelancer.vat == "standard":
            why = (f" ({invoice.vat_exemption})" if invoice.vat_exemption
                   else " and no exemption given")
            yield Problem(invoice.file, "/vat_rate",
                          f"no VAT charged{why}, but {freelancer.id} is recorded as charging "
                          f"VAT ({freelancer.file}: vat: standard): if they are under the "
                          "franchise en base, record vat: franchise", severity="warning")
