"""``cfo find --mission``: the search for each unfilled need, against hand-computed answers."""

from __future__ import annotations

import pytest

from conftest import COMPANY, freelancer_yaml, json_report

MISSION = """\
title: Boutique
client: Client
owner: pm
status: open
start: 2026-12-21
end: 2027-01-08
assignments:
  - {freelancer: bob, role: ux-designer}
needs:
  - id: dev
    role: web-developer
    skills: [python, react]
    start: 2026-12-21
    days: 5
    allocation: 50
    max_rate: 600
    requested_by: pm
  - {id: ux, role: ux-designer, count: 2}
  - {id: done, role: ux-designer, end: 2026-12-31}
"""

OTHER = """\
title: Autre
client: Client
owner: pm
status: staffed
start: 2026-12-21
end: 2026-12-22
assignments:
  - {freelancer: ada, role: web-developer, allocation: 60}
"""

ZOE = """\
name: Zoé
roles: [web-developer]
skills: [react]
languages: [fr]
daily_rate: 450
available_from: 2026-12-23
source: {channel: linkedin}
stage: contacted
"""


def files(**extra: str) -> dict[str, str]:
    return {
        "roster/ada.yaml": freelancer_yaml(skills="python"),
        "roster/cleo.yaml": freelancer_yaml(rate=700),
        "roster/bob.yaml": freelancer_yaml(roles="ux-designer"),
        "missions/m.yaml": MISSION, "missions/other.yaml": OTHER,
        "candidates/zoe.yaml": ZOE,
        "candidates/yann.yaml": ZOE.replace("stage: contacted", "stage: declined"),
        **extra,
    }


def run(workspace, run_cfo, *args: str, given: dict[str, str] | None = None):
    root = workspace(given or files())
    return run_cfo("-C", str(root), "--today", "2026-11-26", "find", "--mission", "m",
                   *args, "--format", "json")


def test_each_unfilled_need_is_searched(workspace, run_cfo):
    result = run(workspace, run_cfo)
    assert result.exit_code == 0, result.output
    report = json_report(result)
    # bob could fill "ux" or "done"; needs are served by start, then file order, so he takes
    # one of ux's two places and "done" stays open: each assignment fills one need at most.
    assert [n["need"]["id"] for n in report["needs"]] == ["dev", "ux", "done"]
    dev = report["needs"][0]
    # 21, 22, 23, 24, (Christmas Friday 25th, weekend), 28: five working days.
    assert dev["window"] == {"start": "2026-12-21", "end": "2026-12-28", "working_days": 5}
    # cleo asks 700 > max_rate 600; ada is booked at 60% on the 21st and 22nd, so 40% free
    # there, under the 50% needed: 3 of 5 days.
    (ada,) = dev["candidates"]
    assert (ada["kind"], ada["freelancer"], ada["free_days"]) == ("freelancer", "ada", 3)
    assert ada["estimated_cost"] == "1250.00"  # 5 days x 50% x 500
    assert report["needs"][1]["need"]["filled"] == 1
    assert report["needs"][1]["need"]["missing"] == 1


def test_candidates_come_after_the_roster_with_what_they_lack(workspace, run_cfo):
    report = json_report(run(workspace, run_cfo, "--need", "dev", "--candidates"))
    (dev,) = report["needs"]
    assert [(c["kind"], c["freelancer"]) for c in dev["candidates"]] == [
        ("freelancer", "ada"), ("candidate", "zoe")]  # yann declined: not listed
    zoe = dev["candidates"][1]
    # Available from Wednesday 23rd: 23, 24, 28.
    assert (zoe["free_days"], zoe["next_fit"], zoe["stage"]) == (3, "2026-12-23", "contacted")
    assert zoe["lacks"][0] == "roster file" and "siret" in zoe["lacks"]
    assert zoe["matched_skills"] == ["react"] and zoe["missing_skills"] == ["python"]


def test_closure_lengthens_a_need_counted_in_days(workspace, run_cfo):
    company = COMPANY + "closures:\n  - {from: 2026-12-28, to: 2026-12-31, reason: Fin d'année}\n"
    report = json_report(run(workspace, run_cfo, "--need", "dev",
                             given=files(**{"company.yaml": company})))
    # 21, 22, 23, 24, then closed until the 31st and New Year's Day: Monday 4 January.
    assert report["needs"][0]["window"]["end"] == "2027-01-04"


def test_text_names_the_need_and_marks_candidates(workspace, run_cfo):
    root = workspace(files())
    args = ("-C", str(root), "--today", "2026-11-26", "find", "--mission", "m", "--need",
            "dev", "--candidates")
    result = run_cfo(*args, "--lang", "en")
    # The team member's name, not the id pm.
    assert "Need dev on m: 1 of 1 missing, asked by Paule Martin" in result.output
    assert "Candidates (not in the roster yet):" in result.output
    assert "roster file, siret" in result.output
    result = run_cfo(*args)
    assert "Besoin dev sur m\u202f: 1 sur 1 manquant, demandé par Paule Martin" in result.output
    assert "Candidats (pas encore dans l'équipe)\u202f:" in result.output
    assert "fiche roster, SIRET" in result.output


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("--need", "nope"), "has no need 'nope'", id="unknown-need"),
    pytest.param(("--role", "x"), "leave out --role", id="filters-with-mission"),
])
def test_usage_problems(workspace, run_cfo, args, message):
    root = workspace(files())
    result = run_cfo("-C", str(root), "find", "--mission", "m", *args)
    assert result.exit_code == 2 and message in result.output


def test_candidates_without_mission_is_a_usage_problem(workspace, run_cfo):
    root = workspace(files())
    result = run_cfo("-C", str(root), "find", "--candidates", "--start", "today", "--days", "1")
    assert result.exit_code == 2
