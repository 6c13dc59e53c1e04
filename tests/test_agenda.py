"""``cfo agenda`` on a workspace where every kind of action is due, its formats, and the
calendar read back with icalendar. Today is Thursday 2026-11-26; five working days ahead end
on Thursday 2026-12-03."""

from __future__ import annotations

import re
from datetime import date

import icalendar
import pytest

from conftest import COMPANY, freelancer_yaml, json_report, mission_yaml

TEAM = COMPANY + "  - id: tg\n    name: Thomas Girard\n    email: tg@example.fr\n"

MISSION = mission_yaml("2026-11-02", "2026-12-18", ("ada", 100), status="in-progress").replace(
    "title: Mission", "title: Refonte") + """\
needs:
  - {id: design, role: ux-designer, start: 2026-12-01, days: 3}
deliverables:
  - {id: rev, title: Maquettes, due: 2026-12-10, status: submitted}
  - {id: due, title: Prototype, due: 2026-12-01, status: pending}
  - {id: far, title: Recette, due: 2026-12-18, status: pending}
checkins:
  - {date: 2026-11-20, freelancer: ada, by: pm, mood: good, next: 2026-12-02}
"""

OLD = mission_yaml("2026-10-05", "2026-11-20", ("bob", 50), status="in-review").replace(
    "owner: pm", "owner: tg").replace("title: Mission", "title: Ancienne")

CANDIDATE = """\
name: Claire Candidate
roles: [ux-designer]
skills: [figma]
source: {channel: referral}
stage: contacted
next_step: {date: 2026-11-30, action: Appeler Claire}
"""

REPORT = """\
entries:
  - mission: old
    days: {5: 0.5, 6: 0.5, 7: 0.5}
status: submitted
submitted_on: 2026-11-03
"""


def invoice(mission: str, due: str, status: str) -> str:
    return (f"number: F-{due}\nissued: 2026-11-02\nperiod: 2026-10\n"
            f"lines:\n  - {{mission: {mission}, days: 5, daily_rate: 500}}\n"
            f"amount: 2500\nvat_rate: 20\ntotal: 3000\ndue: {due}\nstatus: {status}\n")


# People read the agenda: freelancers by name, missions by title (ids stay in file and command).
FILES = {"company.yaml": TEAM,
         "roster/ada.yaml": freelancer_yaml().replace("name: Test", "name: Ada Lovelace"),
         "roster/bob.yaml": freelancer_yaml().replace("name: Test", "name: Bob Morane"),
         "missions/m.yaml": MISSION,
         "missions/old.yaml": OLD, "candidates/claire.yaml": CANDIDATE,
         "activity/2026-10/bob.yaml": REPORT,
         "invoices/ada/f1.yaml": invoice("m", "2026-12-20", "received"),
         "invoices/bob/f2.yaml": invoice("old", "2026-12-01", "approved"),
         "invoices/bob/f3.yaml": invoice("old", "2026-11-10", "received")}


@pytest.fixture
def root(workspace):
    return workspace(FILES)


def items(run_cfo, root, *args):
    result = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--format", "json",
                     *args)
    assert result.exit_code == 0, result.output
    return json_report(result)


def test_every_kind_of_action_soonest_first(run_cfo, root):
    report = items(run_cfo, root)
    assert (report["today"], report["until"], report["working_days"]) == (
        "2026-11-26", "2026-12-03", 5)
    found = [(i["day"], i["kind"], i["key"]) for i in report["items"]]
    assert found == [
        # Late: ada's paperwork was needed from the start of her booking, bob's review since
        # the end of his mission.
        ("2026-11-02", "paperwork", "paperwork-ada-registration-kbis"),
        ("2026-11-02", "paperwork", "paperwork-ada-vigilance-urssaf-vigilance"),
        ("2026-11-10", "invoice-late", "invoice-bob/f3"),
        # Submitted on 3 November: to approve within 5 working days (11 November is off).
        ("2026-11-10", "activity-approve", "activity-approve-2026-10-bob"),
        ("2026-11-20", "review", "review-old-bob"),
        ("2026-11-26", "deliverable-review", "deliverable-review-m-rev"),
        ("2026-11-26", "invoice-approve", "invoice-ada/f1"),
        ("2026-11-26", "paperwork", "paperwork-ada-siret-siret"),
        ("2026-11-30", "candidate", "candidate-claire"),
        ("2026-12-01", "deliverable-due", "deliverable-m-due"),
        ("2026-12-01", "invoice-pay", "invoice-bob/f2"),
        ("2026-12-01", "need", "need-m-design"),
        ("2026-12-02", "checkin", "checkin-m-ada"),
    ]
    late = [i["key"] for i in report["items"] if i["late"]]
    assert late == ["paperwork-ada-registration-kbis",
                    "paperwork-ada-vigilance-urssaf-vigilance", "invoice-bob/f3",
                    "activity-approve-2026-10-bob", "review-old-bob"]
    review = report["items"][5]
    assert (review["file"], review["command"], review["owner"]) == (
        "missions/m.yaml", "cfo acceptance m rev", "pm")


