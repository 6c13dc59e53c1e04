"""Conflicts, each with the smallest workspace that shows it."""

from __future__ import annotations

from datetime import date

import pytest

from cfo_tools.checks.runner import calendar_of
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.planning.conflicts import find_conflicts
from conftest import company_yaml, freelancer_yaml, json_report, mission_yaml


def conflicts_of(workspace, files, **window):
    report = validate_workspace(workspace(files), jobs=1)
    assert [f for f in report.findings if f.severity == "error"
            and f.rule not in ("missing-review",)] == []
    return find_conflicts(report.workspace, calendar_of(report), **window)


def summary(conflicts):
    return [(c.kind, str(c.start), str(c.end), c.working_days, c.peak, c.missions)
            for c in conflicts]


def two(a: tuple, b: tuple, ada: str | None = None, company: str | None = None) -> dict:
    files = {"roster/ada.yaml": ada or freelancer_yaml(),
             "missions/a.yaml": mission_yaml(*a), "missions/b.yaml": mission_yaml(*b)}
    if company:
        files["company.yaml"] = company
    return files


def test_half_and_half_is_fine(workspace):
    files = two(("2026-03-02", "2026-03-13", ("ada", 50)),
                ("2026-03-02", "2026-03-13", ("ada", 50)))
    assert conflicts_of(workspace, files) == []


def test_sixty_and_fifty_is_overbooked(workspace):
    files = two(("2026-03-02", "2026-03-13", ("ada", 60)),
                ("2026-03-09", "2026-03-20", ("ada", 50)))
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-09", "2026-03-13", 5, 110, ("a", "b"))]


def test_inclusive_ends_overlap_on_the_shared_day(workspace):
    files = two(("2026-03-02", "2026-03-06", ("ada", 100)),
                ("2026-03-06", "2026-03-13", ("ada", 100)))
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-06", "2026-03-06", 1, 200, ("a", "b"))]


def test_adjacent_periods_do_not_overlap(workspace):
    files = two(("2026-03-02", "2026-03-05", ("ada", 100)),
                ("2026-03-06", "2026-03-13", ("ada", 100)))
    assert conflicts_of(workspace, files) == []


@pytest.mark.parametrize(("end_a", "start_b"), [
    ("2026-03-08", "2026-03-07"),  # overlap on Saturday and Sunday only
    ("2026-07-14", "2026-07-14"),  # overlap on 14 July only
    ("2026-05-14", "2026-05-14"),  # overlap on Ascension Thursday only
])
def test_overlap_on_days_off_only_is_not_a_conflict(workspace, end_a, start_b):
    files = two(("2026-03-02", end_a, ("ada", 100)), (start_b, "2026-12-31", ("ada", 100)))
    assert conflicts_of(workspace, files) == []


def test_days_off_do_not_split_a_run(workspace):
    files = {
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 100)),
        "missions/b.yaml": mission_yaml("2026-03-12", "2026-03-13", ("ada", 60)),
        "missions/c.yaml": mission_yaml("2026-03-16", "2026-03-17", ("ada", 70)),
    }
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-12", "2026-03-17", 4, 170, ("a", "b", "c"))]


def test_a_working_day_within_capacity_splits_runs(workspace):
    files = {
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 100)),
        "missions/b.yaml": mission_yaml("2026-03-12", "2026-03-12", ("ada", 60)),
        "missions/c.yaml": mission_yaml("2026-03-16", "2026-03-16", ("ada", 70)),
    }
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-12", "2026-03-12", 1, 160, ("a", "b")),
        ("overbooked", "2026-03-16", "2026-03-16", 1, 170, ("a", "c"))]


