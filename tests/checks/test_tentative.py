"""Tentative assignments: booked all the same, but an overbooking only they make is a warning."""

from __future__ import annotations

import pytest

from conftest import freelancer_yaml, json_report, places


def mission(allocation: int, *, tentative: bool = False, status: str = "staffed",
            start: str = "2026-12-07") -> str:
    return (f"title: M\nclient: C\nowner: pm\nstatus: {status}\nstart: {start}\n"
            "end: 2026-12-18\nassignments:\n"
            f"  - freelancer: ada\n    role: web-developer\n    allocation: {allocation}\n"
            + ("    tentative: true\n" if tentative else ""))


def files(a: str, b: str, capacity: int = 100) -> dict[str, str]:
    return {"roster/ada.yaml": freelancer_yaml(capacity=capacity), "missions/a.yaml": a,
            "missions/b.yaml": b}


@pytest.mark.parametrize(("given", "severity"), [
    pytest.param(files(mission(60), mission(60)), "error", id="both-confirmed"),
    pytest.param(files(mission(60), mission(60, tentative=True)), "warning",
                 id="only-because-of-tentative"),
    pytest.param(files(mission(60), mission(10, tentative=True), capacity=50), "error",
                 id="confirmed-alone-overbooks"),
    pytest.param(files(mission(50), mission(50, tentative=True)), None, id="fits"),
])
def test_overbooking_by_a_tentative_assignment_is_a_warning(workspace_from, given, severity):
    found = [f for f in workspace_from(given).findings if f.rule == "overbooked"]
    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity == "warning":
        assert "tentative" in found[0].message


@pytest.mark.parametrize(("today", "warned"), [
    pytest.param("2026-12-06", False, id="day-before-start"),
    pytest.param("2026-12-07", True, id="start-day"),
])
def test_tentative_on_a_started_mission(workspace_from, today, warned):
    given = files(mission(50, tentative=True), mission(50))
    expected = [("missions/a.yaml", 11, "tentative-started")] if warned else []
    assert places(workspace_from(given, today=today).findings, "tentative-started") == expected


def test_tentative_on_a_draft_is_not_warned(workspace_from):
    given = files(mission(50, tentative=True, status="draft"), mission(50))
    assert places(workspace_from(given, today="2026-12-08").findings, "tentative-started") == []


@pytest.mark.parametrize(("flag", "free_days"), [
    pytest.param((), 0, id="tentative-counts-as-booked"),
    pytest.param(("--ignore-tentative",), 10, id="ignored"),
])
def test_find_counts_tentative_unless_ignored(workspace, run_cfo, flag, free_days):
    root = workspace({"roster/ada.yaml": freelancer_yaml(),
                      "missions/a.yaml": mission(100, tentative=True)})
    result = run_cfo("-C", str(root), "find", "--role", "web-developer", "--start",
                     "2026-12-07", "--end", "2026-12-18", "--format", "json", *flag)
    (candidate,) = json_report(result)["candidates"]
    assert candidate["free_days"] == free_days
