"""Overlapping closures and absences give one conflict each, never one per period."""

from __future__ import annotations

from cfo_tools.checks.runner import calendar_of
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.model.records import Period
from cfo_tools.planning.conflicts import find_conflicts, merge_overlapping
from conftest import company_yaml, freelancer_yaml, mission_yaml

OVERLAPPING = company_yaml(
    "closures:\n"
    "  - {from: 2026-08-03, to: 2026-08-14, reason: Été}\n"
    "  - {from: 2026-08-10, to: 2026-08-21, reason: Travaux}\n"
    "  - {from: 2026-08-10, to: 2026-08-21, reason: Travaux}\n"
    "  - {from: 2026-08-12, to: 2026-08-12, reason: Été}\n")


def conflicts_of(workspace, files):
    report = validate_workspace(workspace(files), jobs=1)
    return find_conflicts(report.workspace, calendar_of(report))


def test_overlapping_closures_give_one_conflict(workspace, run_cfo):
    files = {"company.yaml": OVERLAPPING, "roster/ada.yaml": freelancer_yaml(),
             "missions/a.yaml": mission_yaml("2026-08-10", "2026-08-20", ("ada", 50))}
    [conflict] = conflicts_of(workspace, files)
    assert (str(conflict.start), str(conflict.end), conflict.working_days) == (
        "2026-08-10", "2026-08-20", 9)
    assert conflict.reason == "Été; Travaux"
    result = run_cfo("-C", str(workspace(files)), "conflicts", "--lang", "en")
    lines = result.stdout.splitlines()
    assert len(lines) == len(set(lines)) == 2 and lines[-1] == "1 conflict."


def test_overlapping_absences_give_one_conflict(workspace):
    ada = freelancer_yaml(unavailable=(("2026-03-02", "2026-03-06"), ("2026-03-04", "2026-03-11"),
                                       ("2026-03-04", "2026-03-11")))
    files = {"roster/ada.yaml": ada,
             "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 50))}
    [conflict] = conflicts_of(workspace, files)
    assert (str(conflict.start), str(conflict.end), conflict.reason) == (
        "2026-03-02", "2026-03-11", "Congés")


def test_adjacent_periods_stay_apart():
    periods = [Period(_d("2026-03-02"), _d("2026-03-03"), "a", "/0"),
               Period(_d("2026-03-04"), _d("2026-03-05"), "b", "/1")]
    assert merge_overlapping(periods) == periods


def _d(text):
    from datetime import date

    return date.fromisoformat(text)
