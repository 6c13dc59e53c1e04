"""Writes relative to open folders (``dir_fd``), where the system has them (Linux, macOS).

The path is walked one folder at a time with ``O_NOFOLLOW``, and every later step is relative
to the folder already opened, so a link swapped in meanwhile is not followed either. Errors are
named by :mod:`output_files`, which chose this module.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

from cfo_tools.documents._write_rules import (
    SITE_MARKER,
    FolderContents,
    OutputExists,
    OutputProblem,
    UnsafeOutput,
    check_replaceable,
    is_document,
    is_link,
    is_within,
    link_message,
    refuse_existing,
)

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: A folder to list.
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
#: A folder passed through: O_PATH (Linux) needs no read permission, only search, as a plain
#: path would; elsewhere, read-only.
_PASS_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | _CLOEXEC


def write_file(path: Path, data: bytes, *, force: bool, workspace: Path | None) -> None:
    with _opened_parent(path, workspace) as (folder, name):
        _write_at(folder, name, data, force=force, shown=path)


def write_folder(path: Path, files: Mapping[str, bytes], *, force: bool,
                 workspace: Path | None) -> None:
    with filling_folder(path, force=force, workspace=workspace) as add:
        add(files)


@contextmanager
def filling_folder(path: Path, *, force: bool,
                   workspace: Path | None) -> Iterator[Callable[[Mapping[str, bytes]], None]]:
    with _opened_parent(path, workspace) as (parent, name):
        existing = _entry(parent, name)
        if existing is not None:
            _check_replaceable(parent, name, existing, path, force=force,
                               workspace=workspace)
        fresh = f".{name}.new-{secrets.token_hex(4)}"
        os.mkdir(fresh, 0o755, dir_fd=parent)
        try:
            with _FreshFolder(parent, fresh, path) as folder:
                yield folder.add
            # Whatever took the place of the folder checked while the files were made is
            # checked again (the swap below would put it aside and remove it).
            now = _entry(parent, name)
            if now is not None and (existing is None or not os.path.samestat(now, existing)):
                _check_replaceable(parent, name, now, path, force=force, workspace=workspace)
            existing = now
            # Every file on the disk before the folder takes its name: it shows whole or not
            # at all.
            _sync_file_system(parent, fresh)
            if existing is None:
                os.rename(fresh, name, src_dir_fd=parent, dst_dir_fd=parent)
                return
            old = f".{name}.old-{secrets.token_hex(4)}"
            os.rename(name, old, src_dir_fd=parent, dst_dir_fd=parent)
            os.rename(fresh, name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            with suppress(OSError):
                _remove_tree(parent, fresh)
            raise
        _remove_tree(parent, old)


class _FreshFolder:
    """Files written straight into a folder this process just made under a hidden name, which
    nothing else knows of until it is renamed into place: no temporary file and rename per file
    (what a folder others may read needs), each file created new (never over an entry, never
    through a link), its folders made as needed and kept open until the end."""

    def __init__(self, parent: int, name: str, shown: Path) -> None:
        self._shown = shown
        self._base = os.open(name, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=parent)
        self._folders: dict[tuple[str, ...], int] = {}

    def __enter__(self) -> _FreshFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()
        os.close(self._base)

    def add(self, files: Mapping[str, bytes]) -> None:
        for relative, data in files.items():
            parts = relative.split("/")
            place = tuple(parts[:-1])
            folder = self._folders.get(place)
            if folder is None:
                if len(self._folders) >= _OPEN_FOLDERS:
                    for fd in self._folders.values():
                        os.close(fd)
                    self._folders.clear()
                folder = self._folders[place] = _open_below(self._base, place, self._shown,
                                                            self._shown / relative)
            _write_new(folder, parts[-1], data, self._shown, relative)


def _write_new(folder: int, name: str, data: bytes, shown: Path, relative: str) -> None:
    """``data`` in the new file ``name`` of the open ``folder`` (refused if anything, a link
    included, is there already); ``shown / relative`` names it in a message (made only
    then: a path per file cost as much as writing it)."""
    try:
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC,
                         0o644, dir_fd=folder)
    except FileExistsError:
        raise OutputExists(f"{shown / relative} was given twice") from None
    try:
        os.fchmod(handle, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    except BaseException:
        os.close(handle)
        with suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
    os.close(handle)


def add_to_folder(path: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    with _opened_parent(path, None) as (parent, name):
        entry = _entry(parent, name)
        if entry is None:
            os.mkdir(name, 0o777, dir_fd=parent)
        elif not stat.S_ISDIR(entry.st_mode):
            raise OutputExists(f"{path} exists and is not a folder")
        folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    try:
        if os.listdir(folder) and not force:
            raise OutputExists(f"{path} is not empty; use --force to write into it")
        _fill(folder, ".", files, force=force, shown=path)
    finally:
        os.close(folder)


def remove_file(path: Path, *, workspace: Path | None) -> None:
    with _opened_parent(path, workspace) as (folder, name):
        entry = _entry(folder, name)
        if entry is None:
            raise OutputProblem(f"cannot remove {path}: it does not exist")
        if not stat.S_ISREG(entry.st_mode):
            raise OutputProblem(f"cannot remove {path}: it is not a regular file")
        os.unlink(name, dir_fd=folder)


def read_folder(path: Path, names: Iterable[str], *,
                workspace: Path | None) -> FolderContents:
    with _opened_parent(path, workspace) as (parent, name):
        entry = _entry(parent, name)
        if entry is None:
            return FolderContents(exists=False, empty=True, files={})
        if not stat.S_ISDIR(entry.st_mode):
            raise OutputExists(f"{path} exists and is not a folder")
        folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    try:
        if not os.listdir(folder):
            return FolderContents(exists=True, empty=True, files={})
        return FolderContents(exists=True, empty=False,
                              files=_read_below(folder, names, path))
    finally:
        os.close(folder)


def files_in_folder(path: Path, *, workspace: Path | None) -> list[str] | None:
    with _opened_parent(path, workspace) as (parent, name):
        entry = _entry(parent, name)
        if entry is None or not stat.S_ISDIR(entry.st_mode):
            return None
        folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    try:
        found: list[str] = []
        for place, folders, files, below in os.fwalk(".", dir_fd=folder):
            for inner in folders:
                if stat.S_ISLNK(os.stat(inner, dir_fd=below, follow_symlinks=False).st_mode):
                    return None
            for file in files:
                if not stat.S_ISREG(os.stat(file, dir_fd=below, follow_symlinks=False).st_mode):
                    return None
                found.append(os.path.normpath(os.path.join(place, file)).replace(os.sep, "/"))
        return found
    finally:
        os.close(folder)


def write_into_folder(path: Path, files: Mapping[str, bytes], *,
                      workspace: Path | None) -> None:
    with _opened_parent(path, workspace) as (parent, name):
        entry = _entry(parent, name)
        if entry is None:
            os.mkdir(name, 0o777, dir_fd=parent)
        elif not stat.S_ISDIR(entry.st_mode):
            raise OutputExists(f"{path} exists and is not a folder")
        _fill(parent, name, files, force=True, shown=path)


def remove_from_folder(path: Path, names: Iterable[str], *, workspace: Path | None) -> None:
    with _opened_parent(path, workspace) as (parent, name):
        if _entry(parent, name) is None:
            return
        folder = os.open(name, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=parent)
    emptied: set[tuple[str, ...]] = set()
    try:
        for relative in names:
            parts = tuple(relative.split("/"))
            with _regular_below(folder, parts, path, _not_removable) as below:
                if below is None:
                    continue
                os.unlink(parts[-1], dir_fd=below)
            emptied.update(parts[:end] for end in range(1, len(parts)))
        # Folders the removals left empty go too, deepest first; a folder holding anything
        # else (a file of the user's) stays.
        for inner in sorted(emptied, key=len, reverse=True):
            with _below(folder, inner[:-1], path) as below, suppress(OSError):
                if below is not None:
                    os.rmdir(inner[-1], dir_fd=below)
    finally:
        os.close(folder)


def _not_removable(shown: Path) -> Exception:
    return OutputProblem(f"cannot remove {shown}: it is not a regular file")


def _not_readable(shown: Path) -> Exception:
    return OutputExists(f"{shown} is not a regular file")


@contextmanager
def _regular_below(folder: int, parts: tuple[str, ...], shown: Path,
                   not_regular: Callable[[Path], Exception]) -> Iterator[int | None]:
    """The open folder holding the regular file ``parts`` below the open ``folder``; None when
    the file or a folder on its way does not exist. A link anywhere on the way is refused, and
    anything else than a regular file raises ``not_regular(its shown path)``."""
    with _below(folder, parts[:-1], shown) as below:
        entry = None if below is None else _entry(below, parts[-1])
        if below is None or entry is None:
            yield None
            return
        file = shown / "/".join(parts)
        if is_link(entry):
            raise UnsafeOutput(_link_message(below, parts[-1], str(file), file))
        if not stat.S_ISREG(entry.st_mode):
            raise not_regular(file)
        yield below


@contextmanager
def _below(folder: int, parts: tuple[str, ...], shown: Path) -> Iterator[int | None]:
    """The open folder ``parts`` below the open ``folder``, walked without following a link
    (a link is refused); None when it does not exist or is not a folder."""
    fd = os.dup(folder)
    try:
        for index, part in enumerate(parts):
            entry = _entry(fd, part)
            if entry is None or not (stat.S_ISDIR(entry.st_mode) or is_link(entry)):
                yield None
                return
            if is_link(entry):
                raise UnsafeOutput(_link_message(
                    fd, part, str(shown / "/".join(parts[: index + 1])), shown))
            following = os.open(part, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = following
        yield fd
    finally:
        os.close(fd)


def _read_below(folder: int, names: Iterable[str], shown: Path) -> dict[str, bytes]:
    """The content of each of ``names`` that is a regular file below the open ``folder``."""
    found: dict[str, bytes] = {}
    for relative in names:
        parts = tuple(relative.split("/"))
        with _regular_below(folder, parts, shown, _not_readable) as below:
            if below is None:
                continue
            handle = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | _CLOEXEC, dir_fd=below)
            with os.fdopen(handle, "rb") as stream:
                found[relative] = stream.read()
    return found


# --- the walk ------------------------------------------------------------------------------

@contextmanager
def _opened_parent(path: Path, workspace: Path | None) -> Iterator[tuple[int, str]]:
    """The open folder that will hold ``path``'s last part, and that part's name. Folders
    missing on the way are created. Once the walk is inside ``workspace``, a link is refused."""
    # Not os.path.abspath: it would drop "a/.." before knowing whether "a" is a link.
    absolute = path if path.is_absolute() else Path.cwd() / path
    parts = [p for p in absolute.parts[1:] if p not in ("", ".")]
    if not parts or parts[-1] == "..":
        raise OutputProblem(f"cannot write {path}: not a file or folder name")
    guard = os.path.realpath(workspace) if workspace is not None else None
    real = absolute.anchor or "/"
    fd = os.open(real, _PASS_FLAGS)
    try:
        for index, part in enumerate(parts[:-1]):
            inside = guard is not None and is_within(real, guard)
            if part == "..":
                following = os.open("..", _PASS_FLAGS, dir_fd=fd)
                real = os.path.dirname(real)
            else:
                shown = Path(absolute.anchor, *parts[: index + 1])
                entry = _entry(fd, part)
                if entry is None:
                    os.mkdir(part, 0o777, dir_fd=fd)
                elif is_link(entry):
                    if inside:
                        raise UnsafeOutput(_link_message(fd, part, str(shown), path))
                elif not stat.S_ISDIR(entry.st_mode):
                    raise OutputProblem(f"cannot write {path}: {shown} is not a folder")
                if entry is not None and is_link(entry):
                    following = os.open(part, _PASS_FLAGS, dir_fd=fd)
                    real = os.path.realpath(os.path.join(real, part))
                else:
                    following = os.open(part, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
                    real = os.path.join(real, part)
            os.close(fd)
            fd = following
        name = parts[-1]
        entry = _entry(fd, name)
        if entry is not None and is_link(entry):
            raise UnsafeOutput(_link_message(fd, name, str(path), path))
        yield fd, name
    finally:
        os.close(fd)


def _entry(folder: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _link_message(folder: int, name: str, shown: str, path: Path) -> str:
    try:
        target: str | None = os.readlink(name, dir_fd=folder)
    except OSError:
        target = None
    return link_message(path, shown, target)


def _check_replaceable(parent: int, name: str, entry: os.stat_result, path: Path, *,
                       force: bool, workspace: Path | None) -> None:
    if not stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{path} exists and is not a folder")
    folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    try:
        if not os.listdir(folder):
            return
        if not force:
            raise OutputExists(f"{path} is not empty; use --force to replace its content")
        foreign = _foreign_file(folder)
    finally:
        os.close(folder)
    check_replaceable(path, foreign=foreign, workspace=workspace)


def _remove_tree(parent: int, name: str) -> None:
    """Remove the folder ``name`` of the open ``parent`` and all it holds, following no link
    (a link is removed, its target left alone). ``shutil.rmtree`` takes ``dir_fd`` only from
    Python 3.11."""
    folder = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    try:
        for _, folders, files, below in os.fwalk(".", topdown=False, dir_fd=folder):
            for file in files:
                os.unlink(file, dir_fd=below)
            for inner in folders:
                if stat.S_ISLNK(os.stat(inner, dir_fd=below, follow_symlinks=False).st_mode):
                    os.unlink(inner, dir_fd=below)
                else:
                    os.rmdir(inner, dir_fd=below)
    finally:
        os.close(folder)
    os.rmdir(name, dir_fd=parent)


def _foreign_file(folder: int) -> str | None:
    """The first file below the open ``folder`` that cfo would not have written (links are
    neither followed nor counted: they go with the folder, their targets stay)."""
    try:
        if stat.S_ISREG(os.stat(SITE_MARKER, dir_fd=folder, follow_symlinks=False).st_mode):
            return None
    except FileNotFoundError:
        pass
    for place, _, files, below in os.fwalk(".", dir_fd=folder):
        for name in sorted(files):
            if is_document(name):
                continue
            if stat.S_ISLNK(os.stat(name, dir_fd=below, follow_symlinks=False).st_mode):
                continue
            return os.path.normpath(os.path.join(place, name))
    return None


#: Folders a fill keeps open at once (one file system sync for each of this many).
_OPEN_FOLDERS = 64


def _fill(root: int, folder: str, files: Mapping[str, bytes], *, force: bool,
          shown: Path) -> None:
    """Write ``files`` below ``folder`` (relative to the open folder ``root``), following no
    link. Each file is written to a temporary file, renamed over its name once the file system
    is synced: one sync for a folder's worth of files, as a sync per file takes milliseconds
    (over a minute for a site of 22,000 pages) and the rename still shows each file whole."""
    by_folder: dict[tuple[str, ...], list[tuple[str, bytes]]] = {}
    for relative, data in files.items():
        parts = relative.split("/")
        by_folder.setdefault(tuple(parts[:-1]), []).append((parts[-1], data))
    groups = list(by_folder.items())
    base = os.open(folder, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=root)
    try:
        for start in range(0, len(groups), _OPEN_FOLDERS):
            _fill_folders(base, groups[start:start + _OPEN_FOLDERS], force=force, shown=shown)
    finally:
        os.close(base)


def _fill_folders(base: int, groups: list[tuple[tuple[str, ...], list[tuple[str, bytes]]]], *,
                  force: bool, shown: Path) -> None:
    """Write each group's files in its folder below the open ``base``: every temporary file
    first, then one sync, then the renames."""
    opened: list[int] = []
    #: (open folder, name, temporary name, shown path) of each file written, not yet renamed.
    written: list[tuple[int, str, str, Path]] = []
    renamed = 0
    try:
        for parts, entries in groups:
            fd = _open_below(base, parts, shown, shown / "/".join((*parts, entries[0][0])))
            opened.append(fd)
            for name, data in entries:
                file = shown / "/".join((*parts, name))
                _check_target(fd, name, force=force, shown=file)
                written.append((fd, name, _write_temporary(fd, name, data), file))
        _sync_file_system(base, ".")
        for fd, name, temporary, file in written:
            _check_target(fd, name, force=force, shown=file)
            os.replace(temporary, name, src_dir_fd=fd, dst_dir_fd=fd)
            renamed += 1
    except BaseException:
        for fd, _, temporary, _ in written[renamed:]:
            with suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
        raise
    finally:
        for fd in opened:
            os.close(fd)


def _open_below(base: int, parts: tuple[str, ...], shown: Path, file: Path) -> int:
    """The folder ``parts`` below the open ``base``, opened (created when missing) one part at
    a time; a link or a file on the way (to ``file``) is refused."""
    fd = os.dup(base)
    try:
        for index, part in enumerate(parts):
            entry = _entry(fd, part)
            place = shown / "/".join(parts[: index + 1])
            if entry is None:
                os.mkdir(part, 0o777, dir_fd=fd)
            elif is_link(entry):
                raise UnsafeOutput(_link_message(fd, part, str(place), shown))
            elif not stat.S_ISDIR(entry.st_mode):
                raise OutputProblem(f"cannot write {file}: {place} is not a folder")
            following = os.open(part, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = following
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_temporary(folder: int, name: str, data: bytes, *, sync: bool = False) -> str:
    """``data`` in a new temporary file beside ``name`` in the open ``folder`` (on the disk
    before this returns with ``sync``; a whole folder's files are synced once instead); its
    name."""
    temporary = f".{name[:200]}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | _CLOEXEC, 0o644, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o644)
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    return temporary


def _write_at(folder: int, name: str, data: bytes, *, force: bool, shown: Path) -> None:
    """Write ``name`` in the open ``folder`` through a temporary file and a rename."""
    _check_target(folder, name, force=force, shown=shown)
    temporary = _write_temporary(folder, name, data, sync=True)
    try:
        _check_target(folder, name, force=force, shown=shown)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


def _check_target(folder: int, name: str, *, force: bool, shown: Path) -> None:
    entry = _entry(folder, name)
    if entry is None:
        return
    if is_link(entry):
        raise UnsafeOutput(_link_message(folder, name, str(shown), shown))
    refuse_existing(entry, force=force, shown=shown)


def _sync_file_system(folder: int, name: str) -> None:
    """Put on the disk what was written to the file system holding ``name`` (below the open
    ``folder``): with syncfs(2) where the C library has it (Linux), which waits for that file
    system alone; else, or should it fail, every file system (``os.sync``: on a machine whose
    other disks are busy, a build waited for them too)."""
    syncfs = _syncfs()
    if syncfs is not None:
        with suppress(OSError):
            descriptor = os.open(name, _DIRECTORY_FLAGS, dir_fd=folder)
            try:
                if syncfs(descriptor) == 0:
                    return
            finally:
                os.close(descriptor)
    os.sync()


@cache
def _syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs`` (Linux only), or None. Python has no ``os.syncfs``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        found: Any = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    found.argtypes = [ctypes.c_int]
    found.restype = ctypes.c_int
    return found
