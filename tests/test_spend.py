"""``cfo spend``: invoiced and paid from the invoices, forecast from the planned work not
invoiced yet, each group's share."""

from __future__ import annotations

import json

from invoice_fixtures import invoice_workspace, invoice_yaml

from conftest import COMPANY, freelancer_yaml, mission_yaml


def _files(*invoices: str) -> dict[str, str | bytes]:
    files = invoice_workspace(invoices[0] if invoices else "number: x\n")
    if not invoices:
        del files["invoices/ada/f-2026-011.yaml"]
    # January: 20 working days at 500; February: 20 working days at 500.
    files["missions/site.yaml"] = mission_yaml("2026-01-05", "2026-02-27", ("ada", 100),
                                               status="in-progress")
    for index, invoice in enumerate(invoices[1:], start=2):
        files[f"invoices/ada/f-{index}.yaml"] = invoice
    return files


def _spend(run_cfo, root, by="month"):
    result = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by", by,
                     "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_planned_work_is_forecast_until_invoiced(workspace, run_cfo):
    report = _spend(run_cfo, workspace(_files()))
    assert [(r["month"], r["invoiced"], r["forecast"], r["share_percent"])
            for r in report["rows"]] == [("2026-01", "0.00", "10000.00", "50.0"),
                                         ("2026-02", "0.00", "10000.00", "50.0")]


def test_an_invoice_replaces_the_month_s_forecast(workspace, run_cfo):
    paid = invoice_yaml(status="paid", extra="paid_on: 2026-02-09\n")
    report = _spend(run_cfo, workspace(_files(paid)))
    assert [(r["month"], r["invoiced"], r["paid"], r["forecast"]) for r in report["rows"]] == [
        ("2026-01", "5000.00", "5000.00", "0.00"), ("2026-02", "0.00", "0.00", "10000.00")]
    assert (report["invoiced"], report["paid"], report["forecast"]) == ("5000.00", "5000.00",
                                                                       "10000.00")


def test_a_disputed_invoice_is_not_spend(workspace, run_cfo):
    disputed = invoice_yaml(status="disputed", extra="dispute: wrong\n")
    report = _spend(run_cfo, workspace(_files(disputed)), by="freelancer")
    assert [(r["freelancer"], r["invoiced"], r["forecast"], r["share_percent"])
            for r in report["rows"]] == [("ada", "0.00", "20000.00", "100.0")]


def test_by_mission_in_text(workspace, run_cfo):
    result = run_cfo("-C", str(workspace(_files(invoice_yaml()))), "--today", "2026-02-10",
                     "spend", "--by", "mission")
    # Amounts for people are Babel's, in the company's locale; columns are two spaces apart.
    columns = result.output.splitlines()[2].split("  ")
    assert [c.strip() for c in columns if c.strip()] == [
        "site", "5\u202f000,00\xa0€", "0,00\xa0€", "10\u202f000,00\xa0€",
        "15\u202f000,00\xa0€", "100,0\xa0%"]


def test_shares_are_written_in_the_company_s_locale(workspace, run_cfo):
    """A share keeps its decimal, in the locale's percent form: "20,0 %" with CLDR's no-break
    space in French, "100.0%" in English; JSON keeps the plain number."""
    files = _files(invoice_yaml())
    files["company.yaml"] = COMPANY + "locale: en\n"
    root = workspace(files)
    text = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by", "mission").output
    assert text.splitlines()[2].endswith("  100.0%")
    markdown = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by", "month",
                       "--format", "markdown").output
    assert "| 33.3% |" in markdown and "| 66.7% |" in markdown
    assert _spend(run_cfo, root)["rows"][0]["share_percent"] == "33.3"


def test_by_freelancer_names_them_and_shows_the_id_the_roster_does_not_know(workspace, run_cfo):
    files = _files(invoice_yaml())
    files["invoices/zoe/z-1.yaml"] = invoice_yaml(number="Z-1")
    root = workspace(files)
    text = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by",
                   "freelancer").stdout.splitlines()
    assert text[0].startswith("Dépenses par freelance au 2026-02-10, HT (prévision\u202f:")
    assert [line.split("  ")[0] for line in text[1:]] == ["freelance", "Test", "zoe", "total"]
    markdown = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by", "freelancer",
                       "--format", "markdown", "--lang", "en").stdout
    assert "| Freelancer | Invoiced |" in markdown and "| Test | €5,000.00 |" in markdown
    rows = _spend(run_cfo, root, by="freelancer")["rows"]
    assert [(r["freelancer"], r["freelancer_name"]) for r in rows] == [
        ("ada", "Test"), ("zoe", None)]


def test_an_invoice_without_lines_is_said_in_the_language(workspace, run_cfo):
    files = _files(invoice_yaml(lines=()))
    root = workspace(files)
    for lang, words in (("fr", "(facture sans lignes)"), ("en", "(invoice without lines)")):
        text = run_cfo("-C", str(root), "--today", "2026-02-10", "spend", "--by", "mission",
                       "--lang", lang).stdout
        assert any(line.startswith(words) for line in text.splitlines()), text
    assert _spend(run_cfo, root, by="mission")["rows"][0]["mission"] == "(no lines)"


def test_an_invoice_without_lines_covers_each_of_the_freelancer_s_missions(workspace, run_cfo):
    files = _files(invoice_yaml(lines=()))
    # Ada also on "app" in January (50 %), Bob on "other" in January: the invoice without
    # lines covers both of Ada's missions that month, not Bob's.
    files["missions/app.yaml"] = mission_yaml("2026-01-05", "2026-01-30", ("ada", 50),
                                              status="in-progress")
    files["missions/other.yaml"] = mission_yaml("2026-01-05", "2026-01-30", ("bob", 100),
                                                status="in-progress")
    files["roster/bob.yaml"] = freelancer_yaml(rate=400)
    rows = {r["mission"]: r for r in _spend(run_cfo, workspace(files), by="mission")["rows"]}
    assert rows["(no lines)"]["invoiced"] == "5000.00"
    assert "app" not in rows                        # January invoiced, no February work
    assert rows["site"]["forecast"] == "10000.00"   # February only
    assert rows["other"]["forecast"] == "8000.00"   # Bob's January: 20 days x 400
