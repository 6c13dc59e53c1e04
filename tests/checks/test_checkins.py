"""Check-ins and mission drift: the errors at their line, ``no-checkin`` and ``mission-drift``
on both sides of each threshold.

January 2026: the 1st is a holiday; from Monday 5, the 10th working day is Friday 16.
"""

from __future__ import annotations

import pytest

from conftest import company_yaml, freelancer_yaml, mission_yaml, places

START, END = "2026-01-05", "2026-03-27"


def ws(checkins: str = "", *, status: str = "in-progress", company: str = "",
       assignment: str = "", deliverables: str = "") -> dict[str, str]:
    text = mission_yaml(START, END, ("ada", 100), status=status) + assignment
    if deliverables:
        text += "deliverables:\n" + deliverables
    if checkins:
        text += "checkins:\n" + checkins
    return {"company.yaml": company_yaml(company), "roster/ada.yaml": freelancer_yaml(),
            "roster/bob.yaml": freelancer_yaml(), "missions/m.yaml": text}


def checkin(day: str, *, mood: str = "good", next_day: str | None = None,
            freelancer: str = "ada", by: str = "pm") -> str:
    text = (f"  - date: {day}\n    freelancer: {freelancer}\n    by: {by}\n    channel: call\n"
            f"    mood: {mood}\n")
    return text + (f"    next: {next_day}\n" if next_day else "")


def no_checkin(workspace_from, files, today):
    findings = workspace_from(files, today=today).findings
    assert all(f.severity == "warning" for f in findings if f.rule == "no-checkin")
    return [f for f in findings if f.rule == "no-checkin"]


# -- cadence: checkin_every_days working days --------------------------------------------------

@pytest.mark.parametrize(("today", "warned"), [("2026-01-15", False), ("2026-01-16", True)])
def test_a_booking_without_check_in_is_warned_on_its_tenth_working_day(
        workspace_from, today, warned):
    found = no_checkin(workspace_from, ws(), today)
    assert bool(found) is warned
    if warned:
        (finding,) = found
        assert (finding.line, finding.path) == (8, "/assignments/0")
        assert "since their booking started on 2026-01-05 (10 working days" in finding.message
        assert "Paule Martin (pm)" in finding.message


@pytest.mark.parametrize(("today", "warned"), [("2026-01-23", False), ("2026-01-26", True)])
def test_ten_working_days_after_the_last_check_in(workspace_from, today, warned):
    found = no_checkin(workspace_from, ws(checkin("2026-01-12")), today)
    assert bool(found) is warned
    if warned:
        assert found[0].path == "/checkins/0/date"
        assert "no check-in with ada since 2026-01-12 (10 working days" in found[0].message


@pytest.mark.parametrize(("today", "warned"), [("2026-01-08", False), ("2026-01-09", True)])
def test_the_company_sets_the_cadence(workspace_from, today, warned):
    files = ws(company="requirements:\n  checkin_every_days: 5\n")
    assert bool(no_checkin(workspace_from, files, today)) is warned


@pytest.mark.parametrize(("status", "start", "warned"), [
    ("staffed", START, True),  # staffed and started
    ("open", START, False),
    ("in-review", START, False),
    ("in-progress", "2026-01-12", False),  # the assignment started 4 working days ago
])
def test_only_bookings_under_way_need_check_ins(workspace_from, status, start, warned):
    files = ws(status=status)
    if start != START:
        files["missions/m.yaml"] = files["missions/m.yaml"].replace(
            "    allocation: 100\n", f"    allocation: 100\n    start: {start}\n")
    assert bool(no_checkin(workspace_from, files, "2026-01-16")) is warned


def test_a_tentative_booking_needs_no_check_in(workspace_from):
    files = ws()
    files["missions/m.yaml"] = files["missions/m.yaml"].replace(
        "    allocation: 100\n", "    allocation: 100\n    tentative: true\n")
    assert no_checkin(workspace_from, files, "2026-01-16") == []


# -- next ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "warned"), [("2026-01-14", False), ("2026-01-15", True)])
def test_a_planned_check_in_that_did_not_happen(workspace_from, today, warned):
    found = no_checkin(workspace_from, ws(checkin("2026-01-12", next_day="2026-01-14")), today)
    assert bool(found) is warned
    if warned:
        assert (found[0].line, found[0].path) == (17, "/checkins/0/next")
        assert "planned on 2026-01-14 (at the one of 2026-01-12)" in found[0].message


def test_a_later_check_in_replaces_the_planned_one(workspace_from):
    files = ws(checkin("2026-01-12", next_day="2026-01-14") + checkin("2026-01-15"))
    assert no_checkin(workspace_from, files, "2026-01-16") == []


# -- concern ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "warned"), [("2026-01-15", False), ("2026-01-16", True)])
def test_a_concern_is_followed_up_within_three_working_days(workspace_from, today, warned):
    found = no_checkin(workspace_from, ws(checkin("2026-01-12", mood="concern")), today)
    assert bool(found) is warned
    if warned:
        assert found[0].path == "/checkins/0/mood"
        assert "raised a concern on 2026-01-12" in found[0].message


def test_a_concern_followed_up_is_not_warned(workspace_from):
    files = ws(checkin("2026-01-12", mood="concern") + checkin("2026-01-14"))
    assert no_checkin(workspace_from, files, "2026-01-16") == []


