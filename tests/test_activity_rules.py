"""Every activity rule on the smallest workspace, at its line, both sides of each threshold."""

from __future__ import annotations

import pytest

from conftest import COMPANY, FREELANCER, mission_yaml, places

ADA = "activity/2026-11/ada.yaml"
#: November 2026: the 1st is a Sunday, the 11th a public holiday (Armistice), 20 working days.
SITE = mission_yaml("2026-11-02", "2026-11-30", ("ada", 100))
HALF = mission_yaml("2026-11-02", "2026-11-30", ("ada", 50))


def report(days: str, *, status: str = "draft", mission: str = "site", tail: str = "") -> str:
    return (f"entries:\n  - mission: {mission}\n    days:\n"
            + "".join(f"      {line}\n" for line in days.split(","))
            + f"status: {status}\n" + tail)


def files(text: str, *, mission: str = SITE, freelancer: str = FREELANCER,
          company: str = COMPANY, **more: str) -> dict[str, str]:
    return {"company.yaml": company, "roster/ada.yaml": freelancer,
            "missions/site.yaml": mission, ADA: text, **more}


def message(report_, rule: str) -> str:
    return next(f.message for f in report_.findings if f.rule == rule)


def activity(report_, *rules: str):
    return [p for p in places(report_.findings) if p[2].startswith("activity-")
            and (not rules or p[2] in rules)]


def test_a_report_that_matches_the_planning_is_clean(workspace_from):
    text = report("2: 1,3: 1,4: 0.5", status="submitted", tail="submitted_on: 2026-11-25\n")
    assert activity(workspace_from(files(text))) == []


# -- errors, without today -------------------------------------------------------------------
@pytest.mark.parametrize("text, line, rule", [
    (report("2: 1", mission="sight"), 2, "activity-unknown-mission"),
    (report("2: 1,31: 1"), 5, "activity-no-such-day"),
    (report("2: 1,0: 1"), 5, "activity-no-such-day"),
    (report("2: 2"), 4, "activity-day-value"),
    (report("2: 0.25"), 4, "activity-day-value"),
    (report("2: 0"), 4, "activity-day-value"),
    (report("2: 1", status="approved"), 5, "activity-approval"),
    (report("2: 1", status="approved", tail="approved_by: pm\n"), 5, "activity-approval"),
    (report("2: 1", status="approved", tail="approved_by: boss\napproved_on: 2026-11-20\n"),
     6, "activity-approval"),
    (report("2: 1", status="submitted",
            tail="submitted_on: 2026-11-20\napproved_on: 2026-11-19\n"), 7,
     "activity-approval-date"),
    (report("2: 1", status="disputed"), 5, "activity-disputed-comment"),
])
def test_each_error_is_at_its_line(workspace_from, text, line, rule):
    found = workspace_from(files(text))
    assert activity(found, rule) == [(ADA, line, rule)]
    assert all(f.severity == "error" for f in found.findings if f.rule == rule)


def test_the_other_side_of_the_approval_rules(workspace_from):
    fine = [
        report("2: 1", status="approved",
               tail="submitted_on: 2026-11-20\napproved_by: pm\napproved_on: 2026-11-20\n"),
        report("2: 1", status="disputed", tail="comment: Le 2 était férié chez le client.\n"),
        report("2: 1,30: 1"),
        report("2: 0.5"),
    ]
    for text in fine:
        assert activity(workspace_from(files(text))) == [], text


def test_unknown_freelancer_is_said_on_the_report(workspace_from):
    found = workspace_from({"missions/site.yaml": SITE, "roster/ada.yaml": FREELANCER,
                            "activity/2026-11/adda.yaml": report("2: 1")})
    assert activity(found) == [("activity/2026-11/adda.yaml", 1, "activity-unknown-freelancer")]
    assert "did you mean 'ada'?" in found.findings[0].message


