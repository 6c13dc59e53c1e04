"""The candidate rules, each with the smallest workspace that shows it, on both sides of every
threshold."""

from __future__ import annotations

import pytest

from conftest import FREELANCER, places

CANDIDATE = """\
name: Inès Moreau
roles: [web-developer]
skills: [react]
source: {channel: referral, referred_by: Alice Martin}
stage: {stage}
"""
FILE = "candidates/ada.yaml"


def candidate(stage: str, extra: str = "") -> str:
    return CANDIDATE.replace("{stage}", stage) + extra


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({FILE: candidate("joined")}, [(FILE, 5, "candidate-joined")],
                 id="joined-without-roster-file"),
    pytest.param({FILE: candidate("joined"), "roster/ada.yaml": FREELANCER}, [],
                 id="joined-with-roster-file"),
    pytest.param({FILE: candidate("joined"), "roster/ada.yaml": "name: [broken\n"},
                 [("roster/ada.yaml", 2, "yaml-syntax")],
                 id="joined-with-broken-roster-file-is-not-reported-twice"),
    pytest.param({FILE: candidate("qualified"), "roster/ada.yaml": FREELANCER},
                 [(FILE, 5, "candidate-follow-up"), (FILE, 5, "candidate-in-roster")],
                 id="qualified-but-already-in-roster"),
    pytest.param({FILE: candidate("declined"), "roster/ada.yaml": FREELANCER},
                 [(FILE, 5, "candidate-in-roster")], id="declined-but-in-roster"),
    pytest.param({FILE: candidate("identified"), "roster/bob.yaml": FREELANCER}, [],
                 id="different-ids"),
])
def test_candidates_and_the_roster(workspace_from, files, expected):
    rules = ("candidate-joined", "candidate-in-roster", "candidate-follow-up", "yaml-syntax")
    assert places(workspace_from(files).findings, *rules) == expected


def follow_ups(workspace_from, text: str, today: str = "2026-11-26") -> list:
    return places(workspace_from({FILE: text}, today=today).findings, "candidate-follow-up")


def step(day: str) -> str:
    return f"next_step: {{date: {day}, action: Relancer}}\n"


@pytest.mark.parametrize(("day", "warned"), [
    ("2026-11-25", True),  # yesterday: passed
    ("2026-11-26", False),  # today: still to do
])
def test_a_next_step_is_late_the_day_after_its_date(workspace_from, day, warned):
    expected = [(FILE, 6, "candidate-follow-up")] if warned else []
    assert follow_ups(workspace_from, candidate("contacted", step(day))) == expected


@pytest.mark.parametrize("stage", ["declined", "joined"])
def test_a_closed_candidate_has_no_follow_up(workspace_from, stage):
    files = {FILE: candidate(stage, step("2026-01-01")), "roster/ada.yaml": FREELANCER}
    assert places(workspace_from(files).findings, "candidate-follow-up") == []


def contact(day: str) -> str:
    return (f"contacts:\n  - {{date: 2026-01-02, channel: email}}\n"
            f"  - {{date: {day}, channel: phone}}\n")


@pytest.mark.parametrize("stage", ["interested", "qualified"])
@pytest.mark.parametrize(("day", "warned"), [
    ("2026-10-27", False),  # 30 days before 2026-11-26
    ("2026-10-26", True),  # 31 days before
])
def test_a_warm_candidate_goes_cold_after_30_days(workspace_from, stage, day, warned):
    expected = [(FILE, 8, "candidate-follow-up")] if warned else []
    assert follow_ups(workspace_from, candidate(stage, contact(day))) == expected


@pytest.mark.parametrize(("stage", "warned"), [
    ("interested", True), ("qualified", True), ("identified", False), ("contacted", False)])
def test_no_contact_logged_matters_only_once_they_are_warm(workspace_from, stage, warned):
    expected = [(FILE, 5, "candidate-follow-up")] if warned else []
    assert follow_ups(workspace_from, candidate(stage)) == expected


def test_a_cold_contacted_candidate_is_not_warned(workspace_from):
    assert follow_ups(workspace_from, candidate("contacted", contact("2026-01-05"))) == []


def test_a_late_next_step_is_the_one_warning(workspace_from):
    text = candidate("qualified", contact("2026-01-05") + step("2026-11-01"))
    findings = workspace_from({FILE: text}).findings
    assert places(findings, "candidate-follow-up") == [(FILE, 9, "candidate-follow-up")]
    assert "follow up or close" in findings[-1].message
