"""``cfo calendar`` through the cache keeps each mission's events serialised by document key
(issue 16, ``reporters/calendar_events.py``): after any change its bytes are those
``--no-cache`` writes, for everyone, one freelancer or one mission, and after one edit it
does not load the workspace."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfo_tools.cli.main import cli
from conftest import COMPANY, freelancer_yaml, loaded_documents, mission_yaml, write_workspace

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


def outputs(root: Path, cache: Path | None, today: date = TODAY,
            commands: tuple[tuple[str, ...], ...] = CALENDARS) -> list[tuple[int, bytes, str]]:
    env = {"CFO_CACHE_DIR": str(cache) if cache else None,
           "CFO_NO_CACHE": None if cache else "1", "CFO_TODAY": today.isoformat()}
    found = []
    for command in commands:
        result = CliRunner().invoke(cli, ["-C", str(root), *command], env=env,
                                    catch_exceptions=False)
        found.append((result.exit_code, result.stdout_bytes, result.stderr))
    return found


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    write_workspace(folder, files())
    then = time.time() - 100
    for path in folder.rglob("*.yaml"):
        os.utime(path, (then, then))
    return folder


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
    cache = tmp_path / "cache"
    assert outputs(root, cache) == outputs(root, None)
    for file, old, new in CHANGES:
        edit(root, file, old, new)
        expected = outputs(root, None)
        assert outputs(root, cache) == expected, (file, new)
        assert outputs(root, cache) == expected, (file, new)
    (root / "roster/bob.yaml").rename(root / "roster/rob.yaml")
    (root / "missions/app.yaml").unlink()
    (root / "missions/new.yaml").write_text(mission_yaml("2026-11-23", "2026-12-04",
                                                         ("rob", 100), ("ada", 10)))
    for today in (TODAY, TODAY + timedelta(days=10), TODAY + timedelta(days=400)):
        expected = outputs(root, None, today)
        assert outputs(root, cache, today) == expected
        assert outputs(root, cache, today) == expected


@pytest.mark.parametrize("change", [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-26"),
    ("missions/app.yaml", "title: Mission", "title: Application"),
    # The company in the views' key by the fields they read: no view made again.
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Renommé"),
])
def test_after_one_edit_the_workspace_is_not_loaded(root, tmp_path, monkeypatch, change):
    cache = tmp_path / "cache"
    outputs(root, cache)
    edit(root, *change)
    expected = outputs(root, None)

    loaded = loaded_documents(monkeypatch)
    assert outputs(root, cache) == expected
    # The edited file and the company (its data is in the views' key).
    assert loaded <= {change[0], "company.yaml"}
