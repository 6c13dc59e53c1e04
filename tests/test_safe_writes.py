"""Every write: never through a link, never over a file without --force, a clear error when the
system refuses, and a build folder that holds exactly what the build produced.

Every test runs twice: with the writes relative to open folders (Linux, macOS) and with the
path-based writes Windows gets, forced here, so each guarantee is proved for both."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TODAY = "2026-11-26"
MISSION = "design-system-banque-regionale"


@pytest.fixture(params=["dir_fd", "paths"])
def writes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The implementation of every write for this test: ``dir_fd`` where the system has it,
    ``paths`` (what Windows uses) forced."""
    from cfo_tools.documents import _writes_paths, output_files

    if request.param == "paths":
        monkeypatch.setattr(output_files, "_writes", _writes_paths)
    elif output_files.opens_relative_to_folders():
        from cfo_tools.documents import _writes_fd

        monkeypatch.setattr(output_files, "_writes", _writes_fd)
    else:
        pytest.skip("this system cannot open a path relative to a folder")
    return str(request.param)


pytestmark = pytest.mark.usefixtures("writes")


def untouched(folder: Path) -> bool:
    return sorted(p.name for p in folder.rglob("*")) == ["keep.txt"] and \
        (folder / "keep.txt").read_text() == "mine"


def cfo(run_cfo, root: Path, *args: str):
    return run_cfo("-C", str(root), "--today", TODAY, *args)


def refused_link(result) -> bool:
    return result.exit_code == 2 and "symbolic link" in result.stderr \
        and "Traceback" not in result.output


# -- links ------------------------------------------------------------------------------------

def test_build_refuses_an_out_folder_that_is_a_link(run_cfo, example, elsewhere):
    (example / "out").symlink_to(elsewhere, target_is_directory=True)
    result = cfo(run_cfo, example, "build")
    assert refused_link(result), result.output
    assert "out" in result.stderr
    assert untouched(elsewhere)


def test_ci_build_with_force_never_writes_through_a_committed_link(run_cfo, example, elsewhere,
                                                                   monkeypatch):
    """out/build/missions -> elsewhere, then CI's own `cfo build -o out/build --force`."""
    (example / "out" / "build").mkdir(parents=True)
    (example / "out" / "build" / "missions").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(example)
    result = cfo(run_cfo, example, "build", "-o", "out/build", "--force")
    assert result.exit_code == 0, result.output
    assert untouched(elsewhere)
    missions = example / "out" / "build" / "missions"
    assert not missions.is_symlink() and (missions / MISSION / "brief.md").is_file()


def test_build_refuses_a_target_folder_that_is_a_link_even_with_force(run_cfo, example,
                                                                      elsewhere):
    (example / "out").mkdir()
    (example / "out" / "build").symlink_to(elsewhere, target_is_directory=True)
    result = cfo(run_cfo, example, "build", "--force")
    assert refused_link(result)
    assert (example / "out" / "build").is_symlink() and untouched(elsewhere)


def test_a_link_inside_the_workspace_is_refused_too(run_cfo, example):
    (example / "real-out").mkdir()
    (example / "out").symlink_to(example / "real-out", target_is_directory=True)
    result = cfo(run_cfo, example, "build")
    assert refused_link(result)
    assert list((example / "real-out").iterdir()) == []


@pytest.mark.parametrize("command", [
    ["brief", MISSION, "-o", "out/brief.md"],
    ["request-changes", "plateforme-reservation-gites", "formation", "-o", "out/r.md"],
    ["acceptance", "plateforme-reservation-gites", "reservation-en-ligne", "-o", "out/a.md"],
    ["planning", "--format", "html", "-o", "out/planning.html"],
    ["calendar", "-o", "out/team.ics"],
    ["onboard", "alice-martin", "-o", "out/pack"],
    ["onboard", "alice-martin", "--zip", "-o", "out/pack.zip"],
    ["onboard", "alice-martin"],
])
def test_every_document_command_refuses_a_linked_folder(run_cfo, example, elsewhere,
                                                         monkeypatch, command):
    (example / "out").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(example)
    result = cfo(run_cfo, example, *command, "--force")
    assert refused_link(result), result.output
    assert untouched(elsewhere)


def test_force_never_replaces_the_target_of_a_linked_file(run_cfo, example, elsewhere):
    (example / "brief.md").symlink_to(elsewhere / "keep.txt")
    result = cfo(run_cfo, example, "brief", MISSION, "-o", str(example / "brief.md"), "--force")
    assert refused_link(result)
    assert (example / "brief.md").is_symlink() and untouched(elsewhere)


