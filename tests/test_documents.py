"""Briefs, onboarding packs and cfo build, rendered from the example workspace."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import REPO

TODAY = "2026-11-26"
HERE = Path(__file__).parent


def plain(text: str) -> str:
    """Babel's French uses narrow no-break spaces; compare with ordinary ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


ACTIVE = ["application-mobile-velo-partage", "design-system-banque-regionale",
          "migration-cloud-transporteur", "plateforme-reservation-gites",
          "strategie-contenu-office-tourisme", "tableau-de-bord-ventes-cooperative"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("mission", ACTIVE)
def test_every_brief_renders(run_cfo, lang, fmt, mission):
    result = cfo(run_cfo, REPO, "brief", mission, "--lang", lang, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Atelier Lumen" in result.stdout
    assert ("Brief de mission" if lang == "fr" else "Mission brief") in result.stdout


def test_brief_in_french(run_cfo):
    text = plain(cfo(run_cfo, REPO, "brief", "design-system-banque-regionale",
                     "--freelancer", "alice-martin").stdout)
    assert "Document préparé pour Alice Martin" in text
    # Her own period (her assignment ends on 31 March), not the mission's (to 30 June).
    assert "du lundi 4 janvier 2027 au mercredi 31 mars 2027" in text
    assert "| Jours ouvrés | 62 |" in text
    assert "lundi 29 mars 2027 — Lundi de Pâques (jour férié)" in text
    assert "Ascension" not in text and "Lundi de Pentecôte" not in text  # after she leaves
    assert "550,00 €" in text and "34 100,00 €" in text and "100 %" in text
    assert "Camille Roux" in text and "camille.roux@atelier-lumen.fr" in text
    assert text.index("Votre partie") < text.index("L'entreprise")  # her part comes first


def test_general_brief_has_the_mission_period(run_cfo):
    text = plain(cfo(run_cfo, REPO, "brief", "design-system-banque-regionale").stdout)
    assert "du lundi 4 janvier 2027 au mercredi 30 juin 2027" in text
    assert "| Jours ouvrés | 125 |" in text
    assert "jeudi 6 mai 2027 — Ascension (jour férié)" in text
    assert "Votre partie" not in text


def test_brief_in_english(run_cfo):
    text = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "--freelancer",
               "alice-martin", "--lang", "en").stdout
    assert "Prepared for Alice Martin" in text
    assert "Monday, January 4, 2027" in text and "Easter Monday" in text
    assert "€550.00" in text and "€34,100.00" in text
    for french in ("Jours ouvrés", "Livrables", "férié", "Tarif"):
        assert french not in text


def test_brief_shows_closures_inside_the_mission(run_cfo, example):
    path = example / "missions" / "tableau-de-bord-ventes-cooperative.yaml"
    path.write_text(path.read_text().replace("start: 2027-01-11", "start: 2026-12-14")
                    .replace("end: 2027-02-19", "end: 2026-12-22"))
    # Moved into the year-end closure, the mission now overlaps it; the brief names it.
    text = plain(cfo(run_cfo, example, "brief", "tableau-de-bord-ventes-cooperative").stdout)
    assert ("du jeudi 24 décembre 2026 au vendredi 1er janvier 2027 — Fermeture de fin d'année "
            "(fermeture)") in text
    # Christmas falls inside the closure: the closure says it all.
    assert "Noël (jour férié)" not in text


def test_brief_for_one_freelancer_hides_the_others(run_cfo):
    text = plain(cfo(run_cfo, REPO, "brief", "design-system-banque-regionale",
                     "--freelancer", "alice-martin", "--format", "html").stdout)
    assert "Designer UX" in text  # colleagues appear by their role ...
    for secret in ("Chloé Dubois", "520,00", "480,00", "chloe.dubois@example.fr",
                   "gaelle@moreau-studio.fr", "+33 6 34 56 78 90", "alice.martin@example.fr"):
        assert secret not in text  # ... never with their name, rate, e-mail or phone


def test_brief_without_freelancer_has_no_rate(run_cfo):
    text = plain(cfo(run_cfo, REPO, "brief", "design-system-banque-regionale").stdout)
    for rate in ("550,00", "520,00", "480,00", "Tarif", "Montant", "120 000"):
        assert rate not in text
    assert "Brief général (sans conditions financières)" in text


def test_brief_to_a_file_never_overwrites(run_cfo, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("keep me")
    result = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text() == "keep me"
    forced = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "-o", str(target),
                 "--force")
    assert forced.exit_code == 0 and target.read_text().startswith("# Design system")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]  # no temporary file left


