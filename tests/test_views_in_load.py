"""A first run of ``cfo status`` or ``cfo calendar`` makes each mission's view in the
document pool's workers, as they build its record (issue 16, ``loading/document_viewer.py``,
``checks/workspace_views.viewer_for_load``): one pass on every core, no second pool and no
rows made on one core after it. What they make is what the views made after the load were:
the bytes of ``--no-cache``, cold, warm and after edits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import test_calendar_views
import test_status_rows
from view_runs import aged_workspace, edit, outcomes

from cfo_tools.checks import workspace_views
from cfo_tools.cli import view_loading
from cfo_tools.loading import checking_pool

TODAY = date(2026, 11, 18)
#: The other commands answering from views (``find`` and ``talent`` share theirs).
OTHERS = (("find", "--start", "2026-11-23", "--days", "3"), ("talent",),
          ("planning", "--from", "2026-11-16"))
COMMANDS = (*test_status_rows.FORMS, *test_calendar_views.CALENDARS, *OTHERS)
#: The documents whose records every view reads, by command: the company; the freelancers
#: for the calendar and the markdown board; the invoice and the activity report for the
#: board.
SHARED = {"calendar": 3, "status": 3, "find": 1, "talent": 1, "planning": 1}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    # The status board's workspace (invoices, activity, two owners) and the calendar's
    # missions (absences, a vocabulary-free company), together.
    files = {**test_calendar_views.files(), **test_status_rows.files()}
    files["missions/more.yaml"] = test_calendar_views.files()["missions/site.yaml"]
    return aged_workspace(tmp_path / "ws", files)


@pytest.fixture
def as_large(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """As on a large workspace: a first run loads it whole, on a pool's workers; the number
    of views the load made for each command loading it is gathered."""
    monkeypatch.setattr(workspace_views, "MOST_LOADED", 0)
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    made: list[int] = []
    real = view_loading.views_of_workspace

    def counted(*args: object, **kwargs: object) -> object:
        views = kwargs.get("made", args[6] if len(args) > 6 else None)
        made.append(len(views or {}))  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(view_loading, "views_of_workspace", counted)
    return made


def test_a_first_run_makes_the_views_in_the_load_and_gives_what_no_cache_gives(
        root, tmp_path, as_large):
    expected = outcomes(root, None, TODAY, COMMANDS)
    for place, command in enumerate(COMMANDS):
        as_large.clear()
        cache = tmp_path / f"cache-{place}"
        assert outcomes(root, cache, TODAY, [command]) == expected[place:place + 1], command
        if expected[place][0] == 0:
            # Every document but the shared ones: all made by the workers.
            shared = SHARED[command[0]] + 2 * ("markdown" in command)
            assert as_large == [len(_documents(root)) - shared], command
        # Warm, then after an edit: from the views kept by the first run.
        assert outcomes(root, cache, TODAY, [command]) == expected[place:place + 1], command


def test_after_edits_of_shared_and_other_records_the_views_stay_right(root, tmp_path,
                                                                     as_large):
    cache = tmp_path / "cache"
    outcomes(root, cache, TODAY, COMMANDS)
    for change in (("missions/site.yaml", "title: Mission", "title: Refonte"),
                   ("roster/ada.yaml", "name: ", "name: Ada "),
                   ("company.yaml", "name: Atelier Test", "name: Atelier Autre")):
        edit(root, *change)
        assert outcomes(root, cache, TODAY, COMMANDS) == outcomes(root, None, TODAY,
                                                                  COMMANDS), change
    # Another day: every view made again, after the load (from the workspace's snapshot,
    # no worker builds a record).
    later = date(2026, 11, 25)
    as_large.clear()
    assert outcomes(root, cache, later, COMMANDS) == outcomes(root, None, later, COMMANDS)
    assert as_large and not any(as_large)


def test_without_workers_the_views_are_made_after_the_load(root, tmp_path, monkeypatch,
                                                          as_large):
    """Checked in this process (few files, one core): no view is made by the load, every
    one after it, as before."""
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 10_000)
    expected = outcomes(root, None, TODAY, COMMANDS)
    assert outcomes(root, tmp_path / "cache", TODAY, COMMANDS) == expected
    assert as_large and not any(as_large)


def test_a_broken_company_is_refused_as_before(root, tmp_path, as_large):
    edit(root, "company.yaml", "name: Atelier Test", "name: [")
    expected = outcomes(root, None, TODAY, COMMANDS)
    assert all(code != 0 for code, _, _ in expected)
    assert outcomes(root, tmp_path / "cache", TODAY, COMMANDS) == expected


def _documents(root: Path) -> list[Path]:
    return [path for path in root.rglob("*.yaml") if ".cfo" not in path.parts]


def test_a_view_that_fails_in_a_worker_fails_after_the_load_as_before(root, tmp_path,
                                                                      monkeypatch, as_large):
    """A row that cannot be made (here: a messages file refused while one mission's row is
    rendered) is made again after the load, which reports it as when every row was made
    there: same exit, same output, the load's warnings first; the worker neither sends an
    exception back nor stops the load."""
    from cfo_tools.documents.messages import TemplateProblem
    from cfo_tools.reporters import status_rows

    real = status_rows._maker

    def failing(*args: object, **kwargs: object) -> object:
        row = real(*args, **kwargs)  # type: ignore[arg-type]

        def made(spec, record):  # type: ignore[no-untyped-def]
            if spec.id == "site":
                raise TemplateProblem("templates/messages/fr.yaml", 1, "cannot be used")
            return row(spec, record)

        return made

    monkeypatch.setattr(status_rows, "_maker", failing)
    edit(root, "missions/app.yaml", "title: Mission", "title: [")  # a warning first
    in_workers = outcomes(root, tmp_path / "cache", TODAY, [("status",)])
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 10_000)
    after_load = outcomes(root, tmp_path / "other", TODAY, [("status",)])
    assert in_workers == after_load
    assert in_workers[0][0] == 1 and "cannot be used" in in_workers[0][2]
    assert in_workers[0][2].index("left out") < in_workers[0][2].index("cannot be used")
