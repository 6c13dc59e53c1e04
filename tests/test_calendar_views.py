"""``cfo calendar`` through the cache keeps each mission's events serialised by document key
(issue 16, ``reporters/calendar_events.py``): after any change its bytes are those
``--no-cache`` writes, for everyone, one freelancer or one mission, and after one edit it
does not load the workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from view_runs import (
    Outcome,
    aged_workspace,
    check_every_change,
    check_one_edit_loads_only_it,
    outcomes,
    rename_delete_add,
)

from conftest import COMPANY, freelancer_yaml, mission_yaml

TODAY = date(2026, 11, 18)
CALENDARS = (("calendar",), ("calendar", "--freelancer", "ada"),
             ("calendar", "--freelancer", "bob"), ("calendar", "--mission", "site"),
             ("calendar", "--mission", "nope"), ("calendar", "--freelancer", "nope"))
VOCABULARY = """\
vocabulary:
  roles:
    web-developer: {fr: Développeuse web, en: Web developer}
"""


def files() -> dict[str, str | bytes]:
    return {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(unavailable=(("2026-11-30", "2026-12-02"),)),
        "missions/site.yaml": mission_yaml("2026-11-16", "2026-11-25", ("ada", 100),
                                           ("bob", 50), ("ada", 20, "2026-11-24", "2026-11-25"),
                                           status="in-progress"),
        "missions/app.yaml": mission_yaml("2026-11-23", "2026-11-27", ("bob", 50)),
    }


def outputs(root: Path, cache: Path | None, today: date = TODAY) -> list[Outcome]:
    return outcomes(root, cache, today, CALENDARS)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return aged_workspace(tmp_path / "ws", files())


def test_the_calendars_show_assignments_absences_and_names(root):
    everyone, ada, bob, site, no_mission, no_freelancer = outputs(root, None)
    assert everyone[0] == ada[0] == site[0] == 0
    assert everyone[1].count(b"BEGIN:VEVENT") == 5  # 4 assignments, 1 absence
    assert ada[1].count(b"BEGIN:VEVENT") == 2 and b"assignment-site-ada-2@" in ada[1]
    assert bob[1].count(b"BEGIN:VEVENT") == 3
    assert b"X-WR-CALNAME:Atelier Test \xe2\x80\x94 Mission" in site[1]
    assert no_mission[0] == no_freelancer[0] == 2


CHANGES = [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-27"),
    ("missions/app.yaml", "status: staffed", "status: cancelled"),
    ("missions/site.yaml", "title: Mission", "title: Refonte"),
    ("missions/app.yaml", "allocation: 50", "allocation: 80"),
    ("missions/site.yaml", "title: Refonte", "title: ["),  # broken: left out, with a warning
    ("missions/site.yaml", "title: [", "title: Mission"),
    ("roster/ada.yaml", "name: Test", "name: Ada Lovelace"),  # in the summaries
    ("roster/bob.yaml", "2026-12-02", "2026-12-04"),
    ("roster/bob.yaml", "daily_rate: 500", "daily_rate: [500]"),  # invalid: left out
    ("company.yaml", "name: Atelier Test", "locale: en\nname: Atelier Test"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\n" + VOCABULARY),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test  # a comment", "name: Atelier Autre"),
    ("company.yaml", "name: Atelier Autre", "name: Atelier Autre\nclosures:\n"
     "  - {from: 2026-11-24, to: 2026-11-24, reason: Séminaire}"),
]


def test_every_change_gives_what_no_cache_gives(root, tmp_path):
    check_every_change(root, tmp_path / "cache", TODAY, CALENDARS, CHANGES, rename_delete_add(
        ("roster/bob.yaml", "roster/rob.yaml"), "missions/app.yaml",
        ("missions/new.yaml", mission_yaml("2026-11-23", "2026-12-04", ("rob", 100),
                                           ("ada", 10)))))


@pytest.mark.parametrize("change", [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-26"),
    ("missions/app.yaml", "title: Mission", "title: Application"),
    # The company in the views' key by the fields they read: no view made again.
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Renommé"),
])
def test_after_one_edit_the_workspace_is_not_loaded(root, tmp_path, monkeypatch, change):
    check_one_edit_loads_only_it(root, tmp_path / "cache", TODAY, CALENDARS, change,
                                 monkeypatch)


def test_a_first_run_keeps_its_views_from_a_child(root, tmp_path, monkeypatch):
    """A first run's views are stored by a child beside the command (the command line's
    background writes): the next run answers from them without loading the workspace."""
    from cfo_tools.checks import workspace_views
    from cfo_tools.loading import background_writes
    from conftest import loaded_documents

    cache = tmp_path / "cache"
    # As on a large workspace: a first run loads it whole and makes every view.
    monkeypatch.setattr(workspace_views, "MOST_LOADED", 0)
    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(background_writes, "_PENDING", [])
    first = outcomes(root, cache, TODAY, [("calendar",)])
    # A child was started for the writes, and is waited for.
    assert background_writes._PENDING
    background_writes.wait_for_writes()
    monkeypatch.setattr(background_writes, "ENABLED", False)
    assert first == outputs(root, None)[:1]
    loaded = loaded_documents(monkeypatch)
    assert outcomes(root, cache, TODAY, [("calendar",)]) == first
    # Not the workspace (refused by ``loaded_documents``): the company, which every view reads,
    # from its entry.
    assert loaded <= {"company.yaml"}
