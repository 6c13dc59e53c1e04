"""``cfo invoices`` on the example workspace, and the example's Factur-X files."""

from __future__ import annotations

import json

import yaml

from cfo_tools.documents.invoice_yaml import invoice_yaml
from cfo_tools.loading.facturx_reading import read_invoice_file
from cfo_tools.steering.invoice_import import invoice_fields
from conftest import REPO

TODAY = "2026-11-26"


def test_invoices_text_lists_to_check_to_pay_late_and_disputed(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", TODAY, "invoices")
    assert result.exit_code == 0
    assert result.output == (
        "Invoices as of 2026-11-26\n"
        "To check:\n"
        "- emma-petit EP-2026-10 (strategie-contenu-office-tourisme): 4200.00 incl. VAT, due "
        "2026-12-02, 6 days left\n"
        "To pay, soonest due first:\n"
        "- bruno-lefevre BL-0931 (plateforme-reservation-gites): 15840.00 incl. VAT, due "
        "2026-10-31, 26 days late\n"
        "- david-nguyen DN-2026-10 (application-mobile-velo-partage): 15312.00 incl. VAT, due "
        "2026-12-02, 6 days left\n"
        "Late:\n"
        "- bruno-lefevre BL-0931 (plateforme-reservation-gites): 15840.00 incl. VAT, due "
        "2026-10-31, 26 days late\n"
        "Disputed:\n"
        "- gaelle-moreau GM-2026-014 (application-mobile-velo-partage): 6912.00 incl. VAT, due "
        "2026-12-03: 12 jours facturés pour 11 jours prévus à mi-temps en octobre ; facture "
        "corrigée demandée le 2026-11-05\n"
        "Per month billed (excl. VAT / incl. VAT / paid):\n"
        "- 2026-09: 2 invoices, 23640.00 / 28368.00 / 12528.00\n"
        "- 2026-10: 2 invoices, 16960.00 / 19512.00 / 0.00\n")


def test_invoices_filters_and_json(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--freelancer",
                     "david-nguyen", "--format", "json")
    report = json.loads(result.output)
    assert [i["number"] for i in report["to_pay"]] == ["DN-2026-10"]
    assert [i["number"] for i in report["paid"]] == ["DN-2026-09"]
    assert report["to_pay"][0]["days_left"] == 6
    paid = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--status", "paid")
    assert "Nothing to check, pay or settle." in paid.output
    unknown = run_cfo("-C", str(REPO), "invoices", "--freelancer", "nobody")
    assert unknown.exit_code == 2


def test_invoices_markdown_keeps_hostile_text_in_its_cell(workspace, run_cfo):
    from invoice_fixtures import invoice_workspace, invoice_yaml

    root = workspace(invoice_workspace(invoice_yaml(
        status="disputed", extra='dispute: "a | b\\n# title"\n')))
    result = run_cfo("-C", str(root), "--today", "2026-02-10", "invoices", "--format",
                     "markdown")
    row = next(line for line in result.output.splitlines() if line.startswith("| ada"))
    assert row.count(" | ") == 5 and "\n" not in row


def test_every_example_pdf_carries_its_invoice_file(tmp_path):
    """The Factur-X files of the example (made by tests/facturx_files.py) say what the
    invoice files next to them say."""
    recorded = sorted((REPO / "invoices").glob("*/*.yaml"))
    assert len(recorded) >= 4
    for path in recorded:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pdf = REPO / data["source"]
        reading = read_invoice_file(pdf.read_bytes(), pdf.name)
        fields = invoice_fields(reading, [
            {"mission": ref.references[0], "days": ref.days, "daily_rate": ref.daily_rate,
             "description": ref.description} for ref in reading.lines],
            due=reading.due, source=data["source"], status=data["status"])
        expected = {k: v for k, v in data.items() if k not in ("paid_on", "dispute")}
        assert yaml.safe_load(invoice_yaml(fields)) == expected, path
