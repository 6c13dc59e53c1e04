"""Steering missions to the end: status rules, dates against today, compliance, dependence,
status board, talent, and the letters about deliverables. --today is always fixed."""

from __future__ import annotations

import pytest

from conftest import COMPANY, company_yaml, freelancer_yaml, json_report, mission_yaml, places


def check(run_cfo, root, today="2026-11-26", *extra):
    result = run_cfo("-C", str(root), "--today", today, "check", "--format", "json", *extra)
    report = json_report(result)
    return report, [(f["file"], f["rule"], f["severity"])
                    for f in report["errors"] + report["warnings"]]


def deliverables(*items: tuple[str, str, str]) -> str:
    text = "deliverables:\n"
    for ident, due, status in items:
        text += f"  - {{id: {ident}, title: {ident.title()}, due: {due}, status: {status}}}\n"
    return text


REVIEW = ("reviews:\n  - {freelancer: ada, date: 2026-02-02, quality: 5, deadlines: 4, "
          "communication: 5, rehire: true}\n")


# -- status consistency (validation rules) --------------------------------------------------

@pytest.mark.parametrize("status", ["staffed", "in-progress", "in-review", "validated", "closed"])
def test_staffed_and_later_need_an_assignment(findings_of, status):
    files = {"missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", status=status)}
    assert ("missions/m.yaml", 4, "status-assignments") in places(findings_of(files))


@pytest.mark.parametrize("status", ["draft", "open", "cancelled"])
def test_early_statuses_need_no_assignment(findings_of, status):
    files = {"missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", status=status)}
    assert findings_of(files) == []


@pytest.mark.parametrize(("status", "deliverable", "bad"), [
    ("in-review", "pending", True), ("in-review", "submitted", False),
    ("in-review", "changes-requested", False), ("validated", "submitted", True),
    ("closed", "changes-requested", True), ("closed", "accepted", False),
    ("in-progress", "pending", False),
])
def test_deliverables_match_the_status(findings_of, status, deliverable, bad):
    text = mission_yaml("2026-01-05", "2026-01-30", ("ada", 100), status=status)
    text += deliverables(("v1", "2026-01-20", deliverable)).replace(
        "status: changes-requested}", "status: changes-requested, feedback: Revoir}")
    if status in ("validated", "closed"):
        text += REVIEW
    files = {"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text}
    rules = [rule for _, _, rule in places(findings_of(files))]
    assert ("status-deliverables" in rules) is bad


def test_closed_needs_reviews_validated_should_have_them(findings_of):
    closed = mission_yaml("2026-01-05", "2026-01-30", ("ada", 100), status="closed")
    found = findings_of({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": closed})
    assert [(f.line, f.rule, f.severity) for f in found] == [(8, "missing-review", "error")]
    validated = closed.replace("status: closed", "status: validated")
    found = findings_of({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": validated})
    assert [(f.rule, f.severity) for f in found] == [("missing-review", "warning")]
    reviewed = findings_of({"roster/ada.yaml": freelancer_yaml(),
                            "missions/m.yaml": closed + REVIEW})
    assert reviewed == []


def test_changes_requested_needs_feedback(findings_of):
    text = mission_yaml("2026-01-05", "2026-01-30", status="open") + deliverables(
        ("v1", "2026-01-20", "changes-requested"))
    assert places(findings_of({"missions/m.yaml": text})) == [
        ("missions/m.yaml", 8, "missing-feedback")]


# -- dates against today ------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "today", "warned"), [
    ("open", "2026-01-06", True), ("staffed", "2026-01-06", True),
    ("open", "2026-01-05", False), ("in-progress", "2026-01-06", False),
])
def test_late_start(workspace, run_cfo, status, today, warned):
    assignment = () if status == "open" else (("ada", 100),)
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", *assignment,
                                                      status=status)})
    _, found = check(run_cfo, root, today)
    assert (("missions/m.yaml", "late-start", "warning") in found) is warned


@pytest.mark.parametrize(("today", "warned"), [("2026-01-30", False), ("2026-01-31", True)])
def test_in_progress_past_its_end(workspace, run_cfo, today, warned):
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", ("ada", 100),
                                                      status="in-progress")})
    _, found = check(run_cfo, root, today)
    assert (("missions/m.yaml", "overdue-mission", "warning") in found) is warned


@pytest.mark.parametrize(("status", "today", "warned"), [
    ("pending", "2026-01-20", False), ("pending", "2026-01-21", True),
    ("submitted", "2026-01-21", True), ("accepted", "2026-01-21", False),
])
def test_overdue_deliverable(workspace, run_cfo, status, today, warned):
    text = mission_yaml("2026-01-05", "2026-01-30", ("ada", 100), status="in-progress")
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/m.yaml": text + deliverables(("v1", "2026-01-20", status))})
    _, found = check(run_cfo, root, today)
    assert (("missions/m.yaml", "overdue-deliverable", "warning") in found) is warned