def test_the_window_is_counted_in_working_days(run_cfo, root):
    # Two working days after Thursday: Friday and Monday; the need on Tuesday is left out.
    keys = [i["key"] for i in items(run_cfo, root, "--days", "2")["items"]]
    assert "candidate-claire" in keys and "need-m-design" not in keys
    # Ten: the deliverable due on 2026-12-10 (to review already) and nothing beyond.
    keys = [i["key"] for i in items(run_cfo, root, "--days", "10")["items"]]
    assert "deliverable-m-far" not in keys
    keys = [i["key"] for i in items(run_cfo, root, "--days", "16")["items"]]
    assert "deliverable-m-far" in keys


@pytest.mark.parametrize(("days", "listed"), [(6, False), (7, True)])
def test_reports_are_due_on_the_fifth_working_day_of_the_next_month(run_cfo, root, days,
                                                                      listed):
    # November's reports are due on Monday 2026-12-07, the 7th working day after today.
    keys = [i["key"] for i in items(run_cfo, root, "--days", str(days))["items"]]
    assert ("activity-missing-2026-11-ada" in keys) is listed
    assert ("activity-missing-2026-11-bob" in keys) is listed
    if listed:
        item = next(i for i in items(run_cfo, root, "--days", "7")["items"]
                    if i["key"] == "activity-missing-2026-11-ada")
        assert (item["file"], item["command"], item["owner"]) == (
            "activity/2026-11/ada.yaml", "cfo activity new ada --month 2026-11", "pm")


def test_owner_keeps_the_missions_of_one_team_member(run_cfo, root):
    keys = [i["key"] for i in items(run_cfo, root, "--owner", "tg")["items"]]
    assert keys == ["invoice-bob/f3", "activity-approve-2026-10-bob", "review-old-bob",
                    "invoice-bob/f2"]
    assert run_cfo("-C", str(root), "agenda", "--owner", "nobody").exit_code == 2


def test_the_owner_is_named_as_people_call_them(run_cfo, root):
    assert items(run_cfo, root, "--owner", "tg")["owner_name"] == "Thomas Girard"
    args = ("-C", str(root), "--today", "2026-11-26", "agenda", "--owner", "tg", "--lang", "en")
    assert "missions of Thomas Girard" in run_cfo(*args).stdout.splitlines()[0]
    calendar = icalendar.Calendar.from_ical(run_cfo(*args, "--format", "ics").stdout)
    assert str(calendar["x-wr-calname"]) == "cfo agenda — Thomas Girard"


def test_text_and_markdown(run_cfo, root):
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--lang", "en").stdout
    assert text.startswith("Agenda from Thu 2026-11-26 to Thu 2026-12-03 (5 working days)")
    assert "Late\n  - due 2026-11-02: " in text
    assert "    missions/m.yaml — cfo acceptance m rev\n" in text
    assert ("  - Check in with Ada Lovelace on Refonte (planned at the check-in of "
            "2026-11-20)\n") in text
    markdown = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--format",
                       "markdown", "--lang", "en").stdout
    assert markdown.startswith("## Agenda from Thu 2026-11-26")
    assert "### Late" in markdown and "### Mon 2026-11-30" in markdown


def test_the_agenda_speaks_the_workspace_language(run_cfo, root):
    """French by default (company.yaml's locale): the frame and every action."""
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda").stdout
    assert text.startswith("Agenda du jeu. 2026-11-26 au jeu. 2026-12-03 (5 jours ouvrés)")
    # In French typography: a narrow no-break space before ":" and inside « ».
    assert ("En retard\n  - échéance 2026-11-02\u202f: Extrait Kbis\u202f: à demander à "
            "Ada Lovelace (pour Refonte)") in text
    assert "  - Relire «\u202fMaquettes\u202f» (rev) sur Refonte, livré\u202f: l'accepter" in text
    assert "jeu. 2026-11-26 (aujourd'hui)\n" in text
    assert ("  - Faire le point avec Ada Lovelace sur Refonte (prévu lors du point du "
            "2026-11-20)\n"
            in text)
    assert "  - Payer la facture F-2026-12-01 (Bob Morane)\n" in text
    for english in ("Check in", "Review", "Pay invoice", "due on", "missing", "Late"):
        assert english not in text
    report = items(run_cfo, root)
    assert report["lang"] == "fr"
    # JSON keeps the catalogue's words as written.
    assert report["items"][5]["action"] == ("Relire « Maquettes » (rev) sur Refonte, livré : "
                                            "l'accepter ou demander des corrections")
    ics = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--format",
                  "ics").stdout_bytes
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    late = events["agenda-review-old-bob@cfo-tools"]
    assert str(late["summary"]).startswith("EN RETARD\u202f: Évaluer le travail réalisé par "
                                           "Bob Morane")
    markdown = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--format",
                       "markdown").stdout
    assert "**Extrait Kbis\u202f: à demander à Ada Lovelace (pour Refonte)**" in markdown


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_action_has_its_words_in_each_language(root, lang):
    from cfo_tools.checks.runner import calendar_of
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.documents.templating import load_messages
    from cfo_tools.steering.agenda import build_agenda

    report = validate_workspace(root, jobs=1)
    calendar = calendar_of(report)
    assert calendar is not None
    agenda = build_agenda(report.workspace, calendar, today=date(2026, 11, 26), days=10)
    words = load_messages(root, lang)
    kinds = set()
    for item in agenda.items:
        action = item.action_in(words)
        assert "{" not in action and "agenda_" not in action and "kind_" not in action, action
        kinds.add(item.kind)
    assert len(kinds) == 12  # every kind of action was said