def test_new_refuses_a_roster_that_is_a_link(run_cfo, example, elsewhere):
    shutil.rmtree(example / "roster")
    (example / "roster").symlink_to(elsewhere, target_is_directory=True)
    result = cfo(run_cfo, example, "new", "freelancer", "zoe-martin", "--name", "Zoé",
                 "--email", "zoe@example.fr", "--role", "web-developer", "--rate", "500")
    assert refused_link(result)
    assert untouched(elsewhere)


def test_init_force_refuses_a_linked_folder_inside(run_cfo, tmp_path, elsewhere):
    target = tmp_path / "new-workspace"
    target.mkdir()
    (target / "roster").symlink_to(elsewhere, target_is_directory=True)
    result = run_cfo("init", str(target), "--force")
    assert refused_link(result)
    assert untouched(elsewhere)


def test_a_link_above_the_workspace_is_the_users_own_business(run_cfo, example, tmp_path):
    through = tmp_path / "through"
    through.symlink_to(example, target_is_directory=True)
    result = cfo(run_cfo, example, "brief", MISSION, "-o", str(through / "brief.md"))
    assert result.exit_code == 0, result.output
    assert (example / "brief.md").is_file()


# -- unwritable destinations ------------------------------------------------------------------

def test_a_file_where_a_folder_should_be(run_cfo, example):
    (example / "file.txt").write_text("x")
    result = cfo(run_cfo, example, "brief", MISSION, "-o", str(example / "file.txt" / "x.md"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "file.txt is not a folder" in result.stderr


def test_a_file_name_too_long(run_cfo, example):
    result = cfo(run_cfo, example, "brief", MISSION, "-o", str(example / ("a" * 300 + ".md")))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot write" in result.stderr and "too long" in result.stderr


def test_a_missing_parent_that_cannot_be_created(run_cfo, example):
    (example / "file.txt").write_text("x")
    target = example / "file.txt" / "a" / "b"
    result = cfo(run_cfo, example, "build", "-o", str(target))
    assert result.exit_code == 2 and "file.txt is not a folder" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no read-only folders")
@pytest.mark.skipif(getattr(os, "geteuid", lambda: -1)() == 0,
                    reason="root writes into read-only folders")
def test_a_read_only_folder(run_cfo, example, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cfo(run_cfo, example, "calendar", "-o", str(locked / "team.ics"))
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2 and "Permission denied" in result.stderr


def test_an_existing_file_is_kept_without_force(run_cfo, example):
    (example / "brief.md").write_text("mine")
    result = cfo(run_cfo, example, "brief", MISSION, "-o", str(example / "brief.md"))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (example / "brief.md").read_text() == "mine"
    assert [p.name for p in example.iterdir() if p.name.startswith(".")] == []


# -- build holds exactly this build, and what it did not write ------------------------------

def test_build_removes_what_it_wrote_and_no_longer_produces(run_cfo, example):
    target = example / "out" / "build"
    assert cfo(run_cfo, example, "build").exit_code == 0
    mission = example / "missions" / "migration-cloud-transporteur.yaml"
    first = sorted(p.relative_to(target) for p in target.rglob("*"))
    assert Path("missions/migration-cloud-transporteur") in first
    mission.write_text(mission.read_text().replace("status: open", "status: draft"))
    (target / "notes.md").write_text("mine")
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 0, result.output
    assert (target / "notes.md").read_text() == "mine"
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == sorted(
        [p for p in first if "migration-cloud-transporteur" not in str(p)]
        + [Path("notes.md")])
    assert sorted(p.name for p in (example / "out").iterdir()) == ["build"]


def test_build_without_force_refuses_a_non_empty_folder(run_cfo, example):
    (example / "out" / "build").mkdir(parents=True)
    (example / "out" / "build" / "notes.txt").write_text("mine")
    result = cfo(run_cfo, example, "build")
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (example / "out" / "build" / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("target", ["", "..", "roster", "schemas", "notes"])
def test_build_force_never_replaces_the_workspace_or_its_data(run_cfo, example, target):
    (example / "schemas").mkdir()
    (example / "schemas" / "freelancer.schema.json").write_text("{}")
    (example / "notes").mkdir()
    (example / "notes" / "todo.txt").write_text("mine")
    result = cfo(run_cfo, example, "build", "--force", "-o", str(example / target))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr or "refuses" in result.stderr
    assert (example / "company.yaml").is_file()
    assert (example / "roster" / "alice-martin.yaml").is_file()
    assert (example / "schemas" / "freelancer.schema.json").is_file()
    assert (example / "notes" / "todo.txt").read_text() == "mine"


# -- cfo new / cfo init refuse values no file should hold -----------------------------------

@pytest.mark.parametrize("rate", ["nan", "NaN", "inf", "-inf", "Infinity", "abc", "1e10",
                                  "1000000001", "0", "-5", "512.505", "1" + "0" * 4000])
def test_new_refuses_a_rate_that_is_not_a_daily_rate(run_cfo, example, rate):
    result = cfo(run_cfo, example, "new", "freelancer", "zoe-martin", "--name", "Zoé",
                 "--email", "zoe@example.fr", "--role", "web-developer", "--rate", rate)
    assert result.exit_code == 2 and "--rate" in result.stderr, result.output
    assert not (example / "roster" / "zoe-martin.yaml").exists()


@pytest.mark.parametrize(("rate", "written"), [("550", "550"), ("512.50", "512.5"),
                                                ("1e3", "1000"), ("1000000000", "1000000000")])
def test_new_writes_a_good_rate_as_a_plain_number(run_cfo, example, rate, written):
    result = cfo(run_cfo, example, "new", "freelancer", "zoe-martin", "--name", "Zoé",
                 "--email", "zoe@example.fr", "--role", "web-developer", "--rate", rate)
    assert result.exit_code == 0, result.output
    assert f"daily_rate: {written}\n" in (example / "roster" / "zoe-martin.yaml").read_text()


@pytest.mark.parametrize("text", ["Zoé\nMartin", "Zoé\rMartin", "Zoé\x85", "Zoé\u2028",
                                  "\x1b[2JZoé", "Zoé\u202eevil", "Zoé\tMartin"])
def test_new_and_init_refuse_line_breaks_and_controls(run_cfo, example, tmp_path, text):
    result = cfo(run_cfo, example, "new", "freelancer", "zoe-martin", "--name", text,
                 "--email", "zoe@example.fr", "--role", "web-developer", "--rate", "500")
    assert result.exit_code == 2 and "--name" in result.stderr
    assert not (example / "roster" / "zoe-martin.yaml").exists()
    result = cfo(run_cfo, example, "new", "mission", "site", "--title", "Site",
                 "--client", text, "--owner", "pm", "--start", "2027-01-04",
                 "--end", "2027-01-29")
    assert result.exit_code == 2 and "--client" in result.stderr
    result = run_cfo("init", str(tmp_path / "ws"), "--owner-name", text)
    assert result.exit_code == 2 and "--owner-name" in result.stderr
    assert not (tmp_path / "ws").exists()


# -- property: whatever the folders, files and links, nothing outside changes -----------------

NAMES = st.sampled_from(["out", "build", "missions", "x.md"])
RELATIVE = st.lists(NAMES, min_size=1, max_size=4).map("/".join)
LAYOUT = st.lists(st.tuples(RELATIVE, st.sampled_from(["folder", "file", "link-out",
                                                       "link-in", "link-up"])), max_size=8)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    return {str(p.relative_to(folder)): os.readlink(p) if p.is_symlink()
            else p.read_bytes() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def lay_out(root: Path, outside: Path, layout: list[tuple[str, str]]) -> None:
    for relative, kind in layout:
        path = root / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "folder":
                path.mkdir()
            elif kind == "file":
                path.write_text("old")
            elif kind == "link-out":
                path.symlink_to(outside, target_is_directory=True)
            elif kind == "link-in":
                path.symlink_to(root, target_is_directory=True)
            else:
                path.symlink_to("../" * (relative.count("/") + 1) + "../outside",
                                target_is_directory=True)
        except OSError:
            pass  # a file or a link already in the way: keep the layout as it came


# The `writes` fixture only chooses a module, the same for every example.
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=LAYOUT, target=RELATIVE, force=st.booleans(), as_folder=st.booleans())
def test_no_layout_of_links_makes_a_write_leave_the_workspace(layout, target, force,
                                                              as_folder):
    from cfo_tools.documents.output_files import OutputProblem, write_file, write_folder

    # Durability is not the point here, and fsync makes each example slow.
    with tempfile.TemporaryDirectory() as temporary, mock.patch("os.fsync"):
        base = Path(temporary)
        root, outside = base / "ws", base / "outside"
        root.mkdir()
        outside.mkdir()
        (outside / "keep.txt").write_text("mine")
        lay_out(root, outside, layout)
        before = snapshot(outside)
        try:
            if as_folder:
                write_folder(root / target, {"a/b.md": "new", "c.md": "new"}, force=force,
                             workspace=root)
            else:
                write_file(root / target, "new", force=force, workspace=root)
        except OutputProblem:
            pass
        else:
            written = root / target / "a" / "b.md" if as_folder else root / target
            assert written.read_text() == "new"
            for parent in [written, *written.parents]:
                if parent == root:
                    break
                assert not parent.is_symlink()
        assert snapshot(outside) == before
        assert not [p for p in base.iterdir() if p.name not in ("ws", "outside")]


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path, elsewhere, monkeypatch,
                                                           writes):
    """The walk looks at each folder, then opens it without following links: a folder replaced
    by a link between the two (a race) fails to open instead of being written through."""
    if writes != "dir_fd":
        pytest.skip("a path cannot be looked at and opened in one step: the race stays open")
    from cfo_tools.documents import _writes_fd, output_files

    root = tmp_path / "ws"
    (root / "out").mkdir(parents=True)
    looked = _writes_fd._entry

    def look_then_swap(folder: int, name: str):
        entry = looked(folder, name)
        if name == "out":
            (root / "out").rmdir()
            (root / "out").symlink_to(elsewhere, target_is_directory=True)
        return entry

    monkeypatch.setattr(_writes_fd, "_entry", look_then_swap)
    with pytest.raises(output_files.OutputProblem):
        output_files.write_file(root / "out" / "x.md", "new", workspace=root)
    assert untouched(elsewhere)


def test_files_in_folder_lists_regular_files_and_nothing_else(tmp_path, elsewhere):
    from cfo_tools.documents.output_files import files_in_folder, write_folder

    out = tmp_path / "site"
    assert files_in_folder(out) is None
    write_folder(out, {"index.html": b"a", "missions/x.html": b"b", "api/v1/m.json": b"c"})
    assert sorted(files_in_folder(out) or []) == ["api/v1/m.json", "index.html",
                                                  "missions/x.html"]
    (out / "missions" / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert files_in_folder(out) is None  # a link is never entered, and no listing is whole
    (out / "missions" / "linked").unlink()
    (out / "keep.html").symlink_to(elsewhere / "keep.txt")
    assert files_in_folder(out) is None
    assert (elsewhere / "keep.txt").read_text() == "mine"


def test_a_folder_filled_a_part_at_a_time_appears_whole_and_only_at_the_end(tmp_path):
    from cfo_tools.documents.output_files import filling_folder

    out = tmp_path / "site"
    with filling_folder(out) as add:
        add({"index.html": "a", "missions/m.html": b"b"})
        assert not out.exists()  # nothing shows while the folder is made
        add({"missions/n.html": "c", "api/v1/x.json": "{}"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "api/v1/x.json", "index.html", "missions/m.html", "missions/n.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no hidden folder left


def test_a_folder_filled_a_part_at_a_time_is_checked_first_and_left_as_it_was_on_failure(
        tmp_path):
    from cfo_tools.documents.output_files import OutputExists, OutputProblem, filling_folder

    out = tmp_path / "site"
    out.mkdir()
    (out / "old.md").write_text("an earlier build")
    # Refused before anything is made.
    with pytest.raises(OutputExists), filling_folder(out):
        raise AssertionError("the block ran")
    with pytest.raises(RuntimeError), filling_folder(out, force=True) as add:
        add({"index.html": "new"})
        raise RuntimeError("the build failed")
    assert [p.name for p in out.iterdir()] == ["old.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    with pytest.raises(OutputProblem), filling_folder(out, force=True) as add:
        add({"index.html": "new"})
        add({"index.html": "again"})  # a file given twice
    assert [p.name for p in out.iterdir()] == ["old.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs(2) is Linux's")
def test_a_folder_is_flushed_with_its_own_file_system_alone(tmp_path, monkeypatch):
    from cfo_tools.documents import _writes_fd, output_files

    if not output_files.opens_relative_to_folders():
        pytest.skip("this system cannot open a path relative to a folder")
    synced = []
    syncfs = _writes_fd._syncfs()
    assert syncfs is not None

    def counted(descriptor):
        synced.append(os.fstat(descriptor).st_dev)
        return syncfs(descriptor)

    def every_file_system():
        raise AssertionError("os.sync flushes every file system")

    monkeypatch.setattr(_writes_fd, "_syncfs", lambda: counted)
    monkeypatch.setattr(os, "sync", every_file_system)
    _writes_fd.write_folder(tmp_path / "out", {"a.txt": b"a"}, force=False, workspace=None)
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"a"
    assert synced == [os.stat(tmp_path).st_dev]


def test_without_syncfs_every_file_system_is_flushed(tmp_path, monkeypatch):
    from cfo_tools.documents import _writes_fd, output_files

    if not output_files.opens_relative_to_folders():
        pytest.skip("this system cannot open a path relative to a folder")
    synced = []
    monkeypatch.setattr(_writes_fd, "_syncfs", lambda: None)
    monkeypatch.setattr(os, "sync", lambda: synced.append(True))
    _writes_fd.write_folder(tmp_path / "out", {"a.txt": b"a"}, force=False, workspace=None)
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"a" and synced == [True]
