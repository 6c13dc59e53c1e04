"""Steering views and letters as the command line gives them: the status board, talent,
requests for changes and acceptance notes. --today is always fixed."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, json_report, mission_yaml


def deliverables(*items: tuple[str, str, str]) -> str:
    text = "deliverables:\n"
    for ident, due, status in items:
        text += f"  - {{id: {ident}, title: {ident.title()}, due: {due}, status: {status}}}\n"
    return text


REVIEW = ("reviews:\n  - {freelancer: ada, date: 2026-02-02, quality: 5, deadlines: 4, "
          "communication: 5, rehire: true}\n")


def test_status_board(workspace, run_cfo):
    text = mission_yaml("2026-11-16", "2026-12-18", ("ada", 100), status="in-progress")
    text += deliverables(("soon", "2026-12-03", "pending"), ("late", "2026-11-20", "pending"),
                         ("check", "2026-11-25", "submitted"), ("ok", "2026-11-20", "accepted"))
    text += ("  - {id: fix, title: Fix, due: 2026-12-10, status: changes-requested, "
             "feedback: Revoir}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text,
                      "missions/old.yaml": mission_yaml("2026-10-05", "2026-10-30", ("ada", 50),
                                                        status="in-review")})
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--format",
                                 "json"))
    [old, mission] = report["missions"]  # by end date
    assert (mission["elapsed_working_days"], mission["left_working_days"]) == (9, 16)
    assert [d["id"] for d in mission["due_soon"]] == ["soon"]
    assert sorted(d["id"] for d in mission["overdue"]) == ["check", "late"]
    assert [d["id"] for d in mission["waiting_validation"]] == ["check"]
    assert [d["id"] for d in mission["corrections"]] == ["fix"]
    assert old["left_working_days"] == 0
    assert report["ended_without_reviews"] == [
        {"mission": "old", "end": "2026-10-30", "freelancers": ["ada"]}]
    assert mission["last_checkin"] is None and old["last_checkin"] is None
    # 9 of 25 planned days used (36 %), 1 of 5 deliverables accepted (20 %): 16 points.
    assert mission["drift"] == {"days_used_percent": 36, "accepted_percent": 20, "points": 16}
    assert mission["drifting"] is False
    markdown = run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--format",
                       "markdown", "--lang", "en").stdout
    assert markdown.startswith("## Missions in flight — 2026-11-26")
    assert "| Mission | Status |" in markdown
    # No locale in company.yaml: French.
    markdown = run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--format",
                       "markdown").stdout
    assert markdown.startswith("## Missions en cours — 2026-11-26")
    assert "| Mission | Statut |" in markdown and "| en cours |" in markdown
    assert run_cfo("-C", str(root), "status", "--owner", "nobody").exit_code == 2


@pytest.mark.parametrize(("end", "alert"), [("2026-09-27", False), ("2026-09-26", True)])
def test_idle_top_performer_exactly_sixty_days(workspace, run_cfo, end, alert):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "missions/m.yaml": mission_yaml("2026-09-01", end, ("ada", 100), status="closed")
        + REVIEW,
    })
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "talent",
                                 "--format", "json"))
    assert (report["alerts"]["idle_top_performers"] == ["ada"]) is alert
    [row] = report["freelancers"]
    assert row["top_performer"] and row["average"] == 4.67 and row["rehire_share"] == 1.0
    assert row["last_mission_end"] == end and row["next_free"] == "2026-11-26"


def test_talent_upcoming_booking_is_no_alert_and_missing_reviews_are(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(),
        "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100), ("bob", 50),
                                        status="in-review"),
        "missions/n.yaml": mission_yaml("2027-01-04", "2027-01-29", ("ada", 100)),
    })
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "talent",
                                 "--format", "json"))
    assert report["alerts"]["idle_top_performers"] == []
    assert report["alerts"]["missing_reviews"] == [{"freelancer": "ada", "mission": "m"},
                                                   {"freelancer": "bob", "mission": "m"}]
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "talent", "--role",
                   "web-developer", "--lang", "en").stdout
    assert "Finished missions with no review recorded:\n  ada on m\n  bob on m\n" in text
    text = run_cfo("-C", str(root), "--today", "2026-11-26", "talent", "--role",
                   "web-developer").stdout
    assert "Missions terminées sans évaluation enregistrée\u202f:\n  ada sur m\n" in text


def test_request_changes_letter(workspace, run_cfo):
    text = mission_yaml("2026-11-16", "2026-12-18", ("ada", 100), status="in-progress")
    text += ("deliverables:\n  - {id: v1, title: Maquettes, due: 2026-11-20, "
             "status: changes-requested, feedback: \"Contraste insuffisant <b>ici</b>\"}\n"
             "  - {id: v2, title: Site, due: 2026-12-18, status: accepted}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    letter = run_cfo("-C", str(root), "--today", "2026-11-26", "request-changes", "m", "v1",
                     "--due", "+1w").stdout
    assert "# Demande de corrections — Maquettes" in letter
    # Data never opens an HTML tag in Markdown (a previewer would run it).
    assert "> Contraste insuffisant &lt;b&gt;ici&lt;/b&gt;" in letter
    assert "jeudi 3 décembre 2026" in letter and "vendredi 20 novembre 2026" in letter
    html = run_cfo("-C", str(root), "--today", "2026-11-26", "request-changes", "m", "v1",
                   "--format", "html", "--lang", "en").stdout
    assert "Request for changes" in html and "&lt;b&gt;ici&lt;/b&gt;" in html
    # default: five working days after today
    assert "Thursday, December 3, 2026" in html
    note = run_cfo("-C", str(root), "--today", "2026-11-26", "acceptance", "m", "v2").stdout
    assert "Procès-verbal d'acceptation" in note and "jeudi 26 novembre 2026" in note
    assert run_cfo("-C", str(root), "acceptance", "m", "v1").exit_code == 2
    assert run_cfo("-C", str(root), "request-changes", "m", "v2").exit_code == 2
    assert run_cfo("-C", str(root), "request-changes", "m", "nope").exit_code == 2


def test_latest_document_is_the_last_issued_then_the_last_listed():
    from cfo_tools.model.building import build_freelancer
    from cfo_tools.steering.compliance import latest

    def person(documents):
        return build_freelancer("ada", "roster/ada.yaml", {
            "name": "A", "email": "a@example.fr", "roles": ["dev"], "skills": [],
            "daily_rate": 1, "status": "active", "documents": documents})

    documents = [{"kind": "rc-pro", "issued": "2026-01-01", "reference": str(i)}
                 for i in range(12)]
    documents.insert(3, {"kind": "rc-pro", "issued": "2026-06-01", "reference": "newest"})
    assert latest(person(documents), "rc-pro").reference == "newest"
    documents[3]["issued"] = "2026-01-01"
    # A tie goes to the one listed last, even past ten documents ("/documents/12" < "/9").
    assert latest(person(documents), "rc-pro").reference == "11"
    assert latest(person(documents), "kbis") is None


def test_status_shows_the_last_check_in_and_the_drift(workspace, run_cfo):
    text = mission_yaml("2026-11-16", "2026-11-27", ("ada", 100), status="in-progress")
    text += deliverables(("one", "2026-11-27", "pending"))
    text += ("checkins:\n  - {date: 2026-11-18, freelancer: ada, by: pm, mood: ok}\n"
             "  - {date: 2026-11-24, freelancer: ada, by: pm, mood: concern}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    report = json_report(run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--format",
                                 "json"))
    [mission] = report["missions"]
    assert mission["last_checkin"] == {"date": "2026-11-24", "freelancer": "ada", "by": "pm",
                                       "mood": "concern"}
    assert mission["drift"] == {"days_used_percent": 90, "accepted_percent": 0, "points": 90}
    assert mission["drifting"] is True
    out = run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--lang", "en").stdout
    assert ("last check-in 2026-11-24 with ada, concern; 90% of the planned days used, "
            "0% of the deliverables accepted (DRIFTING)") in out
    out = run_cfo("-C", str(root), "--today", "2026-11-26", "status").stdout
    assert ("dernier point le 2026-11-24 avec ada, préoccupant\u202f; 90\u00a0% des jours "
            "prévus consommés, 0\u00a0% des livrables acceptés (DÉRIVE)") in out


@pytest.mark.parametrize("only", [{}, {"role": "ux-designer"}, {"skill": "python"}])
def test_talent_rows_on_every_core_are_those_made_here(monkeypatch, only):
    """With many bookings, slices of the roster are made in forked workers (the example's
    roster, with reviews and missions without reviews): the same report as on one core."""
    import multiprocessing
    from datetime import date

    from cfo_tools.checks.runner import calendar_of
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.steering import talent
    from conftest import REPO

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the rows go to other cores only where workers can be forked")
    report = validate_workspace(REPO, jobs=1)
    calendar = calendar_of(report)
    today = date(2026, 11, 26)
    here = talent.talent_report(report.workspace, calendar, today=today, jobs=1, **only)
    monkeypatch.setattr(talent, "PARALLEL_BOOKINGS", 1)
    assert talent.talent_report(report.workspace, calendar, today=today, jobs=2,
                                **only) == here
    assert here.rows and (only or here.unreviewed)
