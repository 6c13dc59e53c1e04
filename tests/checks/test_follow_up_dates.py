"""Follow-up against today: missions starting late or running over, deliverables overdue."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, mission_yaml, places

FOLLOW_UP = ("late-start", "overdue-mission", "overdue-deliverable")


def mission(status: str, deliverable: str | None = None) -> dict[str, str]:
    assignment = () if status == "open" else (("ada", 100),)
    text = mission_yaml("2026-01-05", "2026-01-30", *assignment, status=status)
    if deliverable:
        text += ("deliverables:\n  - {id: v1, title: V1, due: 2026-01-20, "
                 f"status: {deliverable}}}\n")
    return {"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text}


@pytest.mark.parametrize(("files", "today", "expected"), [
    pytest.param(mission("open"), "2026-01-06", [("missions/m.yaml", 4, "late-start")],
                 id="open-after-its-start"),
    pytest.param(mission("staffed"), "2026-01-06", [("missions/m.yaml", 4, "late-start")],
                 id="staffed-after-its-start"),
    pytest.param(mission("open"), "2026-01-05", [], id="open-on-its-start-day"),
    pytest.param(mission("in-progress"), "2026-01-06", [], id="in-progress-after-its-start"),
    pytest.param(mission("in-progress"), "2026-01-30", [], id="in-progress-on-its-end-day"),
    pytest.param(mission("in-progress"), "2026-01-31",
                 [("missions/m.yaml", 6, "overdue-mission")], id="in-progress-past-its-end"),
    pytest.param(mission("in-progress", "pending"), "2026-01-20", [],
                 id="pending-on-its-due-day"),
    pytest.param(mission("in-progress", "pending"), "2026-01-21",
                 [("missions/m.yaml", 12, "overdue-deliverable")], id="pending-past-due"),
    pytest.param(mission("in-progress", "submitted"), "2026-01-21",
                 [("missions/m.yaml", 12, "overdue-deliverable")], id="submitted-past-due"),
    pytest.param(mission("in-progress", "accepted"), "2026-01-21", [],
                 id="accepted-past-due"),
])
def test_follow_up(workspace_from, files, today, expected):
    findings = workspace_from(files, today=today).findings
    assert places(findings, *FOLLOW_UP) == expected
    assert {f.severity for f in findings if f.rule in FOLLOW_UP} <= {"warning"}


@pytest.mark.parametrize(("status", "today", "says"), [
    ("staffed", "2026-01-06", "the mission started on 2026-01-05 but is still staffed; set it "
                              "to in-progress, or move its start date"),
    # Past its end, in-progress would only trade this warning for overdue-mission.
    ("staffed", "2026-01-31", "the mission ran from 2026-01-05 to 2026-01-30 but is still "
                              "staffed; set the status it reached (in-review, validated, closed, "
                              "or cancelled if it did not take place), or move its dates"),
    ("open", "2026-02-02", "the mission ran from 2026-01-05 to 2026-01-30 but is still open;"),
])
def test_a_late_start_says_what_to_do_as_of_today(workspace_from, status, today, says):
    findings = workspace_from(mission(status), today=today).findings
    [late] = [f for f in findings if f.rule == "late-start"]
    assert late.message.startswith(says)
    assert not [f for f in findings if f.rule == "overdue-mission"]
