"""Factur-X files made by the tests themselves: a one-page PDF (pypdf) carrying a CII XML
(written by cfo's own writer), embedded by the ``factur-x`` library. Also writes the example
workspace's invoice files: ``python tests/facturx_files.py`` from the repository's root."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from cfo_tools.documents.invoice_xml import (
    CiiInvoice,
    CiiLine,
    CiiParty,
    cii_invoice_of,
    cii_xml,
)

SELLER = CiiParty("Ada Lovelace EI", siret="73282932000074", address="1 rue de la Paix, Paris")
BUYER = CiiParty("Atelier Test", siren="732829320", vat_number="FR44732829320")

INVOICE = CiiInvoice(
    number="F-2026-011", issued=date(2026, 2, 2), seller=SELLER, buyer=BUYER,
    lines=(CiiLine("Site, janvier 2026", Decimal(10), Decimal(500), Decimal("5000.00"),
                   "site"),),
    amount=Decimal("5000.00"), vat_rate=Decimal(20), vat=Decimal("1000.00"),
    total=Decimal("6000.00"), due=date(2026, 3, 4), order="BC-2026-001",
    period=(date(2026, 1, 1), date(2026, 1, 31)),
    payment_terms="30 jours à compter de la date de facture",
)

LEVELS = {"minimum": "minimum", "basic-wl": "basicwl", "basic": "basic",
          "en16931": "en16931", "extended": "extended"}


def blank_pdf(text: str = "Facture") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def facturx_pdf(xml: bytes, profile: str = "en16931") -> bytes:
    """A one-page PDF with ``xml`` embedded as factur-x.xml."""
    from facturx import generate_from_binary

    return bytes(generate_from_binary(blank_pdf(), xml, flavor="factur-x",
                                      level=LEVELS[profile], check_xsd=True))


def invoice_xml(profile: str = "en16931", **changes: object) -> bytes:
    return cii_xml(replace(INVOICE, **changes), profile)  # type: ignore[arg-type]


def example_invoice_files(root: Path) -> dict[str, bytes]:
    """The Factur-X PDF of every invoice of the workspace at ``root`` whose ``source`` is a
    PDF, made from its own fields: workspace-relative path -> bytes."""
    from cfo_tools.checks.validation import validate_workspace

    workspace = validate_workspace(root, jobs=1).workspace
    company = workspace.company
    assert company is not None
    made = {}
    for invoice in sorted(workspace.invoices.values(), key=lambda i: i.file):
        if invoice.source is None or not invoice.source.endswith(".pdf"):
            continue
        seller = workspace.freelancers[invoice.freelancer]
        data = cii_invoice_of(invoice, seller, company.name, currency=company.currency)
        made[invoice.source] = facturx_pdf(cii_xml(data, "en16931"))
    return made


if __name__ == "__main__":
    repository = Path(__file__).resolve().parent.parent
    for name, content in example_invoice_files(repository).items():
        (repository / name).write_bytes(content)
        print(f"wrote {name}")
