"""`cfo find`, `cfo status` and the other readers (test_commands_loading.py) load the
workspace without the cross-file rules (issue 16): their warning names the files left out of
the model, which only the files' own checks decide; a company the calendar cannot use is
still refused with the rule that says why."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_commands_loading import COMMANDS
from test_warm_cache import READERS as ALL_READERS
from test_warm_cache import age, copy_example
from view_runs import outcomes

from cfo_tools.checks import validation
from conftest import company_yaml, freelancer_yaml

FIND = ("find", "--start", "2026-12-07", "--days", "5")
#: Every command that loads the workspace without the cross-file rules.
READERS = [FIND, ("status",), *COMMANDS]


@pytest.mark.parametrize("command", READERS)
def test_the_warning_names_the_files_left_out(mixed, run_cfo, command):
    result = run_cfo("-C", str(mixed), "--today", "2026-11-26", *command)
    assert result.exit_code == 0
    assert "1 file(s) with errors are partly or wholly left out (roster/bob.yaml)" \
        in result.stderr
    assert "missions/m.yaml" not in result.stderr  # its record is there, only inconsistent
    checked = run_cfo("-C", str(mixed), "--today", "2026-11-26", "check")
    assert "roster/bob.yaml" in checked.stdout and "missions/m.yaml" in checked.stdout


@pytest.mark.parametrize("command", READERS)
def test_the_cross_file_rules_are_not_run(mixed, run_cfo, monkeypatch, command):
    def refuse(*args: object) -> None:
        raise AssertionError("the cross-file rules ran")

    monkeypatch.setattr(validation, "run_rules", refuse)
    assert run_cfo("-C", str(mixed), "--today", "2026-11-26", *command).exit_code == 0


@pytest.mark.parametrize("command", READERS)
def test_an_unknown_holiday_region_is_still_refused_with_its_reason(workspace, run_cfo,
                                                                     command):
    root = workspace({"company.yaml": company_yaml("country: XX\n"),
                      "roster/ada.yaml": freelancer_yaml()})
    result = run_cfo("-C", str(root), "--today", "2026-11-26", *command)
    assert result.exit_code == 1
    assert "holiday-region" in result.stderr
    assert "company.yaml has errors" in result.stderr


CHANGES = st.lists(st.tuples(
    st.sampled_from(["append", "break", "delete", "rename", "copy", "add", "today"]),
    st.integers(min_value=0, max_value=1000)), min_size=1, max_size=3)


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(CHANGES)
def test_random_changes_give_what_no_cache_gives(changes):
    """find and status (and the other readers) through the cache, its stat index, snapshot
    and public holidays, after random edits and another today, as without the cache."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder) / "ws")
        cache = Path(folder) / "cache"
        age(root)
        today = date(2026, 11, 27)
        outcomes(root, cache, today, ALL_READERS)
        for change, pick in changes:
            files = sorted(root.rglob("*.yaml"))
            path = files[pick % len(files)]
            if change == "append":
                path.write_bytes(path.read_bytes() + b"# x\n")
            elif change == "break":
                path.write_bytes(path.read_bytes() + b"\n: [\n")
            elif change in ("delete", "rename", "copy") and path.name != "company.yaml":
                if change == "delete":
                    path.unlink()
                elif change == "rename":
                    path.rename(path.with_name(f"z{pick}-{path.name}"))
                else:
                    shutil.copy(path, path.with_name(f"c{pick}-{path.name}"))
            elif change == "add":
                (root / "roster" / f"new-{pick}.yaml").write_text(freelancer_yaml(),
                                                                  encoding="utf-8")
            elif change == "today":
                today += timedelta(days=pick * 3)  # up to eight years on
            expected = outcomes(root, None, today, ALL_READERS)
            assert outcomes(root, cache, today, ALL_READERS) == expected
            assert outcomes(root, cache, today, ALL_READERS) == expected
