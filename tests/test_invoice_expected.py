"""The invoice a month calls for: its amounts, terms and mentions, and as a self-billed CII XML
that passes factur-x's XSD check and reads back, through ``import``, as the same invoice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from facturx import xml_check_xsd
from invoice_fixtures import SIRET, ada_with_siret

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.expected_invoice_document import expected_xml
from cfo_tools.documents.invoice_yaml import invoice_yaml
from cfo_tools.loading.facturx_reading import read_cii
from cfo_tools.steering.expected_invoice import (
    ExpectationRefused,
    expected_fields,
    expected_invoice,
)
from cfo_tools.steering.invoice_import import plan_import
from conftest import company_yaml, mission_yaml, write_workspace

LEGAL = ("legal:\n  name: Atelier Test SAS\n  siren: \"732829320\"\n"
         "  address: 1 place Bellecour, 69002 Lyon\n"
         "  representative: {name: Paule Martin, title: Présidente}\n")
MANDATE = "documents:\n  - kind: self-billing-mandate\n    issued: 2025-12-15\n"
ORDER = "    order:\n      number: BC-7\n      issued: 2026-01-02\n"
TODAY = date(2026, 2, 5)
SOURCE = "activity/2026-01/ada.yaml"


def _workspace(tmp_path: Path, *, mandate: bool = True, vat: str = "standard",
               terms: str = "", legal: bool = True):
    root = write_workspace(tmp_path / "ws", {
        "company.yaml": company_yaml((LEGAL if legal else "") + terms),
        "roster/ada.yaml": ada_with_siret() + f"  vat: {vat}\n" + (MANDATE if mandate else ""),
        "missions/site.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100),
                                           status="in-progress") + ORDER,
    })
    report = validate_workspace(root, jobs=1)
    assert [f.rule for f in report.findings if f.severity == "error"] in (
        [], ["payment-terms"])
    return report.workspace


def _expected(workspace, days: str = "10.5"):
    return expected_invoice(workspace, "ada", "2026-01", {"site": Decimal(days)},
                            source=SOURCE, today=TODAY)


def test_lines_amounts_vat_order_and_terms(tmp_path):
    expected = _expected(_workspace(tmp_path))
    assert [(line.mission.id, line.days, line.daily_rate, line.amount)
            for line in expected.lines] == [("site", Decimal("10.5"), Decimal(500),
                                             Decimal("5250.00"))]
    assert (expected.amount, expected.vat_rate, expected.vat, expected.total) == (
        Decimal("5250.00"), Decimal(20), Decimal("1050.00"), Decimal("6300.00"))
    assert expected.orders == ("BC-7",)
    assert (expected.issued, expected.due) == (date(2026, 2, 1), date(2026, 3, 3))
    assert expected.self_billing and expected.number == "AF-ADA-2026-01"


def test_franchise_en_base_charges_no_vat_and_says_why(tmp_path):
    expected = _expected(_workspace(tmp_path, vat="franchise"))
    assert (expected.vat, expected.total) == (Decimal("0.00"), Decimal("5250.00"))
    assert expected.vat_exemption == "TVA non applicable, art. 293 B du CGI"


def test_the_due_date_never_goes_beyond_the_law(tmp_path):
    # The company's 90 days are unlawful (payment-terms says so); the invoice stays within 60.
    workspace = _workspace(tmp_path, terms="payment_terms: {days: 90}\n")
    assert _expected(workspace).due == date(2026, 4, 2)


def test_refused_without_the_company_s_legal_identity_or_any_day(tmp_path):
    with pytest.raises(ExpectationRefused, match=r"company\.yaml has no legal identity"):
        _expected(_workspace(tmp_path, legal=False))
    with pytest.raises(ExpectationRefused, match="reports no day on a known mission"):
        _expected(_workspace(tmp_path / "b"), days="0")


@pytest.mark.parametrize("terms", ["", "payment_terms: {days: 45, end_of_month: true}\n"])
@pytest.mark.parametrize("vat", ["standard", "franchise"])
def test_the_xml_passes_the_xsd_and_reads_back_as_the_same_invoice(tmp_path, terms, vat):
    workspace = _workspace(tmp_path, terms=terms, vat=vat)
    expected = _expected(workspace)
    xml = expected_xml(expected)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    plan = plan_import(workspace, read_cii(xml, "af.xml"), source_suffix=".xml")
    assert (plan.freelancer, plan.invoice_file) == ("ada", "invoices/ada/af-ada-2026-01.yaml")
    assert plan.notes == []
    assert invoice_yaml(plan.fields) == invoice_yaml(expected_fields(
        expected, source="invoices/ada/af-ada-2026-01.xml"))
    assert f'seller_siret: "{SIRET}"' in invoice_yaml(plan.fields)


def _render(workspace, expected, fmt: str, lang: str) -> str:
    from cfo_tools.documents.expected_invoice_document import expected_context
    from cfo_tools.documents.maker import DocumentMaker
    from cfo_tools.planning.working_calendar import WorkingCalendar

    assert workspace.company is not None
    maker = DocumentMaker(workspace, WorkingCalendar.for_company(workspace.company), lang,
                          TODAY)
    return maker.render("invoice-expected", fmt, document_name="the expected invoice",
                        invoice=expected_context(expected))


def test_the_document_names_lines_amounts_terms_and_mentions(tmp_path):
    workspace = _workspace(tmp_path)
    text = _render(workspace, _expected(workspace), "md", "fr")
    assert "| Mission | 10,5 | 500,00\u00a0€ | 5\u202f250,00\u00a0€ |" in text
    for mention in ("6\u202f300,00\u00a0€", "1\u202f050,00\u00a0€", "BC-7", SIRET, "732829320",
                    "Prestation de services", "40,00\u00a0€", "3 mars 2026",
                    "paiement à 30 jours de la date de facture", "Autofacturation"):
        assert mention in text, mention


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_late_payment_rate_is_the_one_the_contract_and_order_state(tmp_path, fmt, lang):
    # The invoice repeats the agreed rate: the law's default, which contract and order state.
    from cfo_tools.steering.compliance_profile import FRANCE_PAYMENT

    workspace = _workspace(tmp_path)
    expected = _expected(workspace)
    text = _render(workspace, expected, fmt, lang).replace("\u202f", " ").replace("&#39;", "'")
    rate = FRANCE_PAYMENT.late_interest if lang == "fr" else FRANCE_PAYMENT.late_interest_en
    assert rate in text
    assert "trois fois" not in text and "three times" not in text
    notes = expected_xml(expected).decode()
    assert FRANCE_PAYMENT.late_interest.replace("'", "&apos;") in notes or (
        FRANCE_PAYMENT.late_interest in notes)


def test_the_html_document_in_english_escapes_the_files_text(tmp_path):
    workspace = _workspace(tmp_path)
    workspace.missions["site"].title = "<script>alert(1)</script>"
    text = _render(workspace, _expected(workspace), "html", "en")
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    assert "Services" in text and "€6,300.00" in text


#: 2026-01-05 to 2026-01-16: ten working days, then a half day on the 19th.
DAYS = "".join(f"      {d}: 1\n" for d in (5, 6, 7, 8, 9, 12, 13, 14, 15, 16)) + "      19: 0.5\n"


def _cli_workspace(workspace, *, mandate: bool = True, status: str = "approved"):
    activity = ("entries:\n  - mission: site\n    days:\n" + DAYS
                + f"status: {status}\nsubmitted_on: 2026-01-30\n")
    if status == "approved":
        activity += "approved_by: pm\napproved_on: 2026-02-01\n"
    if status == "disputed":
        activity += "comment: to check\n"
    return workspace({
        "company.yaml": company_yaml(LEGAL),
        "roster/ada.yaml": ada_with_siret() + (MANDATE if mandate else ""),
        "missions/site.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100),
                                           status="in-progress") + ORDER,
        "activity/2026-01/ada.yaml": activity,
    })


def _run(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", "2026-02-05", "invoice", "expected", "ada",
                   "--month", "2026-01", *args)


def test_the_command_prints_the_expected_invoice(workspace, run_cfo):
    result = _run(run_cfo, _cli_workspace(workspace), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "| Mission | 10.5 | €500.00 | €5,250.00 |" in result.output
    html = _run(run_cfo, _cli_workspace(workspace), "--format", "html")
    assert html.output.startswith("<!DOCTYPE html>") and "Facture attendue" in html.output


def test_xml_is_refused_without_a_mandate(workspace, run_cfo):
    result = _run(run_cfo, _cli_workspace(workspace, mandate=False), "--format", "xml")
    assert result.exit_code == 2
    assert "no self-billing mandate from ada" in result.output
    assert "CGI art. 289 I-2" in result.output


@pytest.mark.parametrize("status", ["draft", "submitted", "disputed"])
def test_nothing_is_expected_before_the_report_is_approved(workspace, run_cfo, status):
    result = _run(run_cfo, _cli_workspace(workspace, status=status))
    assert result.exit_code == 2
    assert f"is {status}, not approved" in result.output


def test_expected_xml_round_trips_through_import_to_the_same_file(workspace, run_cfo,
                                                                 tmp_path):
    root = _cli_workspace(workspace)
    out = tmp_path / "af.xml"
    result = _run(run_cfo, root, "--format", "xml", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert xml_check_xsd(out.read_bytes(), flavor="factur-x", level="en16931")
    imported = run_cfo("-C", str(root), "--today", "2026-02-05", "invoice", "import",
                       str(out))
    assert imported.exit_code == 0, imported.output
    assert imported.output.splitlines()[-1] == "No problems found in the invoice."
    model = validate_workspace(root, jobs=1).workspace
    expected = expected_invoice(model, "ada", "2026-01", {"site": Decimal("10.5")},
                                source="activity/2026-01/ada.yaml", today=TODAY)
    assert (root / "invoices/ada/af-ada-2026-01.yaml").read_text() == invoice_yaml(
        expected_fields(expected, source="invoices/ada/af-ada-2026-01.xml"))
