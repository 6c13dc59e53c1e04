"""The scan's folders of documents kept by their stamp (issue 16): a folder nothing was added
to, removed from or renamed in is taken from the cache, and the scan is always the one a
scan without the cache makes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cfo_tools.checks.validation import prepare_run
from cfo_tools.loading import folder_listings, workspace_files
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.folder_listings import FolderListings
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.workspace_files import WorkspaceFiles, scan_workspace
from conftest import REPO, freelancer_yaml, mission_yaml, write_workspace


def open_cache(folder: Path, schema: dict[str, object] | None = None) -> DocumentCache:
    cache = DocumentCache.open(folder, {"freelancer": DocumentValidator(schema or {})})
    assert cache is not None
    return cache


def age(root: Path) -> None:
    """Date every file and folder back, as a checkout made a while ago."""
    then = time.time() - 100
    for path in [*root.rglob("*"), root]:
        os.utime(path, (then, then), follow_symlinks=False)


def scanned(root: Path, cache: DocumentCache) -> WorkspaceFiles:
    return scan_workspace(root, FolderListings(cache, root))


def same(found: WorkspaceFiles, root: Path) -> bool:
    expected = scan_workspace(root)
    return (found.documents, found.findings) == (expected.documents, expected.findings)


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders of documents the scan listed (their names)."""
    seen: list[str] = []
    original = workspace_files._listed

    def counting(folder, rel, found, **options):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(folder, rel, found, **options)

    monkeypatch.setattr(workspace_files, "_listed", counting)
    return seen


def example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates", "activity", "invoices"):
        shutil.copytree(REPO / folder, root / folder)
    # Files that are not documents: their findings are kept with the folder's.
    (root / "missions" / "notes.txt").write_text("x")
    (root / "roster" / "Bad_Name.yaml").write_text("name: x\n")
    (root / "roster" / "old.yml").write_text("name: x\n")
    age(root)
    return root


def test_an_unchanged_folder_is_not_listed_again(tmp_path, listed):
    root = example_copy(tmp_path)
    cache = open_cache(tmp_path / "cache")
    first = scanned(root, cache)
    assert "missions" in listed and "activity/2026-11" in listed
    assert any(f.file == "roster/old.yml" for f in first.findings)
    listed.clear()
    # A document edited in place leaves its folder as it was.
    edited = root / "missions" / sorted(os.listdir(root / "missions"))[0]
    with edited.open("a", encoding="utf-8") as text:
        text.write("# edited\n")
    again = scanned(root, cache)
    # Only the folders above the documents' are listed (the months of activity/...).
    assert listed == ["activity", "invoices"]
    assert same(again, root) and same(first, root)
    assert all(spec.root is root for spec in again.documents)


@pytest.mark.parametrize("change", ["add", "rename", "delete", "folder", "month", "gone",
                                    "not-a-document"])
def test_a_listing_change_lists_the_folder_again(tmp_path, change, listed):
    root = example_copy(tmp_path)
    cache = open_cache(tmp_path / "cache")
    scanned(root, cache)
    missions = root / "missions"
    some = missions / sorted(os.listdir(missions))[0]
    if change == "add":
        (missions / "zz-new.yaml").write_text(mission_yaml("2026-12-01", "2026-12-05"))
    elif change == "rename":
        some.rename(missions / "renamed.yaml")
    elif change == "delete":
        some.unlink()
    elif change == "folder":
        (missions / "sub").mkdir()
    elif change == "month":
        shutil.copytree(root / "activity" / "2026-11", root / "activity" / "2026-12")
    elif change == "gone":
        shutil.rmtree(root / "activity" / "2026-11")
    else:
        (missions / "README.txt").write_text("x")
    listed.clear()
    assert same(scanned(root, cache), root)
    assert same(scanned(root, cache), root)


def test_a_folder_changed_within_the_clock_s_granularity_is_listed_again(tmp_path,
                                                                         monkeypatch):
    """A stamp taken as the folder is listed may stay the same after an entry is added in
    the same tick: such a stamp is never trusted. One older than that is."""
    root = write_workspace(tmp_path / "ws", {"roster/ada.yaml": freelancer_yaml()})
    cache = open_cache(tmp_path / "cache")
    now = time.time_ns()
    monkeypatch.setattr(FolderListings, "stamp", staticmethod(lambda folder: (1, now, now, 7)))
    scanned(root, cache)
    (root / "roster" / "bob.yaml").write_text(freelancer_yaml())
    assert same(scanned(root, cache), root)

    old = now - 10 * folder_listings.RACY_NANOSECONDS
    monkeypatch.setattr(FolderListings, "stamp", staticmethod(lambda folder: (1, old, old, 7)))
    scanned(root, cache)
    (root / "roster" / "carl.yaml").write_text(freelancer_yaml())
    # The same stamp, older than the listing: trusted (a real folder's stamp moves).
    found = scanned(root, cache)
    assert [spec.id for spec in found.documents if spec.kind == "freelancer"] == ["ada", "bob"]


