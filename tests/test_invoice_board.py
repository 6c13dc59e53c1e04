"""``cfo invoices`` on the example workspace, and the example's Factur-X files."""

from __future__ import annotations

import json

import pytest
import yaml

from cfo_tools.documents.invoice_yaml import invoice_yaml
from cfo_tools.loading.facturx_reading import read_invoice_file
from cfo_tools.steering.invoice_import import invoice_fields
from conftest import REPO

TODAY = "2026-11-26"


def test_invoices_text_lists_to_check_to_pay_late_and_disputed(run_cfo):
    # In the workspace's language (fr) and its typography (a narrow no-break space before
    # ":" and ";"); amounts written by Babel in that locale (4\u202f200,00\xa0€).
    result = run_cfo("-C", str(REPO), "--today", TODAY, "invoices")
    assert result.exit_code == 0
    assert result.output == (
        "Factures au 2026-11-26\n"
        "À vérifier\u202f:\n"
        "- Emma Petit EP-2026-10 (strategie-contenu-office-tourisme)\u202f: "
        "4\u202f200,00\xa0€ TTC, échéance le 2026-12-02, reste 6 jours\n"
        "À payer, échéance la plus proche d'abord\u202f:\n"
        "- Bruno Lefèvre BL-0931 (plateforme-reservation-gites)\u202f: "
        "15\u202f840,00\xa0€ TTC, échéance le 2026-10-31, 26 jours de retard\n"
        "- David Nguyen DN-2026-10 (application-mobile-velo-partage)\u202f: "
        "15\u202f312,00\xa0€ TTC, échéance le 2026-12-02, reste 6 jours\n"
        "En retard\u202f:\n"
        "- Bruno Lefèvre BL-0931 (plateforme-reservation-gites)\u202f: "
        "15\u202f840,00\xa0€ TTC, échéance le 2026-10-31, 26 jours de retard\n"
        "Contestées\u202f:\n"
        "- Gaëlle Moreau GM-2026-014 (application-mobile-velo-partage)\u202f: "
        "6\u202f912,00\xa0€ TTC, échéance le 2026-12-03\u202f: 12 jours facturés pour 11 "
        "jours prévus à mi-temps en octobre\u202f; facture corrigée demandée le 2026-11-05\n"
        "Par mois facturé (HT / TTC / payé TTC)\u202f:\n"
        "- 2026-09\u202f: 4 factures, 32\u202f910,00\xa0€ / 38\u202f502,00\xa0€ / "
        "22\u202f662,00\xa0€\n"
        "- 2026-10\u202f: 2 factures, 16\u202f960,00\xa0€ / 19\u202f512,00\xa0€ / "
        "0,00\xa0€\n")


def test_invoices_in_english_when_asked(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--lang", "en")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Invoices as of 2026-11-26", "To check:",
        "- Emma Petit EP-2026-10 (strategie-contenu-office-tourisme): €4,200.00 incl. VAT, "
        "due 2026-12-02, 6 days left"]
    assert "- 2026-10: 2 invoices, €16,960.00 / €19,512.00 / €0.00" in lines
    markdown = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--lang", "en",
                       "--format", "markdown").output
    assert "| Freelancer | Number | Missions | Incl. VAT | Due | |" in markdown


@pytest.mark.parametrize(("today", "lang", "said"), [
    ("2026-12-01", "fr", "reste 1 jour"), ("2026-12-01", "en", "1 day left"),
    ("2026-12-02", "fr", "échéance aujourd'hui"), ("2026-12-02", "en", "due today"),
    ("2026-12-03", "fr", "1 jour de retard"), ("2026-12-03", "en", "1 day late"),
    ("2026-12-04", "fr", "2 jours de retard"), ("2026-12-04", "en", "2 days late")])
def test_days_left_or_late_are_said_in_the_language_s_plural(run_cfo, today, lang, said):
    result = run_cfo("-C", str(REPO), "--today", today, "invoices", "--freelancer",
                     "emma-petit", "--lang", lang)
    assert result.output.splitlines()[2].endswith(f", {said}"), result.output


def test_invoices_filters_and_json(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--freelancer",
                     "david-nguyen", "--format", "json")
    report = json.loads(result.output)
    assert [i["number"] for i in report["to_pay"]] == ["DN-2026-10"]
    assert [i["number"] for i in report["paid"]] == ["DN-2026-09"]
    assert (report["to_pay"][0]["freelancer"], report["to_pay"][0]["freelancer_name"]) == (
        "david-nguyen", "David Nguyen")
    assert report["to_pay"][0]["days_left"] == 6
    # Asked for, paid invoices are listed one by one, with the day each was paid.
    paid = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--status", "paid").output
    assert "Rien à vérifier" not in paid
    assert paid.splitlines()[1] == "Payées\u202f:"
    assert ("- David Nguyen DN-2026-09 (application-mobile-velo-partage)\u202f: "
            "12\u202f528,00\xa0€ TTC, échéance le 2026-10-31, payée le 2026-10-29") in paid
    assert paid.count("payée le") == 3
    markdown = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--status", "paid",
                       "--lang", "en", "--format", "markdown").output
    assert "### Paid" in markdown and "| paid on 2026-10-29 |" in markdown
    # Not asked for, the board stays about what is to do: the months' totals say what was paid.
    board = run_cfo("-C", str(REPO), "--today", TODAY, "invoices").output
    assert "Payées" not in board and "payée le" not in board
    none = run_cfo("-C", str(REPO), "--today", TODAY, "invoices", "--status", "paid",
                   "--freelancer", "emma-petit").output
    assert "Aucune facture payée." in none
    unknown = run_cfo("-C", str(REPO), "invoices", "--freelancer", "nobody")
    assert unknown.exit_code == 2


