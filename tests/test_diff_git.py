"""cfo diff reads any revision safely: links, submodules, odd names, crafted trees, huge blobs,
export attributes, and no git at all. Real git in temporary repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import test_diff
from test_diff import ENV, diff, git

from conftest import json_report

repo = test_diff.repo  # the fixture: the example workspace committed on main


def run_json(run_cfo, root: Path, *args: str):
    result = diff(run_cfo, root, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return json_report(result)


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def rules_of(findings: list[dict]) -> set[tuple[str, str]]:
    return {(f["file"], f["rule"]) for f in findings}


def test_a_base_with_links_out_of_the_workspace_is_reported_like_check(repo, run_cfo, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Secret\n")
    (repo / "roster" / "secret.yaml").symlink_to(outside)
    (repo / "roster" / "up.yaml").symlink_to("../../../../../../../../etc/hostname")
    (repo / "missions" / "loop.yaml").symlink_to("loop.yaml")
    base = commit_all(repo, "links out")
    for name in ("roster/secret.yaml", "roster/up.yaml", "missions/loop.yaml"):
        git(repo, "rm", "-q", name)
    report = run_json(run_cfo, repo, base)
    resolved = rules_of(report["resolved"])
    assert ("roster/secret.yaml", "symlink-escape") in resolved
    assert ("roster/up.yaml", "symlink-escape") in resolved
    assert ("missions/loop.yaml", "symlink-escape") in resolved
    assert outside.read_text() == "name: Secret\n"


def test_a_link_out_on_both_sides_is_neither_introduced_nor_resolved(repo, run_cfo, tmp_path):
    (tmp_path / "outside.yaml").write_text("name: Secret\n")
    (repo / "roster" / "up.yaml").symlink_to("../../outside.yaml")
    (repo / "roster" / "absolute.yaml").symlink_to(tmp_path / "outside.yaml")
    base = commit_all(repo, "links out")
    report = run_json(run_cfo, repo, base)
    assert report["introduced"] == [] and report["resolved"] == []


def test_a_data_folder_linked_out_in_the_base(repo, run_cfo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    git(repo, "mv", "missions", "missions-real")
    (repo / "missions").symlink_to(tmp_path / "elsewhere")
    base = commit_all(repo, "missions linked out")
    report = run_json(run_cfo, repo, base, "HEAD")
    assert report["changes"] == [] and report["introduced"] == []
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_export_ignore_in_the_base_hides_nothing(repo, run_cfo):
    (repo / ".gitattributes").write_text("roster/alice-martin.yaml export-ignore\n"
                                         "*.yaml export-subst\n")
    (repo / "roster" / "alice-martin.yaml").write_text(
        "# $Format:%H$\n" + (repo / "roster" / "alice-martin.yaml").read_text())
    base = commit_all(repo, "attributes")
    report = run_json(run_cfo, repo, base)
    assert report["changes"] == [] and report["introduced"] == [] and report["resolved"] == []


def test_a_submodule_in_the_base(repo, run_cfo):
    commit = git(repo, "rev-parse", "HEAD")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit},roster/vendored")
    git(repo, "commit", "-q", "-m", "submodule")
    report = run_json(run_cfo, repo, "HEAD~1", "HEAD")
    assert report["changes"] == []


@pytest.mark.parametrize("name", [
    "café new\nline.yaml".encode(),
    b"caf\xe9.yaml",
])
def test_odd_file_names_in_the_base(repo, run_cfo, name):
    odd = os.fsencode(repo / "roster") + b"/" + name
    with open(odd, "wb") as handle:
        handle.write(b"name: x\n")
    base = commit_all(repo, "odd name")
    os.unlink(odd)
    report = run_json(run_cfo, repo, base)
    assert any(f["rule"] == "file-name" for f in report["resolved"])


def crafted_base(root: Path, extra_entries: list[str]) -> str:
    """A commit whose roster tree also holds ``extra_entries`` (ls-tree lines), which git
    itself would never write."""
    roster = git(root, "ls-tree", "HEAD:roster")
    lines = roster.splitlines() + extra_entries
    tree = _mktree(root, lines)
    top = [line if not line.endswith("\troster") else f"040000 tree {tree}\troster"
           for line in git(root, "ls-tree", "HEAD").splitlines()]
    root_tree = _mktree(root, top)
    return git(root, "commit-tree", root_tree, "-p", "HEAD", "-m", "crafted")


def _mktree(root: Path, lines: list[str]) -> str:
    return subprocess.run(["git", "-C", str(root), "mktree"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, check=True, env=ENV).stdout.strip()


def test_a_crafted_tree_writes_nothing_outside(repo, run_cfo, tmp_path):
    blob = subprocess_blob(repo, b"name: Escaped\n")
    evil = subprocess_blob(repo, b"/etc")
    base = crafted_base(repo, [
        f"100644 blob {blob}\t..",
        f"100644 blob {blob}\t.git",
        f"100644 blob {blob}\tduplicate.yaml",
        f"100644 blob {blob}\tduplicate.yaml",
        f"120000 blob {evil}\tlinked",
        f"100644 blob {blob}\t{'n' * 300}.yaml",
        f"120000 blob {subprocess_blob(repo, b'x' * 5000)}\tlong-link.yaml",
        f"120000 blob {subprocess_blob(repo, b'y' * 3000)}\tlongish-link.yaml",
    ])
    before = sorted(os.listdir(tmp_path))
    report = run_json(run_cfo, repo, base)
    assert sorted(os.listdir(tmp_path)) == before
    assert ("roster/linked", "symlink-escape") in rules_of(report["resolved"])


def subprocess_blob(root: Path, data: bytes) -> str:
    return subprocess.run(["git", "-C", str(root), "hash-object", "-w", "--stdin"], input=data,
                          capture_output=True, check=True, env=ENV).stdout.decode().strip()


def test_a_huge_blob_is_refused_clearly(repo, run_cfo, monkeypatch):
    from cfo_tools.history import git_revisions

    monkeypatch.setattr(git_revisions, "MAX_BLOB_BYTES", 100)
    result = diff(run_cfo, repo, "HEAD")
    assert result.exit_code == 2 and "does not read files over 100 bytes" in result.stderr


def test_git_missing_from_path(repo, run_cfo, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = diff(run_cfo, repo, "HEAD")
    assert result.exit_code == 2
    assert "git is not installed (not found on PATH)" in result.stderr


@pytest.mark.parametrize("revision", ["--output=/tmp/x", "-p"])
def test_option_like_revisions_are_refused(repo, run_cfo, revision):
    result = diff(run_cfo, repo, "--", revision)
    assert result.exit_code == 2 and "Traceback" not in result.output
