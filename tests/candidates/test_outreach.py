"""``cfo outreach``: the first message to a candidate, short enough for LinkedIn, telling a
stranger only what the mission lets us tell."""

from __future__ import annotations

import itertools
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.maker import DocumentMaker
from cfo_tools.documents.outreach import MAX_MESSAGE_CHARACTERS, first_sentence, outreach_message
from cfo_tools.planning.working_calendar import WorkingCalendar
from conftest import MISSION, REPO, TODAY

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CANDIDATE = """\
name: Inès Moreau
roles: [web-developer]
skills: [react]
source: {channel: referral, referred_by: Alice Martin}
stage: contacted
"""
SECRET = MISSION + "title: Refonte Maison Dupont\nbudget: 48000\n"


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, "outreach", *args)


@pytest.mark.parametrize(("args", "golden"), [
    (("ines-moreau", "--mission", "migration-cloud-transporteur"),
     "outreach-ines-moreau-migration-cloud-transporteur.fr.txt"),
    (("sophie-bernard", "--mission", "site-vitrine-cabinet-architectes", "--lang", "en"),
     "outreach-sophie-bernard-site-vitrine-cabinet-architectes.en.txt"),
    (("lucas-vidal", "--lang", "en", "--format", "md"), "outreach-lucas-vidal.en.md"),
])
def test_golden_messages(run_cfo, args, golden):
    result = cfo(run_cfo, REPO, *args)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if os.environ.get("CFO_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert unicodedata.normalize("NFC", result.stdout) == path.read_text(encoding="utf-8")


def _maker(root: Path, lang: str) -> DocumentMaker:
    workspace = validate_workspace(root, jobs=1).workspace
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company, locale=lang)
    return DocumentMaker(workspace, calendar, lang, date.fromisoformat(TODAY))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_packaged_message_fits_in_a_linkedin_message(lang):
    maker = _maker(REPO, lang)
    missions = [None, *sorted(maker.workspace.missions)]
    for candidate, mission in itertools.product(sorted(maker.workspace.candidates), missions):
        text = outreach_message(maker, candidate, mission_id=mission, fmt="txt")
        assert len(text.strip()) <= MAX_MESSAGE_CHARACTERS, (candidate, mission)


@pytest.mark.parametrize(("length", "refused"), [(1300, False), (1301, True)])
def test_a_workspace_template_too_long_is_a_clear_error(run_cfo, example, length, refused):
    (example / "templates").mkdir()
    (example / "templates" / "outreach.txt.j2").write_text(
        "{{ candidate.first_name }}" + "x" * (length - len("Inès")) + "\n")
    result = cfo(run_cfo, example, "ines-moreau")
    assert result.exit_code == (1 if refused else 0), result.stderr
    if refused:
        assert result.stderr.startswith("templates/outreach.txt.j2: error [template] ")
        assert ("1,301 characters long, more than the 1,300 a LinkedIn message takes"
                in result.stderr)
    # Markdown and HTML are not bound by LinkedIn's limit.
    assert cfo(run_cfo, example, "ines-moreau", "--format", "md").exit_code == 0


def test_client_title_and_budget_stay_private_unless_shareable(run_cfo, workspace):
    root = workspace({"candidates/ines.yaml": CANDIDATE,
                      "missions/dupont.yaml": SECRET.replace("title: Site\n", "")})
    private = cfo(run_cfo, root, "ines", "--mission", "dupont", "--lang", "en")
    assert private.exit_code == 0, private.stderr
    assert "Client" not in private.stdout and "Dupont" not in private.stdout
    assert "48" not in private.stdout and "budget" not in private.stdout.lower()
    shared = SECRET.replace("title: Site\n", "") + "brief: {shareable_client: true}\n"
    (root / "missions" / "dupont.yaml").write_text(shared)
    public = cfo(run_cfo, root, "ines", "--mission", "dupont", "--lang", "en")
    assert "The client: Client — Refonte Maison Dupont." in public.stdout
    assert "48" not in public.stdout


def test_place_and_remote_come_from_the_brief(run_cfo, workspace):
    mission = MISSION + "brief: {remote: true}\n"
    root = workspace({"candidates/ines.yaml": CANDIDATE, "missions/site.yaml": mission})
    text = cfo(run_cfo, root, "ines", "--mission", "site", "--lang", "en").stdout
    assert "(20 working days), remotely.\n" in text
    (root / "missions" / "site.yaml").write_text(MISSION)
    text = cfo(run_cfo, root, "ines", "--mission", "site", "--lang", "en").stdout
    assert "(20 working days).\n" in text


def test_html_escapes_what_the_files_say(run_cfo, workspace):
    hostile = CANDIDATE.replace("Inès Moreau", "<script>alert(1)</script> Moreau")
    root = workspace({"candidates/ines.yaml": hostile})
    html = cfo(run_cfo, root, "ines", "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(("args", "message"), [
    (("nobody",), "no candidate 'nobody' in candidates/"),
    (("ines", "--mission", "nowhere"), "no mission 'nowhere' in missions/"),
])
def test_unknown_names_are_usage_errors(run_cfo, workspace, args, message):
    root = workspace({"candidates/ines.yaml": CANDIDATE})
    result = cfo(run_cfo, root, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_workspace_with_errors_gets_no_message(run_cfo, workspace):
    root = workspace({"candidates/ines.yaml": CANDIDATE.replace("stage: contacted", "stage: x")})
    assert cfo(run_cfo, root, "ines").exit_code == 1


@pytest.mark.parametrize(("pitch", "sentence"), [
    ("Une agence. Qui fait des sites.", "Une agence."),
    ("Une agence\nsur deux lignes !  Et plus.", "Une agence sur deux lignes !"),
    ("Sans point final", "Sans point final"),
    ("Version 2.0 du site. Suite.", "Version 2.0 du site."),
])
def test_the_company_in_one_sentence(pitch, sentence):
    assert first_sentence(pitch) == sentence


def test_markdown_keeps_each_value_on_its_line(run_cfo, workspace):
    hostile = CANDIDATE.replace("Alice Martin", '"Alice\\n# All checks passed"')
    root = workspace({"candidates/ines.yaml": hostile})
    text = cfo(run_cfo, root, "ines", "--format", "md").stdout
    assert not any(line.startswith("# ") for line in text.splitlines())
    assert "Alice # All checks passed." in text
