"""Documents addressed to one freelancer: golden files in each language, their own part, and
nothing of anyone else (issue 14)."""

from __future__ import annotations

import os
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar

from cfo_tools.documents.templating import format_money
from cfo_tools.loading.yaml_documents import parse_document
from conftest import REPO

TODAY = "2026-11-26"
GOLDEN = Path(__file__).parent / "golden"


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


def check_golden(text: str, name: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CFO_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """Alice's onboarding pack in both languages and both formats."""
    from click.testing import CliRunner

    from cfo_tools.cli.main import cli

    made = {}
    for lang in ("fr", "en"):
        for fmt in ("md", "html"):
            out = tmp_path_factory.mktemp(f"pack-{lang}-{fmt}")
            result = CliRunner().invoke(cli, ["-C", str(REPO), "--today", TODAY, "onboard",
                                              "alice-martin", "--lang", lang, "--format", fmt,
                                              "-o", str(out / "p")])
            assert result.exit_code == 0, result.output
            made[lang, fmt] = out / "p"
    return made


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_addressed_brief(run_cfo, lang):
    text = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "--freelancer",
               "alice-martin", "--lang", lang).stdout
    check_golden(text, f"brief-design-system-banque-regionale-alice-martin.{lang}.md")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_golden_welcome_letter_and_calendar(packs, lang):
    folder = packs[lang, "md"]
    check_golden((folder / "welcome.md").read_text(encoding="utf-8"),
                 f"welcome-alice-martin.{lang}.md")
    check_golden((folder / "missions.ics").read_bytes().decode("utf-8").replace("\r\n", "\n"),
                 f"missions-alice-martin.{lang}.ics")


