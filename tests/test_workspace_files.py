"""Files the tool will not read are reported, never skipped in silence."""

from __future__ import annotations

import os

import pytest

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.loading.workspace_files import NoWorkspace, find_workspace
from conftest import FREELANCER, places


def test_yml_file_is_an_error(findings_of):
    findings = findings_of({"roster/ada.yml": FREELANCER})
    assert places(findings) == [("roster/ada.yml", None, "yml-extension")]
    assert "rename it to roster/ada.yaml" in findings[0].message


def test_other_files_are_warnings_but_readme_is_fine(findings_of):
    findings = findings_of({"missions/notes.txt": "x", "missions/README.md": "# Missions",
                            "roster/.DS_Store": "x"})
    assert places(findings) == [
        ("missions/notes.txt", None, "unexpected-file"),
        ("roster/.DS_Store", None, "unexpected-file"),
    ]
    assert {f.severity for f in findings} == {"warning"}


def test_sub_folder_is_reported(findings_of):
    findings = findings_of({"roster/old/ada.yaml": FREELANCER})
    assert places(findings) == [("roster/old", None, "unexpected-file")]


def test_file_name_must_be_an_id(findings_of):
    findings = findings_of({"roster/Ada_Lovelace.yaml": FREELANCER})
    assert places(findings) == [("roster/Ada_Lovelace.yaml", None, "file-name")]
    assert "roster/ada-lovelace.yaml" in findings[0].message


def test_symlink_out_of_the_workspace_is_refused(workspace, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(FREELANCER)
    root = workspace()
    os.symlink(outside, root / "roster" / "ada.yaml")
    result = validate_workspace(root, jobs=1)
    assert places(result.findings) == [("roster/ada.yaml", None, "symlink-escape")]
    assert result.findings[0].severity == "error"
    assert result.stats["freelancers"] == 0


def test_symlinked_folder_out_of_the_workspace_is_refused(workspace, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "ada.yaml").write_text(FREELANCER)
    root = workspace()
    (root / "roster").rmdir()
    os.symlink(tmp_path / "elsewhere", root / "roster")
    findings = validate_workspace(root, jobs=1).findings
    assert places(findings) == [("roster", None, "symlink-escape")]


def test_symlink_inside_the_workspace_is_followed(workspace):
    root = workspace({"shared/ada.yaml": FREELANCER})
    os.symlink(root / "shared" / "ada.yaml", root / "roster" / "ada.yaml")
    result = validate_workspace(root, jobs=1)
    assert result.findings == [] and "ada" in result.workspace.freelancers


def test_broken_symlink_is_reported(workspace):
    root = workspace()
    os.symlink(root / "nowhere.yaml", root / "roster" / "ada.yaml")
    assert places(validate_workspace(root, jobs=1).findings) == [
        ("roster/ada.yaml", None, "symlink-escape")
    ]


def test_workspace_is_found_from_a_sub_folder(workspace):
    root = workspace()
    assert find_workspace(root / "roster") == root.resolve()


def test_no_workspace(tmp_path):
    with pytest.raises(NoWorkspace):
        find_workspace(tmp_path, explicit=True)
