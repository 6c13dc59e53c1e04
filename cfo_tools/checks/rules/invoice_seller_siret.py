"""An invoice issued under another SIRET than the freelancer's."""

from __future__ import annotations

from collections.abc import Iterator

from cfo_tools.checks.rules.problem import Problem
from cfo_tools.model.records import Workspace

NAME = "invoice-seller-siret"
SEVERITY = "error"
DESCRIPTION = "an invoice's `seller_siret` different from the freelancer's SIRET"


def check(workspace: Workspace) -> Iterator[Problem]:
    for invoice in workspace.invoices.values():
        freelancer = workspace.freelancers.get(invoice.freelancer)
        if (invoice.seller_siret is None or freelancer is None or freelancer.siret is None
                or invoice.seller_siret == freelancer.siret):
            continue
        yield Problem(invoice.file, "/seller_siret",
                      f"the invoice is issued by SIRET {invoice.seller_siret}, but "
                      f"{freelancer.id}'s SIRET is {freelancer.siret} ({freelancer.file}): "
                      "not their invoice, or their roster file is out of date")