@pytest.mark.parametrize("mission, day, message", [
    (mission_yaml("2026-11-02", "2026-11-30", ("ada", 100, "2026-11-09", "2026-11-30")), "6",
     "ada is assigned to site from 2026-11-09 to 2026-11-30"),
    (mission_yaml("2026-11-02", "2026-11-30", ("bob", 100)), "2", "ada has no assignment on site"),
    (mission_yaml("2026-11-02", "2026-11-30", ("ada", 100)).replace(
        "allocation: 100\n", "allocation: 100\n    tentative: true\n"), "2", "only tentative"),
])
def test_a_day_outside_every_firm_assignment_is_an_error(workspace_from, mission, day, message):
    found = workspace_from(files(report(f"{day}: 1"), mission=mission,
                                 **{"roster/bob.yaml": FREELANCER}))
    assert activity(found, "activity-outside-assignment") == [
        (ADA, 4, "activity-outside-assignment")]
    assert message in next(f.message for f in found.findings
                           if f.rule == "activity-outside-assignment")


def test_the_first_and_last_day_of_an_assignment_are_inside(workspace_from):
    mission = mission_yaml("2026-11-02", "2026-11-30", ("ada", 100, "2026-11-09", "2026-11-13"))
    assert activity(workspace_from(files(report("9: 1,13: 1"), mission=mission))) == []
    assert activity(workspace_from(files(report("16: 1"), mission=mission))) == [
        (ADA, 4, "activity-outside-assignment")]


def test_more_than_one_day_on_a_date_is_said_at_the_day_that_goes_beyond(workspace_from):
    shop = mission_yaml("2026-11-02", "2026-11-30", ("ada", 50))
    text = ("entries:\n  - mission: site\n    days: {2: 1, 3: 0.5}\n"
            "  - mission: shop\n    days: {2: 0.5, 3: 0.5}\nstatus: draft\n")
    found = workspace_from(files(text, mission=HALF, **{"missions/shop.yaml": shop}))
    assert activity(found, "activity-day-over-one") == [(ADA, 5, "activity-day-over-one")]
    message = next(f.message for f in found.findings if f.rule == "activity-day-over-one")
    assert message.startswith("2026-11-02: 1.5 days reported in all (1 on site + 0.5 on shop)")


# -- warnings and errors as of today ---------------------------------------------------------
@pytest.mark.parametrize("day, words", [
    ("7", "a Saturday, outside the company's working days"),
    ("11", "a public holiday (Armistice"),
])
def test_a_day_off_is_a_warning_naming_it(workspace_from, day, words):
    found = workspace_from(files(report(f"2: 1,{day}: 1")))
    assert activity(found) == [(ADA, 5, "activity-day-off")]
    finding = next(f for f in found.findings if f.rule == "activity-day-off")
    assert finding.severity == "warning" and words in finding.message


def test_a_company_closure_and_a_custom_week_are_days_off(workspace_from):
    company = COMPANY + ("working_days: [monday, tuesday, wednesday, thursday]\n"
                         "closures:\n  - {from: 2026-11-16, to: 2026-11-20, reason: Séminaire}\n")
    found = workspace_from(files(report("2: 1,6: 1,17: 1"), company=company))
    assert activity(found) == [(ADA, 5, "activity-day-off"), (ADA, 6, "activity-day-off")]
    messages = [f.message for f in found.findings if f.rule == "activity-day-off"]
    assert "a Friday" in messages[0] and "a company closure (Séminaire)" in messages[1]


def test_a_day_of_the_freelancer_s_unavailability_is_a_warning(workspace_from):
    away = FREELANCER + "unavailable:\n  - {from: 2026-11-05, to: 2026-11-06, reason: Congés}\n"
    found = workspace_from(files(report("4: 1,5: 1,9: 1"), freelancer=away))
    assert activity(found) == [(ADA, 5, "activity-unavailable")]
    assert "(Congés)" in found.findings[0].message


