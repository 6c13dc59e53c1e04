"""Git vouches for a fresh checkout's files (issue 16, CI's case): a file whose stat is Git's
index's, with the blob the stat index learned from bytes it read, is stat-ed, not read. Real
``git`` in temporary repositories; every doubt (a change in the work tree, a file Git is told
not to look at, an attribute, line endings converted, Git missing or pointed elsewhere) makes
the file, or every file, read."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_diff import ENV

from cfo_tools.loading import git_vouching, stat_index
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.git_vouching import UNKNOWN_BLOB, GitVouching, blob_id
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.workspace_files import scan_workspace
from conftest import (
    REPO,
    freelancer_yaml,
    json_report,
    mission_yaml,
    write_workspace,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True, env=ENV).stdout


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git as the tests' commands see it (no user configuration), vouching from one file."""
    for name in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
        monkeypatch.setenv(name, ENV[name])
    monkeypatch.setattr(stat_index, "VOUCH_FROM", 1)


def aged(root: Path) -> None:
    """Every file dated well before now (as a checkout made minutes before the run), Git's
    index refreshed to their new stat."""
    then = time.time() - 100
    for path in root.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (then, then))
    git(root, "update-index", "-q", "--refresh")


def origin(tmp_path: Path, files: dict[str, str]) -> Path:
    root = write_workspace(tmp_path / "origin", files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def checkout(source: Path, where: Path) -> Path:
    """A fresh clone of ``source`` at ``where`` (the same path every time, as in CI, in a
    new folder: the last one is moved aside, so that its inode is not the new one's)."""
    if where.exists():
        where.rename(where.with_name(f"{where.name}-{time.monotonic_ns()}"))
    subprocess.run(["git", "clone", "-q", str(source), str(where)], check=True, env=ENV)
    aged(where)
    return where


def many(count: int = 40) -> dict[str, str]:
    return {**{f"roster/p{n:03d}.yaml": freelancer_yaml(rate=500 + n) for n in range(count)},
            "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("p001", 100))}


def open_cache(folder: Path) -> DocumentCache:
    cache = DocumentCache.open(folder, {"freelancer": DocumentValidator({"type": "object"})})
    assert cache is not None
    return cache


def counting_reads(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[str]:
    """The workspace-relative files the stat index reads, by either of its readers."""
    reads: list[str] = []
    for name in ("read_regular_file", "read_with_status"):
        original = getattr(stat_index, name)

        def counting(path, original=original, **options):  # type: ignore[no-untyped-def]
            reads.append(Path(path).relative_to(root).as_posix())
            return original(path, **options)

        monkeypatch.setattr(stat_index, name, counting)
    return reads


def keys(cache: DocumentCache, root: Path) -> list[bytes]:
    files = scan_workspace(root).documents
    found = stat_index.document_keys_by_stat(cache, root, files)
    assert found == [cache.key(spec, spec.path.read_bytes()) for spec in files]
    return found  # type: ignore[return-value]


def test_blob_ids_are_gits(tmp_path):
    root = origin(tmp_path, {"roster/ada.yaml": freelancer_yaml()})
    listed = git(root, "ls-files", "-s", "roster/ada.yaml").split()
    assert blob_id((root / "roster" / "ada.yaml").read_bytes()).hex() == listed[1]


def test_git_vouches_only_for_untouched_tracked_files_with_their_blob(tmp_path):
    files = many(6)
    root = checkout(origin(tmp_path, files), tmp_path / "ws")
    names = sorted(files)
    blobs = [blob_id((root / name).read_bytes()) for name in names]
    (root / "roster" / "p001.yaml").write_text(freelancer_yaml(rate=999), encoding="utf-8")
    (root / "roster" / "new.yaml").write_text(freelancer_yaml(), encoding="utf-8")
    git(root, "update-index", "--assume-unchanged", "roster/p002.yaml")
    git(root, "update-index", "--skip-worktree", "roster/p003.yaml")
    blobs[names.index("roster/p004.yaml")] = blob_id(b"something else")
    blobs[names.index("roster/p005.yaml")] = UNKNOWN_BLOB
    os.chmod(root / "missions" / "m.yaml", 0o755)
    git(root, "add", "missions/m.yaml")  # an executable file, staged: Git's entry says so
    asked = [*names, "roster/new.yaml"]
    vouched = GitVouching(root, asked).vouched(asked, b"".join([*blobs, UNKNOWN_BLOB]))
    assert vouched is not None
    assert dict(zip(asked, vouched, strict=True)) == {
        "missions/m.yaml": True, "roster/p000.yaml": True, "roster/p001.yaml": False,
        "roster/p002.yaml": False, "roster/p003.yaml": False, "roster/p004.yaml": False,
        "roster/p005.yaml": False, "roster/new.yaml": False}


def test_a_same_size_rewrite_with_its_time_set_back_is_not_vouched_for(tmp_path):
    root = checkout(origin(tmp_path, {"roster/ada.yaml": freelancer_yaml(rate=500)}),
                    tmp_path / "ws")
    path = root / "roster" / "ada.yaml"
    blob, status = blob_id(path.read_bytes()), path.stat()
    # In a later second than Git's stat of the file: Git compares change times to the
    # second (see the docs: the same second, with the time set back by hand, is its blind
    # spot as the same nanosecond is the stat index's).
    time.sleep(1.05)
    path.write_text(freelancer_yaml(rate=600), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    assert GitVouching(root, ["roster/ada.yaml"]).vouched(["roster/ada.yaml"], blob) == [False]


@pytest.mark.parametrize("doubt", ["attribute", "attribute untracked", "info attributes"])
def test_a_file_with_an_attribute_is_not_vouched_for(tmp_path, doubt):
    files = {"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": mission_yaml(
        "2026-11-16", "2026-12-18", ("ada", 100))}
    if doubt == "attribute":
        files[".gitattributes"] = "roster/*.yaml ident\n"
    root = checkout(origin(tmp_path, files), tmp_path / "ws")
    if doubt == "attribute untracked":
        (root / "roster" / ".gitattributes").write_text("*.yaml text\n", encoding="utf-8")
    elif doubt == "info attributes":
        (root / ".git" / "info").mkdir(exist_ok=True)
        (root / ".git" / "info" / "attributes").write_text("roster/* filter=x\n",
                                                          encoding="utf-8")
    names = ["missions/m.yaml", "roster/ada.yaml"]
    blobs = b"".join(blob_id((root / name).read_bytes()) for name in names)
    assert GitVouching(root, names).vouched(names, blobs) == [True, False]


@pytest.mark.parametrize("doubt", ["autocrlf", "GIT_DIR", "no git", "not a repository"])
def test_git_vouches_for_nothing_when_in_doubt(tmp_path, monkeypatch, doubt):
    root = checkout(origin(tmp_path, {"roster/ada.yaml": freelancer_yaml()}), tmp_path / "ws")
    blob = blob_id((root / "roster" / "ada.yaml").read_bytes())
    assert GitVouching(root, ["roster/ada.yaml"]).vouched(["roster/ada.yaml"], blob) == [True]
    if doubt == "autocrlf":
        git(root, "config", "core.autocrlf", "input")
    elif doubt == "GIT_DIR":
        monkeypatch.setenv("GIT_DIR", str(root / ".git"))
    elif doubt == "no git":
        monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    else:
        shutil.rmtree(root / ".git")
    assert GitVouching(root, ["roster/ada.yaml"]).vouched(["roster/ada.yaml"], blob) is None


def test_a_fresh_checkout_reads_only_what_git_cannot_vouch_for(tmp_path, monkeypatch):
    """CI's case: a fresh checkout at the index's path, its files read once and their blobs
    learned; a later fresh checkout reads only the files edited, added or not vouched for,
    and the run after it in place only those just written (too recent to be trusted)."""
    source = origin(tmp_path, many())
    cache = open_cache(tmp_path / "cache")
    root = checkout(source, tmp_path / "ws")
    reads = counting_reads(monkeypatch, root)
    keys(cache, root)
    assert len(reads) == 42  # no blob known: every file read once, its blob learned
    reads.clear()

    root = checkout(source, root)
    (root / "roster" / "p007.yaml").write_text(freelancer_yaml(rate=901), encoding="utf-8")
    (root / "roster" / "added.yaml").write_text(freelancer_yaml(rate=902), encoding="utf-8")
    git(root, "update-index", "--assume-unchanged", "roster/p009.yaml")
    keys(cache, root)
    assert sorted(reads) == ["roster/added.yaml", "roster/p007.yaml", "roster/p009.yaml"]
    reads.clear()
    keys(cache, root)
    assert sorted(reads) == ["roster/added.yaml", "roster/p007.yaml"]


def test_a_file_changed_after_git_looked_is_read(tmp_path, monkeypatch):
    """A file dated after Git was asked may have changed after Git's stat of it: read, even
    though Git (which looked before) vouches for it."""
    source = origin(tmp_path, many(3))
    cache = open_cache(tmp_path / "cache")
    root = checkout(source, tmp_path / "ws")
    keys(cache, root)
    root = checkout(source, root)
    path = root / "roster" / "p001.yaml"
    starting = git_vouching.GitVouching.__init__

    def git_done_first(self, *args):  # type: ignore[no-untyped-def]
        starting(self, *args)
        for process in self._processes:
            process.wait()  # small outputs: they fit in the pipes
        path.write_text(freelancer_yaml(rate=777), encoding="utf-8")

    monkeypatch.setattr(git_vouching.GitVouching, "__init__", git_done_first)
    reads = counting_reads(monkeypatch, root)
    keys(cache, root)
    assert reads == ["roster/p001.yaml"]


def test_check_on_a_fresh_checkout_gives_what_no_cache_gives(tmp_path, run_cfo, monkeypatch):
    source = tmp_path / "origin"
    source.mkdir()
    shutil.copy(REPO / "company.yaml", source)
    for folder in ("roster", "missions"):
        shutil.copytree(REPO / folder, source / folder)
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "base")
    cache = str(tmp_path / "cache")
    root = tmp_path / "ws"
    for edit in ("", "# a comment\n", "daily_rate: -3\n"):
        checkout(source, root)
        if edit:
            mission = sorted((root / "roster").glob("*.yaml"))[3]
            with mission.open("a", encoding="utf-8") as handle:
                handle.write(edit)
        expected = run_cfo("--no-cache", "-C", str(root), "--today", "2026-11-27", "check",
                           "--format", "json")
        found = run_cfo("-C", str(root), "--today", "2026-11-27", "check", "--format",
                        "json", env={"CFO_CACHE_DIR": cache})
        assert (found.exit_code, json_report(found)) == (expected.exit_code,
                                                         json_report(expected))
