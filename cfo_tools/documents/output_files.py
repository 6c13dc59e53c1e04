"""Writing generated files, the one way every command writes.

- Never over an existing file without ``force``; always atomically (a temporary file in the same
  folder, then a rename), so a reader never sees half a file.
- Never through a symbolic link (or a Windows junction) once inside the workspace (or inside a
  folder being written): the path is walked one folder at a time, and a link in the path is
  refused, never replaced and never written through. Where the system opens paths relative to
  an open folder (Linux, macOS), every step is relative to the folder already opened, so a link
  swapped in meanwhile is not followed either; elsewhere (Windows) each part is looked at with
  ``os.lstat`` just before it is used.
- A folder of documents is written beside its target, then swapped in: afterwards it holds
  exactly what was written, nothing left over from an earlier run. ``cfo build`` updates its
  folder instead, file by file (:mod:`build_folder`), through :func:`read_folder`,
  :func:`write_into_folder` and :func:`remove_from_folder`, which walk the same way.
- Anything the system refuses (read-only folder, a file where a folder should be, a name too
  long) is an :class:`OutputProblem` naming the path and the reason, not a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from cfo_tools.documents._write_rules import (
    BUILD_MANIFEST,
    SITE_MARKER,
    FolderContents,
    OutputExists,
    OutputProblem,
    UnsafeOutput,
)

__all__ = ["BUILD_MANIFEST", "SITE_MARKER", "FolderContents", "OutputExists", "OutputProblem",
           "UnsafeOutput", "add_to_folder", "files_in_folder", "filling_folder", "read_folder",
           "remove_file", "remove_from_folder", "write_file", "write_folder",
           "write_into_folder"]


class _Writes(Protocol):
    """What each implementation (a module) provides; errors are named here, not there."""

    def write_file(self, path: Path, data: bytes, *, force: bool,
                   workspace: Path | None) -> None: ...

    def write_folder(self, path: Path, files: Mapping[str, bytes], *, force: bool,
                     workspace: Path | None) -> None: ...

    def filling_folder(self, path: Path, *, force: bool, workspace: Path | None
                       ) -> AbstractContextManager[Callable[[Mapping[str, bytes]], None]]: ...

    def add_to_folder(self, path: Path, files: Mapping[str, bytes], *, force: bool) -> None: ...

    def remove_file(self, path: Path, *, workspace: Path | None) -> None: ...

    def read_folder(self, path: Path, names: Iterable[str], *,
                    workspace: Path | None) -> FolderContents: ...

    def write_into_folder(self, path: Path, files: Mapping[str, bytes], *,
                          workspace: Path | None) -> None: ...

    def files_in_folder(self, path: Path, *, workspace: Path | None) -> list[str] | None: ...

    def remove_from_folder(self, path: Path, names: Iterable[str], *,
                           workspace: Path | None) -> None: ...


def opens_relative_to_folders() -> bool:
    """Whether this system has everything the ``dir_fd`` walk needs (not Windows)."""
    return (all(hasattr(os, flag) for flag in ("O_DIRECTORY", "O_NOFOLLOW"))
            and hasattr(os, "fwalk")
            and {os.open, os.stat, os.mkdir, os.rename, os.unlink, os.rmdir,
                 os.readlink} <= os.supports_dir_fd
            and os.stat in os.supports_follow_symlinks
            and os.listdir in os.supports_fd)


def _choose_writes() -> _Writes:
    if opens_relative_to_folders():
        from cfo_tools.documents import _writes_fd
        return _writes_fd
    from cfo_tools.documents import _writes_paths
    return _writes_paths


#: The one choice of implementation, made once.
_writes: _Writes = _choose_writes()


def write_file(path: Path, content: str | bytes, *, force: bool = False,
               workspace: Path | None = None) -> None:
    """Write ``content`` to ``path``, creating its folders. Inside ``workspace`` no part of the
    path may be a symbolic link; the file itself never may."""
    with _errors_named(path):
        _writes.write_file(path, _bytes(content), force=force, workspace=workspace)


def write_folder(path: Path, files: Mapping[str, str | bytes], *, force: bool = False,
                 workspace: Path | None = None) -> None:
    """Make ``path`` a folder holding exactly ``files`` (relative names, forward slashes).

    An existing non-empty folder is replaced only with ``force``: the new content is written to
    a sibling folder first, then swapped in and the old folder removed (without following any
    link inside it)."""
    with _errors_named(path):
        _writes.write_folder(path, _plain_files(files, path), force=force, workspace=workspace)


@contextmanager
def filling_folder(path: Path, *, force: bool = False, workspace: Path | None = None
                   ) -> Iterator[Callable[[Mapping[str, str | bytes]], None]]:
    """:func:`write_folder` given its files a part at a time, as they are made: the block gets
    a function that writes some of them. ``path`` is checked (as by :func:`write_folder`)
    before the block runs, and holds exactly the files given once it ends; when it fails, the
    files given are removed and ``path`` is left as it was."""
    with _errors_named(path):
        filling = _writes.filling_folder(path, force=force, workspace=workspace)
        add = filling.__enter__()

    def add_files(files: Mapping[str, str | bytes]) -> None:
        with _errors_named(path):
            add(_plain_files(files, path))

    try:
        yield add_files
    except BaseException:
        if not filling.__exit__(*sys.exc_info()):
            raise
    else:
        with _errors_named(path):
            filling.__exit__(None, None, None)


def add_to_folder(path: Path, files: Mapping[str, str | bytes], *, force: bool = False) -> None:
    """Write ``files`` into the folder ``path`` (created if missing), which must be empty unless
    ``force``; files already there and not in ``files`` stay. Nothing below ``path``, and not
    ``path`` itself, may be a link."""
    with _errors_named(path):
        _writes.add_to_folder(path, _plain_files(files, path), force=force)


def remove_file(path: Path, *, workspace: Path | None = None) -> None:
    """Remove the regular file ``path``. Like a write, the walk to it never goes through a link
    inside ``workspace``; a link, a folder or anything else that is not a file is refused."""
    with _errors_named(path):
        _writes.remove_file(path, workspace=workspace)


def read_folder(path: Path, names: Iterable[str], *,
                workspace: Path | None = None) -> FolderContents:
    """Whether the folder ``path`` exists and is empty, and the bytes of each of ``names``
    (plain relative names) that is a file in it. Like a write, the walk follows no link inside
    ``workspace`` nor inside ``path``: a link where a file or folder is asked for is refused."""
    wanted = list(names)
    with _errors_named(path):
        _plain_files(dict.fromkeys(wanted, b""), path)
        return _writes.read_folder(path, wanted, workspace=workspace)


def files_in_folder(path: Path, *, workspace: Path | None = None) -> list[str] | None:
    """The relative name of every file below the folder ``path`` (forward slashes); None when
    there is no such folder or it holds anything but folders and regular files (a link, which
    is never followed, a pipe). The walk to ``path`` follows no link inside ``workspace``."""
    with _errors_named(path):
        return _writes.files_in_folder(path, workspace=workspace)


def write_into_folder(path: Path, files: Mapping[str, str | bytes], *,
                      workspace: Path | None = None) -> None:
    """Write each of ``files`` into the folder ``path`` (created if missing), replacing a file
    of that name, each one atomically; other files stay. No link is followed or replaced."""
    with _errors_named(path):
        _writes.write_into_folder(path, _plain_files(files, path), workspace=workspace)


def remove_from_folder(path: Path, names: Iterable[str], *,
                       workspace: Path | None = None) -> None:
    """Remove each of ``names`` that is a regular file in the folder ``path``, and the folders
    that leaves empty; a link on the way is refused, never followed."""
    wanted = list(names)
    with _errors_named(path):
        _plain_files(dict.fromkeys(wanted, b""), path)
        _writes.remove_from_folder(path, wanted, workspace=workspace)


@contextmanager
def _errors_named(path: Path) -> Iterator[None]:
    try:
        yield
    except OutputProblem:
        raise
    except OSError as exc:
        raise OutputProblem(f"cannot write {path}: {exc.strerror or exc}") from None


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _plain_files(files: Mapping[str, str | bytes], shown: Path) -> dict[str, bytes]:
    """``files`` as bytes, once every name is known to be a plain relative name."""
    for relative in files:
        if any(p in ("", ".", "..") for p in relative.split("/")):
            raise OutputProblem(f"cannot write {relative!r} in {shown}: not a plain "
                                "relative name")
    return {relative: _bytes(content) for relative, content in files.items()}
