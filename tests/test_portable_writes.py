"""Writing, reading and rendering where the system is not Linux, proved here by taking away
what Windows does not have: ``dir_fd``, ``O_DIRECTORY``/``O_NOFOLLOW``, ``os.fwalk``,
``O_NONBLOCK``, ``SIGALRM``; and by showing a junction the way Windows' ``os.lstat`` does.

The guarantees themselves (no write through a link, --force never replaces a link's target,
build --force swaps exactly, clear errors) are proved for the path-based writes by
tests/test_safe_writes.py, which runs every test with both implementations."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import test_diff
from test_diff import diff

from cfo_tools.documents import _writes_paths, output_files
from cfo_tools.documents.output_files import (
    OutputProblem,
    UnsafeOutput,
    remove_file,
    write_file,
    write_folder,
)

#: Python as Windows gives it: no dir_fd, no folder-only or no-follow flags, no fwalk.
WITHOUT_DIR_FD = """
import os, sys
for name in ("O_DIRECTORY", "O_NOFOLLOW", "O_PATH", "fwalk"):
    if hasattr(os, name):
        delattr(os, name)
os.supports_dir_fd.clear()
from pathlib import Path
from cfo_tools.documents import _writes_paths, output_files
assert output_files._writes is _writes_paths, output_files._writes
assert "cfo_tools.documents._writes_fd" not in sys.modules
root = Path(sys.argv[1])
output_files.write_file(root / "ws" / "out" / "brief.md", "une ligne\\n", workspace=root / "ws")
output_files.write_folder(root / "ws" / "out" / "build", {"missions/a/brief.md": "a"},
                          workspace=root / "ws")
output_files.write_folder(root / "ws" / "out" / "build", {"missions/b/brief.md": "b"},
                          force=True, workspace=root / "ws")
(root / "ws" / "roster").symlink_to(root / "elsewhere", target_is_directory=True)
try:
    output_files.write_file(root / "ws" / "roster" / "x.yaml", "x", workspace=root / "ws")
except output_files.UnsafeOutput as exc:
    print(exc)
"""


def test_the_module_imports_and_writes_without_dir_fd(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    done = subprocess.run([sys.executable, "-c", WITHOUT_DIR_FD, str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "roster is a symbolic link" in done.stdout
    out = tmp_path / "ws" / "out"
    assert (out / "brief.md").read_bytes() == b"une ligne\n"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "brief.md", "build", "build/missions", "build/missions/b", "build/missions/b/brief.md"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_choice_follows_what_the_system_has(monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform in ("linux", "win32"):
        assert output_files.opens_relative_to_folders() == (sys.platform == "linux")
    monkeypatch.setattr(os, "supports_dir_fd", set())
    assert not output_files.opens_relative_to_folders()
    assert output_files._choose_writes() is _writes_paths


def test_a_path_spelled_otherwise_than_the_workspace_is_still_inside_it(
        tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a folder has a short name (``RUNNER~1`` for ``runneradmin``, as in CI's temporary
    folders) that is no link, and ``os.path.realpath`` gives the long one; shown here with a
    realpath that answers the way Windows' does."""
    (tmp_path / "RUNNER~1" / "ws").mkdir(parents=True)
    (tmp_path / "runneradmin").symlink_to(tmp_path / "RUNNER~1", target_is_directory=True)
    (tmp_path / "RUNNER~1" / "ws" / "out").symlink_to(elsewhere, target_is_directory=True)
    real_realpath = os.path.realpath

    def long_names(path: Any, *args: Any, **kwargs: Any) -> str:
        return str(real_realpath(path, *args, **kwargs)).replace("RUNNER~1", "runneradmin")

    monkeypatch.setattr(output_files, "_writes", _writes_paths)
    monkeypatch.setattr(os.path, "realpath", long_names)
    short = tmp_path / "RUNNER~1" / "ws"
    with pytest.raises(UnsafeOutput, match="out is a symbolic link"):
        write_file(short / "out" / "brief.md", "x", workspace=short)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


def test_remove_file_by_path(tmp_path: Path, elsewhere: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output_files, "_writes", _writes_paths)
    root = tmp_path / "ws"
    (root / "candidates").mkdir(parents=True)
    (root / "candidates" / "zoe.yaml").write_text("name: Zoé\n")
    remove_file(root / "candidates" / "zoe.yaml", workspace=root)
    assert list((root / "candidates").iterdir()) == []
    with pytest.raises(OutputProblem, match="does not exist"):
        remove_file(root / "candidates" / "zoe.yaml", workspace=root)
    (root / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafeOutput):
        remove_file(root / "linked" / "keep.txt", workspace=root)
    (root / "keep.txt").symlink_to(elsewhere / "keep.txt")
    with pytest.raises(UnsafeOutput):
        remove_file(root / "keep.txt", workspace=root)
    with pytest.raises(OutputProblem, match="not a regular file"):
        remove_file(root / "candidates", workspace=root)
    assert (elsewhere / "keep.txt").read_text() == "mine"


