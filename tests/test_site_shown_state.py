"""``cfo site`` keys its whole build by the workspace as it shows it (``site/shown_state.py``):
every record by its content and the findings, not the files' bytes. An edit that changes
neither (a comment) keeps the whole build without computing a view, a list or a page's key;
any other edit makes what it changes, and the folder is byte for byte what a fresh build
without the cache makes."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from test_site_page_store import (
    _build,
    cache,  # noqa: F401 (a fixture)
)
from test_site_reuse import _files, _fresh, _html_pages, _made, _not_rendered_again

from cfo_tools.checks.runner import run_checks
from cfo_tools.loading.document_cache import _blob_key
from cfo_tools.loading.stat_index import workspace_place
from cfo_tools.site import building, shown_state
from cfo_tools.site.shown_state import PART

MISSION = "application-mobile-velo-partage"
pytestmark = pytest.mark.usefixtures("cache")  # each test its own cache folder

#: A mission with findings (over budget, deliverables overdue): their lines are on the home
#: page and in findings.json.
WITH_FINDINGS = "plateforme-reservation-gites"


def _walked(monkeypatch) -> list[str]:
    """The records whose digest is made (walked) in this process, by file."""
    walked: list[str] = []
    real = shown_state._digest

    def counted(record):
        walked.append(record.file)
        return real(record)

    monkeypatch.setattr(shown_state, "_digest", counted)
    return walked


def test_a_comment_keeps_the_whole_build(run_cfo, example, tmp_path, monkeypatch):
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    before = _files(out)
    with (example / "missions" / f"{MISSION}.yaml").open("a", encoding="utf-8") as file:
        file.write("# a comment\n")
    made = _made(monkeypatch)
    views: list[int] = []
    monkeypatch.setattr(building, "record_jobs", lambda *args: views.append(1) or [])
    walked = _walked(monkeypatch)
    result = _build(run_cfo, example, out)
    assert made == [] and views == []
    # Only the record of the edited file is walked again; the others' digests are kept.
    assert walked == [f"missions/{MISSION}.yaml"]
    assert _not_rendered_again(result) == len(_html_pages(before))
    monkeypatch.undo()
    assert _files(out) == before == _fresh(run_cfo, example, tmp_path, "fresh")


def test_a_comment_that_moves_a_finding_s_line_makes_the_site_again(run_cfo, example,
                                                                     tmp_path):
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    before = _files(out)
    path = example / "missions" / f"{WITH_FINDINGS}.yaml"
    path.write_text("# a comment on top\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    _build(run_cfo, example, out)
    after = _files(out)
    assert after["api/v1/findings.json"] != before["api/v1/findings.json"]
    assert after == _fresh(run_cfo, example, tmp_path, "fresh")


def test_a_new_day_makes_the_site_again(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    result = run_cfo("-C", str(example), "--today", "2026-11-30", "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh"
    assert run_cfo("-C", str(example), "--no-cache", "--today", "2026-11-30", "site",
                   "-o", str(fresh)).exit_code == 0
    assert _files(out) == _files(fresh)


@pytest.mark.parametrize("damage", ["tampered", "removed"])
def test_damaged_digests_are_made_again(run_cfo, example, tmp_path, monkeypatch, damage):
    folder = Path(os.environ["CFO_CACHE_DIR"])
    out = tmp_path / "site"
    _build(run_cfo, example, out)
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=folder)
    assert report.cache is not None and report.remembered_as is not None
    name = workspace_place(report.remembered_as) + report.cache.context
    keys = [(_blob_key(PART, name),), (_blob_key(PART, name + b"delta"),)]
    (database,) = folder.glob("documents-*.sqlite3")
    connection = sqlite3.connect(database)
    with connection:
        if damage == "tampered":
            changed = connection.executemany(
                "UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                "|| x'000102030405060708' WHERE key = ?", keys).rowcount
        else:
            changed = connection.executemany("DELETE FROM blobs WHERE key = ?", keys).rowcount
    connection.close()
    assert changed == 2
    walked = _walked(monkeypatch)
    _build(run_cfo, example, out)
    # Every record walked again, and the site is still the one a fresh build makes.
    assert len(walked) == len(set(walked)) > 20
    assert _files(out) == _fresh(run_cfo, example, tmp_path, "fresh")


def _state(example, folder, findings=None):
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=folder)
    if findings is not None:
        report.findings = findings(report.findings)
    return shown_state.shown_state(report)


def test_the_state_follows_every_record_and_finding(example, tmp_path):
    folder = tmp_path / "own-cache"
    first = _state(example, folder)
    assert first is not None
    assert _state(example, None) is None  # without the cache: the check's own state
    # The same findings but one: another state.
    assert _state(example, folder, lambda found: found[1:]) != first
    # A record's field changed, added or removed, a file renamed: another state each time.
    path = example / "missions" / f"{MISSION}.yaml"
    text = path.read_text(encoding="utf-8")
    states = {first}
    for changed in (text.replace("title: Application mobile", "title: Appli mobile", 1),
                    text + "rights: {}\n"):
        path.write_text(changed, encoding="utf-8")
        states.add(_state(example, folder))
    path.write_text(text, encoding="utf-8")
    assert _state(example, folder) == first
    path.rename(example / "missions" / "renamed.yaml")
    states.add(_state(example, folder))
    assert len(states) == 4


def test_what_cannot_be_digested_leaves_the_check_s_state(example, tmp_path):
    report = run_checks(example, today=date(2026, 11, 27), cache_folder=tmp_path / "cache")
    assert shown_state.shown_state(report) is not None
    report.validation.workspace.missions["odd"] = object()  # type: ignore[assignment]
    assert shown_state.shown_state(report) is None
