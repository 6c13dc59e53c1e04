"""cfo contract and cfo order: golden documents in both languages, every refusal with the
fields it names, no overwrite without --force, and their place in cfo build."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from cfo_tools.documents.paper import PaperRefused, checked_terms
from cfo_tools.model.paper import PaymentTerms
from cfo_tools.steering.compliance_profile import FRANCE_PAYMENT
from conftest import COMPANY, FREELANCER, REPO

TODAY = "2026-11-26"
GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


def check_golden(text: str, name: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("CFO_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_contract(run_cfo, lang):
    result = cfo(run_cfo, REPO, "contract", "tableau-de-bord-ventes-cooperative",
                 "bruno-lefevre", "--lang", lang)
    assert result.exit_code == 0, result.output
    check_golden(result.stdout,
                 f"contract-tableau-de-bord-ventes-cooperative-bruno-lefevre.{lang}.md")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_order(run_cfo, lang):
    result = cfo(run_cfo, REPO, "order", "strategie-contenu-office-tourisme", "emma-petit",
                 "--lang", lang)
    assert result.exit_code == 0, result.output
    check_golden(result.stdout, f"order-strategie-contenu-office-tourisme-emma-petit.{lang}.md")


@pytest.mark.parametrize(("lang", "said", "other"), [
    ("fr", "Concevoir et développer l'application", "Design and build"),
    ("en", "Design and build the iOS and Android app", "Concevoir et développer")])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_brief_written_in_two_languages_reaches_the_contract_in_one(run_cfo, lang, said,
                                                                     other, fmt):
    """The mission's summary, objectives and place given per language (``{fr: ..., en: ...}``)
    were printed whole, as a Python dict, in the contract."""
    result = cfo(run_cfo, REPO, "contract", "application-mobile-velo-partage", "david-nguyen",
                 "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("&#39;", "'")
    assert said in text and other not in text
    assert "{'fr'" not in text and "'en':" not in text
    place = {"fr": "Hôtel de Métropole", "en": "Metropole head office"}[lang]
    assert place in text


def test_contract_says_what_the_law_wants(run_cfo):
    text = cfo(run_cfo, REPO, "contract", "tableau-de-bord-ventes-cooperative",
               "bruno-lefevre").stdout
    assert text.startswith("> **PROJET — à faire relire par le conseil de l'entreprise")
    for expected in ("882461734", "17047187463312", "FR12170471874", "Hélène Vasseur",
                     "L441-10", "45 jours fin de mois", "L131-3", "droit de reproduction",
                     "sans lien de subordination", "attestation de vigilance",
                     "préavis de quinze jours", "BC-2026-056"):
        assert expected in text, expected
    assert "40,00" in text  # the recovery indemnity, in the company's locale


def test_franchise_freelancer_gets_the_293_b_mention(run_cfo):
    text = cfo(run_cfo, REPO, "order", "strategie-contenu-office-tourisme",
               "emma-petit").stdout
    assert "TVA non applicable, art. 293 B du CGI" in text
    assert "BC-2026-040" in text and "52611491316775" in text


def test_html_documents_are_standalone_and_escaped(run_cfo, example):
    mission = example / "missions" / "tableau-de-bord-ventes-cooperative.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace(
        "title: ", "title: <script>alert(1)</script> ", 1), encoding="utf-8")
    for command in ("contract", "order"):
        result = cfo(run_cfo, example, command, "tableau-de-bord-ventes-cooperative",
                     "bruno-lefevre", "--format", "html")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("<!DOCTYPE html>")
        assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout


def test_refused_without_the_company_legal_identity(run_cfo, example):
    company = example / "company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text[:text.index("legal:")], encoding="utf-8")
    for command in ("contract", "order"):
        result = cfo(run_cfo, example, command, "tableau-de-bord-ventes-cooperative",
                     "bruno-lefevre")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert ("fill in company.yaml: legal.name, legal.siren, legal.address, "
                "legal.representative.name, legal.representative.title") in result.stderr


def test_refused_naming_each_missing_field_of_the_freelancer(run_cfo, example):
    roster = example / "roster" / "bruno-lefevre.yaml"
    text = roster.read_text(encoding="utf-8")
    roster.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith(("  siret:", "  address:",
                                                        "  vat_number:"))) + "\n",
                      encoding="utf-8")
    result = cfo(run_cfo, example, "contract", "tableau-de-bord-ventes-cooperative",
                 "bruno-lefevre")
    assert result.exit_code == 2
    assert "fill in roster/bruno-lefevre.yaml: legal.siret, legal.address" in result.stderr


def test_contract_needs_rights_unless_told_otherwise(run_cfo, example):
    mission = example / "missions" / "tableau-de-bord-ventes-cooperative.yaml"
    text = mission.read_text(encoding="utf-8")
    mission.write_text(text[:text.index("rights:")], encoding="utf-8")
    refused = cfo(run_cfo, example, "contract", "tableau-de-bord-ventes-cooperative",
                  "bruno-lefevre")
    assert refused.exit_code == 2
    assert "has deliverables but no 'rights'" in refused.stderr
    assert "--no-rights" in refused.stderr
    allowed = cfo(run_cfo, example, "contract", "tableau-de-bord-ventes-cooperative",
                  "bruno-lefevre", "--no-rights")
    assert allowed.exit_code == 0
    assert "n'emporte aucune cession de droits" in allowed.stdout


def test_order_refused_without_an_order(run_cfo, example):
    mission = example / "missions" / "tableau-de-bord-ventes-cooperative.yaml"
    text = mission.read_text(encoding="utf-8")
    mission.write_text(text.replace("    order:\n      number: BC-2026-056\n"
                                    "      issued: 2026-11-24\n      amount: 6000\n", ""),
                       encoding="utf-8")
    result = cfo(run_cfo, example, "order", "tableau-de-bord-ventes-cooperative",
                 "bruno-lefevre")
    assert result.exit_code == 2
    assert ("no purchase order for bruno-lefevre on tableau-de-bord-ventes-cooperative: add "
            "'order: {number, issued}' to their assignment in "
            "missions/tableau-de-bord-ventes-cooperative.yaml") in result.stderr


def test_unknown_names_are_usage_errors(run_cfo):
    assert cfo(run_cfo, REPO, "contract", "nope", "bruno-lefevre").exit_code == 2
    assert cfo(run_cfo, REPO, "order", "tableau-de-bord-ventes-cooperative",
               "nobody").exit_code == 2
    result = cfo(run_cfo, REPO, "contract", "tableau-de-bord-ventes-cooperative",
                 "alice-martin")
    assert result.exit_code == 2 and "has no assignment on" in result.stderr


@pytest.mark.parametrize("command", ["contract", "order"])
def test_a_freelancer_and_a_mission_given_the_wrong_way_round_are_named_so(run_cfo, command):
    result = cfo(run_cfo, REPO, command, "bruno-lefevre", "tableau-de-bord-ventes-cooperative")
    assert result.exit_code == 2
    assert ("'bruno-lefevre' is a freelancer and 'tableau-de-bord-ventes-cooperative' a "
            "mission: give the mission first, then the freelancer "
            "(tableau-de-bord-ventes-cooperative bruno-lefevre)") in result.stderr


@pytest.mark.parametrize(("days", "end_of_month", "allowed"), [
    (60, False, True), (61, False, False), (45, True, True), (46, True, False)])
def test_documents_refuse_unlawful_payment_terms(days, end_of_month, allowed):
    terms = PaymentTerms(days, end_of_month)
    if allowed:
        assert checked_terms(terms, FRANCE_PAYMENT, "here") == terms
    else:
        with pytest.raises(PaperRefused, match="longer than the law allows"):
            checked_terms(terms, FRANCE_PAYMENT, "here")


def test_no_overwrite_without_force(run_cfo, tmp_path):
    target = tmp_path / "contract.md"
    target.write_text("signed copy\n", encoding="utf-8")
    args = ("contract", "tableau-de-bord-ventes-cooperative", "bruno-lefevre", "-o",
            str(target))
    refused = cfo(run_cfo, REPO, *args)
    assert refused.exit_code == 2
    assert target.read_text(encoding="utf-8") == "signed copy\n"
    assert cfo(run_cfo, REPO, *args, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("> **PROJET")


def test_build_includes_contracts_and_orders(run_cfo, tmp_path):
    result = cfo(run_cfo, REPO, "build", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = {str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")}
    for fmt in ("md", "html"):
        assert f"missions/tableau-de-bord-ventes-cooperative/contract-bruno-lefevre.{fmt}" \
            in names
        assert f"missions/tableau-de-bord-ventes-cooperative/order-bruno-lefevre.{fmt}" \
            in names
    index = (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
    assert "contract-bruno-lefevre.md" in index


def test_build_names_the_contracts_it_could_not_write(run_cfo, example, tmp_path):
    company = example / "company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text[:text.index("legal:")], encoding="utf-8")
    result = cfo(run_cfo, example, "build", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    [note] = [line for line in result.stderr.splitlines() if "company.yaml" in line]
    assert note.startswith("cfo: note: not written: ") and " contracts and " in note
    assert note.endswith("(md, html): fill in legal.name, legal.siren, legal.address, "
                         "legal.representative.name, legal.representative.title in "
                         "company.yaml")
    assert not list((tmp_path / "out").rglob("contract-*"))


def test_smallest_workspace_contract(run_cfo, workspace):
    company = COMPANY + ("legal:\n  name: Atelier Test SAS\n  siren: \"732829320\"\n"
                         "  address: 1 rue de la Paix, Paris\n"
                         "  representative: {name: Paule Martin, title: Présidente}\n")
    ada = FREELANCER + 'legal:\n  siret: "73282932000074"\n  address: 2 rue Neuve, Lyon\n'
    mission = ("title: Site\nclient: Client\nowner: pm\nstatus: staffed\nstart: 2026-03-02\n"
               "end: 2026-03-13\nassignments:\n  - freelancer: ada\n    role: web-developer\n")
    root = workspace({"company.yaml": company, "roster/ada.yaml": ada,
                      "missions/site.yaml": mission})
    result = run_cfo("-C", str(root), "--today", "2026-02-01", "contract", "site", "ada",
                     "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "| 10 | €500.00 | €5,000.00 |" in result.stdout
    assert "**Total excl. VAT — €5,000.00**" in result.stdout
    assert "Payment within" not in result.stdout
    assert "within 30 days of their date of issue" in result.stdout
    assert "2026-03-02" not in result.stdout  # dates are written in words
