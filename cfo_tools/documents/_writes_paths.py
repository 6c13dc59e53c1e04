"""Writes by path, where the system cannot open a path relative to a folder (Windows).

The same walk as :mod:`_writes_fd`, with ``os.lstat`` on each part instead of an open folder:
a symbolic link or a junction inside the workspace is refused, a folder is created one at a
time, a file goes through a temporary file and ``os.replace``, a tree is removed without
following any link. What a path cannot give is the last step of the guarantee: a link swapped
in by another process between the look and the write is not detected. Errors are named by
:mod:`output_files`, which chose this module.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

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

#: O_BINARY (Windows): without it the C library turns "\n" into "\r\n" on the way out.
_NEW_FILE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                   | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
                   | getattr(os, "O_NOINHERIT", 0))


def write_file(path: Path, data: bytes, *, force: bool, workspace: Path | None) -> None:
    folder, name = _parent(path, workspace)
    _write_at(folder, name, data, force=force, shown=path)


def write_folder(path: Path, files: Mapping[str, bytes], *, force: bool,
                 workspace: Path | None) -> None:
    with filling_folder(path, force=force, workspace=workspace) as add:
        add(files)


@contextmanager
def filling_folder(path: Path, *, force: bool,
                   workspace: Path | None) -> Iterator[Callable[[Mapping[str, bytes]], None]]:
    parent, name = _parent(path, workspace)
    target = os.path.join(parent, name)
    existing = _entry(target)
    if existing is not None:
        _check_replaceable(target, existing, path, force=force, workspace=workspace)
    fresh = os.path.join(parent, f".{name}.new-{secrets.token_hex(4)}")
    os.mkdir(fresh, 0o755)
    try:
        yield lambda files: _fill(fresh, files, force=False, shown=path)
        # Whatever took the place of the folder checked while the files were made is checked
        # again (the swap below would put it aside and remove it).
        now = _entry(target)
        if now is not None and (existing is None or not os.path.samestat(now, existing)):
            _check_replaceable(target, now, path, force=force, workspace=workspace)
        existing = now
        if existing is None:
            os.rename(fresh, target)
            return
        old = os.path.join(parent, f".{name}.old-{secrets.token_hex(4)}")
        os.rename(target, old)
        os.rename(fresh, target)
    except BaseException:
        with suppress(OSError):
            _remove_tree(fresh)
        raise
    _remove_tree(old)


def add_to_folder(path: Path, files: Mapping[str, bytes], *, force: bool) -> None:
    parent, name = _parent(path, None)
    folder = os.path.join(parent, name)
    entry = _entry(folder)
    if entry is None:
        os.mkdir(folder, 0o777)
    elif not stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{path} exists and is not a folder")
    if os.listdir(folder) and not force:
        raise OutputExists(f"{path} is not empty; use --force to write into it")
    _fill(folder, files, force=force, shown=path)


def remove_file(path: Path, *, workspace: Path | None) -> None:
    folder, name = _parent(path, workspace)
    target = os.path.join(folder, name)
    entry = _entry(target)
    if entry is None:
        raise OutputProblem(f"cannot remove {path}: it does not exist")
    if is_link(entry) or not stat.S_ISREG(entry.st_mode):
        raise OutputProblem(f"cannot remove {path}: it is not a regular file")
    os.unlink(target)


def read_folder(path: Path, names: Iterable[str], *,
                workspace: Path | None) -> FolderContents:
    parent, name = _parent(path, workspace)
    folder = os.path.join(parent, name)
    entry = _entry(folder)
    if entry is None:
        return FolderContents(exists=False, empty=True, files={})
    if not stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{path} exists and is not a folder")
    if not os.listdir(folder):
        return FolderContents(exists=True, empty=True, files={})
    found: dict[str, bytes] = {}
    for relative in names:
        file = _regular_file(folder, relative.split("/"), path, _not_readable)
        if file is None:
            continue
        with open(file, "rb") as stream:
            found[relative] = stream.read()
    return FolderContents(exists=True, empty=False, files=found)


def files_in_folder(path: Path, *, workspace: Path | None) -> list[str] | None:
    parent, name = _parent(path, workspace)
    folder = os.path.join(parent, name)
    entry = _entry(folder)
    if entry is None or not stat.S_ISDIR(entry.st_mode):
        return None
    found: list[str] = []
    for place, _, files, links in _walk(folder):
        if links:
            return None
        for file in files:
            if not stat.S_ISREG(os.lstat(os.path.join(folder, place, file)).st_mode):
                return None
            found.append(Path(place, file).as_posix())
    return found


def write_into_folder(path: Path, files: Mapping[str, bytes], *,
                      workspace: Path | None) -> None:
    parent, name = _parent(path, workspace)
    folder = os.path.join(parent, name)
    entry = _entry(folder)
    if entry is None:
        os.mkdir(folder, 0o777)
    elif not stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{path} exists and is not a folder")
    _fill(folder, files, force=True, shown=path)


def _not_removable(shown: Path) -> Exception:
    return OutputProblem(f"cannot remove {shown}: it is not a regular file")


def _not_readable(shown: Path) -> Exception:
    return OutputExists(f"{shown} is not a regular file")


def _regular_file(folder: str, parts: list[str], shown: Path,
                  not_regular: Callable[[Path], Exception]) -> str | None:
    """The path of the regular file ``parts`` below ``folder``; None when it or a folder on
    its way does not exist. A link anywhere on the way is refused, and anything else than a
    regular file raises ``not_regular(its shown path)``."""
    below = _below(folder, parts[:-1], shown)
    if below is None:
        return None
    file = os.path.join(below, parts[-1])
    entry = _entry(file)
    if entry is None:
        return None
    relative = shown / "/".join(parts)
    if is_link(entry):
        raise UnsafeOutput(_link_message(file, str(relative), relative))
    if not stat.S_ISREG(entry.st_mode):
        raise not_regular(relative)
    return file


def remove_from_folder(path: Path, names: Iterable[str], *, workspace: Path | None) -> None:
    parent, name = _parent(path, workspace)
    folder = os.path.join(parent, name)
    if _entry(folder) is None:
        return
    emptied: set[tuple[str, ...]] = set()
    for relative in names:
        parts = relative.split("/")
        file = _regular_file(folder, parts, path, _not_removable)
        if file is None:
            continue
        os.unlink(file)
        emptied.update(tuple(parts[:end]) for end in range(1, len(parts)))
    for inner in sorted(emptied, key=len, reverse=True):
        if _below(folder, list(inner), path) is not None:
            with suppress(OSError):
                os.rmdir(os.path.join(folder, *inner))


def _below(folder: str, parts: list[str], shown: Path) -> str | None:
    """The folder ``parts`` below ``folder``, each step looked at without following a link (a
    link is refused); None when it does not exist or is not a folder."""
    for index, part in enumerate(parts):
        folder = os.path.join(folder, part)
        entry = _entry(folder)
        if entry is None:
            return None
        if is_link(entry):
            raise UnsafeOutput(_link_message(
                folder, str(shown / "/".join(parts[: index + 1])), shown))
        if not stat.S_ISDIR(entry.st_mode):
            return None
    return folder


# --- the walk ------------------------------------------------------------------------------

def _parent(path: Path, workspace: Path | None) -> tuple[str, str]:
    """The folder (a resolved path) that will hold ``path``'s last part, and that part's name.
    Folders missing on the way are created. Once the walk is inside ``workspace``, a link is
    refused."""
    # Not os.path.abspath: it would drop "a/.." before knowing whether "a" is a link.
    absolute = path if path.is_absolute() else Path.cwd() / path
    parts = [p for p in absolute.parts[1:] if p not in ("", ".")]
    if not parts or parts[-1] == "..":
        raise OutputProblem(f"cannot write {path}: not a file or folder name")
    guard = os.path.realpath(workspace) if workspace is not None else None
    real = absolute.anchor or os.sep
    for index, part in enumerate(parts[:-1]):
        inside = guard is not None and is_within(real, guard)
        if part == "..":
            real = os.path.dirname(real)
            continue
        shown = Path(absolute.anchor, *parts[: index + 1])
        here = os.path.join(real, part)
        entry = _entry(here)
        if entry is None:
            os.mkdir(here, 0o777)
        elif is_link(entry):
            if inside:
                raise UnsafeOutput(_link_message(here, str(shown), path))
        elif not stat.S_ISDIR(entry.st_mode):
            raise OutputProblem(f"cannot write {path}: {shown} is not a folder")
        # Resolved at each step, links or not: on Windows a path may be spelled otherwise than
        # the workspace's real path (a short name like RUNNER~1, another case) and still be in it.
        real = os.path.realpath(here)
    name = parts[-1]
    entry = _entry(os.path.join(real, name))
    if entry is not None and is_link(entry):
        raise UnsafeOutput(_link_message(os.path.join(real, name), str(path), path))
    return real, name


def _entry(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _link_message(link: str, shown: str, path: Path) -> str:
    try:
        target: str | None = os.readlink(link)
    except OSError:
        target = None
    return link_message(path, shown, target)


def _check_replaceable(folder: str, entry: os.stat_result, path: Path, *, force: bool,
                       workspace: Path | None) -> None:
    if not stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{path} exists and is not a folder")
    if not os.listdir(folder):
        return
    if not force:
        raise OutputExists(f"{path} is not empty; use --force to replace its content")
    check_replaceable(path, foreign=_foreign_file(folder), workspace=workspace)


def _walk(top: str) -> Iterator[tuple[str, list[str], list[str], list[str]]]:
    """Like ``os.walk(top)`` from the top, by ``os.lstat``: each folder's place (relative to
    ``top``), its folders, its files, and its links and junctions, which are never entered."""
    pending = [""]
    while pending:
        place = pending.pop()
        folders, files, links = [], [], []
        with os.scandir(os.path.join(top, place)) as entries:
            for item in entries:
                entry = os.lstat(item.path)
                if is_link(entry):
                    links.append(item.name)
                elif stat.S_ISDIR(entry.st_mode):
                    folders.append(item.name)
                else:
                    files.append(item.name)
        yield place, folders, files, links
        pending.extend(os.path.join(place, inner) for inner in reversed(folders))


def _foreign_file(folder: str) -> str | None:
    """The first file below ``folder`` that cfo would not have written (links are neither
    followed nor counted: they go with the folder, their targets stay)."""
    try:
        if stat.S_ISREG(os.lstat(os.path.join(folder, SITE_MARKER)).st_mode):
            return None
    except FileNotFoundError:
        pass
    for place, _, files, _ in _walk(folder):
        for name in sorted(files):
            if not is_document(name):
                return os.path.normpath(os.path.join(place, name))
    return None


def _remove_tree(folder: str) -> None:
    """Remove ``folder`` and all it holds, following no link (a link or a junction is removed,
    its target left alone: ``os.unlink`` removes a junction too)."""
    for place, folders, files, links in reversed(list(_walk(folder))):
        for name in files + links:
            os.unlink(os.path.join(folder, place, name))
        for inner in folders:
            os.rmdir(os.path.join(folder, place, inner))
    os.rmdir(folder)


def _fill(base: str, files: Mapping[str, bytes], *, force: bool, shown: Path) -> None:
    """Write ``files`` below the folder ``base``, following no link."""
    for relative, data in files.items():
        parts = relative.split("/")
        folder = base
        for index, part in enumerate(parts[:-1]):
            folder = os.path.join(folder, part)
            entry = _entry(folder)
            if entry is None:
                os.mkdir(folder, 0o777)
            elif is_link(entry):
                raise UnsafeOutput(_link_message(
                    folder, str(shown / "/".join(parts[: index + 1])), shown))
            elif not stat.S_ISDIR(entry.st_mode):
                raise OutputProblem(f"cannot write {shown / relative}: "
                                    f"{shown / '/'.join(parts[: index + 1])} is not a folder")
        last = os.path.join(folder, parts[-1])
        entry = _entry(last)
        if entry is not None and is_link(entry):
            raise UnsafeOutput(_link_message(last, str(shown / relative), shown / relative))
        _write_at(folder, parts[-1], data, force=force, shown=shown / relative)


def _write_at(folder: str, name: str, data: bytes, *, force: bool, shown: Path) -> None:
    """Write ``name`` in ``folder`` through a temporary file and ``os.replace``."""
    target = os.path.join(folder, name)
    _check_target(target, force=force, shown=shown)
    temporary = os.path.join(folder, f".{name[:200]}.{secrets.token_hex(4)}.tmp")
    handle = os.open(temporary, _NEW_FILE_FLAGS, 0o644)
    try:
        with os.fdopen(handle, "wb") as stream:
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), 0o644)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _check_target(target, force=force, shown=shown)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _check_target(target: str, *, force: bool, shown: Path) -> None:
    entry = _entry(target)
    if entry is None:
        return
    if is_link(entry):
        raise UnsafeOutput(_link_message(target, str(shown), shown))
    refuse_existing(entry, force=force, shown=shown)
