"""An invoice charging no VAT without saying why."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "invoice-vat-exemption"
SEVERITY = "error"
DESCRIPTION = "an invoice with `vat_rate` 0 and no `vat_exemption` (the mention it must carry)"


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        if invoice.vat_rate.is_zero() and invoice.vat_exemption is None:
            yield Problem(invoice.file, "/vat_rate",
                          "no VAT charged and no vat_exemption: an invoice without VAT must "
                          "say why (e.g. \"TVA non applicable, art. 293 B du CGI\"); copy "
                          "its mention into vat_exemption")
