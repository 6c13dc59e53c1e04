"""Writing generated files, the one way every command writes.

- Never over an existing file without ``force``; always atomically (a temporary file in the same
  folder, then a rename), so a reader never sees half a file.
- Never through a symbolic link once inside the workspace (or inside a folder being written):
  the path is walked one folder at a time with ``O_NOFOLLOW``, and every later step is relative
  to the folder already opened, so a link swapped in meanwhile is not followed either. A link in
  the path is refused, never replaced and never written through.
- A folder of documents is written beside its target, then swapped in: afterwards it holds
  exactly what was written, nothing left over from an earlier run.
- Anything the system refuses (read-only folder, a file where a folder should be, a name too
  long) is an :class:`OutputProblem` naming the path and the reason, not a traceback.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

#: What cfo writes in a folder of documents. A folder holding any other file is not replaced,
#: even with --force: it is somebody's data (YAML, schemas, a Git repository, notes).
_DOCUMENT_SUFFIXES = (".md", ".html", ".ics", ".zip")
_HARMLESS_NAMES = frozenset({".DS_Store", "Thumbs.db"})

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: A folder to list.
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
#: A folder passed through: O_PATH (Linux) needs no read permission, only search, as a plain
#: path would; elsewhere, read-only.
_PASS_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | _CLOEXEC


class OutputProblem(Exception):
    """The destination cannot be written; the message names it and says why."""


class OutputExists(OutputProblem):
    """The target exists (or the folder is not empty) and ``force`` was not given."""


class UnsafeOutput(OutputProblem):
    """The destination goes through a symbolic link where cfo does not follow links."""


def write_file(path: Path, content: str | bytes, *, force: bool = False,
               workspace: Path | None = None) -> None:
    """Write ``content`` to ``path``, creating its folders. Inside ``workspace`` no part of the
    path may be a symbolic link; the file itself never may."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with _errors_named(path), _opened_parent(path, workspace) as (folder, name):
        _write_at(folder, name, data, force=force, shown=path)


def write_folder(path: Path, files: Mapping[str, str | bytes], *, force: bool = False,
                 workspace: Path | None = None) -> None:
    """Make ``path`` a folder holding exactly ``files`` (relative names, forward slashes).

    An existing non-empty folder is replaced only with ``force``: the new content is written to
    a sibling folder first, then swapped in and the old folder removed (without following any
    link inside it)."""
    with _errors_named(path), _opened_parent(path, workspace) as (parent, name):
        existing = _entry(parent, name)
        if existing is not None:
            _check_replaceable(parent, name, existing, path, force=force,
                               workspace=workspace)
        fresh = f".{name}.new-{secrets.token_hex(4)}"
        os.mkdir(fresh, 0o755, dir_fd=parent)
        try:
            _fill(parent, fresh, files, force=False, shown=path)
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


def add_to_folder(path: Path, files: Mapping[str, str | bytes], *, force: bool = False) -> None:
    """Write ``files`` into the folder ``path`` (created if missing), which must be empty unless
    ``force``; files already there and not in ``files`` stay. Nothing below ``path``, and not
    ``path`` itself, may be a link."""
    with _errors_named(path):
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


def remove_file(path: Path, *, workspace: Path | None = None) -> None:
    """Remove the regular file ``path``. Like a write, the walk to it never goes through a link
    inside ``workspace``; a link, a folder or anything else that is not a file is refused."""
    with _errors_named(path), _opened_parent(path, workspace) as (folder, name):
        entry = _entry(folder, name)
        if entry is None:
            raise OutputProblem(f"cannot remove {path}: it does not exist")
        if not stat.S_ISREG(entry.st_mode):
            raise OutputProblem(f"cannot remove {path}: it is not a regular file")
        os.unlink(name, dir_fd=folder)


# --- the walk ------------------------------------------------------------------------------