def test_a_concern_over_a_weekend(workspace_from):
    # Friday 16: Monday 19, Tuesday 20 and Wednesday 21 are the three working days.
    files = ws(checkin("2026-01-16", mood="concern"))
    assert no_checkin(workspace_from, files, "2026-01-21") == []
    assert len(no_checkin(workspace_from, files, "2026-01-22")) == 1


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("entry", "rule", "line"), [
    (checkin("2026-01-17"), "checkin-in-future", 12),
    (checkin("2026-01-12", by="pn"), "unknown-checkin-by", 14),
    (checkin("2026-01-12", freelancer="bob"), "checkin-not-assigned", 13),
    (checkin("2026-01-12", next_day="2026-01-09"), "checkin-dates", 17),
])
def test_check_in_errors_at_their_line(workspace_from, entry, rule, line):
    findings = workspace_from(ws(entry), today="2026-01-16").findings
    errors = [(f.file, f.line, f.rule) for f in findings if f.severity == "error"]
    assert errors == [("missions/m.yaml", line, rule)]


def test_a_check_in_today_and_a_next_on_the_same_day_are_fine(workspace_from):
    findings = workspace_from(ws(checkin("2026-01-16", next_day="2026-01-16")),
                              today="2026-01-16").findings
    assert [f for f in findings if f.severity == "error"] == []


def test_unknown_by_suggests_a_team_id(workspace_from):
    findings = workspace_from(ws(checkin("2026-01-12", by="pmx")), today="2026-01-16").findings
    (error,) = [f for f in findings if f.rule == "unknown-checkin-by"]
    assert "did you mean 'pm'?" in error.message


def test_check_in_fields_are_checked_by_the_schema(findings_of):
    files = ws(checkin("2026-01-12", mood="furious"))
    assert places(findings_of(files), "schema") == [("missions/m.yaml", 16, "schema")]


# -- drift -----------------------------------------------------------------------------------
# Ten working days from January 5 to 16 at 100 %: each working day is 10 % of the plan.

def drift_ws(deliverables: str, company: str = "") -> dict[str, str]:
    files = ws(company=company, deliverables=deliverables)
    files["missions/m.yaml"] = files["missions/m.yaml"].replace(f"end: {END}", "end: 2026-01-16")
    return files


NOTHING_ACCEPTED = "  - {id: a, title: A, due: 2026-01-16, status: pending}\n"
QUARTER_ACCEPTED = ("  - {id: a, title: A, due: 2026-01-09, status: accepted}\n"
                    "  - {id: b, title: B, due: 2026-01-16, status: pending, weight: 3}\n")


def drift(workspace_from, files, today):
    return [f for f in workspace_from(files, today=today).findings if f.rule == "mission-drift"]


@pytest.mark.parametrize(("today", "warned"), [("2026-01-07", False), ("2026-01-08", True)])
def test_drift_is_measured_past_thirty_percent_of_the_days(workspace_from, today, warned):
    found = drift(workspace_from, drift_ws(NOTHING_ACCEPTED), today)
    assert bool(found) is warned
    if warned:
        assert found[0].severity == "warning" and found[0].path == "/deliverables"
        assert found[0].message.startswith(
            "40 % of the planned days used, 0 % of the deliverables accepted (4 of 10 days;")


@pytest.mark.parametrize(("today", "warned"), [("2026-01-09", False), ("2026-01-12", True)])
def test_drift_beyond_the_drift_points(workspace_from, today, warned):
    # 50 % used and 25 % accepted is 25 points: not more than 25; 60 % is.
    found = drift(workspace_from, drift_ws(QUARTER_ACCEPTED), today)
    assert bool(found) is warned
    if warned:
        assert "60 % of the planned days used, 25 % of the deliverables accepted" in (
            found[0].message)


@pytest.mark.parametrize(("points", "warned"), [(35, False), (34, True)])
def test_the_company_sets_the_drift_points(workspace_from, points, warned):
    files = drift_ws(QUARTER_ACCEPTED, f"requirements:\n  drift_points: {points}\n")
    assert bool(drift(workspace_from, files, "2026-01-12")) is warned


def test_no_drift_without_deliverables_or_out_of_flight(workspace_from):
    assert drift(workspace_from, drift_ws(""), "2026-01-16") == []
    files = drift_ws(NOTHING_ACCEPTED)
    files["missions/m.yaml"] = files["missions/m.yaml"].replace("status: in-progress",
                                                                "status: open")
    assert drift(workspace_from, files, "2026-01-16") == []


def test_approved_activity_replaces_the_estimate(workspace_from):
    from datetime import date
    from fractions import Fraction

    from cfo_tools.checks.runner import calendar_of
    from cfo_tools.steering.drift import mission_drift

    report = workspace_from(drift_ws(NOTHING_ACCEPTED), today="2026-01-16")
    mission = report.validation.workspace.missions["m"]
    calendar = calendar_of(report.validation)
    assert calendar is not None
    estimated = mission_drift(mission, calendar, today=date(2026, 1, 16))
    assert estimated is not None and estimated.used_share == 1
    reported = mission_drift(mission, calendar, today=date(2026, 1, 16),
                             approved={("ada", "2026-01"): Fraction(7)})
    assert reported is not None and reported.used_days == 7


@pytest.mark.parametrize(("status", "warned"), [("approved", False), ("submitted", True)])
def test_an_approved_report_counts_instead_of_the_elapsed_days(workspace_from, status, warned):
    # On January 12, 6 of 10 days have elapsed (60 %, 35 points ahead of the 25 % accepted);
    # the approved report says 5 days (50 %: 25 points, not more than 25). A report not
    # approved yet changes nothing.
    files = drift_ws(QUARTER_ACCEPTED)
    approval = ("approved_by: pm\napproved_on: 2026-01-12\n" if status == "approved" else "")
    files["activity/2026-01/ada.yaml"] = (
        "entries:\n  - mission: m\n    days: {5: 1, 6: 1, 7: 1, 8: 1, 9: 1}\n"
        f"status: {status}\nsubmitted_on: 2026-01-09\n{approval}")
    assert bool(drift(workspace_from, files, "2026-01-12")) is warned