# -- junctions: Windows' os.lstat shows one as a folder marked as a reparse point ---------------

class _AsJunction:
    """What ``os.lstat`` says of a junction on Windows: a folder with the reparse-point
    attribute, not a symbolic link."""

    def __init__(self, entry: os.stat_result) -> None:
        self._entry = entry
        self.st_mode = stat.S_IFDIR | 0o755
        self.st_file_attributes = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry, name)


@pytest.fixture
def junctions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The path-based writes, with every symbolic link shown as a junction."""
    real_lstat = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:
        entry = real_lstat(path, *args, **kwargs)
        return _AsJunction(entry) if stat.S_ISLNK(entry.st_mode) else entry

    monkeypatch.setattr(output_files, "_writes", _writes_paths)
    monkeypatch.setattr(os, "lstat", lstat)


@pytest.mark.usefixtures("junctions")
def test_a_junction_in_the_workspace_is_refused(tmp_path: Path, elsewhere: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "out").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafeOutput, match="out is a symbolic link"):
        write_file(root / "out" / "brief.md", "x", force=True, workspace=root)
    with pytest.raises(UnsafeOutput):
        write_folder(root / "out", {"a.md": "x"}, force=True, workspace=root)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


@pytest.mark.usefixtures("junctions")
def test_build_force_removes_a_junction_not_what_it_leads_to(tmp_path: Path,
                                                             elsewhere: Path) -> None:
    root = tmp_path / "ws"
    (root / "out" / "build").mkdir(parents=True)
    (root / "out" / "build" / "brief.md").write_text("old")
    (root / "out" / "build" / "missions").symlink_to(elsewhere, target_is_directory=True)
    write_folder(root / "out" / "build", {"missions/a/brief.md": "new"}, force=True,
                 workspace=root)
    missions = root / "out" / "build" / "missions"
    assert not missions.is_symlink() and (missions / "a" / "brief.md").read_text() == "new"
    assert (elsewhere / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in (root / "out").iterdir()) == ["build"]


repo = test_diff.repo  # the fixture: the example workspace committed on main


def test_diff_reads_a_revision_where_there_is_no_o_nofollow(repo: Path, run_cfo: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)
    (repo / "roster" / "alice-martin.yaml").unlink()
    result = diff(run_cfo, repo, "HEAD")
    assert result.exit_code in (0, 1) and "alice-martin" in result.output, result.output


# -- reading and rendering --------------------------------------------------------------------

def test_workspace_files_are_read_as_bytes_on_every_system(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    """Windows' C library reads a file opened without O_BINARY as text: CRLF becomes LF and a
    Ctrl-Z byte ends it. The flag is asked for wherever it exists."""
    from cfo_tools.loading import regular_files

    assert regular_files._READ_FLAGS & getattr(os, "O_BINARY", 0) == getattr(os, "O_BINARY", 0)
    path = tmp_path / "alice.yaml"
    path.write_bytes(b"name: Alice\r\n\x1a# after\r\n")
    assert regular_files.read_regular_file(path) == b"name: Alice\r\n\x1a# after\r\n"


def test_templates_render_where_there_is_no_interval_timer(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    """Windows has no interval timers: the budget is still checked between steps, without
    the backstop."""
    import signal

    from cfo_tools.documents.render_limits import RenderLimits
    from cfo_tools.documents.templating import TemplateProblem, make_environment, render

    for name in ("setitimer", "SIGALRM", "ITIMER_REAL", "SIGVTALRM", "ITIMER_VIRTUAL"):
        monkeypatch.delattr(signal, name, raising=False)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ok.md.j2").write_text("{{ 2 + 2 }}", encoding="utf-8")
    (tmp_path / "templates" / "slow.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        encoding="utf-8")
    env = make_environment(tmp_path, lang="fr", html=False,
                           limits=RenderLimits(timeout_seconds=0.1, max_output_bytes=1 << 20))
    assert render(env, "ok.md.j2", {}, document="a test") == "4"
    with pytest.raises(TemplateProblem, match="longer than the limit"):
        render(env, "slow.md.j2", {}, document="a test")
