"""Rules that span files, each with the smallest workspace that shows it."""

from __future__ import annotations

import pytest

from conftest import COMPANY, FREELANCER, MISSION, places

ASSIGNED = MISSION + "assignments:\n  - freelancer: ada\n    role: web-developer\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"missions/site.yaml": ASSIGNED},
            [("missions/site.yaml", 8, "unknown-freelancer")],
            id="assignment-names-missing-freelancer",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED.replace(
                "freelancer: ada", "freelancer: adaa")},
            [("missions/site.yaml", 8, "unknown-freelancer")],
            id="typo-in-freelancer",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "missions/site.yaml": MISSION.replace(
                "owner: pm", "owner: boss")},
            [("missions/site.yaml", 3, "unknown-owner")],
            id="owner-not-in-team",
        ),
        pytest.param(
            {"missions/site.yaml": MISSION.replace("end: 2026-01-30", "end: 2026-01-02")},
            [("missions/site.yaml", 6, "date-order")],
            id="mission-ends-before-start",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED
             + "    start: 2026-01-20\n    end: 2026-01-10\n"},
            [("missions/site.yaml", 11, "date-order")],
            id="assignment-ends-before-start",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER
             + "unavailable:\n  - from: 2026-03-10\n    to: 2026-03-09\n"},
            [("roster/ada.yaml", 9, "date-order")],
            id="unavailability-ends-before-start",
        ),
        pytest.param(
            {"company.yaml": COMPANY + "closures:\n  - from: 2026-08-10\n    to: 2026-08-01\n"},
            [("company.yaml", 9, "date-order")],
            id="closure-ends-before-start",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED
             + "    start: 2026-01-02\n"},
            [("missions/site.yaml", 10, "assignment-outside-mission")],
            id="assignment-starts-before-mission",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED
             + "    end: 2026-01-31\n"},
            [("missions/site.yaml", 10, "assignment-outside-mission")],
            id="assignment-ends-after-mission",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER, "roster/bob.yaml": FREELANCER,
             "missions/site.yaml": ASSIGNED + "reviews:\n  - freelancer: bob\n"
             "    date: 2026-02-02\n    quality: 4\n    deadlines: 4\n"
             "    communication: 4\n    rehire: true\n"},
            [("missions/site.yaml", 11, "review-not-assigned")],
            id="review-of-someone-not-assigned",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER.replace("status: active", "status: inactive"),
             "missions/site.yaml": ASSIGNED},
            [("missions/site.yaml", 8, "inactive-assigned")],
            id="inactive-freelancer-on-open-mission",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER.replace("status: active", "status: do-not-hire"),
             "missions/site.yaml": ASSIGNED.replace("status: open", "status: draft")},
            [("missions/site.yaml", 8, "inactive-assigned")],
            id="do-not-hire-on-draft-mission",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER + 'legal:\n  siret: "73282932000075"\n'},
            [("roster/ada.yaml", 8, "invalid-siret")],
            id="siret-checksum",
        ),
        pytest.param(
            {"company.yaml": COMPANY + "  - id: pm\n    name: Autre\n    email: o@example.fr\n"},
            [("company.yaml", 7, "duplicate-id")],
            id="duplicate-team-id",
        ),
        pytest.param(
            {"missions/site.yaml": MISSION + "deliverables:\n"
             "  - {id: v1, title: A, due: 2026-01-10, status: pending}\n"
             "  - {id: v1, title: B, due: 2026-01-20, status: pending}\n"},
            [("missions/site.yaml", 9, "duplicate-id")],
            id="duplicate-deliverable-id",
        ),
        pytest.param(
            {"missions/site.yaml": MISSION.replace("2026-01-30", "2026-02-30")},
            [("missions/site.yaml", 6, "invalid-date")],
            id="impossible-date",
        ),
        pytest.param(
            {"roster/ada.yaml": FREELANCER.replace("status: active", "status: actif")
             + "unavailable:\n  - from: 2026-13-01\n    to: 2026-12-31\n"},
            [("roster/ada.yaml", 6, "schema"), ("roster/ada.yaml", 8, "invalid-date")],
            id="impossible-date-in-a-document-with-schema-errors",
        ),
    ],
)
def test_rule(findings_of, files, expected):
    assert places(findings_of(files)) == expected


@pytest.mark.parametrize("status", ["closed", "validated", "cancelled"])
def test_inactive_freelancer_on_finished_mission_is_fine(findings_of, status):
    files = {"roster/ada.yaml": FREELANCER.replace("status: active", "status: inactive"),
             "missions/site.yaml": ASSIGNED.replace("status: open", f"status: {status}")}
    assert [f for f in findings_of(files) if f.rule == "inactive-assigned"] == []


def test_assignment_on_the_mission_bounds_is_fine(findings_of):
    files = {"roster/ada.yaml": FREELANCER,
             "missions/site.yaml": ASSIGNED + "    start: 2026-01-05\n    end: 2026-01-30\n"}
    assert findings_of(files) == []


def test_one_day_mission_is_fine(findings_of):
    files = {"missions/site.yaml": MISSION.replace("end: 2026-01-30", "end: 2026-01-05")}
    assert findings_of(files) == []


def test_reference_to_a_broken_freelancer_file_is_not_reported_twice(findings_of):
    files = {"roster/ada.yaml": FREELANCER.replace("status: active", "status: [oops]"),
             "missions/site.yaml": ASSIGNED}
    assert places(findings_of(files)) == [("roster/ada.yaml", 6, "schema")]


def test_impossible_date_message(findings_of):
    [finding] = findings_of({"missions/site.yaml": MISSION.replace("2026-01-30", "2026-02-29")})
    assert finding.message == "2026-02-29 is not a real date: February 2026 has 28 days"


def test_leap_day_is_a_real_date(findings_of):
    assert findings_of({"missions/site.yaml": MISSION.replace("2026-01-30", "2028-02-29")}) == []
