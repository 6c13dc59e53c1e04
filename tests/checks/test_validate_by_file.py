"""``cfo validate`` after an edit from its report kept file by file
(``checks/validation_by_file.py``, issue 16): the bytes of ``--no-cache`` in every format,
with and without ``--strict``; a cold cache keeps ``validate``'s own path."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_check_after_edit import answered, copy_people_and_missions  # noqa: F401
from test_report_by_file import FORMATS, checked, edits_give_the_bytes_of_no_cache, same_bytes
from test_subject_memo import EDIT, TODAY, copy_example

from cfo_tools.checks import rule_subjects, runner, validation_by_file
from cfo_tools.checks.report_by_file import ReportState
from cfo_tools.checks.validation import prepare_run
from cfo_tools.loading import document_cache, workspace_snapshot
from cfo_tools.loading.document_cache import DATABASE
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.stat_index import workspace_place

MISSION = "missions/application-mobile-velo-partage.yaml"


def validated(root: Path, cache: Path | None, output_format: str = "json",
              strict: bool = False, summary: Path | None = None) -> tuple[int, str]:
    return checked(root, cache, TODAY, output_format, strict, summary, command="validate")


def commented(path: Path, comment: str = "# edited") -> None:
    path.write_text(path.read_text(encoding="utf-8") + comment + "\n", encoding="utf-8")


def validate_state(root: Path, cache: Path) -> ReportState:
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None
    return ReportState(prepared.cache, workspace_place(root) + validation_by_file.STATE_NAME)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(EDIT, st.sampled_from(FORMATS), st.booleans()),
                     min_size=1, max_size=6),
       direct_up_to=st.sampled_from([0, 200]), paperwork=st.booleans())
def test_random_edits_give_the_bytes_of_no_cache(monkeypatch, steps, direct_up_to, paperwork):
    """Edits, renames, deletions, copies, another day, with and without the paperwork and
    the memo for the subjects checked again."""
    monkeypatch.setattr(rule_subjects, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", 1)  # never at once on a partial model
    edits_give_the_bytes_of_no_cache(copy_example if paperwork else copy_people_and_missions,
                                     steps, command="validate")


@pytest.mark.parametrize("edited", [MISSION, "roster/alice-martin.yaml",
                                    "invoices/david-nguyen/dn-2026-10.yaml", "company.yaml"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_a_cold_cache_keeps_its_path_then_edits_go_through_the_state(
        tmp_path, monkeypatch, answered, edited, output_format):  # noqa: F811
    """A cold run and a warm one make no state (the run memo answers the second); the
    first edit makes it from the whole workspace, the next ones answer from the documents'
    facts without opening the snapshot: each the bytes of ``--no-cache``."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    stated: list[bool] = []
    reported = runner.reported_from_state

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        stated.append(kwargs["subjects_checked"])
        return reported(*args, **kwargs)

    monkeypatch.setattr(runner, "reported_from_state", recording)
    expected = validated(root, None, output_format)
    assert validated(root, cache, output_format) == expected  # cold
    assert validated(root, cache, output_format) == expected  # warm
    assert stated == [] and validate_state(root, cache).head is None
    for comment in ("# first", "# second"):
        commented(root / edited, comment)
        expected = validated(root, None, output_format)
        assert validated(root, cache, output_format) == expected
    assert stated == [False, False] and answered == [True]
    opened: list[bool] = []
    snapshot = workspace_snapshot.WorkspaceSnapshot.__init__

    def opening(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(True)
        snapshot(self, *args, **kwargs)

    monkeypatch.setattr(workspace_snapshot.WorkspaceSnapshot, "__init__", opening)
    commented(root / edited, "# third")
    assert validated(root, cache, output_format) == validated(root, None, output_format)
    assert answered == [True, True] and not opened


def test_check_validate_and_check_again_on_one_cache(tmp_path):
    """Each command keeps its own report, both from the same memos and facts."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    mission = root / MISSION
    original = mission.read_text(encoding="utf-8")
    for step, command in enumerate(("check", "validate", "check", "validate", "validate",
                                    "check")):
        if step % 2:
            mission.write_text(original.replace("freelancer: ", "freelancer: personne-", 1),
                               encoding="utf-8")
        else:
            mission.write_text(original + f"# {step}\n", encoding="utf-8")
        same_bytes(root, cache, TODAY, "json", False, command)
    assert "personne-" in validated(root, cache, "text")[1]


def test_an_unknown_freelancer_then_fixed(tmp_path, answered):  # noqa: F811
    """The rules reading across missions from the facts, after edits that make and unmake
    a finding: the bytes of ``--no-cache``, without the whole workspace."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    mission = root / MISSION
    original = mission.read_text(encoding="utf-8")
    validated(root, cache)
    commented(mission)
    same_bytes(root, cache, TODAY, "text", False, "validate")
    mission.write_text(original.replace("freelancer: ", "freelancer: personne-", 1),
                       encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", True, "validate")
    assert "personne-" in validated(root, cache, "text")[1]
    mission.write_text(original, encoding="utf-8")
    same_bytes(root, cache, TODAY, "github", False, "validate")
    assert "personne-" not in validated(root, cache, "text")[1]
    assert answered and all(answered)


@pytest.mark.parametrize("damage", ["blobs", "entries", "version"])
def test_a_damaged_state_or_another_version_is_a_miss(tmp_path, monkeypatch, damage):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    validated(root, cache)
    commented(root / MISSION, "# first")
    same_bytes(root, cache, TODAY, "json", False, "validate")
    if damage == "version":
        monkeypatch.setattr(document_cache, "__version__", "99.0.0")
    else:
        with sqlite3.connect(cache / DATABASE) as connection:
            table = "blobs" if damage == "blobs" else "documents"
            connection.execute(f"UPDATE {table} SET entry = randomblob(64)")
    commented(root / MISSION, "# second")
    same_bytes(root, cache, TODAY, "json", False, "validate")


def test_a_schema_change_is_seen(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    validated(root, cache)
    commented(root / MISSION, "# first")
    same_bytes(root, cache, TODAY, "text", False, "validate")
    before = validated(root, cache, "text")[1]
    own = root / "schemas" / "freelancer.schema.json"
    own.parent.mkdir()
    packaged = (packaged_dir("schemas") / "freelancer.schema.json").read_text(encoding="utf-8")
    assert '"maximum": 1000000000' in packaged
    own.write_text(packaged.replace('"maximum": 1000000000', '"maximum": 1', 1),
                   encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False, "validate")
    assert validated(root, cache, "text")[1] != before


@pytest.mark.parametrize("strict", [False, True])
def test_the_job_summary_is_the_same(tmp_path, strict):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    validated(root, cache)
    (root / "roster" / "zoe-new.yaml").write_text("name: Zoé\nemail: nope\n", encoding="utf-8")
    for _ in range(2):
        commented(root / MISSION)
        without, with_cache = tmp_path / "without.md", tmp_path / "with.md"
        expected = validated(root, None, "github", strict, without)
        assert validated(root, cache, "github", strict, with_cache) == expected
        assert with_cache.read_bytes() == without.read_bytes() != b""
        without.unlink()
        with_cache.unlink()


def test_two_commands_at_once_on_one_cache(tmp_path):
    """Two validates and a check after the same edit, at once: each the bytes of
    ``--no-cache``, and so is the next run."""
    root = copy_example(tmp_path / "ws")
    env = {**os.environ, "CFO_CACHE_DIR": str(tmp_path / "shared"), "CFO_TODAY": "2026-11-27"}
    base = [sys.executable, "-m", "cfo_tools", "-C", str(root)]
    commands = [[*base, "validate", "--format", "json"], [*base, "validate", "--format", "json"],
                [*base, "check", "--format", "json"]]
    for command in commands[1:]:
        subprocess.run(command, env=env, capture_output=True, check=False)
    for step in range(2):
        commented(root / MISSION, f"# {step}")
        expected = [subprocess.run([*base, "--no-cache", *command[len(base):]], env=env,
                                   capture_output=True, text=True).stdout
                    for command in commands]
        running = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
                   for command in commands]
        assert [p.communicate()[0] for p in running] == expected
    assert subprocess.run(commands[0], env=env, capture_output=True,
                          text=True).stdout == expected[0]


@pytest.mark.parametrize("validated_after_the_edit", [False, True])
@pytest.mark.parametrize("edited", [MISSION, "roster/alice-martin.yaml", "company.yaml"])
def test_the_commands_loading_with_the_rules_read_validate_s_state(
        tmp_path, monkeypatch, edited, validated_after_the_edit):
    """``cfo brief``, ``build``, ``promote``... load the workspace with the rules: after an
    edit, the rules per subject come from ``validate``'s state (the subjects it touches
    checked again), with the findings of ``--no-cache``; without a state, as before."""
    from cfo_tools.checks import validation

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    whole: list[bool] = []
    split = validation.split_rule_problems

    def splitting(*args, **kwargs):  # type: ignore[no-untyped-def]
        whole.append(True)
        return split(*args, **kwargs)

    monkeypatch.setattr(validation, "split_rule_problems", splitting)

    def loaded() -> list[object]:
        report = validation.validate_workspace(root, cache_folder=cache, located=False)
        return report.positioned(report.findings)

    def expected() -> list[object]:
        report = validation.validate_workspace(root, located=False)
        return report.positioned(report.findings)

    validated(root, cache)
    assert loaded() == expected() and whole == [True]  # no state yet
    for comment in ("# first", "# second"):
        commented(root / edited, comment)
        validated(root, cache)
    commented(root / edited, "# third")
    if validated_after_the_edit:
        validated(root, cache)
    whole.clear()
    assert loaded() == expected() and whole == []
    path = root / MISSION
    path.write_text(path.read_text(encoding="utf-8").replace(
        "freelancer: ", "freelancer: personne-", 1), encoding="utf-8")
    whole.clear()
    found = loaded()
    assert found == expected() and whole == []
    assert any("personne-" in str(f) for f in found)
