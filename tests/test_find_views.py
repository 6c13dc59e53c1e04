"""``cfo find`` through the cache keeps what a search reads of each mission (its bookings,
who finished it, its reviews) and each freelancer by document key (issue 16,
``checks/workspace_views.py``), and ``cfo talent`` reads the same views: after any change
their output is what ``--no-cache`` prints, and after one edit they do not load the
workspace."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from view_runs import Outcome, aged_workspace, edit, outcomes

from conftest import COMPANY, freelancer_yaml, loaded_documents, mission_yaml

TODAY = date(2026, 11, 18)
SEARCHES = (("find", "--start", "2026-11-23", "--days", "5"),
            ("find", "--start", "2026-11-23", "--days", "5", "--ignore-tentative",
             "--format", "json"),
            ("find", "--role", "web-developer", "--start", "2026-11-30", "--end", "2026-12-04",
             "--allocation", "60", "--skill", "python"),
            ("find", "--mission", "site"))
#: Reading the same views as a search.
TALENT = (("talent",), ("talent", "--role", "web-developer", "--format", "json"))
REVIEW = """\
reviews:
  - freelancer: ada
    date: 2026-10-30
    quality: 5
    deadlines: 4
    communication: 3
    rehire: true
"""
NEED = """\
needs:
  - {id: dev, role: web-developer, start: 2026-11-23, days: 5}
"""


def files() -> dict[str, str | bytes]:
    tentative = mission_yaml("2026-11-23", "2026-11-27", ("bob", 50)).replace(
        "allocation: 50\n", "allocation: 50\n    tentative: true\n")
    return {
        "company.yaml": COMPANY,
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(skills="python, php"),
        "roster/eve.yaml": freelancer_yaml(rate=400, unavailable=(("2026-11-30", "2026-12-02"),)),
        "missions/site.yaml": mission_yaml("2026-11-16", "2026-11-25", ("ada", 100),
                                           status="in-progress") + NEED,
        "missions/app.yaml": tentative,
        "missions/old.yaml": mission_yaml("2026-10-01", "2026-10-30", ("ada", 50), ("eve", 20),
                                          status="validated") + REVIEW,
    }


def outputs(root: Path, cache: Path | None, today: date = TODAY,
            searches: tuple[tuple[str, ...], ...] = SEARCHES + TALENT) -> list[Outcome]:
    return outcomes(root, cache, today, searches)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return aged_workspace(tmp_path / "ws", files())


def test_the_search_reads_bookings_reviews_and_absences(root):
    text = outputs(root, None)[0][1].decode()
    assert "4,0" in text  # ada's rating, from the review of a mission she finished
    assert outputs(root, None)[0] != outputs(root, None, TODAY + timedelta(days=30))[0]


CHANGES = [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-27"),
    ("missions/app.yaml", "tentative: true", "tentative: false"),
    ("missions/app.yaml", "status: staffed", "status: cancelled"),
    ("missions/old.yaml", "quality: 5", "quality: 2"),
    ("missions/old.yaml", "status: validated", "status: in-review"),
    ("missions/old.yaml", "title: Mission", "title: ["),  # broken: left out, with a warning
    ("missions/old.yaml", "title: [", "title: Mission"),
    ("roster/bob.yaml", "capacity: 100", "capacity: 60"),
    ("roster/eve.yaml", "daily_rate: 400", "daily_rate: [400]"),  # invalid: left out
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
    (root / "missions/new.yaml").write_text(mission_yaml("2026-11-23", "2026-12-04",
                                                         ("rob", 100)))
    for today in (TODAY, TODAY + timedelta(days=10), TODAY + timedelta(days=400)):
        expected = outputs(root, None, today)
        assert outputs(root, cache, today) == expected
        assert outputs(root, cache, today) == expected


@pytest.mark.parametrize("change", [
    ("missions/site.yaml", "end: 2026-11-25", "end: 2026-11-26"),
    # The company in the views' key by the fields they read: no view made again.
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Renommé"),
])
def test_after_one_edit_the_workspace_is_not_loaded(root, tmp_path, monkeypatch, change):
    cache = tmp_path / "cache"
    outputs(root, cache)
    edit(root, *change)
    loaded_alone = SEARCHES[:3] + TALENT  # find --mission loads the workspace
    expected = outputs(root, None, searches=loaded_alone)

    loaded = loaded_documents(monkeypatch)
    assert outputs(root, cache, searches=loaded_alone) == expected
    # The edited file and the company (its data is in the views' key).
    assert loaded <= {change[0], "company.yaml"}


def test_views_made_after_an_edit_written_as_a_new_base_of_every_view(root, tmp_path,
                                                                      monkeypatch):
    """A delta past its limit (here, any) makes the views' new base of every document's
    view, those kept and those made now, without loading the workspace."""
    from cfo_tools.loading import document_views

    cache = tmp_path / "cache"
    searches = SEARCHES[:3] + TALENT  # find --mission loads the workspace
    outputs(root, cache)
    monkeypatch.setattr(document_views, "_delta_limit", lambda count: 0)
    expected = []
    for change in CHANGES[:2]:
        edit(root, *change)
        expected.append(outputs(root, None, searches=searches))
    for change in CHANGES[:2]:
        edit(root, change[0], change[2], change[1])
    loaded = loaded_documents(monkeypatch)
    written: list[int] = []
    store = document_views.DocumentViews._store_base

    def storing(self, views):  # type: ignore[no-untyped-def]
        written.append(len(views))
        store(self, views)

    monkeypatch.setattr(document_views.DocumentViews, "_store_base", storing)
    for change, outcome in zip(CHANGES[:2], expected, strict=True):
        edit(root, *change)
        assert outputs(root, cache, searches=searches) == outcome
        assert outputs(root, cache, searches=searches) == outcome
    assert loaded <= {change[0] for change in CHANGES[:2]} | {"company.yaml"}
    assert written and set(written) == {len(files())}  # every document's view
