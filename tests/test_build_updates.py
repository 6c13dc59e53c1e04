"""`cfo build` run again on its own folder: only the files whose bytes changed are written, what
the last build wrote and this one does not produce is removed, a file edited by hand is named
and kept unless --force, and nothing outside the folder is ever touched, whatever the manifest
says. Every test runs with both ways of writing (open folders, and the paths Windows uses)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cfo_tools.documents._write_rules import BUILD_MANIFEST

TODAY = "2026-11-26"
OPEN_MISSION = "migration-cloud-transporteur"
PAST = 1_000_000_000  # 2001: a modification time no build could have given


@pytest.fixture(params=["dir_fd", "paths"], autouse=True)
def writes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    from cfo_tools.documents import _writes_paths, output_files

    if request.param == "paths":
        monkeypatch.setattr(output_files, "_writes", _writes_paths)
    elif not output_files.opens_relative_to_folders():
        pytest.skip("this system cannot open a path relative to a folder")
    return str(request.param)


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def age_everything(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (PAST, PAST))


def test_a_second_build_writes_nothing_and_keeps_every_modification_time(run_cfo, example):
    target = example / "out" / "build"
    first = cfo(run_cfo, example, "build")
    assert first.exit_code == 0, first.output
    built = files_of(target)
    produced = len(built) - 1  # the manifest
    assert f"wrote {produced} files, 0 unchanged, 0 removed" in first.stderr
    age_everything(target)
    again = cfo(run_cfo, example, "build")
    assert again.exit_code == 0, again.output
    assert f"wrote 0 files, {produced} unchanged, 0 removed" in again.stderr
    assert files_of(target) == built
    assert all(p.stat().st_mtime == PAST for p in target.rglob("*") if p.is_file())


def test_an_edited_mission_rewrites_only_its_documents_and_the_index(run_cfo, example):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    age_everything(target)
    mission = example / "missions" / f"{OPEN_MISSION}.yaml"
    text = mission.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    mission.write_text(text.replace(title, "title: Migration vers le nuage"))
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 0, result.output
    rewritten = sorted(p.relative_to(target).as_posix() for p in target.rglob("*")
                       if p.is_file() and p.stat().st_mtime != PAST)
    assert rewritten, result.output
    assert all(name.startswith(f"missions/{OPEN_MISSION}/") or name.startswith("index.")
               or name == BUILD_MANIFEST for name in rewritten), rewritten
    assert f"wrote {len(rewritten) - 1} files" in result.stderr
    # The same as a build from scratch.
    fresh = example / "fresh"
    assert cfo(run_cfo, example, "build", "-o", str(fresh)).exit_code == 0
    assert files_of(fresh) == files_of(target)


def test_a_file_edited_by_hand_is_named_and_kept_without_force(run_cfo, example):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    edited = target / "missions" / OPEN_MISSION / "brief.md"
    edited.write_text("my own notes")
    mission = example / "missions" / f"{OPEN_MISSION}.yaml"
    mission.write_text(mission.read_text().replace("status: open", "status: draft"))
    before = files_of(target)
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2
    assert "brief.md" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    assert files_of(target) == before  # nothing written at all
    forced = cfo(run_cfo, example, "build", "--force")
    assert forced.exit_code == 0, forced.output
    assert not edited.exists()


def same_size_edit_with_its_time_put_back(path: Path) -> None:
    """Bytes changed, size and modification time as they were: only the change time (which
    no one can set) tells."""
    before = path.stat()
    raw = bytearray(path.read_bytes())
    raw[-2:-1] = b"!" if raw[-2:-1] != b"!" else b"?"
    path.write_bytes(bytes(raw))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_same_size_edit_by_hand_with_its_time_put_back_is_seen(run_cfo, example):
    """As without the cache: the build refuses to replace it without --force."""
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    edited = target / "missions" / OPEN_MISSION / "brief.md"
    same_size_edit_with_its_time_put_back(edited)
    before = files_of(target)
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2, result.output
    assert "brief.md" in result.stderr and "--force" in result.stderr
    assert files_of(target) == before
    assert cfo(run_cfo, example, "--no-cache", "build").exit_code == 2


def test_a_users_file_named_like_a_document_is_not_replaced_without_force(run_cfo, example):
    target = example / "out" / "build"
    target.mkdir(parents=True)
    (target / "index.md").write_text("mine")
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (target / "index.md").read_text() == "mine"
    assert not (target / BUILD_MANIFEST).exists()


def test_user_files_beside_a_build_stay(run_cfo, example):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    (target / "README.txt").write_text("mine")
    (target / "missions" / "extra.md").write_text("mine too")
    for force in ((), ("--force",)):
        result = cfo(run_cfo, example, "build", *force)
        assert result.exit_code == 0, result.output
        assert (target / "README.txt").read_text() == "mine"
        assert (target / "missions" / "extra.md").read_text() == "mine too"


@pytest.mark.parametrize("name", ["../../company.yaml", "../outside.md", "/etc/hostname",
                                  "missions/../../outside.md", "a//b.md", "notes.txt",
                                  "C:\\outside.md", BUILD_MANIFEST])
def test_a_forged_manifest_removes_nothing_outside_the_build(run_cfo, example, name):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    (example / "out" / "outside.md").write_text("keep")
    (target / "notes.txt").write_text("keep")
    manifest = json.loads((target / BUILD_MANIFEST).read_text())
    manifest["files"][name] = manifest["files"]["index.md"]
    (target / BUILD_MANIFEST).write_text(json.dumps(manifest))
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 0, result.output
    assert (example / "company.yaml").is_file()
    assert (example / "out" / "outside.md").read_text() == "keep"
    assert (target / "notes.txt").read_text() == "keep"


@pytest.mark.parametrize("manifest", [b"", b"{", b"[]", b'{"cfo-build": 99, "files": {}}',
                                      b'{"cfo-build": 1, "files": []}', b"\xff\xfe"])
def test_an_unreadable_manifest_is_not_a_previous_build(run_cfo, example, manifest):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    (target / BUILD_MANIFEST).write_bytes(manifest)
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2 and "--force" in result.stderr
    forced = cfo(run_cfo, example, "build", "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads((target / BUILD_MANIFEST).read_text())["cfo-build"] == 1


def test_a_link_inside_a_previous_build_is_refused(run_cfo, example, elsewhere):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    folder = target / "missions" / OPEN_MISSION
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    (elsewhere / "brief.md").write_text("theirs")
    try:
        folder.symlink_to(elsewhere, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    result = cfo(run_cfo, example, "build", "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert (elsewhere / "brief.md").read_text() == "theirs"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["brief.md", "keep.txt"]


def test_a_link_as_a_document_is_refused(run_cfo, example, elsewhere):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    (elsewhere / "secret.md").write_text("theirs")
    index = target / "index.md"
    index.unlink()
    try:
        index.symlink_to(elsewhere / "secret.md")
    except OSError:
        pytest.skip("no symbolic links here")
    result = cfo(run_cfo, example, "build", "--force")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert (elsewhere / "secret.md").read_text() == "theirs"