def test_invoices_name_freelancers_and_their_id_when_the_roster_does_not(workspace, run_cfo):
    from invoice_fixtures import invoice_workspace, invoice_yaml

    files = invoice_workspace(invoice_yaml())
    files["invoices/zoe/z-1.yaml"] = invoice_yaml(number="Z-1")
    root = workspace(files)
    text = run_cfo("-C", str(root), "--today", "2026-02-10", "invoices").output
    assert "- Test F-2026-011 (site)" in text and "- zoe Z-1 (site)" in text
    markdown = run_cfo("-C", str(root), "--today", "2026-02-10", "invoices", "--format",
                       "markdown").output
    assert "| Test | F-2026-011 |" in markdown and "| zoe | Z-1 |" in markdown
    report = json.loads(run_cfo("-C", str(root), "--today", "2026-02-10", "invoices",
                                "--format", "json").stdout)
    assert [(i["freelancer"], i["freelancer_name"]) for i in report["to_check"]] == [
        ("ada", "Test"), ("zoe", None)]


def test_invoices_markdown_keeps_hostile_text_in_its_cell(workspace, run_cfo):
    from invoice_fixtures import invoice_workspace, invoice_yaml

    root = workspace(invoice_workspace(invoice_yaml(
        status="disputed", extra='dispute: "a | b\\n# title"\n')))
    result = run_cfo("-C", str(root), "--today", "2026-02-10", "invoices", "--format",
                     "markdown")
    row = next(line for line in result.output.splitlines() if line.startswith("| Test"))
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


def test_status_shows_the_invoices_waiting_for_approval_per_mission(run_cfo):
    text = run_cfo("-C", str(REPO), "--today", TODAY, "status", "--lang", "en").output
    block = text.split("strategie-contenu-office-tourisme [")[1].split("\n\n")[0]
    assert "  invoices to approve: emma-petit EP-2026-10 (2026-11-02)" in block
    assert "invoices to approve" not in text.split("application-mobile-velo-partage [")[1]
    text = run_cfo("-C", str(REPO), "--today", TODAY, "status").output  # the example's locale
    block = text.split("strategie-contenu-office-tourisme [")[1].split("\n\n")[0]
    assert "  factures à approuver\u202f: emma-petit EP-2026-10 (2026-11-02)" in block
    report = json.loads(run_cfo("-C", str(REPO), "--today", TODAY, "status", "--format",
                                "json").output)
    mission = next(m for m in report["missions"]
                   if m["mission"] == "strategie-contenu-office-tourisme")
    assert mission["invoices_to_check"] == [{
        "freelancer": "emma-petit", "number": "EP-2026-10",
        "file": "invoices/emma-petit/ep-2026-10.yaml", "issued": "2026-11-02"}]
    markdown = run_cfo("-C", str(REPO), "--today", TODAY, "status", "--format",
                       "markdown", "--lang", "en").output
    assert "| Invoices to approve |" in markdown and "| emma-petit EP-2026-10 |" in markdown


def test_budget_shows_what_is_invoiced_and_paid_per_mission(run_cfo):
    report = json.loads(run_cfo("-C", str(REPO), "--today", TODAY, "budget", "--format",
                                "json").output)
    money = {m["mission"]: (m["invoiced"], m["paid"]) for m in report["missions"]}
    # David's September (paid) and October, Gaëlle's September (paid); her disputed October
    # is left out.
    assert money["application-mobile-velo-partage"] == ("27520.00", "14760.00")
    assert money["plateforme-reservation-gites"] == ("18150.00", "4950.00")
    assert money["design-system-banque-regionale"] == ("0.00", "0.00")


def test_a_count_is_written_as_the_language_writes_numbers(run_cfo):
    fr = run_cfo("-C", str(REPO), "--today", "2029-10-31", "invoices", "--freelancer",
                 "bruno-lefevre").output
    assert ", 1\u202f096 jours de retard" in fr, fr
    en = run_cfo("-C", str(REPO), "--today", "2029-10-31", "invoices", "--freelancer",
                 "bruno-lefevre", "--lang", "en").output
    assert ", 1,096 days late" in en, en
