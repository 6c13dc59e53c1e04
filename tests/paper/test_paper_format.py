"""The paper's format: company legal identity and payment terms, the freelancer's legal
additions, purchase orders on assignments, rights on missions; and their identifier and
payment-term rules, each with the smallest workspace on both sides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cfo_tools.model.ids import french_vat_siren, siren_valid, vat_number_valid
from cfo_tools.model.paper import (
    CompanyLegal,
    Order,
    PaymentTerms,
    Representative,
    Rights,
)
from conftest import COMPANY, FREELANCER, LEGAL, MISSION, places

ASSIGNED = MISSION.replace("status: open", "status: staffed") + """\
assignments:
  - freelancer: ada
    role: web-developer
    order:
      number: BC-1
      issued: 2026-01-02
      amount: 9000.50
      payment_days: 45
      end_of_month: true
rights:
  rights: [reproduction, adaptation]
  purpose: Le site du client
  territory: Monde entier
  duration: 5 ans
"""


def test_everything_is_read_into_the_model(workspace_from):
    report = workspace_from({
        "company.yaml": COMPANY + LEGAL + "payment_terms:\n  days: 45\n",
        "roster/ada.yaml": FREELANCER + (
            'legal:\n  siret: "73282932000074"\n  address: 2 rue Neuve, Lyon\n'
            "  vat_number: FR44732829320\n  vat: franchise\n"),
        "missions/site.yaml": ASSIGNED,
    }, today="2026-01-01")
    assert [f for f in report.findings if f.severity == "error"] == []
    ws = report.validation.workspace
    assert ws.company is not None
    assert ws.company.legal == CompanyLegal(
        "Atelier Test SAS", "SAS au capital de 10 000 EUR", "732829320", "FR44732829320",
        "1 rue de la Paix, 75002 Paris", Representative("Paule Martin", "Présidente"))
    assert ws.company.payment_terms == PaymentTerms(45, False)
    ada = ws.freelancers["ada"]
    assert (ada.legal_address, ada.vat_number, ada.vat) == (
        "2 rue Neuve, Lyon", "FR44732829320", "franchise")
    mission = ws.missions["site"]
    assert mission.assignments[0].order == Order(
        "BC-1", date(2026, 1, 2), Decimal("9000.50"), 45, True, "/assignments/0/order")
    assert mission.rights == Rights(("reproduction", "adaptation"), "Le site du client",
                                    "Monde entier", "5 ans", True)


def test_defaults_keep_existing_workspaces_as_they_were(workspace_from):
    report = workspace_from({"roster/ada.yaml": FREELANCER, "missions/site.yaml": MISSION})
    ws = report.validation.workspace
    assert ws.company is not None
    assert ws.company.legal is None
    assert ws.company.payment_terms == PaymentTerms(30, False)
    assert ws.freelancers["ada"].vat == "standard"
    assert ws.missions["site"].rights is None


def test_an_order_without_its_own_terms_takes_the_companys():
    order = Order("BC-1", date(2026, 1, 2), None, None, None, "/assignments/0/order")
    assert order.payment_terms(PaymentTerms(45, True)) == PaymentTerms(45, True)
    own = Order("BC-1", date(2026, 1, 2), None, 20, None, "/assignments/0/order")
    assert own.payment_terms(PaymentTerms(45, True)) == PaymentTerms(20, True)


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"company.yaml": COMPANY + LEGAL.replace('"732829320"', '"73282932"')},
                 [("company.yaml", 10, "schema")], id="siren-of-eight-digits"),
    pytest.param({"company.yaml": COMPANY + "legal:\n  name: A\n"},
                 [("company.yaml", 8, "schema")] * 3, id="legal-missing-required"),
    pytest.param({"missions/site.yaml": MISSION + "rights:\n  rights: [sale]\n"
                  "  purpose: a\n  territory: b\n  duration: c\n"},
                 [("missions/site.yaml", 8, "schema")], id="unknown-right"),
    pytest.param({"missions/site.yaml": MISSION + "assignments:\n  - freelancer: ada\n"
                  "    role: web-developer\n    order: {number: BC-1}\n",
                  "roster/ada.yaml": FREELANCER},
                 [("missions/site.yaml", 10, "schema")], id="order-without-issued"),
    pytest.param({"roster/ada.yaml": FREELANCER + "legal:\n  vat: exempt\n"},
                 [("roster/ada.yaml", 8, "schema")], id="unknown-vat-regime"),
])
def test_schema_refuses(findings_of, files, expected):
    assert places(findings_of(files)) == expected


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"company.yaml": COMPANY + LEGAL}, [], id="valid-siren"),
    pytest.param({"company.yaml": COMPANY + LEGAL.replace("732829320", "732829321")
                  .replace("  vat_number: FR44732829321\n", "")},
                 [("company.yaml", 10, "invalid-siren")], id="siren-checksum"),
    pytest.param({"company.yaml": COMPANY + LEGAL.replace("FR44", "FR45")},
                 [("company.yaml", 11, "invalid-vat-number")], id="vat-checksum"),
    pytest.param({"company.yaml": COMPANY + LEGAL.replace("FR44732829320", "FR40303265045")},
                 [("company.yaml", 11, "invalid-vat-number")], id="vat-of-another-siren"),
    pytest.param({"roster/ada.yaml": FREELANCER + 'legal:\n  siret: "73282932000074"\n'
                  "  vat_number: FR44732829320\n"}, [], id="freelancer-vat-matches-siret"),
    pytest.param({"roster/ada.yaml": FREELANCER + 'legal:\n  siret: "73282932000074"\n'
                  "  vat_number: FR40303265045\n"},
                 [("roster/ada.yaml", 9, "invalid-vat-number")], id="freelancer-vat-other"),
    pytest.param({"roster/ada.yaml": FREELANCER + "legal:\n  vat_number: DE136695976\n"}, [],
                 id="german-vat-number"),
])
def test_identifier_rules(findings_of, files, expected):
    assert places(findings_of(files)) == expected


def _terms(days: int, end_of_month: bool) -> str:
    return f"payment_terms:\n  days: {days}\n  end_of_month: {str(end_of_month).lower()}\n"


@pytest.mark.parametrize(("days", "end_of_month", "allowed"), [
    (60, False, True), (61, False, False), (45, True, True), (46, True, False), (0, False, True),
])
def test_company_payment_terms_within_the_law(findings_of, days, end_of_month, allowed):
    found = findings_of({"company.yaml": COMPANY + _terms(days, end_of_month)})
    expected = [] if allowed else [("company.yaml", 8, "payment-terms")]
    assert places(found) == expected
    if not allowed:
        assert "L441-10" in found[0].message


def _ordered(order_terms: str) -> dict[str, str]:
    return {"roster/ada.yaml": FREELANCER,
            "missions/site.yaml": MISSION + "assignments:\n  - freelancer: ada\n"
            "    role: web-developer\n    order:\n      number: BC-1\n"
            "      issued: 2026-01-02\n" + order_terms}


@pytest.mark.parametrize(("company_terms", "order_terms", "expected"), [
    ("", "      payment_days: 60\n", []),
    ("", "      payment_days: 61\n", [("missions/site.yaml", 13, "payment-terms")]),
    ("", "      end_of_month: true\n", []),  # 30 days end of month
    (_terms(60, False), "      end_of_month: true\n",
     [("missions/site.yaml", 13, "payment-terms")]),  # 60 days end of month, from the company
    (_terms(60, False), "", []),  # the company's own terms are reported once, on its file
])
def test_order_payment_terms_within_the_law(findings_of, company_terms, order_terms,
                                            expected):
    files = {**_ordered(order_terms), "company.yaml": COMPANY + company_terms}
    assert places(findings_of(files)) == expected


def test_no_limits_for_a_country_without_a_profile(findings_of):
    company = COMPANY + "country: DE\n" + _terms(90, False)
    assert places(findings_of({"company.yaml": company})) == []


@pytest.mark.parametrize(("siren", "valid"), [
    ("732829320", True), ("732829321", False), ("73282932", False), ("73282932a", False),
])
def test_siren_checksum(siren, valid):
    assert siren_valid(siren) is valid


def test_vat_numbers():
    assert vat_number_valid("FR44732829320")
    assert not vat_number_valid("FR 44 732829320")
    assert not vat_number_valid("FR44732829321")
    assert french_vat_siren("FR44732829320") == "732829320"
    assert french_vat_siren("DE136695976") is None
