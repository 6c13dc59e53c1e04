"""``cfo planning`` through the cache keeps, for the weeks shown, the missions it reads of
(a booking, a bar or an open need in those weeks) by document key, and the freelancers
(issue 16, ``cli/planning.py``): after any change its output is what ``--no-cache``
prints, in every form, and after one edit it does not load the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from view_runs import (
    aged_workspace,
    check_every_change,
    check_one_edit_loads_only_it,
    edit,
    rename_delete_add,
)

from cfo_tools.planning.load import read_by_planning
from cfo_tools.planning.working_calendar import WorkingCalendar
from conftest import COMPANY, freelancer_yaml, mission_yaml

TODAY = date(2026, 11, 18)
PLANNINGS = (("planning",), ("planning", "--weeks", "3", "--role", "web-developer"),
             ("planning", "--from", "+5w", "--weeks", "2"),
             ("planning", "--format", "html", "--lang", "en"))
NEED = """\
needs:
  - {id: dev, role: web-developer, start: 2026-12-14, days: 5}
"""


def files() -> dict[str, str | bytes]:
    return {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(unavailable=(("2026-11-30", "2026-12-02"),)),
        "roster/old.yaml": freelancer_yaml(status="inactive"),
        "missions/site.yaml": mission_yaml("2026-11-16", "2026-11-25", ("ada", 100),
                                           ("bob", 50), status="in-progress"),
        "missions/app.yaml": mission_yaml("2026-11-23", "2026-11-27", ("bob", 80)),
        "missions/later.yaml": mission_yaml("2027-03-01", "2027-03-31", ("ada", 50)),
        "missions/open.yaml": mission_yaml("2027-02-01", "2027-02-28", status="open") + NEED,
    }


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return aged_workspace(tmp_path / "ws", files())


def test_a_mission_is_read_when_a_booking_its_dates_or_an_open_need_meet_the_weeks(root):
    from cfo_tools.checks.validation import validate_workspace

    workspace = validate_workspace(root).workspace
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company)
    monday, sunday = date(2026, 12, 14), date(2026, 12, 20)
    read = {m for m, mission in workspace.missions.items()
            if read_by_planning(mission, calendar, monday, sunday)}
    assert read == {"open"}  # its need, though the mission starts in February
    edit(root, "missions/open.yaml", "start: 2026-12-14", "start: 2027-02-01")
    workspace = validate_workspace(root).workspace
    assert not read_by_planning(workspace.missions["open"], calendar, monday, sunday)
    assert read_by_planning(workspace.missions["site"], calendar, date(2026, 11, 23),
                            date(2026, 11, 29))


CHANGES = [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-12-04"),
    ("missions/app.yaml", "allocation: 80", "allocation: 30"),
    ("missions/app.yaml", "status: staffed", "status: cancelled"),
    ("missions/later.yaml", "start: 2027-03-01", "start: 2026-11-30"),  # into the weeks
    ("missions/site.yaml", "start: 2026-11-16", "start: 2026-10-01"),
    ("missions/site.yaml", "end: 2026-12-04", "end: 2026-10-30"),  # out of them
    ("missions/open.yaml", "start: 2026-12-14", "start: 2026-11-30"),
    ("missions/app.yaml", "title: Mission", "title: ["),  # broken: left out, with a warning
    ("missions/app.yaml", "title: [", "title: Mission"),
    ("roster/bob.yaml", "capacity: 100", "capacity: 60"),
    ("roster/old.yaml", "status: inactive", "status: active"),
    ("roster/ada.yaml", "daily_rate: 500", "daily_rate: [500]"),  # invalid: left out
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\nclosures:\n"
     "  - {from: 2026-11-24, to: 2026-11-24, reason: Séminaire}"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\n"
     "working_days: [monday, tuesday, wednesday, thursday]"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test  # a comment", "name: Atelier Autre"),
]


def test_every_change_gives_what_no_cache_gives(root, tmp_path):
    check_every_change(root, tmp_path / "cache", TODAY, PLANNINGS, CHANGES, rename_delete_add(
        ("roster/bob.yaml", "roster/rob.yaml"), "missions/app.yaml",
        ("missions/new.yaml", mission_yaml("2026-11-23", "2026-12-04", ("rob", 100),
                                           ("ada", 10)))), later=(0, 10, 100))


@pytest.mark.parametrize("change", [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-26"),
    ("missions/later.yaml", "start: 2027-03-01", "start: 2026-11-30"),
    ("roster/bob.yaml", "capacity: 100", "capacity: 60"),
    # The company in the views' key by the fields they read: no view made again.
    ("company.yaml", "name: Atelier Test", "name: Atelier Renommé"),
])
def test_after_one_edit_the_workspace_is_not_loaded(root, tmp_path, monkeypatch, change):
    check_one_edit_loads_only_it(root, tmp_path / "cache", TODAY, PLANNINGS[:1], change,
                                 monkeypatch)