@contextmanager
def _errors_named(path: Path) -> Iterator[None]:
    try:
        yield
    except OutputProblem:
        raise
    except OSError as exc:
        raise OutputProblem(f"cannot write {path}: {exc.strerror or exc}") from None


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
            inside = guard is not None and _is_within(real, guard)
            if part == "..":
                following = os.open("..", _PASS_FLAGS, dir_fd=fd)
                real = os.path.dirname(real)
            else:
                shown = Path(*parts[: index + 1])
                entry = _entry(fd, part)
                if entry is None:
                    os.mkdir(part, 0o777, dir_fd=fd)
                elif stat.S_ISLNK(entry.st_mode):
                    if inside:
                        raise UnsafeOutput(_link_message(fd, part, f"/{shown}", path))
                elif not stat.S_ISDIR(entry.st_mode):
                    raise OutputProblem(f"cannot write {path}: /{shown} is not a folder")
                if entry is not None and stat.S_ISLNK(entry.st_mode):
                    following = os.open(part, _PASS_FLAGS, dir_fd=fd)
                    real = os.path.realpath(os.path.join(real, part))
                else:
                    following = os.open(part, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
                    real = os.path.join(real, part)
            os.close(fd)
            fd = following
        name = parts[-1]
        entry = _entry(fd, name)
        if entry is not None and stat.S_ISLNK(entry.st_mode):
            raise UnsafeOutput(_link_message(fd, name, str(path), path))
        yield fd, name
    finally:
        os.close(fd)


def _is_within(real: str, guard: str) -> bool:
    return real == guard or real.startswith(guard.rstrip("/") + "/")


def _entry(folder: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _link_message(folder: int, name: str, shown: str, path: Path) -> str:
    try:
        target = f" (to {os.readlink(name, dir_fd=folder)})"
    except OSError:
        target = ""
    return (f"cannot write {path}: {shown} is a symbolic link{target}, and cfo never writes "
            "through a link: make it a real folder, or write somewhere else")


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
    if foreign is not None:
        raise OutputProblem(f"{path} holds {foreign}, which cfo does not write, and --force "
                            "replaces the whole folder: cfo refuses; move that file away or "
                            "choose another folder with -o")
    if workspace is not None and _is_within(os.path.realpath(workspace),
                                            os.path.realpath(path)):
        raise OutputProblem(f"{path} holds the workspace, and --force replaces the whole "
                            "folder: cfo refuses; choose another folder with -o")


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
    for place, _, files, below in os.fwalk(".", dir_fd=folder):
        for name in sorted(files):
            if name in _HARMLESS_NAMES or name.endswith(_DOCUMENT_SUFFIXES):
                continue
            if stat.S_ISLNK(os.stat(name, dir_fd=below, follow_symlinks=False).st_mode):
                continue
            return os.path.normpath(os.path.join(place, name))
    return None


def _fill(root: int, folder: str, files: Mapping[str, str | bytes], *, force: bool,
          shown: Path) -> None:
    """Write ``files`` below ``folder`` (relative to the open folder ``root``), following no
    link."""
    base = os.open(folder, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=root)
    try:
        for relative, content in files.items():
            parts = relative.split("/")
            if any(p in ("", ".", "..") for p in parts):
                raise OutputProblem(f"cannot write {relative!r} in {shown}: not a plain "
                                    "relative name")
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd = os.dup(base)
            try:
                for index, part in enumerate(parts[:-1]):
                    entry = _entry(fd, part)
                    if entry is None:
                        os.mkdir(part, 0o777, dir_fd=fd)
                    elif stat.S_ISLNK(entry.st_mode):
                        raise UnsafeOutput(_link_message(
                            fd, part, str(shown / "/".join(parts[: index + 1])), shown))
                    elif not stat.S_ISDIR(entry.st_mode):
                        raise OutputProblem(f"cannot write {shown / relative}: "
                                            f"{shown / '/'.join(parts[: index + 1])} is not a "
                                            "folder")
                    following = os.open(part, _PASS_FLAGS | os.O_NOFOLLOW, dir_fd=fd)
                    os.close(fd)
                    fd = following
                entry = _entry(fd, parts[-1])
                if entry is not None and stat.S_ISLNK(entry.st_mode):
                    raise UnsafeOutput(_link_message(fd, parts[-1], str(shown / relative),
                                                     shown / relative))
                _write_at(fd, parts[-1], data, force=force, shown=shown / relative)
            finally:
                os.close(fd)
    finally:
        os.close(base)


def _write_at(folder: int, name: str, data: bytes, *, force: bool, shown: Path) -> None:
    """Write ``name`` in the open ``folder`` through a temporary file and a rename."""
    _check_target(folder, name, force=force, shown=shown)
    temporary = f".{name[:200]}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | getattr(os, "O_CLOEXEC", 0), 0o644, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o644)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
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
    if stat.S_ISLNK(entry.st_mode):
        raise UnsafeOutput(_link_message(folder, name, str(shown), shown))
    if stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{shown} is a folder")
    if not force:
        raise OutputExists(f"{shown} already exists; use --force to replace it")
