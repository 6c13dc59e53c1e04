"""Rules about dates: periods in order, assignments inside their mission, real dates."""

from __future__ import annotations

import pytest

from conftest import COMPANY, FREELANCER, MISSION, places

ASSIGNED = MISSION + "assignments:\n  - freelancer: ada\n    role: web-developer\n"


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param(
        {"missions/site.yaml": MISSION.replace("end: 2026-01-30", "end: 2026-01-02")},
        [("missions/site.yaml", 6, "date-order")],
        id="mission-ends-before-start"),
    pytest.param(
        {"missions/site.yaml": MISSION.replace("end: 2026-01-30", "end: 2026-01-05")},
        [],
        id="one-day-mission-is-fine"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER,
         "missions/site.yaml": ASSIGNED + "    start: 2026-01-20\n    end: 2026-01-10\n"},
        [("missions/site.yaml", 11, "date-order")],
        id="assignment-ends-before-start"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER
         + "unavailable:\n  - from: 2026-03-10\n    to: 2026-03-09\n"},
        [("roster/ada.yaml", 9, "date-order")],
        id="unavailability-ends-before-start"),
    pytest.param(
        {"company.yaml": COMPANY + "closures:\n  - from: 2026-08-10\n    to: 2026-08-01\n"},
        [("company.yaml", 9, "date-order")],
        id="closure-ends-before-start"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED + "    start: 2026-01-02\n"},
        [("missions/site.yaml", 10, "assignment-outside-mission")],
        id="assignment-starts-before-mission"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER, "missions/site.yaml": ASSIGNED + "    end: 2026-01-31\n"},
        [("missions/site.yaml", 10, "assignment-outside-mission")],
        id="assignment-ends-after-mission"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER,
         "missions/site.yaml": ASSIGNED + "    start: 2026-01-05\n    end: 2026-01-30\n"},
        [],
        id="assignment-on-the-mission-bounds-is-fine"),
    pytest.param(
        {"missions/site.yaml": MISSION.replace("2026-01-30", "2026-02-30")},
        [("missions/site.yaml", 6, "invalid-date")],
        id="impossible-date"),
    pytest.param(
        {"missions/site.yaml": MISSION.replace("2026-01-30", "2028-02-29")},
        [],
        id="leap-day-is-a-real-date"),
    pytest.param(
        {"roster/ada.yaml": FREELANCER.replace("status: active", "status: actif")
         + "unavailable:\n  - from: 2026-13-01\n    to: 2026-12-31\n"},
        [("roster/ada.yaml", 6, "schema"), ("roster/ada.yaml", 8, "invalid-date")],
        id="impossible-date-in-a-document-with-schema-errors"),
])
def test_rule(findings_of, files, expected):
    assert places(findings_of(files)) == expected


def test_impossible_date_message(findings_of):
    [finding] = findings_of({"missions/site.yaml": MISSION.replace("2026-01-30", "2026-02-29")})
    assert finding.message == "2026-02-29 is not a real date: February 2026 has 28 days"
