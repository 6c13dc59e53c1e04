"""The repository is itself the example workspace, and it must stay clean."""

from __future__ import annotations

from cfo_tools.checks.validation import validate_workspace
from conftest import REPO, json_report


def test_example_workspace_is_valid(run_cfo):
    result = run_cfo("-C", str(REPO), "validate", "--format", "json", "--strict")
    assert json_report(result) == {"ok": True, "errors": [], "warnings": [],
                                   "stats": {"freelancers": 12, "missions": 10}}
    assert result.exit_code == 0


def test_example_workspace_checks_with_realistic_warnings(run_cfo):
    result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "check", "--format", "json")
    report = json_report(result)
    assert result.exit_code == 0 and report["errors"] == []
    assert [(w["file"], w["rule"]) for w in report["warnings"]] == [
        # Hugo's October report waits for Thomas; Emma worked on 11 November (a holiday).
        # Farid's September was approved on 6 October; his invoice has not come.
        ("activity/2026-09/farid-haddad.yaml", "activity-not-invoiced"),
        ("activity/2026-10/hugo-lambert.yaml", "activity-awaiting-approval"),
        ("activity/2026-11/emma-petit.yaml", "activity-day-off"),
        ("candidates/lucas-vidal.yaml", "candidate-follow-up"),
        # Approved in October, due on 2026-10-31, still not paid.
        ("invoices/bruno-lefevre/bl-0931.yaml", "invoice-late"),
        # Farid (20 %) has not sent his October report.
        ("missions/application-mobile-velo-partage.yaml", "activity-missing"),
        # Nobody has talked to farid-haddad since the mission started.
        ("missions/application-mobile-velo-partage.yaml", "no-checkin"),
        # Bruno Petit's request: a web developer for a week, 6 working days ahead.
        ("missions/application-mobile-velo-partage.yaml", "unfilled-needs"),
        # Its assignments commit 89,850 EUR for a budget of 78,000 EUR.
        ("missions/plateforme-reservation-gites.yaml", "over-budget"),
        # In review, every day used, a third of the deliverables accepted.
        ("missions/plateforme-reservation-gites.yaml", "mission-drift"),
        ("missions/plateforme-reservation-gites.yaml", "overdue-deliverable"),
        ("missions/plateforme-reservation-gites.yaml", "overdue-deliverable"),
        # Bruno Lefèvre's purchase order covers 10 of his 12 planned days.
        ("missions/tableau-de-bord-ventes-cooperative.yaml", "order-below-plan"),
        ("roster/bruno-lefevre.yaml", "compliance"),
        ("roster/julie-fontaine.yaml", "compliance"),
    ]


def test_example_workspace_passes_on_the_real_date(run_cfo):
    # The Quickstart runs `cfo check` on whatever day it is: time only adds warnings.
    assert run_cfo("-C", str(REPO), "check").exit_code == 0


def test_example_workspace_is_read_whole():
    workspace = validate_workspace(REPO, jobs=1).workspace
    assert workspace.company is not None and workspace.company.name == "Atelier Lumen"
    assert len(workspace.freelancers) == 12 and len(workspace.missions) == 10
    assert len(workspace.candidates) == 6
    assert {r.status for r in workspace.activity.values()} == {
        "draft", "submitted", "approved", "disputed"}
    assert {str(r.month) for r in workspace.activity.values()} == {"2026-09", "2026-10", "2026-11"}
    assert {i.status for i in workspace.invoices.values()} == {
        "received", "approved", "disputed", "paid"}
    assert {c.source.channel for c in workspace.candidates.values()} >= {"linkedin", "referral"}
    assert {c.stage for c in workspace.candidates.values()} == {
        "identified", "contacted", "interested", "qualified", "declined", "joined"}
    years = {m.start.year for m in workspace.missions.values()}
    assert years == {2026, 2027}
    statuses = {m.status for m in workspace.missions.values()}
    assert statuses >= {"draft", "open", "staffed", "in-progress", "in-review", "validated",
                        "closed", "cancelled"}


def test_parallel_and_sequential_reading_agree(tmp_path):
    from cfo_tools.loading import checking_pool

    workspace = validate_workspace(REPO, jobs=1)
    original = checking_pool.PARALLEL_THRESHOLD
    checking_pool.PARALLEL_THRESHOLD = 1
    try:
        parallel = validate_workspace(REPO, jobs=2)
    finally:
        checking_pool.PARALLEL_THRESHOLD = original
    assert parallel.findings == workspace.findings
    assert parallel.workspace.missions == workspace.workspace.missions


def test_example_workspace_has_requests_and_a_tentative_booking():
    workspace = validate_workspace(REPO, jobs=1).workspace
    with_needs = sorted(m.id for m in workspace.missions.values() if m.needs)
    assert with_needs == ["application-mobile-velo-partage", "design-system-banque-regionale"]
    (bruno,) = workspace.missions["application-mobile-velo-partage"].needs
    assert (bruno.requested_by, bruno.role, bruno.days) == ("bruno-petit", "web-developer", 5)
    assert any(a.tentative for m in workspace.missions.values() for a in m.assignments)


def test_example_workspace_has_its_paper():
    workspace = validate_workspace(REPO, jobs=1).workspace
    assert workspace.company is not None and workspace.company.legal is not None
    assert workspace.company.legal.siren == "882461734"
    assert all(f.legal_address for f in workspace.freelancers.values())
    assert {f.vat for f in workspace.freelancers.values()} == {"franchise", "standard"}
    current = [a for m in workspace.missions.values() if m.status in ("staffed", "in-progress")
               for a in m.assignments if not a.tentative]
    assert current and all(a.order is not None for a in current)
    assert len([m for m in workspace.missions.values() if m.rights is not None]) >= 2