def test_more_than_planned_says_both_figures_at_the_mission(workspace_from):
    # 50 % over November's 20 working days: 10 planned.
    eleven = ",".join(f"{d}: 1" for d in (2, 3, 4, 5, 6, 9, 10, 12, 13, 16, 17))
    found = workspace_from(files(report(eleven), mission=HALF))
    assert activity(found) == [(ADA, 2, "activity-over-planned")]
    assert "11 reported, 10 planned on site in 2026-11" in found.findings[0].message
    ten = ",".join(f"{d}: 1" for d in (2, 3, 4, 5, 6, 9, 10, 12, 13, 16))
    assert activity(workspace_from(files(report(ten), mission=HALF))) == []
    halves = ",".join(f"{d}: 0.5" for d in (2, 3, 4, 5, 6, 9, 10, 12, 13, 16, 17))
    assert activity(workspace_from(files(report(halves), mission=HALF))) == []


@pytest.mark.parametrize("today, expected", [("2026-11-20", []), ("2026-11-19", [])])
def test_approved_today_or_before_is_fine(workspace_from, today, expected):
    text = report("2: 1", status="approved",
                  tail="submitted_on: 2026-11-19\napproved_by: pm\napproved_on: 2026-11-19\n")
    assert activity(workspace_from(files(text), today=today)) == expected


def test_approved_after_today_is_an_error(workspace_from):
    text = report("2: 1", status="approved",
                  tail="submitted_on: 2026-11-19\napproved_by: pm\napproved_on: 2026-11-20\n")
    found = workspace_from(files(text), today="2026-11-19")
    assert activity(found) == [(ADA, 8, "activity-approved-after-today")]
    assert found.findings[0].severity == "error"
    assert activity(workspace_from(files(text), today="2026-11-20")) == []


# -- due and waiting: both sides of each threshold -------------------------------------------
OCTOBER = mission_yaml("2026-10-01", "2026-11-30", ("ada", 100))


@pytest.mark.parametrize("today, missing", [
    # The 5th working day of November 2026 is Friday the 6th (the 1st is a Sunday).
    ("2026-11-06", False), ("2026-11-07", True), ("2026-11-09", True),
])
def test_a_missing_report_is_due_after_the_5th_working_day(workspace_from, today, missing):
    found = workspace_from({"roster/ada.yaml": FREELANCER, "missions/site.yaml": OCTOBER},
                           today=today)
    expected = [("missions/site.yaml", 8, "activity-missing")] if missing else []
    assert activity(found) == expected
    if missing:
        assert "activity/2026-10/ada.yaml), due on 2026-11-06" in message(found,
                                                                          "activity-missing")


def test_the_5th_working_day_skips_holidays_and_closures(workspace_from):
    # December 2026 is due on the 5th working day of January 2027: the 1st is a holiday and a
    # closure runs to the 4th, so Monday 11th... with the example's closure to the 1st only:
    # Fri 1st (holiday), Mon 4 (1), 5 (2), 6 (3), 7 (4), Fri 8 (5).
    december = mission_yaml("2026-12-01", "2026-12-31", ("ada", 100))
    ws = {"roster/ada.yaml": FREELANCER, "missions/site.yaml": december}
    assert activity(workspace_from(ws, today="2027-01-08")) == []
    assert activity(workspace_from(ws, today="2027-01-09")) == [
        ("missions/site.yaml", 8, "activity-missing")]
    closed = COMPANY + "closures:\n  - {from: 2027-01-04, to: 2027-01-08}\n"
    assert activity(workspace_from({**ws, "company.yaml": closed}, today="2027-01-09")) == []
    assert activity(workspace_from({**ws, "company.yaml": closed}, today="2027-01-16")) == [
        ("missions/site.yaml", 8, "activity-missing")]