# -- compliance -------------------------------------------------------------------------------

SIRET = 'legal:\n  siret: "73282932000074"\n'


def docs(*lines: str) -> str:
    return "documents:\n" + "".join(f"  - {line}\n" for line in lines)


def compliance_of(run_cfo, workspace, ada: str, *, days: int = 10, rate: int = 500,
                  today: str = "2026-11-26", company: str = COMPANY, strict: bool = False):
    """ada on a mission of ``days`` working days from Monday 2026-12-07, at ``rate``."""
    end = {10: "2026-12-18", 1: "2026-12-07"}[days]
    root = workspace({
        "company.yaml": company,
        "roster/ada.yaml": freelancer_yaml(rate=rate) + ada,
        "missions/m.yaml": mission_yaml("2026-12-07", end, ("ada", 100)),
    })
    extra = ("--strict",) if strict else ()
    report, _ = check(run_cfo, root, today, *extra)
    return [(f["rule"], f["severity"], f["message"]) for f in report["errors"] + report["warnings"]
            if f["rule"] in ("compliance", "document-expiry")]


GOOD = docs("{kind: urssaf-vigilance, issued: 2026-11-02, verified: 2026-11-03}",
            "{kind: kbis, issued: 2026-11-02}")


def test_contract_under_5000_needs_no_attestation(run_cfo, workspace):
    # 10 days x 499.99 = 4,999.90 EUR
    assert compliance_of(run_cfo, workspace, SIRET, rate=499.99) == []


def test_contract_of_exactly_5000_needs_attestation_and_registration(run_cfo, workspace):
    found = compliance_of(run_cfo, workspace, SIRET, rate=500)  # 10 x 500 = 5,000.00 EUR
    messages = " ".join(m for _, _, m in found)
    assert len(found) == 2
    assert "no URSSAF attestation de vigilance recorded" in messages
    assert "no proof of registration" in messages and "L8222-1" in messages


def test_all_in_order(run_cfo, workspace):
    assert compliance_of(run_cfo, workspace, SIRET + GOOD) == []


def test_attestation_without_verification(run_cfo, workspace):
    ada = SIRET + docs("{kind: urssaf-vigilance, issued: 2026-11-02}",
                       "{kind: kbis, issued: 2026-11-02}")
    [(rule, _, message)] = compliance_of(run_cfo, workspace, ada)
    assert rule == "compliance" and "no 'verified' date" in message


@pytest.mark.parametrize(("issued", "expired"), [("2026-06-07", False), ("2026-06-06", True)])
def test_attestation_exactly_six_months_old(run_cfo, workspace, issued, expired):
    # A one-day mission on 2026-12-07: an attestation of 2026-06-07 is exactly six months old.
    ada = SIRET + docs(f"{{kind: urssaf-vigilance, issued: {issued}, verified: {issued}}}",
                       "{kind: kbis, issued: 2026-11-02}")
    found = compliance_of(run_cfo, workspace, ada, days=1, rate=5000)
    outdated = [m for r, _, m in found if r == "compliance" and "expires on" in m]
    assert bool(outdated) is expired
    if expired:
        [message] = outdated
        assert ("the URSSAF attestation de vigilance expires on 2026-12-06, before m starts on "
                "2026-12-07, a contract of 5,000.00 EUR excl. VAT; ask for a new one") in message


def test_a_date_already_past_is_expired_on(run_cfo, workspace):
    # Today is in the mission: the attestation lapsed before today, and says so in the past.
    ada = SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-01, verified: 2026-06-01}",
                       "{kind: kbis, issued: 2026-11-02}")
    [(_, _, message)] = compliance_of(run_cfo, workspace, ada, today="2026-12-08")
    assert ("the URSSAF attestation de vigilance expired on 2026-12-01 for m, a contract of "
            "5,000.00 EUR excl. VAT; ask for a new one") in message


def test_renewal_due_before_the_mission_ends_names_the_end(run_cfo, workspace):
    # Valid at the start (2026-12-07), six months old on 2026-12-10, before the end on 12-18.
    ada = SIRET + docs("{kind: urssaf-vigilance, issued: 2026-06-10, verified: 2026-06-10}",
                       "{kind: kbis, issued: 2026-11-02}")
    [(rule, _, message)] = compliance_of(run_cfo, workspace, ada)
    assert rule == "document-expiry"
    assert ("ada: urssaf-vigilance expires on 2026-12-10, before m ends on 2026-12-18 "
            "(in 14 days, 14-day reminder)") in message


