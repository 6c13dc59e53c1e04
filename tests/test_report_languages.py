"""The human outputs of ``status``, ``requests``, ``pipeline``, ``find``, ``talent``,
``conflicts`` and ``planning`` speak the company's language (``locale``, French when none),
or the one ``--lang`` asks for; their words are the messages catalogue's, which a workspace
may reword; their JSON is the same in every language."""

from __future__ import annotations

import pytest

from conftest import COMPANY, freelancer_yaml, mission_yaml

TODAY = "2026-11-26"
FILES = {
    "roster/ada.yaml": freelancer_yaml(),
    "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("ada", 50),
                                    status="in-progress")
    + "needs:\n  - {id: dev, role: ux-designer, start: 2026-12-07, days: 5}\n",
    "candidates/zoe.yaml": "name: Zoé\nroles: [web-developer]\nskills: []\n"
                           "source: {channel: referral}\nstage: interested\n",
}
FIND = ("find", "--start", "2026-12-07", "--days", "5")

#: (command, what it says in English, in French, a key of the line it says it with).
REPORTS = [
    (("status",), "Missions in flight on Thu", "Missions en cours au jeu.", "board_title"),
    (("status", "--format", "markdown"), "## Missions in flight —", "## Missions en cours —",
     "board_heading"),
    (("requests",), "Requests as of", "Demandes au", "requests_title"),
    (("requests", "--format", "markdown"), "| when | working days |",
     "| période | jours ouvrés |", "requests_when"),
    (("pipeline",), "Candidate pipeline on", "Vivier de candidats au", "pipeline_title"),
    (FIND, "(5 working days)", "(5 jours ouvrés)", "report_working_days_other"),
    (("find", "--mission", "m"), "Need dev on m", "Besoin dev sur m", "find_need"),
    (("talent",), "freelancer status", "freelance statut", "talent_freelancer"),
    (("conflicts",), "No conflicts.", "Aucun conflit.", "conflicts_none"),
    (("planning", "--from", TODAY, "--weeks", "2"), "Load per week", "Charge par semaine",
     "planning_text_title"),
]
CASES = [pytest.param(*report, id=" ".join(report[0])) for report in REPORTS]
JSON = [("status",), ("requests",), ("pipeline",), FIND, ("talent",), ("conflicts",)]


def _said(run_cfo, root, command, *args):
    result = run_cfo("-C", str(root), "--today", TODAY, *command, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(("command", "english", "french", "key"), CASES)
def test_the_locale_chooses_the_language_and_lang_beats_it(workspace, run_cfo, command,
                                                           english, french, key):
    root = workspace(FILES)
    said = _said(run_cfo, root, command)
    assert french in said and english not in said  # no locale: French
    (root / "company.yaml").write_text(COMPANY + "locale: en\n", encoding="utf-8")
    assert english in _said(run_cfo, root, command)
    said = _said(run_cfo, root, command, "--lang", "fr")
    assert french in said and english not in said


@pytest.mark.parametrize(("command", "english", "french", "key"), CASES)
def test_the_workspace_rewords_a_message(workspace, run_cfo, command, english, french, key):
    root = workspace({**FILES, "templates/messages/fr.yaml": f"{key}: Nos propres mots\n"})
    said = _said(run_cfo, root, command)
    assert "Nos propres mots" in said and french not in said
    assert english in _said(run_cfo, root, command, "--lang", "en")


@pytest.mark.parametrize("command", JSON, ids=" ".join)
def test_json_is_the_same_in_every_language(workspace, run_cfo, command):
    root = workspace(FILES)
    outputs = {_said(run_cfo, root, command, "--format", "json", "--lang", lang)
               for lang in ("fr", "en")}
    assert len(outputs) == 1


def test_a_mission_state_the_catalogue_names_is_shown_by_its_label(workspace, run_cfo):
    root = workspace({**FILES, "templates/messages/en.yaml": "status_in-progress: underway\n"})
    said = _said(run_cfo, root, ("status", "--lang", "en"))
    assert "m [underway] — Mission (Client)" in said
    assert '"status": "in-progress"' in _said(run_cfo, root, ("status", "--format", "json"))


def test_talent_alerts_in_french(workspace, run_cfo):
    review = ("reviews:\n  - {freelancer: ada, date: 2026-08-31, quality: 5, deadlines: 4, "
              "communication: 5, rehire: true}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission_yaml("2026-06-01", "2026-08-28", ("ada", 100),
                                                      status="closed") + review})
    said = _said(run_cfo, root, ("talent",))
    assert ("Appelez-les avant la concurrence (meilleurs profils sans réservation depuis plus "
            "de 60 jours et sans rien à venir) :\n  ada — moyenne 4,7, dernière mission "
            "terminée le 2026-08-28\n") in said
