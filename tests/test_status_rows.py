"""``cfo status`` through the cache keeps each mission's pieces of the board by its document
key (issue 16, ``reporters/status_rows.py``): after any change its output is what ``--no-cache``
prints, and after one edit it does not load the workspace."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from invoice_fixtures import ada_with_siret, invoice_yaml
from view_runs import Outcome, aged_workspace, edit, outcomes

from cfo_tools.loading.document_cache import DATABASE
from conftest import COMPANY, REPO, freelancer_yaml, loaded_documents, mission_yaml

TODAY = date(2026, 11, 18)
FORMS = (("status",), ("status", "--format", "json"), ("status", "--format", "markdown"),
         ("status", "--owner", "pm"), ("status", "--owner", "lea"),
         ("status", "--owner", "nobody"), ("status", "--lang", "en"),
         ("status", "--format", "markdown", "--lang", "en"))
ENGLISH = FORMS.index(("status", "--lang", "en"))
DELIVERABLES = """\
deliverables:
  - id: maquettes
    title: Maquettes
    due: 2026-11-20
    status: pending
  - id: recette
    title: Recette
    due: 2026-11-10
    status: submitted
checkins:
  - date: 2026-11-12
    freelancer: ada
    by: pm
    mood: good
"""
ACTIVITY = """\
entries:
  - mission: site
    days:
      2: 1
      3: 1
