"""``cfo requests``: open needs soonest first, who is free, what was filled this week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.model.records import Assignment, Company, Mission, Need, Workspace
from cfo_tools.planning.needs import all_needs
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.requests import requests
from conftest import freelancer_yaml, json_report


def mission(start: str, needs: str, assignments: str = "", status: str = "open") -> str:
    text = (f"title: M\nclient: C\nowner: pm\nstatus: {status}\nstart: {start}\n"
            "end: 2027-01-29\n")
    if assignments:
        text += "assignments:\n" + assignments
    return text + "needs:\n" + needs


CANDIDATE = """\
name: Zoé
roles: [web-developer]
skills: [react]
source: {channel: referral}
stage: interested
"""


def run(workspace, run_cfo, files, *args):
    root = workspace(files)
    return run_cfo("-C", str(root), "--today", "2026-11-26", "requests", *args)


def test_soonest_first_partly_filled_listed_filled_not(workspace, run_cfo):
    files = {
        "roster/ada.yaml": freelancer_yaml(),
        "missions/later.yaml": mission(
            "2026-12-14", "  - {id: two, role: web-developer, count: 2, requested_by: pm}\n",
            "  - {freelancer: ada, role: web-developer}\n"),
        "missions/sooner.yaml": mission(
            "2026-12-07", "  - {id: one, role: ux-designer, requested_on: 2026-11-20}\n"),
        "missions/done.yaml": mission(
            "2026-12-01", "  - {id: x, role: web-developer}\n", status="closed"),
    }
    report = json_report(run(workspace, run_cfo, files, "--format", "json"))
    assert [(n["mission"], n["id"], n["filled"], n["missing"]) for n in report["open"]] == [
        ("sooner", "one", 0, 1), ("later", "two", 1, 1)]
    assert report["open"][1]["requested_by"] == "pm"


def test_free_people_roster_then_candidates_three_at_most(workspace, run_cfo):
    files = {f"roster/{name}.yaml": freelancer_yaml(rate=rate)
             for name, rate in (("ada", 500), ("bea", 400))}
    files["candidates/zoe.yaml"] = CANDIDATE
    files["candidates/yves.yaml"] = CANDIDATE
    files["missions/m.yaml"] = mission("2026-12-07", "  - {id: dev, role: web-developer}\n")
    report = json_report(run(workspace, run_cfo, files, "--format", "json"))
    assert [(p["kind"], p["id"]) for p in report["open"][0]["free"]] == [
        ("freelancer", "bea"), ("freelancer", "ada"), ("candidate", "yves")]
    text = run(workspace, run_cfo, files, "--lang", "en").output
    assert "missing; free: bea 38d, ada 38d, yves (candidate) 38d" in text
    text = run(workspace, run_cfo, files).output.replace("\u202f", " ")
    assert "manquant ; libres : bea 38 j, ada 38 j, yves (candidat) 38 j" in text


@pytest.mark.parametrize(("requested_on", "listed"), [
    pytest.param("2026-11-22", False, id="sunday-before"),
    pytest.param("2026-11-23", True, id="monday"),
    pytest.param("2026-11-26", True, id="today"),
])
def test_filled_this_week(workspace, run_cfo, requested_on, listed):
    files = {"roster/ada.yaml": freelancer_yaml(),
             "missions/m.yaml": mission(
                 "2026-12-07",
                 f"  - {{id: dev, role: web-developer, requested_on: {requested_on}}}\n",
                 "  - {freelancer: ada, role: web-developer}\n")}
    report = json_report(run(workspace, run_cfo, files, "--format", "json"))
    assert report["open"] == []
    assert [n["id"] for n in report["filled_this_week"]] == (["dev"] if listed else [])


def test_markdown_is_a_table(workspace, run_cfo):
    files = {"missions/m.yaml": mission("2026-12-07", "  - {id: dev, role: web-developer}\n")}
    out = run(workspace, run_cfo, files, "--format", "markdown", "--lang", "en").output
    # 8 weeks of 5 days, less Christmas and New Year's Day (both Fridays): 38.
    assert "| 2026-12-07 to 2027-01-29 | 38 | m | dev | web-developer | 1 of 1 |" in out
    assert "nobody free |" in out
    out = run(workspace, run_cfo, files, "--format", "markdown").output
    assert "| période | jours ouvrés | mission | besoin | rôle | manquants |" in out
    assert "| du 2026-12-07 au 2027-01-29 | 38 | m | dev | web-developer | 1 sur 1 |" in out
    assert "personne de libre |" in out


# -- random needs and assignments ---------------------------------------------------------

BASE = date(2026, 12, 1)
ROLES = ("web-developer", "ux-designer")
days_from_base = st.integers(min_value=-40, max_value=120)


@st.composite
def need(draw: st.DrawFn, index: int) -> Need:
    start = BASE + timedelta(days=draw(days_from_base))
    length = draw(st.one_of(st.none(), st.integers(1, 60)))
    end = None if length is not None else start + timedelta(days=draw(st.integers(-5, 60)))
    asked = draw(st.one_of(st.none(), st.just(BASE - timedelta(days=draw(st.integers(0, 9))))))
    return Need(f"n{index % 3}", draw(st.sampled_from(ROLES)), (), draw(st.integers(1, 100)),
                start, end, length, draw(st.integers(1, 3)), None, (), None, asked, None,
                f"/needs/{index}")


@st.composite
def assignment(draw: st.DrawFn, index: int) -> Assignment:
    start = BASE + timedelta(days=draw(days_from_base))
    end = start + timedelta(days=draw(st.integers(-3, 90)))
    return Assignment(draw(st.sampled_from(("ada", "ghost"))), draw(st.sampled_from(ROLES)),
                      draw(st.integers(1, 100)), start, end, None, None, None,
                      f"/assignments/{index}", draw(st.booleans()))


@st.composite
def missions(draw: st.DrawFn) -> dict[str, Mission]:
    found = {}
    for m in range(draw(st.integers(1, 3))):
        count_needs, count_assignments = draw(st.integers(0, 5)), draw(st.integers(0, 5))
        found[f"m{m}"] = Mission(
            f"m{m}", f"missions/m{m}.yaml", "M", "C", "pm",
            draw(st.sampled_from(("draft", "open", "staffed", "closed"))),
            BASE, BASE + timedelta(days=60), [], None, {},
            [draw(assignment(i)) for i in range(count_assignments)], [], [], {},
            [draw(need(i)) for i in range(count_needs)])
    return found


CALENDAR = WorkingCalendar()
COMPANY = Company("company.yaml", "A", "P", "FR", None, "fr", "EUR", (0, 1, 2, 3, 4), [], [],
                  None, [], [], [], {}, {})


@settings(max_examples=60, deadline=None)
@given(missions(), st.integers(-30, 60))
def test_random_needs_never_crash_and_are_filled_or_open(found, offset):
    import yaml

    from cfo_tools.model.building import build_freelancer
    from conftest import FREELANCER

    ada = build_freelancer("ada", "roster/ada.yaml", yaml.safe_load(FREELANCER))
    workspace = Workspace(Path("."), COMPANY, {"ada": ada}, found)
    today = BASE + timedelta(days=offset)
    report = requests(workspace, CALENDAR, today=today)
    listed = {(r.state.mission.id, r.state.need.pointer) for r in report.open}
    filled = {(s.mission.id, s.need.pointer) for s in report.filled_this_week}
    assert not listed & filled
    for state in all_needs(workspace, CALENDAR):
        key = (state.mission.id, state.need.pointer)
        assert state.filled != (key in listed)
    assert [r.state.start for r in report.open] == sorted(r.state.start for r in report.open)
    for r in report.open:
        assert len(r.free_people) <= 3 and r.state.missing >= 1


def test_every_open_request_is_searched_in_one_index_of_the_bookings(workspace, monkeypatch):
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.planning.availability import AvailabilityIndex

    needs = "".join(f"  - {{id: n{i}, role: web-developer, start: 2026-12-0{i + 1}, days: 2}}\n"
                    for i in range(3))
    files = {"roster/ada.yaml": freelancer_yaml(), "roster/bob.yaml": freelancer_yaml(),
             "missions/m.yaml": mission("2026-12-01", needs,
                                        "  - {freelancer: ada, role: web-developer}\n")}
    found = validate_workspace(workspace(files), jobs=1).workspace
    assert found.company is not None
    calendar = WorkingCalendar.for_company(found.company)
    today = date(2026, 11, 27)
    expected = requests(found, calendar, today=today)
    assert len(expected.open) >= 2 and all(r.free_people for r in expected.open)
    made = []
    original = AvailabilityIndex.of_workspace.__func__  # type: ignore[attr-defined]

    def counted(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(AvailabilityIndex, "of_workspace", classmethod(counted))
    assert requests(found, calendar, today=today) == expected
    assert made == [1]


def test_text_names_roles_by_the_vocabulary_and_askers_by_the_team(workspace, run_cfo):
    from conftest import COMPANY

    vocabulary = ("vocabulary:\n  roles:\n"
                  "    web-developer: {fr: Développeur web, en: Web developer}\n")
    files = {"company.yaml": COMPANY + vocabulary,
             "missions/m.yaml": mission(
                 "2026-12-07", "  - {id: one, role: web-developer, requested_by: pm}\n"
                 "  - {id: two, role: ux-designer, requested_by: someone-else}\n")}
    french = run(workspace, run_cfo, files).stdout
    assert "m/one (Développeur web, 100\u00a0%)" in french
    assert "demandé par Paule Martin" in french
    # No label for ux-designer, no such team member: the ids as written.
    assert "m/two (ux-designer, 100\u00a0%)" in french and "demandé par someone-else" in french
    english = run(workspace, run_cfo, files, "--lang", "en").stdout
    assert "m/one (Web developer, 100%)" in english and "asked by Paule Martin" in english
    table = run(workspace, run_cfo, files, "--format", "markdown").stdout
    assert "| Développeur web |" in table and "| Paule Martin |" in table
    assert json_report(run(workspace, run_cfo, files, "--format", "json"))["open"][0][
        "role"] == "web-developer"