def test_brief_usage_errors(run_cfo):
    assert cfo(run_cfo, REPO, "brief", "nope").exit_code == 2
    assert cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "--freelancer",
               "david-nguyen").exit_code == 2  # not on that mission


def test_html_escapes_data(run_cfo, example):
    path = example / "roster" / "alice-martin.yaml"
    path.write_text(path.read_text().replace("name: Alice Martin",
                                             "name: \"<script>alert('x')</script>\""))
    html = cfo(run_cfo, example, "brief", "design-system-banque-regionale", "--freelancer",
               "alice-martin", "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_html_is_standalone_with_a_print_stylesheet(run_cfo):
    html = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "--format",
               "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html
    assert "<link" not in html and "src=" not in html


def test_workspace_template_overrides_the_packaged_one(run_cfo, example):
    (example / "templates").mkdir()
    (example / "templates" / "brief.md.j2").write_text("Brief maison : {{ mission.title }}\n")
    text = cfo(run_cfo, example, "brief", "design-system-banque-regionale").stdout
    assert text == "Brief maison : Design system et refonte de la banque en ligne\n"
    # the other documents still come from the package
    html = cfo(run_cfo, example, "brief", "design-system-banque-regionale", "--format",
               "html").stdout
    assert "<!DOCTYPE html>" in html


def test_workspace_messages_override_single_words(run_cfo, example):
    (example / "templates" / "messages").mkdir(parents=True)
    (example / "templates" / "messages" / "fr.yaml").write_text("contact_heading: Votre référent\n")
    text = cfo(run_cfo, example, "brief", "design-system-banque-regionale").stdout
    assert "## Votre référent" in text and "## Livrables" in text


@pytest.mark.parametrize(("template", "line", "message"), [
    ("{{ ''.__class__.__mro__ }}\n", 1, "refused by the sandbox"),
    ("line one\n{{ mission.__class__ }}\n", 2, "refused by the sandbox"),
    ("ok\n\n{{ nothing_here }}\n", 3, "undefined value"),
    ("{% if %}\n", 1, "template syntax error"),
    ("{{ mission.title.__class__.__base__.__subclasses__() }}\n", 1, "refused by the sandbox"),
])
def test_template_errors_are_findings(run_cfo, example, template, line, message):
    (example / "templates").mkdir()
    (example / "templates" / "brief.md.j2").write_text(template)
    result = cfo(run_cfo, example, "brief", "design-system-banque-regionale")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"templates/brief.md.j2:{line}: error [template] {message}")


def test_template_link_out_of_the_workspace_is_refused(run_cfo, example, tmp_path):
    (tmp_path / "evil.j2").write_text("{{ company.name }}")
    (example / "templates").mkdir()
    os.symlink(tmp_path / "evil.j2", example / "templates" / "brief.md.j2")
    result = cfo(run_cfo, example, "brief", "design-system-banque-regionale")
    assert result.exit_code == 1 and "link out of the workspace" in result.stderr


def test_generation_refuses_an_invalid_workspace(run_cfo, example):
    path = example / "roster" / "alice-martin.yaml"
    path.write_text(path.read_text().replace("daily_rate: 550", "daily_rate: -1"))
    result = cfo(run_cfo, example, "brief", "design-system-banque-regionale")
    assert result.exit_code == 1
    assert "roster/alice-martin.yaml:" in result.stderr and "fix them" in result.stderr
    assert result.stdout == ""


