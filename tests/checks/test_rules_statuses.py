"""Rules about a mission's status against what it holds: assignments, deliverables, reviews,
feedback."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, mission_yaml, places

ADA = {"roster/ada.yaml": freelancer_yaml()}
REVIEW = ("reviews:\n  - {freelancer: ada, date: 2026-02-02, quality: 5, deadlines: 4, "
          "communication: 5, rehire: true}\n")


def deliverables(*items: tuple[str, str, str]) -> str:
    text = "deliverables:\n"
    for ident, due, status in items:
        feedback = ", feedback: Revoir" if status == "changes-requested" else ""
        text += (f"  - {{id: {ident}, title: {ident.title()}, due: {due}, status: {status}"
                 f"{feedback}}}\n")
    return text


def mission(status: str, *extra: str, assigned: bool = True) -> dict[str, str]:
    assignment = (("ada", 100),) if assigned else ()
    return {**ADA, "missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", *assignment,
                                                   status=status) + "".join(extra)}


@pytest.mark.parametrize(("files", "expected"), [
    *(pytest.param(mission(status, assigned=False),
                   [("missions/m.yaml", 4, "status-assignments")],
                   id=f"{status}-needs-an-assignment")
      for status in ("staffed", "in-progress", "in-review", "validated", "closed")),
    *(pytest.param(mission(status, assigned=False), [], id=f"{status}-needs-no-assignment")
      for status in ("draft", "open", "cancelled")),
    *(pytest.param(mission(status, deliverables(("v1", "2026-01-20", deliverable)),
                           REVIEW if status in ("validated", "closed") else ""),
                   [("missions/m.yaml", 12, "status-deliverables")] if bad else [],
                   id=f"{status}-with-{deliverable}-deliverable")
      for status, deliverable, bad in (
          ("in-review", "pending", True), ("in-review", "submitted", False),
          ("in-review", "changes-requested", False), ("validated", "submitted", True),
          ("closed", "changes-requested", True), ("closed", "accepted", False),
          ("in-progress", "pending", False))),
    pytest.param(mission("closed"), [("missions/m.yaml", 8, "missing-review")],
                 id="closed-needs-reviews"),
    pytest.param(mission("validated"), [("missions/m.yaml", 8, "missing-review")],
                 id="validated-should-have-reviews"),
    pytest.param(mission("closed", REVIEW), [], id="closed-with-reviews"),
    pytest.param(
        {"missions/m.yaml": mission_yaml("2026-01-05", "2026-01-30", status="open")
         + "deliverables:\n  - {id: v1, title: V1, due: 2026-01-20, "
           "status: changes-requested}\n"},
        [("missions/m.yaml", 8, "missing-feedback")],
        id="changes-requested-needs-feedback"),
])
def test_rule(findings_of, files, expected):
    # missing-rights (a mission with deliverables that names no rights) is tested with the
    # paper rules, tests/paper/test_paper_rules.py.
    found = [f for f in findings_of(files) if f.rule != "missing-rights"]
    assert places(found) == expected


@pytest.mark.parametrize(("status", "severity"), [("closed", "error"), ("validated", "warning")])
def test_a_missing_review_is_an_error_once_closed(findings_of, status, severity):
    [finding] = findings_of(mission(status))
    assert finding.severity == severity
