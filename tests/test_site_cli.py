"""``cfo site`` on the command line: where it writes, what it refuses, and forge links."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cfo_tools.site.forge_links import git_source_base, github_blob_base, line_link

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def test_builds_the_site_into_a_folder(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    result = run_cfo("-C", str(example), "--today", "2026-11-27", "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "api/v1/findings.json").is_file()
    assert "pages" in result.stderr


def test_rebuilds_over_its_own_build_but_not_over_another_folder(run_cfo, example, tmp_path,
                                                                  elsewhere):
    out = tmp_path / "site"
    assert run_cfo("-C", str(example), "site", "-o", str(out)).exit_code == 0
    (out / "stale.html").write_text("left over")
    assert run_cfo("-C", str(example), "site", "-o", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()  # replaced whole

    refused = run_cfo("-C", str(example), "site", "-o", str(elsewhere))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    # Somebody's file is never replaced, even with --force; a folder of pages is.
    refused = run_cfo("-C", str(example), "site", "-o", str(elsewhere), "--force")
    assert refused.exit_code == 2 and (elsewhere / "keep.txt").read_text() == "mine"
    (elsewhere / "keep.txt").unlink()
    (elsewhere / "old.html").write_text("an old page")
    assert run_cfo("-C", str(example), "site", "-o", str(elsewhere)).exit_code == 2
    assert run_cfo("-C", str(example), "site", "-o", str(elsewhere), "--force").exit_code == 0
    assert (elsewhere / "index.html").is_file() and not (elsewhere / "old.html").exists()


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


def test_a_rebuild_writes_only_what_changed(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), "--today", "2026-11-27", "site", "-o", str(out))
    first = run_cfo(*build)
    assert first.exit_code == 0, first.output
    count = len(_files(out))
    assert f"files written: {count}, unchanged: 0, removed: 0" in first.stderr
    before = _files(out)
    times = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}

    again = run_cfo(*build)
    assert f"files written: 0, unchanged: {count}, removed: 0" in again.stderr
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*")
            if path.is_file()} == times

    # A page edited by hand, a page of a mission gone, a file left over: the folder holds
    # exactly the build again, and only those were touched.
    (out / "index.html").write_text("edited")
    (out / "stale.html").write_text("left over")
    (out / "missions" / "nested").mkdir()
    (out / "missions" / "nested" / "old.html").write_text("an old page")
    mission = next((example / "missions").glob("*.yaml"))
    page = f"missions/{mission.stem}.html"
    assert page in before
    mission.unlink()
    third = run_cfo(*build)
    assert third.exit_code == 0, third.output
    after = _files(out)
    assert page not in after and "stale.html" not in after
    assert not (out / "missions" / "nested").exists()
    assert after["index.html"] == before["index.html"]
    changed = [name for name in after if after[name] != before.get(name)]
    assert f"files written: {len(changed) + 1}, " in third.stderr  # and index.html
    assert f"removed: {len(before) - len(after) + 2}" in third.stderr


def test_a_rebuild_walks_its_folder_once(run_cfo, example, tmp_path, monkeypatch):
    # 110,000 pages on a large workspace: listing them is a walk of the whole tree.
    from cfo_tools.documents import output_files

    out = tmp_path / "site"
    build = ("-C", str(example), "--today", "2026-11-27", "site", "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    walked: list[Path] = []
    listing = output_files.files_in_folder

    def counted(path, **options):
        walked.append(path)
        return listing(path, **options)

    monkeypatch.setattr(output_files, "files_in_folder", counted)
    again = run_cfo(*build)
    assert again.exit_code == 0, again.output
    assert "files written: 0, " in again.stderr
    assert walked == [out]


def test_a_rebuild_over_a_build_holding_a_link_replaces_it_whole(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    build = ("-C", str(example), "--today", "2026-11-27", "site", "-o", str(out))
    assert run_cfo(*build).exit_code == 0
    target = tmp_path / "outside.html"
    target.write_text("not cfo's")
    (out / "link.html").symlink_to(target)
    result = run_cfo(*build)
    assert result.exit_code == 0, result.output
    assert not (out / "link.html").is_symlink() and target.read_text() == "not cfo's"
    assert "unchanged: 0" in result.stderr


def test_no_money_and_language_options(run_cfo, example, tmp_path):
    out = tmp_path / "site"
    result = run_cfo("-C", str(example), "site", "-o", str(out), "--no-money", "--lang", "en")
    assert result.exit_code == 0, result.output
    home = (out / "index.html").read_text()
    assert '<html lang="en">' in home and "Missions in flight" in home
    assert "daily_rate" not in (out / "api/v1/freelancers.json").read_text()


@pytest.mark.parametrize("remote", [
    "https://github.com/acme/workspace.git",
    "https://github.com/acme/workspace",
    "https://x-access-token:ghs_secret@github.com/acme/workspace.git",
    "git@github.com:acme/workspace.git",
    "ssh://git@github.com/acme/workspace.git",
])
def test_github_remotes_give_a_blob_base_without_credentials(remote):
    base = github_blob_base(remote, COMMIT)
    assert base == f"https://github.com/acme/workspace/blob/{COMMIT}/"
    assert line_link(base, "missions/a b.yaml", 12) == base + "missions/a%20b.yaml#L12"


@pytest.mark.parametrize("remote", ["https://gitlab.com/acme/workspace.git", "/srv/git/ws",
                                    "https://github.com/acme", "https://github.com/a/b/c"])
def test_other_remotes_give_none(remote):
    assert github_blob_base(remote, COMMIT) is None


def test_a_workspace_in_a_subfolder_links_below_it():
    base = github_blob_base("git@github.com:acme/repo.git", COMMIT, "teams/lyon/")
    assert base == f"https://github.com/acme/repo/blob/{COMMIT}/teams/lyon/"


def test_the_base_comes_from_the_clone(example):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(example), *args], check=True,
                              capture_output=True, text=True).stdout.strip()

    assert git_source_base(example) is None or "github.com" in str(git_source_base(example))
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.fr", "commit", "-q",
        "--allow-empty", "-m", "start")
    assert git_source_base(example) is None  # no origin
    git("remote", "add", "origin", "git@github.com:acme/ws.git")
    commit = git("rev-parse", "HEAD")
    assert git_source_base(example) == f"https://github.com/acme/ws/blob/{commit}/"


def test_a_workspace_with_errors_gets_its_site_and_a_broken_company_none(run_cfo, example,
                                                                         tmp_path):
    broken = example / "missions" / "site-vitrine-cabinet-architectes.yaml"
    broken.write_text(broken.read_text().replace("status:", "statut:"))
    out = tmp_path / "site"
    assert run_cfo("-C", str(example), "site", "-o", str(out)).exit_code == 0
    home = (out / "index.html").read_text()
    assert "Erreurs" in home and "missions/site-vitrine-cabinet-architectes.yaml" in home

    (example / "company.yaml").write_text("name: [\n")
    result = run_cfo("-C", str(example), "site", "-o", str(tmp_path / "other"))
    assert result.exit_code == 1 and "company.yaml" in result.stderr
    assert not (tmp_path / "other").exists()
