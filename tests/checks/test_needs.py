"""Needs on a mission: filled by covering assignments, warned about when the status or the
calendar says they should not be open; both sides of every threshold."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, places

NEED_RULES = ("needs-filled", "unfilled-needs", "need-soon", "unknown-requester",
              "duplicate-need", "need-dates")


def mission(status: str, needs: str, assignments: str = "") -> str:
    text = (f"title: Mission\nclient: Client\nowner: pm\nstatus: {status}\n"
            "start: 2026-12-07\nend: 2026-12-31\n")
    if assignments:
        text += "assignments:\n" + assignments
    return text + "needs:\n" + needs


def files(status: str, needs: str, assignments: str = "") -> dict[str, str]:
    return {"roster/ada.yaml": freelancer_yaml(),
            "roster/bob.yaml": freelancer_yaml(roles="ux-designer"),
            "missions/m.yaml": mission(status, needs, assignments)}


NEED = "  - {id: dev, role: web-developer}\n"
ADA = "  - {freelancer: ada, role: web-developer}\n"
ADA_SHORT = "  - {freelancer: ada, role: web-developer, end: 2026-12-30}\n"
BOB = "  - {freelancer: bob, role: ux-designer}\n"


@pytest.mark.parametrize(("given", "expected"), [
    pytest.param(files("open", NEED, ADA), [("missions/m.yaml", 4, "needs-filled")],
                 id="open-all-filled"),
    pytest.param(files("open", NEED), [], id="open-nobody"),
    pytest.param(files("open", NEED, ADA_SHORT), [], id="open-assignment-ends-before-need"),
    pytest.param(files("open", NEED, BOB), [], id="open-other-role"),
    pytest.param(files("staffed", NEED, ADA), [], id="staffed-filled"),
    pytest.param(files("staffed", NEED, BOB), [("missions/m.yaml", 10, "unfilled-needs")],
                 id="staffed-unfilled"),
    pytest.param(files("in-progress", "  - {id: dev, role: web-developer, count: 2}\n", ADA),
                 [("missions/m.yaml", 10, "unfilled-needs")], id="in-progress-count-2-one"),
    pytest.param(files("draft", NEED), [], id="draft-unfilled"),
    pytest.param(files("open", "  - {id: dev, role: web-developer, end: 2026-12-30}\n"
                               "  - {id: dev2, role: web-developer, start: 2026-12-08}\n", ADA),
                 [], id="one-assignment-fills-one-need"),
])
def test_need_status(workspace_from, given, expected):
    assert places(workspace_from(given).findings, *NEED_RULES) == expected


def _days(days: str, end: str) -> dict[str, str]:
    need = f"  - {{id: dev, role: web-developer, start: 2026-12-21, days: {days}}}\n"
    assignment = f"  - {{freelancer: ada, role: web-developer, start: 2026-12-21, end: {end}}}\n"
    return files("staffed", need, assignment)


@pytest.mark.parametrize(("given", "filled"), [
    # 21, 22, 23, 24 then Christmas (Friday 25th) and the weekend: the 5th day is the 28th.
    pytest.param(_days("5", "2026-12-28"), True, id="days-skip-christmas-covered"),
    pytest.param(_days("5", "2026-12-24"), False, id="days-skip-christmas-short"),
    pytest.param(_days("4", "2026-12-24"), True, id="four-days-end-on-24th"),
])
def test_need_days_count_working_days(workspace_from, given, filled):
    found = places(workspace_from(given).findings, "unfilled-needs")
    assert (found == []) is filled


def _soon(today: str, assignments: str = "") -> tuple[dict[str, str], str]:
    return files("open", NEED, assignments), today


@pytest.mark.parametrize(("today", "warned"), [
    pytest.param("2026-11-30", False, id="five-working-days-left"),
    pytest.param("2026-12-01", True, id="four-working-days-left"),
    pytest.param("2026-12-07", True, id="starts-today"),
    pytest.param("2026-12-09", True, id="started"),
    pytest.param("2026-12-31", True, id="last-day"),
    pytest.param("2027-01-01", False, id="ended"),
])
def test_need_soon_threshold(workspace_from, today, warned):
    report = workspace_from(files("open", NEED), today=today)
    found = [f for f in report.findings if f.rule == "need-soon"]
    assert bool(found) is warned
    if warned:
        assert "ada (" in found[0].message and "bob" not in found[0].message
        assert found[0].severity == "warning"


def test_need_soon_not_when_filled(workspace_from):
    report = workspace_from(files("open", NEED, ADA), today="2026-12-01")
    assert places(report.findings, "need-soon") == []


def test_need_soon_when_nobody_fits_points_beyond_roster(workspace_from):
    need = "  - {id: dev, role: web-developer, languages: [de]}\n"
    report = workspace_from(files("open", need), today="2026-12-01")
    (found,) = [f for f in report.findings if f.rule == "need-soon"]
    assert "--candidates" in found.message


@pytest.mark.parametrize(("needs", "expected"), [
    pytest.param("  - {id: dev, role: web-developer, requested_by: pm}\n", [],
                 id="requester-in-team"),
    pytest.param("  - {id: dev, role: web-developer, requested_by: pn}\n",
                 [("missions/m.yaml", 8, "unknown-requester")], id="requester-not-in-team"),
    pytest.param(NEED + "  - {id: dev2, role: web-developer}\n", [], id="distinct-ids"),
    pytest.param(NEED + NEED, [("missions/m.yaml", 9, "duplicate-need")], id="same-id"),
    pytest.param("  - {id: dev, role: web-developer, end: 2026-12-10, days: 3}\n",
                 [("missions/m.yaml", 8, "need-dates")], id="end-and-days"),
    pytest.param("  - {id: dev, role: web-developer, start: 2026-12-10, end: 2026-12-09}\n",
                 [("missions/m.yaml", 8, "need-dates")], id="end-before-start"),
])
def test_need_definition(workspace_from, needs, expected):
    report = workspace_from(files("draft", needs))
    assert places(report.findings, *NEED_RULES) == expected


def test_unknown_requester_suggests(workspace_from):
    report = workspace_from(files("draft", "  - {id: dev, role: web-developer, "
                                           "requested_by: pmm}\n"))
    (found,) = [f for f in report.findings if f.rule == "unknown-requester"]
    assert "did you mean 'pm'?" in found.message and found.severity == "error"


def test_needs_never_book_anyone(workspace_from):
    needs = "  - {id: dev, role: web-developer, count: 5}\n"
    report = workspace_from({**files("staffed", needs, ADA),
                             "missions/other.yaml": mission("staffed", NEED, ADA)})
    assert places(report.findings, "overbooked") == [
        ("missions/m.yaml", 8, "overbooked")]  # ada twice, never the needs


def test_need_fields_are_read(workspace_from):
    needs = ("  - id: dev\n    role: web-developer\n    skills: [python]\n    allocation: 50\n"
             "    days: 3\n    count: 2\n    max_rate: 512.5\n    languages: [fr, en]\n"
             "    requested_by: pm\n    requested_on: 2026-11-20\n    note: Vite\n")
    report = workspace_from(files("draft", needs))
    assert [f for f in report.findings if f.severity == "error"] == []
    (need,) = report.validation.workspace.missions["m"].needs
    from datetime import date
    from decimal import Decimal
    assert (need.allocation, need.days, need.count, need.end) == (50, 3, 2, None)
    assert need.max_rate == Decimal("512.5") and need.languages == ("fr", "en")
    assert need.start == date(2026, 12, 7) and need.requested_on == date(2026, 11, 20)