status: approved
approved_by: pm
approved_on: 2026-11-05
"""


def files() -> dict[str, str | bytes]:
    return {
        "company.yaml": COMPANY + "  - id: lea\n    name: Léa Roux\n    email: lea@example.fr\n",
        "roster/ada.yaml": ada_with_siret(),
        "roster/bob.yaml": freelancer_yaml().replace("name: Test", "name: Bob Martin"),
        "missions/site.yaml": mission_yaml("2026-11-02", "2026-11-30", ("ada", 100),
                                           status="in-progress") + DELIVERABLES,
        "missions/app.yaml": mission_yaml("2026-10-05", "2026-12-18", ("bob", 50),
                                          status="staffed").replace("owner: pm", "owner: lea"),
        "missions/old.yaml": mission_yaml("2026-09-01", "2026-09-30", ("ada", 50), ("bob", 20),
                                          status="in-progress"),
        "invoices/ada/f-2026-011.yaml": invoice_yaml(
            issued="2026-11-10", period="2026-11", lines=(("site", "2", "500"),),
            amount="1000.00", total="1200.00", due="2026-12-10"),
        "activity/2026-11/ada.yaml": ACTIVITY,
    }


def outputs(root: Path, cache: Path | None, today: date = TODAY) -> list[Outcome]:
    return outcomes(root, cache, today, FORMS)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return aged_workspace(tmp_path / "ws", files())


def test_the_board_has_what_every_row_reads(root):
    text = outputs(root, None)[ENGLISH][1].decode()
    assert "invoices to approve: ada F-2026-011" in text
    assert "OVERDUE" in text and "waiting for validation" in text
    assert "last check-in 2026-11-12 with ada, good" in text
    assert "Ended without reviews:\n  old (ended 2026-09-30): ada, bob" in text


def test_the_board_speaks_french_when_the_company_names_no_locale(root):
    text = outputs(root, None)[0][1].decode().replace("\u202f", " ")
    assert text.startswith("Missions en cours au mer. 2026-11-18\n")
    assert "factures à approuver : ada F-2026-011" in text
    assert "EN RETARD" in text and "en attente de validation" in text
    assert "dernier point le 2026-11-12 avec ada, bien" in text
    assert "Terminées sans évaluation :\n  old (terminée le 2026-09-30) : ada, bob" in text


CHANGES = [
    ("missions/site.yaml", "status: in-progress\n", "status: in-review\n"),
    ("missions/site.yaml", "due: 2026-11-20", "due: 2026-11-19"),
    ("missions/app.yaml", "owner: lea", "owner: pm"),
    ("missions/old.yaml", "status: in-progress", "status: validated"),
    ("missions/old.yaml", "title: Mission", "title: ["),  # broken: left out, with a warning
    ("missions/old.yaml", "title: [", "title: Mission"),
    ("roster/bob.yaml", "Bob Martin", "Robert Martin"),  # the Markdown form names him
    ("roster/bob.yaml", "name:", "nom:"),  # invalid: left out
    ("invoices/ada/f-2026-011.yaml", "status: received", "status: approved"),
    ("activity/2026-11/ada.yaml", "3: 1", "3: 0.5"),
    ("company.yaml", "Léa Roux", "Léa Rousseau"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test\nrequirements:\n"
     "  drift_points: 1"),
    ("company.yaml", "name: Atelier Test", "name: Atelier Test  # a comment"),
    ("company.yaml", "name: Atelier Test  # a comment", "name: Atelier Autre"),
    ("company.yaml", "name: Atelier Autre", "name: Atelier Autre\nlocale: en"),
    ("company.yaml", "locale: en", "locale: fr"),
]


def test_every_change_gives_what_no_cache_gives(root, tmp_path):
    cache = tmp_path / "cache"
    assert outputs(root, cache) == outputs(root, None)
    for file, old, new in CHANGES:
        edit(root, file, old, new)
        expected = outputs(root, None)
        assert outputs(root, cache) == expected, (file, new)
        assert outputs(root, cache) == expected, (file, new)
    (root / "missions/app.yaml").rename(root / "missions/app2.yaml")
    (root / "missions/copy.yaml").write_text((root / "missions/site.yaml").read_text())
    (root / "missions/site.yaml").unlink()
    for today in (TODAY, TODAY + timedelta(days=3), TODAY + timedelta(days=400)):
        expected = outputs(root, None, today)
        assert outputs(root, cache, today) == expected
        assert outputs(root, cache, today) == expected


@pytest.mark.parametrize("change", [
    ("missions/site.yaml", "due: 2026-11-20", "due: 2026-11-23"),
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


def test_corrupt_views_are_a_miss(root, tmp_path):
    cache = tmp_path / "cache"
    outputs(root, cache)
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE blobs SET entry = zeroblob(40)")
    assert outputs(root, cache) == outputs(root, None)


def test_the_words_of_the_workspace_are_never_shown_stale(root, tmp_path):
    """A word the workspace overrides, changes or takes back is shown at once through the
    cache, as ``--no-cache`` shows it; a messages file it may not use is refused both ways."""
    cache = tmp_path / "cache"
    messages = root / "templates" / "messages"
    assert outputs(root, cache) == outputs(root, None)
    messages.mkdir(parents=True)
    for words in ('board_title: "Le tableau du {day}"\n', 'board_overdue: EN SOUFFRANCE\n',
                  'status_in-progress: lancée\n'):
        (messages / "fr.yaml").write_text(words, encoding="utf-8")
        expected = outputs(root, None)
        assert outputs(root, cache) == expected
        assert outputs(root, cache) == expected
    assert "old [lancée]" in expected[0][1].decode()
    (messages / "fr.yaml").unlink()
    assert outputs(root, cache) == outputs(root, None)
    outside = tmp_path / "outside.yaml"
    outside.write_text("board_nothing: ailleurs\n", encoding="utf-8")
    (messages / "fr.yaml").symlink_to(outside)
    refused = outputs(root, cache)
    assert refused == outputs(root, None)
    assert refused[0][0] == 1 and "link out of the workspace" in refused[0][2]


def test_the_rows_come_by_end_then_id_whatever_the_files_order():
    """The board's rows from the views, in the order of one sort by (end, id) and with an
    owner's only, whatever order the views come in (ids in the files' order or not, ends
    equal or not)."""
    import random

    from cfo_tools.checks.workspace_views import ViewedWorkspace
    from cfo_tools.reporters.status import STATUS_PARTS
    from cfo_tools.reporters.status_rows import status_from_views
    from cfo_tools.reporters.words import report_words

    class Spec:
        kind = "mission"

    picked = random.Random(16)
    views = [(Spec(), (date(2026, 11, picked.randint(1, 3)), f"m{picked.randint(0, 50):02}-{n}",
                       picked.choice(["pm", "lea"]),
                       picked.choice([None, f"row {n}"]), picked.choice([None, f"ended {n}"])))
             for n in range(200)]
    views.insert(5, (Spec(), None))
    parts = STATUS_PARTS["text"]
    words = report_words(REPO, "en", None)
    for owner in (None, "pm"):
        rows = sorted((view for _, view in views
                       if view is not None and (owner is None or view[2] == owner)),
                      key=lambda row: (row[0], row[1]))
        expected = parts.whole(TODAY, [r[3] for r in rows if r[3] is not None],
                               [r[4] for r in rows if r[4] is not None], words)
        viewed = ViewedWorkspace(None, None, views)  # type: ignore[arg-type]
        assert status_from_views(viewed, owner, parts, TODAY, words) == expected