def test_letter_schedule_and_calendar_use_her_own_dates(packs):
    folder = packs["en", "md"]
    welcome = (folder / "welcome.md").read_text(encoding="utf-8")
    brief = (folder / "brief-design-system-banque-regionale.md").read_text(encoding="utf-8")
    period = "Monday, January 4, 2027 to Wednesday, March 31, 2027"
    assert period in welcome and period in brief
    assert "January 4, 2027 to March 31, 2027" in welcome  # the list of her missions
    assert "June 30" not in welcome
    calendar = Calendar.from_ical((folder / "missions.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    stay = events["assignment-design-system-banque-regionale-alice-martin@cfo-tools"]
    assert str(stay.decoded("DTSTART")) == "2027-01-04"
    assert str(stay.decoded("DTEND")) == "2027-04-01"  # exclusive: the 31st is her last day
    assert "2027-06-30" not in str(stay["DESCRIPTION"])
    assert "2027-03-31" in str(stay["DESCRIPTION"])
    due = sorted(str(e.decoded("DTSTART")) for uid, e in events.items()
                 if uid.startswith("deliverable-"))
    assert due == ["2027-01-29", "2027-03-31"]  # the one due on 25 June is after she leaves


def test_the_calendar_carries_company_closures_in_her_period(workspace, run_cfo, tmp_path):
    from conftest import COMPANY, freelancer_yaml, mission_yaml

    company = COMPANY + ("closures:\n"
                         "  - {from: 2026-12-24, to: 2027-01-01, reason: {fr: Fermeture, "
                         "en: Year-end closure}}\n"
                         "  - {from: 2027-08-09, to: 2027-08-20, reason: Été}\n")
    mission = mission_yaml("2026-12-01", "2027-01-29", ("ada", 100), status="in-progress")
    mission += ("deliverables:\n  - {id: v1, title: Maquettes, due: 2027-01-15, "
                "status: pending}\n")
    root = workspace({"company.yaml": company, "roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission})
    result = cfo(run_cfo, root, "onboard", "ada", "--lang", "en", "-o", str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical((tmp_path / "p" / "missions.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    closure = events["closure-2026-12-24@cfo-tools"]
    assert str(closure["SUMMARY"]) == "Closure: Year-end closure"
    assert str(closure.decoded("DTEND")) == "2027-01-02"
    assert "closure-2027-08-09@cfo-tools" not in events  # after her period
    assert str(events["deliverable-m-v1@cfo-tools"].decoded("DTSTART")) == "2027-01-15"


def test_an_english_html_brief_marks_the_french_passages(run_cfo):
    html = cfo(run_cfo, REPO, "brief", "tableau-de-bord-ventes-cooperative", "--lang", "en",
               "--format", "html").stdout
    # This mission's brief is French only: its passages say so; the company's are English.
    assert '<span lang="fr">' in html
    assert "Atelier Lumen is a 14-person digital agency" in html
    english = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale", "--lang", "en",
                  "--format", "html").stdout
    assert "Build the bank&#39;s design system" in english
    assert "Construire le design system" not in english


def test_an_addressed_document_is_in_the_freelancers_language(workspace, run_cfo):
    from conftest import COMPANY, freelancer_yaml, mission_yaml

    root = workspace({
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(languages="en, fr"),
        "roster/bob.yaml": freelancer_yaml(languages="de"),
        "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100),
                                        ("bob", 100)),
    })
    english = cfo(run_cfo, root, "brief", "m", "--freelancer", "ada")
    assert "Prepared for" in english.stdout and english.stderr == ""
    german = cfo(run_cfo, root, "brief", "m", "--freelancer", "bob")
    assert "Document préparé pour" in german.stdout  # no template in German: the locale
    assert "does not list 'fr' among their languages (de)" in german.stderr
    forced = cfo(run_cfo, root, "brief", "m", "--freelancer", "ada", "--lang", "fr")
    assert forced.stderr == ""


# -- nothing of anyone else --------------------------------------------------------------------

def _spellings(value: str) -> set[str]:
    """A phone number or a name as it may be printed: as written, without spaces, with
    no-break spaces."""
    return {value, value.replace(" ", ""), value.replace(" ", "\xa0"),
            value.replace(" ", "\u202f")}


def _secrets(freelancer_id: str) -> list[str]:
    data = parse_document((REPO / "roster" / f"{freelancer_id}.yaml").read_bytes(),
                          REPO / "roster" / f"{freelancer_id}.yaml", "x").data
    rate = Decimal(str(data["daily_rate"]))
    found = set(_spellings(data["name"])) | {data["email"]}
    if data.get("phone"):
        found |= _spellings(data["phone"])
    for lang in ("fr", "en"):
        found.add(format_money(rate, "EUR", lang=lang))
    return sorted(found)


def _shows(text: str, secret: str) -> bool:
    """Whether ``secret`` is in ``text`` as itself, not inside a larger amount
    (480,00 € in 34 480,00 €)."""
    return re.search(r"(?<![\d\u202f\xa0,.])" + re.escape(secret) + r"(?!\d)", text) is not None


def _assigned_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted((REPO / "missions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        people = re.findall(r"^  - freelancer: ([a-z0-9-]+)$", text, re.MULTILINE)
        pairs += [(path.stem, p) for p in dict.fromkeys(people)]
    return pairs


ROSTER = sorted(p.stem for p in (REPO / "roster").glob("*.yaml"))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_document_addressed_to_one_freelancer_shows_another(run_cfo, tmp_path, lang, fmt):
    documents: dict[str, list[str]] = {}
    for mission, person in _assigned_pairs():
        result = cfo(run_cfo, REPO, "brief", mission, "--freelancer", person, "--lang", lang,
                     "--format", fmt)
        assert result.exit_code == 0, result.output
        documents.setdefault(person, []).append(result.stdout)
        for kind, deliverable in (("acceptance", None), ("request-changes", None)):
            text = (REPO / "missions" / f"{mission}.yaml").read_text(encoding="utf-8")
            wanted = "accepted" if kind == "acceptance" else "changes-requested"
            ids = re.findall(rf"- id: ([a-z0-9-]+)\n.*\n.*\n    status: {wanted}", text)
            for deliverable in ids[:1]:
                letter = cfo(run_cfo, REPO, kind, mission, deliverable, "--freelancer",
                             person, "--lang", lang, "--format", fmt, "--due", "2027-06-30") \
                    if kind == "request-changes" else \
                    cfo(run_cfo, REPO, kind, mission, deliverable, "--freelancer", person,
                        "--lang", lang, "--format", fmt)
                assert letter.exit_code == 0, letter.output
                documents[person].append(letter.stdout)
    for person in ROSTER:
        out = tmp_path / person
        result = cfo(run_cfo, REPO, "onboard", person, "--lang", lang, "--format", fmt,
                     "-o", str(out))
        assert result.exit_code == 0, result.output
        documents.setdefault(person, []).extend(
            p.read_bytes().decode("utf-8") for p in sorted(out.iterdir()))
    assert len(documents) >= 6
    for person, texts in documents.items():
        others = [o for o in ROSTER if o != person]
        own = set(_secrets(person))
        for other in others:
            for secret in _secrets(other):
                if secret in own:
                    continue  # the same rate as theirs is theirs to see
                for text in texts:
                    if fmt == "html":
                        text = text.replace("&#39;", "'")
                    assert not _shows(text, secret), (person, other, secret)


def test_markdown_status_shows_names_not_ids(run_cfo):
    text = cfo(run_cfo, REPO, "status", "--format", "markdown").stdout
    assert "Bruno Lefèvre, Hugo Lambert" in text
    assert "bruno-lefevre" not in text


def test_documents_show_labels_not_ids(run_cfo):
    text = cfo(run_cfo, REPO, "brief", "design-system-banque-regionale").stdout
    assert "Designer UX" in text and "Développeur web" in text
    for raw in ("ux-designer", "web-developer", "design-system"):
        assert raw not in text.replace("design-system-banque-regionale", "")