def test_a_report_file_even_broken_stops_the_missing_warning(workspace_from):
    ws = {"roster/ada.yaml": FREELANCER, "missions/site.yaml": OCTOBER}
    assert activity(workspace_from({**ws, "activity/2026-10/ada.yaml": report("1: 1")},
                                   today="2026-11-09")) == []
    found = workspace_from({**ws, "activity/2026-10/ada.yaml": "status: nonsense\n"},
                           today="2026-11-09")
    assert "activity-missing" not in {f.rule for f in found.findings}


def test_missing_reports_are_followed_from_the_first_report_on(workspace_from):
    long = mission_yaml("2026-08-03", "2026-11-30", ("ada", 100))
    ws = {"roster/ada.yaml": FREELANCER, "missions/site.yaml": long}
    assert [p[2] for p in activity(workspace_from(ws, today="2026-11-09"))] == [
        "activity-missing"]  # last month only
    with_august = {**ws, "activity/2026-08/ada.yaml": report("3: 1")}
    messages = [f.message for f in workspace_from(with_august, today="2026-11-09").findings
                if f.rule == "activity-missing"]
    assert ["2026-09" in m for m in messages] == [True, False]
    assert "2026-10" in messages[1]


def test_no_booking_no_missing_report(workspace_from):
    tentative = OCTOBER.replace("allocation: 100\n", "allocation: 100\n    tentative: true\n")
    for mission in (tentative, OCTOBER.replace("status: staffed", "status: draft")):
        found = workspace_from({"roster/ada.yaml": FREELANCER, "missions/site.yaml": mission},
                               today="2026-11-09")
        assert activity(found, "activity-missing") == []


@pytest.mark.parametrize("today, waiting", [
    # Submitted on Monday 16th: 5 working days later is Monday 23rd.
    ("2026-11-23", False), ("2026-11-24", True),
])
def test_a_submitted_report_waits_5_working_days(workspace_from, today, waiting):
    text = report("2: 1", status="submitted", tail="submitted_on: 2026-11-16\n")
    found = workspace_from(files(text), today=today)
    assert activity(found) == ([(ADA, 5, "activity-awaiting-approval")] if waiting else [])


def test_the_wait_counts_working_days_only(workspace_from):
    # Submitted on Friday 6th: 9, 10, 12, 13, 16 (the 11th is a holiday) make 5.
    text = report("2: 1", status="submitted", tail="submitted_on: 2026-11-06\n")
    assert activity(workspace_from(files(text), today="2026-11-16")) == []
    assert activity(workspace_from(files(text), today="2026-11-17")) == [
        (ADA, 5, "activity-awaiting-approval")]


def test_an_approval_due_on_a_friday_is_late_on_saturday(workspace_from):
    # Submitted on Friday 13th: due by Friday 20th; the agenda shows it late from the 21st,
    # and so does the check (not from Monday 23rd, the 6th working day).
    text = report("2: 1", status="submitted", tail="submitted_on: 2026-11-13\n")
    assert activity(workspace_from(files(text), today="2026-11-20")) == []
    late = workspace_from(files(text), today="2026-11-21")
    assert activity(late) == [(ADA, 5, "activity-awaiting-approval")]
    message = next(f.message for f in late.findings if f.rule == "activity-awaiting-approval")
    assert "due by 2026-11-20" in message


def test_a_missing_report_names_the_first_assignment_that_plans_days(workspace_from):
    # Ada's first October assignment is tentative: the warning is on the second.
    mission = mission_yaml("2026-10-01", "2026-10-31", ("ada", 100, "2026-10-01", "2026-10-15"),
                           ("ada", 100, "2026-10-16", "2026-10-31"))
    mission = mission.replace("allocation: 100\n", "allocation: 100\n    tentative: true\n", 1)
    found = workspace_from({"roster/ada.yaml": FREELANCER, "missions/site.yaml": mission},
                           today="2026-11-09")
    assert activity(found, "activity-missing") == [("missions/site.yaml", 14, "activity-missing")]