# -- onboarding -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_onboarding_pack(run_cfo, tmp_path, lang, fmt):
    target = tmp_path / "pack"
    result = cfo(run_cfo, REPO, "onboard", "chloe-dubois", "--lang", lang, "--format", fmt,
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in target.iterdir())
    assert names == sorted([f"admin.{fmt}", f"brief-design-system-banque-regionale.{fmt}",
                            f"company-guide.{fmt}", f"index.{fmt}", "missions.ics",
                            f"tools.{fmt}", f"welcome.{fmt}"])
    index = (target / f"index.{fmt}").read_text()
    for name in names:
        if not name.startswith("index."):
            assert name in index  # the index links every document
    welcome = (target / f"welcome.{fmt}").read_text()
    assert "Chloé Dubois" in welcome
    assert ("Bienvenue" if lang == "fr" else "Welcome") in welcome
    tools = (target / f"tools.{fmt}").read_text()
    assert "GitLab" in tools and "support@atelier-lumen.fr" in tools
    calendar = Calendar.from_ical((target / "missions.ics").read_bytes())
    [event] = calendar.walk("VEVENT")[:1]
    assert str(event["uid"]).startswith("assignment-design-system-banque-regionale-chloe-dubois")


def test_admin_checklist_shows_missing_and_expiring_documents(run_cfo, tmp_path):
    target = tmp_path / "pack"
    cfo(run_cfo, REPO, "onboard", "julie-fontaine", "--format", "md", "-o", str(target))
    admin = plain((target / "admin.md").read_text())
    assert "Attestation de vigilance URSSAF | 16 nov. 2026" in admin
    assert "Accord de confidentialité signé avant le démarrage | manquant" in admin
    assert "Montant du contrat HT — 24 640,00 €" in admin
    assert "L8222-1" in admin
    target2 = tmp_path / "pack2"
    cfo(run_cfo, REPO, "onboard", "chloe-dubois", "--format", "md", "-o", str(target2))
    admin = plain((target2 / "admin.md").read_text())
    # The attestation of 2 November 2026 must be renewed before the mission ends in June.
    assert "à renouveler avant le 2 mai 2027" in admin


def test_onboarding_zip_and_named_missions(run_cfo, tmp_path):
    target = tmp_path / "alice.zip"
    result = cfo(run_cfo, REPO, "onboard", "alice-martin", "--mission",
                 "refonte-site-fromagerie-vercors", "--zip", "-o", str(target))
    assert result.exit_code == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "onboarding-alice-martin/brief-refonte-site-fromagerie-vercors.html" in names
    assert not any("design-system" in n for n in names)


def test_onboarding_refuses_a_non_empty_folder(run_cfo, tmp_path):
    target = tmp_path / "pack"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = cfo(run_cfo, REPO, "onboard", "alice-martin", "-o", str(target))
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


# -- build ------------------------------------------------------------------------------------

def test_build_is_deterministic_and_complete(run_cfo, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert cfo(run_cfo, REPO, "build", "-o", str(first)).exit_code == 0
    assert cfo(run_cfo, REPO, "build", "-o", str(second)).exit_code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes()
    names = {str(p) for p in files}
    assert "missions/design-system-banque-regionale/brief.html" in names
    assert "missions/design-system-banque-regionale/alice-martin.md" in names
    assert not any("refonte-site-fromagerie-vercors" in n for n in names)  # closed
    assert not any("site-vitrine" in n for n in names)  # draft
    index = (first / "index.html").read_text()
    assert "missions/design-system-banque-regionale/alice-martin.html" in index
    # Its own folder again: nothing to write.
    again = cfo(run_cfo, REPO, "build", "-o", str(first))
    assert again.exit_code == 0 and f"wrote 0 files, {len(files) - 1} unchanged" in again.stderr


def test_golden_brief(run_cfo):
    text = cfo(run_cfo, REPO, "brief", "application-mobile-velo-partage", "--freelancer",
               "david-nguyen").stdout
    golden = HERE / "golden" / "brief-application-mobile-velo-partage-david-nguyen.fr.md"
    if os.environ.get("CFO_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == golden.read_text(encoding="utf-8")


def test_markdown_tables_survive_a_pipe_in_the_data(run_cfo, example):
    path = example / "missions" / "design-system-banque-regionale.yaml"
    path.write_text(path.read_text().replace("title: Inventaire des composants existants",
                                             "title: Inventaire | audit"))
    text = cfo(run_cfo, example, "brief", "design-system-banque-regionale").stdout
    assert "| Inventaire \\| audit | 29 janvier 2027 | à venir |" in text
