"""Follow-up of signs of dependence: long bookings without a break, missions in a row, a
large share of someone's working days."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, mission_yaml, places

REVIEW = ("reviews:\n  - {freelancer: ada, date: 2026-02-02, quality: 5, deadlines: 4, "
          "communication: 5, rehire: true}\n")
ADA = freelancer_yaml()
#: Three missions in a row, from 2025-10-01 to 2027-03-31, full time.
NO_BREAK = {
    "roster/ada.yaml": ADA,
    "missions/a.yaml": mission_yaml("2025-10-01", "2026-03-31", ("ada", 100),
                                    status="closed") + REVIEW,
    "missions/b.yaml": mission_yaml("2026-04-06", "2026-08-31", ("ada", 100),
                                    status="closed") + REVIEW,
    "missions/c.yaml": mission_yaml("2026-09-07", "2027-03-31", ("ada", 100)),
}


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param(NO_BREAK, [("roster/ada.yaml", 1, "dependence-risk")],
                 id="booked-without-a-break"),
    pytest.param({
        "roster/ada.yaml": ADA,
        "missions/a.yaml": mission_yaml("2026-01-05", "2026-03-31", ("ada", 40),
                                        status="closed") + REVIEW,
        "missions/c.yaml": mission_yaml("2026-09-07", "2027-01-29", ("ada", 40)),
    }, [], id="breaks-and-part-time"),
])
def test_follow_up(workspace_from, files, expected):
    findings = workspace_from(files).findings
    assert places(findings, "dependence-risk") == expected
    assert {f.severity for f in findings if f.rule == "dependence-risk"} <= {"warning"}


def test_dependence_signals_are_spelled_out(workspace_from):
    [warning] = [f for f in workspace_from(NO_BREAK).findings if f.rule == "dependence-risk"]
    assert "booked without a break from 2025-10-01 to 2027-03-31, 18 months" in warning.message
    assert "3 missions in a row" in warning.message
    assert "of their working days over the last 12 months" in warning.message
