"""``cfo talent`` through the cache keeps each freelancer's record and what it reads of each
mission as of ``--today`` (its bookings, who finished it, its reviews, its end) by document
key (issue 16, ``cli/status.py``): after any change its output is what ``--no-cache``
prints, in every form, and after one edit it does not load the workspace."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cfo_tools.cli.main import cli
from cfo_tools.steering import talent
from conftest import COMPANY, freelancer_yaml, loaded_documents, mission_yaml, write_workspace

TODAY = date(2026, 11, 18)
REPORTS = (("talent",), ("talent", "--format", "json"), ("talent", "--role", "web-developer"),
           ("talent", "--skill", "php", "--format", "json"))
REVIEW = """\
reviews:
  - freelancer: ada
    date: 2026-10-30
    quality: 5
    deadlines: 4
    communication: 5
    rehire: true
"""


def files() -> dict[str, str | bytes]:
    return {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(skills="python, php",
                                           unavailable=(("2026-11-30", "2026-12-02"),)),
        "roster/eve.yaml": freelancer_yaml(status="inactive"),
        "missions/site.yaml": mission_yaml("2026-11-16", "2026-11-25", ("ada", 100),
                                           ("bob", 50), status="in-progress"),
        "missions/app.yaml": mission_yaml("2026-11-23", "2026-11-27", ("bob", 80)),
        "missions/old.yaml": mission_yaml("2026-06-01", "2026-06-30", ("ada", 50), ("eve", 20),
                                          status="validated") + REVIEW,
        "missions/past.yaml": mission_yaml("2026-09-01", "2026-09-30", ("bob", 100)),
    }


def outputs(root: Path, cache: Path | None, today: date = TODAY,
            commands: tuple[tuple[str, ...], ...] = REPORTS) -> list[tuple[int, str, str]]:
    env = {"CFO_CACHE_DIR": str(cache) if cache else None,
           "CFO_NO_CACHE": None if cache else "1", "CFO_TODAY": today.isoformat()}
    found = []
    for command in commands:
        result = CliRunner().invoke(cli, ["-C", str(root), *command], env=env,
                                    catch_exceptions=False)
        found.append((result.exit_code, result.stdout, result.stderr))
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


def test_the_report_shows_ratings_missing_reviews_and_next_free_days(root):
    text = outputs(root, None)[0][1]
    # ada's scores, from the review of a mission she finished; free once site.yaml ends
    assert "ada        active         1   19.0   5.0   4.0   5.0   100%  2026-06-30  2026-11-26" \
        in text
    assert text.endswith("no review recorded:\n  eve on old\n  bob on past\n")
    assert outputs(root, None)[0] != outputs(root, None, TODAY + timedelta(days=30))[0]


CHANGES = [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-12-04"),
    ("missions/app.yaml", "allocation: 80", "allocation: 30"),
    ("missions/app.yaml", "status: staffed", "status: cancelled"),
    ("missions/old.yaml", "quality: 5", "quality: 2"),
    ("missions/old.yaml", "status: validated", "status: in-review"),
    ("missions/past.yaml", "end: 2026-09-30", "end: 2026-06-30"),  # ends before old.yaml
    ("missions/past.yaml", "title: Mission", "title: ["),  # broken: left out, with a warning
    ("missions/past.yaml", "title: [", "title: Mission"),
    ("roster/bob.yaml", "capacity: 100", "capacity: 60"),
    ("roster/eve.yaml", "status: inactive", "status: active"),
    ("roster/ada.yaml", "daily_rate: 500", "daily_rate: [500]"),  # invalid: left out
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\nclosures:\n"
     "  - {from: 2026-11-24, to: 2026-11-24, reason: Séminaire}"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test  # a comment", "name: Atelier Autre"),
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
    (root / "missions/new.yaml").write_text(mission_yaml("2026-10-05", "2026-10-09",
                                                         ("rob", 100), ("ada", 10)))
    for today in (TODAY, TODAY + timedelta(days=10), TODAY + timedelta(days=400)):
        expected = outputs(root, None, today)
        assert outputs(root, cache, today) == expected
        assert outputs(root, cache, today) == expected


def test_rows_made_on_every_core_give_the_same_report(root, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    expected = outputs(root, None)
    monkeypatch.setattr(talent, "PARALLEL_BOOKINGS", 1)
    assert outputs(root, cache) == expected
    assert outputs(root, cache) == expected


@pytest.mark.parametrize("change", [
    ("missions/old.yaml", "quality: 5", "quality: 3"),
    ("roster/bob.yaml", "capacity: 100", "capacity: 60"),
    # The company in the views' key by the fields they read: no view made again.
    ("company.yaml", "name: Atelier Test", "name: Atelier Renommé"),
])
def test_after_one_edit_the_workspace_is_not_loaded(root, tmp_path, monkeypatch, change):
    cache = tmp_path / "cache"
    outputs(root, cache, commands=REPORTS[:1])
    edit(root, *change)
    expected = outputs(root, None, commands=REPORTS[:1])

    loaded = loaded_documents(monkeypatch)
    assert outputs(root, cache, commands=REPORTS[:1]) == expected
    assert loaded <= {change[0], "company.yaml"}
