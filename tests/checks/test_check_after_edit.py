"""`cfo check` after a few edits without the workspace's model (``checks/after_edit.py``,
issue 16): from the documents' facts and the records of the subjects checked again, the same
bytes as ``--no-cache`` in every format, with and without ``--strict``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report_by_file import FORMATS, checked, edits_give_the_bytes_of_no_cache, same_bytes
from test_subject_memo import EDIT, REPO, TODAY

from cfo_tools.checks import after_edit, rule_subjects, subject_checks
from cfo_tools.loading import workspace_snapshot


def copy_people_and_missions(root: Path) -> Path:
    """The example's company, roster and missions: no activity report, invoice or candidate,
    whose rules read across missions (with any, the whole workspace is loaded)."""
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each run that had a last report, whether it was made without the whole
    workspace."""
    found: list[bool] = []
    inputs = after_edit.inputs_after_edit

    def recording(prepared, today, state, holidays):  # type: ignore[no-untyped-def]
        result = inputs(prepared, today, state, holidays)
        if state.head is not None:
            found.append(result is not None)
        return result

    monkeypatch.setattr(after_edit, "inputs_after_edit", recording)
    return found


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(EDIT, st.sampled_from(FORMATS), st.booleans()),
                     min_size=1, max_size=6),
       direct_up_to=st.sampled_from([0, 200]))
def test_random_edits_give_the_bytes_of_no_cache(monkeypatch, steps, direct_up_to):
    """Edits, renames, deletions, copies, another day, in every format, with and without
    the memo for the subjects checked again."""
    monkeypatch.setattr(subject_checks, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", 1)  # never at once on a partial model
    edits_give_the_bytes_of_no_cache(copy_people_and_missions, steps)


@pytest.mark.parametrize("edited", [
    "missions/application-mobile-velo-partage.yaml", "roster/alice-martin.yaml"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_one_edit_loads_no_snapshot(tmp_path, monkeypatch, answered, edited, output_format):
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, output_format)
    opened: list[bool] = []
    snapshot = workspace_snapshot.WorkspaceSnapshot.__init__

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(True)
        snapshot(self, *args, **kwargs)

    monkeypatch.setattr(workspace_snapshot.WorkspaceSnapshot, "__init__", recording)
    path = root / edited
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, output_format, False)
    assert answered[0] and not opened


def test_a_wrong_order_number_and_an_unknown_freelancer_after_an_edit(tmp_path, answered):
    """The rules reading across missions, from the facts: an order number used twice, a
    freelancer no roster file has, an id with no label; then fixed again."""
    root = copy_people_and_missions(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    mission = root / "missions" / "plateforme-reservation-gites.yaml"
    original = mission.read_text(encoding="utf-8")
    edited = original.replace("freelancer: ", "freelancer: personne-", 1)
    edited += ("skills: [une-competence-sans-nom]\n" if "\nskills:" not in edited else "")
    mission.write_text(edited, encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    assert "personne-" in checked(root, cache, TODAY, "text")[1]
    mission.write_text(original, encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", True)
    assert answered and all(answered)


def test_with_activity_reports_the_whole_workspace_is_loaded(tmp_path, answered):
    root = copy_people_and_missions(tmp_path / "ws")
    shutil.copytree(REPO / "activity", root / "activity")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    assert answered and not any(answered)


@pytest.mark.parametrize("subdivision", ["", "subdivision: ZZ\n", "subdivision: '57'\n"])
def test_holiday_region_after_a_freelancer_edit(tmp_path, subdivision):
    """The company-and-roster subject checked again: holiday-region is not run when the
    company's calendar could be made (a region the library knows), and is when not."""
    root = copy_people_and_missions(tmp_path / "ws")
    company = root / "company.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace(
        "country: FR\n", f"country: FR\n{subdivision}"), encoding="utf-8")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    person = root / "roster" / "alice-martin.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    found = "holiday-region" in checked(root, cache, TODAY, "text")[1]
    assert found == ("ZZ" in subdivision)
