"""``cfo conflicts`` with the cache: each freelancer's conflicts and their located findings
come from the memo unless one of their files changed (``checks/remembered_conflicts.py``),
and the output is always the one ``--no-cache`` gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import cfo_tools.checks.remembered_conflicts as remembered
from conftest import company_yaml, freelancer_yaml, mission_yaml, write_workspace

TODAY = "2026-03-01"
CLOSED = company_yaml("closures:\n  - from: 2026-03-16\n    to: 2026-03-20\n"
                      "    reason: Séminaire\n")


@pytest.fixture
def swept(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The freelancers each sweep of the memo's misses went through (a run without the
    cache sweeps everyone, unrecorded)."""
    calls: list[set[str]] = []
    real = remembered.find_conflicts

    def spy(workspace, calendar, **options):  # type: ignore[no-untyped-def]
        if options.get("bookings") is not None:
            calls.append(set(options["bookings"]))
        return real(workspace, calendar, **options)

    monkeypatch.setattr(remembered, "find_conflicts", spy)
    return calls


def _workspace(root: Path) -> Path:
    return write_workspace(root, {
        "company.yaml": CLOSED,
        "roster/ada.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(unavailable=(("2026-03-04", "2026-03-06"),)),
        "roster/cyd.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-03-02", "2026-03-13", ("ada", 60), ("bob", 100)),
        "missions/b.yaml": mission_yaml("2026-03-09", "2026-03-20", ("ada", 50)),
        "missions/c.yaml": mission_yaml("2026-03-02", "2026-03-06", ("cyd", 100)),
    })


def _same_as_without_cache(run_cfo, root: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    with_cache = run_cfo("-C", str(root), "--today", TODAY, "conflicts", *args)
    without = run_cfo("-C", str(root), "--today", TODAY, "--no-cache", "conflicts", *args)
    assert (with_cache.exit_code, with_cache.output) == (without.exit_code, without.output)
    return with_cache.output


def test_only_the_people_an_edit_touches_are_swept_again(run_cfo, tmp_path, swept):
    root = _workspace(tmp_path / "ws")
    first = _same_as_without_cache(run_cfo, root)
    assert "ada is booked at 110%" in first and "company closure" in first
    swept.clear()
    assert _same_as_without_cache(run_cfo, root) == first
    assert swept == []  # nobody's files changed: every one from the memo
    # A comment moves the lines of mission c: only cyd's conflicts are swept and located
    # again, and their lines follow.
    path = root / "missions/c.yaml"
    path.write_text("# moved\n# down\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    swept.clear()
    assert _same_as_without_cache(run_cfo, root) == first
    assert swept == [{"cyd"}]
    # Mission a assigns ada and bob: both again, cyd not.
    path = root / "missions/a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("allocation: 60",
                                                             "allocation: 40"),
                    encoding="utf-8")
    swept.clear()
    after = _same_as_without_cache(run_cfo, root)
    assert swept == [{"ada", "bob"}] and "ada is booked at" not in after


def test_a_comment_in_the_company_file_moves_the_closures_lines(run_cfo, tmp_path, swept):
    root = _workspace(tmp_path / "ws")
    first = _same_as_without_cache(run_cfo, root, "--format", "json")
    (root / "company.yaml").write_text("# top\n" + CLOSED, encoding="utf-8")
    swept.clear()
    assert _same_as_without_cache(run_cfo, root, "--format", "json") != first
    assert swept == [{"ada", "bob", "cyd"}]


@pytest.mark.parametrize("args", [
    ("--from", "2026-03-10", "--to", "2026-03-17"),
    ("--from", "2026-03-18"),
    ("--to", "2026-03-05", "--format", "json"),
    ("--freelancer", "bob", "--format", "github"),
])
def test_each_window_and_person_asked_is_kept_apart(run_cfo, tmp_path, args):
    root = _workspace(tmp_path / "ws")
    whole = _same_as_without_cache(run_cfo, root)
    for _ in range(2):
        assert _same_as_without_cache(run_cfo, root, *args) != whole
    assert _same_as_without_cache(run_cfo, root) == whole


def test_a_freelancer_left_out_of_a_mission_is_swept_without_it(run_cfo, tmp_path, swept):
    root = _workspace(tmp_path / "ws")
    _same_as_without_cache(run_cfo, root)
    (root / "missions/b.yaml").write_text(
        mission_yaml("2026-03-09", "2026-03-20", ("cyd", 50)), encoding="utf-8")
    swept.clear()
    output = _same_as_without_cache(run_cfo, root)
    assert swept == [{"ada", "cyd"}] and "ada is booked" not in output