def test_a_free_stretch_between_double_bookings_splits_runs(workspace):
    files = {
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-06", ("ada", 100)),
        "missions/b.yaml": mission_yaml("2026-03-02", "2026-03-06", ("ada", 100)),
        "missions/c.yaml": mission_yaml("2026-03-16", "2026-03-20", ("ada", 100)),
        "missions/d.yaml": mission_yaml("2026-03-16", "2026-03-20", ("ada", 100)),
    }
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-02", "2026-03-06", 5, 200, ("a", "b")),
        ("overbooked", "2026-03-16", "2026-03-20", 5, 200, ("c", "d"))]


def test_a_free_weekend_between_double_bookings_does_not_split(workspace):
    files = {
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-06", ("ada", 100)),
        "missions/b.yaml": mission_yaml("2026-03-02", "2026-03-06", ("ada", 100)),
        "missions/c.yaml": mission_yaml("2026-03-09", "2026-03-13", ("ada", 100)),
        "missions/d.yaml": mission_yaml("2026-03-09", "2026-03-13", ("ada", 100)),
    }
    assert summary(conflicts_of(workspace, files)) == [
        ("overbooked", "2026-03-02", "2026-03-13", 10, 200, ("a", "b", "c", "d"))]


def test_capacity_is_the_limit(workspace):
    ok = two(("2026-03-02", "2026-03-13", ("ada", 30)), ("2026-03-02", "2026-03-13", ("ada", 30)),
             ada=freelancer_yaml(capacity=60))
    assert conflicts_of(workspace, ok) == []


def test_over_partial_capacity(workspace):
    over = two(("2026-03-02", "2026-03-13", ("ada", 50)), ("2026-03-02", "2026-03-13", ("ada", 20)),
               ada=freelancer_yaml(capacity=60))
    [conflict] = conflicts_of(workspace, over)
    assert (conflict.peak, conflict.capacity, conflict.working_days) == (70, 60, 10)


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_draft_and_cancelled_missions_book_nobody(workspace, status):
    files = two(("2026-03-02", "2026-03-13", ("ada", 100)),
                ("2026-03-02", "2026-03-13", ("ada", 100)))
    files["missions/b.yaml"] = mission_yaml("2026-03-02", "2026-03-13", ("ada", 100), status=status)
    assert conflicts_of(workspace, files) == []


@pytest.mark.parametrize("status", ["open", "staffed", "in-progress", "in-review", "validated",
                                    "closed"])
def test_every_other_status_books(workspace, status):
    files = two(("2026-03-02", "2026-03-13", ("ada", 100)),
                ("2026-03-02", "2026-03-13", ("ada", 100)))
    files["missions/b.yaml"] = mission_yaml("2026-03-02", "2026-03-13", ("ada", 100), status=status)
    assert len(conflicts_of(workspace, files)) == 1


def test_assignment_dates_are_used(workspace):
    files = two(("2026-03-02", "2026-03-31", ("ada", 100, "2026-03-02", "2026-03-06")),
                ("2026-03-02", "2026-03-31", ("ada", 100, "2026-03-09", "2026-03-31")))
    assert conflicts_of(workspace, files) == []