def test_a_workspace_may_reword_an_action(run_cfo, root):
    """Its words fill placeholders only: no attribute of a value is reached, and a value
    holding a placeholder stays as written."""
    (root / "templates" / "messages").mkdir(parents=True)
    (root / "templates" / "messages" / "fr.yaml").write_text(
        'agenda_invoice_pay: "Régler {number} {freelancer.__class__} {nope}"\n')
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda").stdout
    assert "  - Régler F-2026-12-01 {freelancer.__class__} {nope}\n" in text


def test_nothing_due(run_cfo, workspace):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "agenda", "--lang", "en").stdout
    assert "Nothing due." in text
    assert "Rien à faire." in run_cfo("-C", str(root), "--today", "2026-11-26", "agenda").stdout


def test_missing_reports_are_those_cfo_check_warns_about(run_cfo, root):
    """One answer to "whose report of which month is missing" for check and agenda."""
    check = run_cfo("-C", str(root), "--today", "2026-12-10", "check", "--format", "json")
    warned = sorted(re.search(r"activity/\S+\.yaml", f["message"]).group()
                    for f in json_report(check)["warnings"] if f["rule"] == "activity-missing")
    result = run_cfo("-C", str(root), "--today", "2026-12-10", "agenda", "--format", "json")
    listed = sorted(i["file"] for i in json_report(result)["items"]
                    if i["kind"] == "activity-missing")
    assert warned == listed == ["activity/2026-11/ada.yaml", "activity/2026-11/bob.yaml"]


def test_a_need_says_its_role_by_the_company_label_in_each_language(run_cfo, workspace):
    company = TEAM + ("vocabulary:\n  roles:\n"
                      "    ux-designer: {fr: Designer UX, en: UX designer}\n")
    root = workspace({**FILES, "company.yaml": company})
    actions = {}
    for lang in ("fr", "en"):
        report = items(run_cfo, root, "--lang", lang)
        actions[lang] = next(i["action"] for i in report["items"] if i["kind"] == "need")
    assert "(Designer UX)" in actions["fr"] and "(UX designer)" in actions["en"]
    assert "ux-designer" not in actions["fr"] + actions["en"]


def test_each_contracts_paperwork_is_resolved_again_only_when_its_files_change(
        run_cfo, root, monkeypatch):
    """With the cache, a contract's paperwork is kept under its freelancer's and mission's
    content keys and the day: after an edit only the contracts it touched are resolved
    again, and the agenda is the one ``--no-cache`` gives."""
    from cfo_tools.checks.follow_up.context import FollowUpContext

    asked: list[tuple[str, str]] = []
    real = FollowUpContext.admin_items

    def spy(self, freelancer, mission):  # type: ignore[no-untyped-def]
        asked.append((freelancer.id, mission.id))
        return real(self, freelancer, mission)

    monkeypatch.setattr(FollowUpContext, "admin_items", spy)

    first = items(run_cfo, root, "--days", "20")
    assert any(i["kind"] == "paperwork" for i in first["items"]) and asked
    asked.clear()
    assert items(run_cfo, root, "--days", "20") == first
    assert asked == []
    (root / "roster/ada.yaml").write_text(
        freelancer_yaml().replace("name: Test", "name: Ada Lovelace") + "# relu\n",
        encoding="utf-8")
    asked.clear()
    assert items(run_cfo, root, "--days", "20") == first
    assert asked == [("ada", "m")]
    without = run_cfo("-C", str(root), "--today", "2026-11-26", "--no-cache", "agenda",
                      "--format", "json", "--days", "20")
    assert json_report(without) == first