def test_registration_older_than_company_policy(run_cfo, workspace):
    ada = SIRET + docs("{kind: urssaf-vigilance, issued: 2026-11-02, verified: 2026-11-03}",
                       "{kind: sirene-notice, issued: 2026-09-01}")
    [(_, _, message)] = compliance_of(run_cfo, workspace, ada)
    assert "proof of registration" in message and "(company policy)" in message
    relaxed = company_yaml("requirements:\n  registration_max_age_months: 6\n")
    assert compliance_of(run_cfo, workspace, ada, company=relaxed) == []


def test_missing_siret(run_cfo, workspace):
    [(_, _, message)] = compliance_of(run_cfo, workspace, GOOD)
    assert "no SIRET recorded" in message


def test_insurance_and_nda_only_when_the_company_asks(run_cfo, workspace):
    policy = company_yaml("requirements:\n  insurance: [rc-pro]\n  nda_before_start: true\n")
    found = compliance_of(run_cfo, workspace, SIRET + GOOD, company=policy)
    messages = " | ".join(m for _, _, m in found)
    assert len(found) == 2
    assert "no insurance 'rc-pro' recorded" in messages and "no NDA signed" in messages


def test_strict_makes_compliance_an_error(run_cfo, workspace):
    found = compliance_of(run_cfo, workspace, SIRET, strict=True)
    assert {severity for _, severity, _ in found} == {"error"}


def test_inactive_people_do_not_flood_the_report(run_cfo, workspace):
    root = workspace({"roster/ada.yaml": freelancer_yaml() + docs(
        "{kind: rc-pro, issued: 2026-01-01, expires: 2026-12-01}")})
    _, found = check(run_cfo, root)
    assert found == []  # no current or upcoming mission: no reminder


@pytest.mark.parametrize(("expires", "lead"), [
    ("2026-12-26", 30), ("2026-12-27", None), ("2026-12-10", 14), ("2026-12-03", 7),
    ("2026-11-26", 7),
])
def test_expiry_reminders(run_cfo, workspace, expires, lead):
    insurance = docs(f"{{kind: rc-pro, issued: 2026-01-01, expires: {expires}}}")
    ada = SIRET + GOOD + insurance.removeprefix("documents:\n")
    found = [m for r, _, m in compliance_of(run_cfo, workspace, ada) if r == "document-expiry"]
    if lead is None:
        assert found == []
    else:
        [message] = found
        assert f"{lead}-day reminder" in message and expires in message


# -- dependence -------------------------------------------------------------------------------

def test_dependence_signals(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2025-10-01", "2026-03-31", ("ada", 100), status="closed")
        + REVIEW,
        "missions/b.yaml": mission_yaml("2026-04-06", "2026-08-31", ("ada", 100),
                                        status="closed") + REVIEW,
        "missions/c.yaml": mission_yaml("2026-09-07", "2027-03-31", ("ada", 100)),
    })
    report, _ = check(run_cfo, root, "2026-11-26")
    [warning] = [w for w in report["warnings"] if w["rule"] == "dependence-risk"]
    assert warning["file"] == "roster/ada.yaml" and warning["line"] == 1
    assert "booked without a break from 2025-10-01 to 2027-03-31, 18 months" in warning["message"]
    assert "3 missions in a row" in warning["message"]
    assert "of their working days over the last 12 months" in warning["message"]


def test_no_dependence_with_breaks(workspace, run_cfo):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-01-05", "2026-03-31", ("ada", 40),
                                        status="closed") + REVIEW,
        "missions/c.yaml": mission_yaml("2026-09-07", "2027-01-29", ("ada", 40)),
    })
    _, found = check(run_cfo, root)
    assert [r for _, r, _ in found if r == "dependence-risk"] == []


# -- status, talent, letters ----------------------------------------------------------------------

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
    markdown = run_cfo("-C", str(root), "--today", "2026-11-26", "status", "--format",
                       "markdown").stdout
    assert markdown.startswith("## Missions in flight — 2026-11-26")
    assert "| Mission | Status |" in markdown
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
                   "web-developer").stdout
    assert "Finished missions with no review recorded" in text


def test_request_changes_letter(workspace, run_cfo):
    text = mission_yaml("2026-11-16", "2026-12-18", ("ada", 100), status="in-progress")
    text += ("deliverables:\n  - {id: v1, title: Maquettes, due: 2026-11-20, "
             "status: changes-requested, feedback: \"Contraste insuffisant <b>ici</b>\"}\n"
             "  - {id: v2, title: Site, due: 2026-12-18, status: accepted}\n")
    root = workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})
    letter = run_cfo("-C", str(root), "--today", "2026-11-26", "request-changes", "m", "v1",
                     "--due", "+1w").stdout
    assert "# Demande de corrections — Maquettes" in letter
    assert "> Contraste insuffisant <b>ici</b>" in letter
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
