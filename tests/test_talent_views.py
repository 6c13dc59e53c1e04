"""``cfo talent`` through the cache reads the views of ``cfo find``: each freelancer's record
and what a search reads of each mission as of ``--today`` (its bookings, who finished it,
its reviews, its end) by document key (issue 16, ``cli/status.py``). After any change of
what a row or the missions without reviews read its output is what ``--no-cache`` prints,
in every form (test_find_views.py runs it through find's changes, and checks that one edit
loads only the edited file)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from view_runs import (
    Outcome,
    aged_workspace,
    check_every_change,
    outcomes,
    rename_delete_add,
)

from cfo_tools.steering import talent
from conftest import COMPANY, freelancer_yaml, mission_yaml

TODAY = date(2026, 11, 18)
REPORTS = (("talent",), ("talent", "--format", "json"), ("talent", "--role", "web-developer"),
           ("talent", "--skill", "php", "--format", "json"), ("talent", "--lang", "en"))
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


def outputs(root: Path, cache: Path | None, today: date = TODAY) -> list[Outcome]:
    return outcomes(root, cache, today, REPORTS)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return aged_workspace(tmp_path / "ws", files())


def test_the_report_shows_ratings_missing_reviews_and_next_free_days(root):
    text = outputs(root, None)[-1][1].decode()
    # ada's scores, from the review of a mission she finished; free once site.yaml ends
    assert text.startswith(
        "freelancer status   done days qual dead comm rehire  last end    next free\n"
        "ada        active      1 19.0  5.0  4.0  5.0   100%  2026-06-30  2026-11-26\n")
    assert text.endswith("no review recorded:\n  eve on old\n  bob on past\n")
    # No locale in company.yaml: French, its columns as wide as its headings.
    text = outputs(root, None)[0][1].decode()
    assert text.startswith(
        "freelance statut  missions jours qual. délais comm. reprise  dernière fin  libre le\n"
        "ada       actif          1  19,0   5,0    4,0   5,0   100\u00a0%  2026-06-30    "
        "2026-11-26\n")
    assert text.endswith("sans évaluation enregistrée\u202f:\n  eve sur old\n  bob sur past\n")
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
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\nworking_days: [monday]"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\nlocale: en"),
]


def test_every_change_gives_what_no_cache_gives(root, tmp_path):
    check_every_change(root, tmp_path / "cache", TODAY, REPORTS, CHANGES, rename_delete_add(
        ("roster/bob.yaml", "roster/rob.yaml"), "missions/app.yaml",
        ("missions/new.yaml", mission_yaml("2026-10-05", "2026-10-09", ("rob", 100),
                                           ("ada", 10)))))


def test_rows_made_on_every_core_give_the_same_report(root, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    expected = outputs(root, None)
    monkeypatch.setattr(talent, "PARALLEL_BOOKINGS", 1)
    assert outputs(root, cache) == expected
    assert outputs(root, cache) == expected