def test_booked_while_unavailable(workspace):
    files = {"roster/ada.yaml": freelancer_yaml(unavailable=(("2026-03-07", "2026-03-11"),)),
             "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 20))}
    [conflict] = conflicts_of(workspace, files)
    # The period starts on a Saturday: the conflict starts on its first working day.
    assert summary([conflict]) == [("unavailable", "2026-03-09", "2026-03-11", 3, None, ("a",))]
    assert conflict.reason == "Congés"


def test_unavailable_over_a_weekend_only_is_fine(workspace):
    files = {"roster/ada.yaml": freelancer_yaml(unavailable=(("2026-03-07", "2026-03-08"),)),
             "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 100))}
    assert conflicts_of(workspace, files) == []


def test_one_conflict_per_assignment_and_period(workspace):
    ada = freelancer_yaml(unavailable=(("2026-03-03", "2026-03-03"), ("2026-03-10", "2026-03-12")))
    files = {"roster/ada.yaml": ada,
             "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 50)),
             "missions/b.yaml": mission_yaml("2026-03-02", "2026-03-31", ("ada", 50))}
    assert [(c.missions, str(c.start)) for c in conflicts_of(workspace, files)] == [
        (("a",), "2026-03-03"), (("b",), "2026-03-03"), (("a",), "2026-03-10"),
        (("b",), "2026-03-10")]


CLOSED = company_yaml("closures:\n  - from: 2026-08-10\n    to: 2026-08-16\n    reason: Été\n"
                      "  - from: 2026-11-11\n    to: 2026-11-11\n    reason: Pont\n")


def test_booked_during_a_closure(workspace):
    files = {"company.yaml": CLOSED, "roster/ada.yaml": freelancer_yaml(),
             "missions/a.yaml": mission_yaml("2026-08-03", "2026-08-12", ("ada", 50))}
    [conflict] = conflicts_of(workspace, files)
    assert summary([conflict]) == [("unavailable", "2026-08-10", "2026-08-12", 3, None, ("a",))]
    assert conflict.closure and conflict.reason == "Été"


def test_closure_on_a_public_holiday_only_is_fine(workspace):
    files = {"company.yaml": CLOSED, "roster/ada.yaml": freelancer_yaml(),
             "missions/a.yaml": mission_yaml("2026-11-09", "2026-11-13", ("ada", 50))}
    assert conflicts_of(workspace, files) == []


def test_subdivision_holidays(workspace):
    files = two(("2026-03-30", "2026-04-03", ("ada", 100)),
                ("2026-04-03", "2026-04-10", ("ada", 100)))
    assert len(conflicts_of(workspace, files)) == 1  # Good Friday is worked in most of France
    files["company.yaml"] = company_yaml('subdivision: "57"\n')
    assert conflicts_of(workspace, files) == []  # but not in Moselle


def test_window_clips_conflicts(workspace):
    from datetime import date

    files = two(("2026-03-02", "2026-03-31", ("ada", 60)),
                ("2026-03-02", "2026-03-31", ("ada", 60)))
    conflicts = conflicts_of(workspace, files, start=date(2026, 3, 10), end=date(2026, 3, 12))
    assert summary(conflicts) == [("overbooked", "2026-03-10", "2026-03-12", 3, 120, ("a", "b"))]
    assert conflicts_of(workspace, files, start=date(2026, 4, 1)) == []


def test_long_missions_cost_no_more_than_short_ones(workspace):
    files = two(("2024-01-01", "2030-12-31", ("ada", 60)),
                ("2024-01-01", "2030-12-31", ("ada", 60)))
    [conflict] = conflicts_of(workspace, files)
    assert conflict.working_days > 1700 and conflict.end.year == 2030


def many_people() -> dict[str, str]:
    """Twelve freelancers on overlapping missions, some away, the company closed in August."""
    files = {"company.yaml": CLOSED}
    for person in range(12):
        away = (("2026-08-03", "2026-08-05"),) if person % 3 == 0 else ()
        files[f"roster/p{person:02d}.yaml"] = freelancer_yaml(capacity=80 + 10 * (person % 3),
                                                              unavailable=away)
    for number in range(18):
        start = f"2026-{7 + number % 3:02d}-{1 + number:02d}"
        files[f"missions/m{number:02d}.yaml"] = mission_yaml(
            start, "2026-10-30", *((f"p{(number + k) % 12:02d}", 30 + 20 * k, start, "2026-09-30")
                                   for k in range(3)))
    return files


@pytest.mark.parametrize("window", [{}, {"start": date(2026, 8, 1), "end": date(2026, 8, 20)},
                                    {"freelancer": "p03"}])
def test_the_sweep_on_every_core_finds_the_same_conflicts(workspace, monkeypatch, window):
    """With many bookings the freelancers are swept in forked workers (slices of them): the
    same conflicts, in the same order, as on one core."""
    import multiprocessing

    from cfo_tools.planning import conflicts

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the sweep goes to other cores only where workers can be forked")
    report = validate_workspace(workspace(many_people()), jobs=1)
    here = find_conflicts(report.workspace, calendar_of(report), jobs=1, **window)
    monkeypatch.setattr(conflicts, "PARALLEL_BOOKINGS", 1)
    assert find_conflicts(report.workspace, calendar_of(report), jobs=2, **window) == here
    assert len({c.freelancer for c in here}) == (1 if window.get("freelancer") else 12)
    assert {c.kind for c in here} == {"overbooked", "unavailable"}


# -- the command ------------------------------------------------------------------------------

def test_command_json_and_relative_dates(workspace, run_cfo):
    root = workspace(two(("2026-03-02", "2026-03-31", ("ada", 60)),
                         ("2026-03-02", "2026-03-31", ("ada", 60))))
    result = run_cfo("-C", str(root), "--today", "2026-03-09", "conflicts", "--from", "today",
                     "--to", "+1w", "--format", "json")
    assert result.exit_code == 1
    assert json_report(result) == {"ok": False, "conflicts": [{
        "kind": "overbooked", "freelancer": "ada", "start": "2026-03-09", "end": "2026-03-16",
        "working_days": 6, "peak": 120, "capacity": 100, "missions": ["a", "b"],
        "file": "missions/a.yaml", "line": 8, "reason": None, "tentative": False,
        "related": [{"file": f"missions/{m}.yaml", "line": 8, "column": 5,
                     "path": "/assignments/0"} for m in "ab"]}]}


def test_command_text_and_exit_codes(workspace, run_cfo):
    root = workspace(two(("2026-03-02", "2026-03-31", ("ada", 60)),
                         ("2026-03-02", "2026-03-31", ("ada", 60))))
    result = run_cfo("-C", str(root), "conflicts", "--lang", "en")
    assert result.exit_code == 1
    finding = ("missions/a.yaml:8:5: error [overbooked] /assignments/0: ada is booked at 120% "
               "for a capacity of 100% from 2026-03-02 to 2026-03-31 (22 working days): a, b "
               "(also missions/b.yaml:8:5)")
    assert result.stdout.splitlines() == [finding, "1 conflict."]
    # No locale: the count in French; the finding is cfo check's, in its words.
    assert run_cfo("-C", str(root), "conflicts").stdout.splitlines() == [finding, "1 conflit."]
    clean = run_cfo("-C", str(root), "conflicts", "--freelancer", "ada", "--from", "2026-04-01",
                    "--lang", "en")
    assert (clean.exit_code, clean.stdout) == (0, "No conflicts.\n")
    clean = run_cfo("-C", str(root), "conflicts", "--freelancer", "ada", "--from", "2026-04-01")
    assert (clean.exit_code, clean.stdout) == (0, "Aucun conflit.\n")


def test_command_usage_errors(workspace, run_cfo):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    assert run_cfo("-C", str(root), "conflicts", "--from", "soon").exit_code == 2
    assert run_cfo("-C", str(root), "conflicts", "--freelancer", "bob").exit_code == 2
    assert run_cfo("-C", str(root), "conflicts", "--from", "+1w", "--to", "today").exit_code == 2


def test_check_reports_conflicts_on_the_assignment_line(workspace, run_cfo):
    root = workspace(two(("2026-03-02", "2026-03-31", ("ada", 60)),
                         ("2026-03-02", "2026-03-31", ("ada", 60))))
    result = run_cfo("-C", str(root), "check", "--format", "json")
    assert result.exit_code == 1
    [error] = json_report(result)["errors"]
    assert (error["file"], error["line"], error["rule"]) == ("missions/a.yaml", 8, "overbooked")


def test_unknown_subdivision_is_a_finding(workspace, run_cfo):
    root = workspace({"company.yaml": company_yaml('subdivision: "99"\n')})
    result = run_cfo("-C", str(root), "check", "--format", "json")
    [error] = json_report(result)["errors"]
    assert (error["rule"], error["path"], error["line"]) == ("holiday-region", "/subdivision", 7)