def test_a_folder_holding_a_link_is_listed_on_every_run(tmp_path, listed):
    root = write_workspace(tmp_path / "ws", {"roster/ada.yaml": freelancer_yaml(),
                                             "missions/m.yaml": mission_yaml(
                                                 "2026-12-01", "2026-12-05")})
    target = root / "roster" / "ada.yaml"
    (root / "roster" / "bob.yaml").symlink_to(target)
    age(root)
    cache = open_cache(tmp_path / "cache")
    scanned(root, cache)
    listed.clear()
    target.unlink()  # the link now leads nowhere; roster/ is not listed by this
    os.utime(root / "roster", (time.time() - 100,) * 2)
    found = scanned(root, cache)
    assert listed == ["roster"]
    assert same(found, root)
    assert any(f.rule == "symlink-escape" for f in found.findings)


def test_a_damaged_or_foreign_record_is_a_miss(tmp_path, listed):
    root = example_copy(tmp_path)
    cache = open_cache(tmp_path / "cache")
    scanned(root, cache)
    name = folder_listings.workspace_place(root) + cache.context
    stored = cache.blob(folder_listings._PART, name)
    layout, identity, folders = stored
    stamp, when, rows, found, names = folders["freelancer", "roster"]
    for damaged in ("junk", ("folders-1", folders), (layout, b"elsewhere", folders),
                    (layout, identity, {**folders, ("freelancer", "roster"): (
                        stamp, when, [("a", "b")], found, names)}),
                    (layout, identity, {**folders, ("freelancer", "roster"): (
                        stamp, when, rows, ["x"], names)}),
                    (layout, identity, {**folders, ("freelancer", "roster"): (
                        stamp, when, rows, found, 7)})):
        cache.store_blob(folder_listings._PART, name, damaged)
        listed.clear()
        assert same(scanned(root, cache), root)
        assert "roster" in listed
    # Another context (a schema changed, another version) keeps its own.
    other = open_cache(tmp_path / "cache", {"required": ["name"]})
    listed.clear()
    assert same(scanned(root, other), root)
    assert "roster" in listed


def test_a_run_takes_the_folders_kept_by_the_last(tmp_path, listed):
    root = example_copy(tmp_path)
    prepare_run(root, cache_folder=tmp_path / "cache")
    listed.clear()
    again = prepare_run(root, cache_folder=tmp_path / "cache")
    assert listed == ["activity", "invoices"]
    assert same(again.files, root)
    # A throwaway checkout keeps nothing and takes nothing.
    prepare_run(root, cache_folder=tmp_path / "cache", throwaway=True)
    assert "missions" in listed


@pytest.fixture
def classified(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders of documents whose entries the scan classified (their names)."""
    seen: list[str] = []
    original = workspace_files._scan_documents

    def counting(kind, folder, entries, rel, *rest):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(kind, folder, entries, rel, *rest)

    monkeypatch.setattr(workspace_files, "_scan_documents", counting)
    return seen


def test_a_fresh_copy_at_the_same_path_is_listed_not_classified(tmp_path, listed, classified):
    """A fresh checkout at the same path (CI's): no folder's stamp is trusted, every folder
    is listed, and a folder of regular files with the names of the last scan is taken from
    there (the others, such as one holding a file that is not a document, too, since their
    findings are kept with them)."""
    root = example_copy(tmp_path)
    cache = open_cache(tmp_path / "cache")
    first = scanned(root, cache)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    shutil.rmtree(root)
    copy.rename(root)
    listed.clear()
    classified.clear()
    again = scanned(root, cache)
    assert "missions" in listed and "roster" in listed
    assert classified == []
    assert same(again, root) and same(first, root)
    # Kept for this folder (its folders, just made, are listed until they are older than
    # the listing, and still not classified).
    classified.clear()
    again = scanned(root, cache)
    assert classified == []
    assert same(again, root)


@pytest.mark.parametrize("change", ["add", "rename", "folder", "link", "fifo"])
def test_a_fresh_copy_with_other_entries_is_classified(tmp_path, classified, change):
    """The names differ, or an entry of the same name is no longer a regular file (a folder,
    a link that may lead out of the workspace, a FIFO): the folder is classified anew."""
    root = example_copy(tmp_path)
    cache = open_cache(tmp_path / "cache")
    scanned(root, cache)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    shutil.rmtree(root)
    copy.rename(root)
    roster = root / "roster"
    some = roster / sorted(os.listdir(roster))[0]
    if change == "add":
        (roster / "zz-new.yaml").write_text(freelancer_yaml())
    elif change == "rename":
        some.rename(roster / "renamed.yaml")
    elif change == "folder":
        some.unlink()
        some.mkdir()
    elif change == "link":
        some.unlink()
        some.symlink_to(tmp_path / "outside.yaml")
        (tmp_path / "outside.yaml").write_text(freelancer_yaml())
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        some.unlink()
        os.mkfifo(some)
    classified.clear()
    found = scanned(root, cache)
    assert "roster" in classified
    assert same(found, root)
