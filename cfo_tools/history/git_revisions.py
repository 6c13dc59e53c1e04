"""A workspace as it was at a Git revision, read with the real ``git`` command.

The revision's tree is listed with ``git ls-tree`` and its blobs read with ``git cat-file``,
never with ``git archive``: an archive honours the revision's own ``.gitattributes``
(``export-ignore`` would hide a file from the diff, ``export-subst`` would rewrite one), and its
extraction trips over links. Here a blob is written as the plain file it is, a link as a link
(never followed: the workspace scan reports a link out of the workspace as it does for
``cfo check``), a submodule as an empty folder, as a checkout would leave them. Nothing is
written outside the destination folder.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

#: A blob larger than this is not read: no workspace file is anywhere near it, and reading it
#: would fill the disk or the memory.
MAX_BLOB_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_MAX_LINK_BYTES = 4096


class GitProblem(Exception):
    """Git is missing, the folder is not in a repository, or the revision does not exist."""


class GitMissing(GitProblem):
    """The ``git`` command is not on PATH."""


def _git(root: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                check=False)
    except FileNotFoundError:
        raise GitMissing("git is not installed (not found on PATH)") from None
    if result.returncode != 0:
        raise GitProblem(result.stderr.decode("utf-8", "replace").strip() or "git failed")
    return result.stdout


def repository_top(path: Path) -> Path:
    try:
        return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())
    except GitMissing:
        raise
    except GitProblem:
        raise GitProblem(f"{path} is not inside a Git repository") from None


def resolve_revision(path: Path, revision: str) -> str:
    """The commit id of ``revision``, or a clear error when it is not in this clone."""
    if revision.startswith("-"):
        raise GitProblem(f"'{revision}' looks like an option, not a revision")
    try:
        return _git(path, "rev-parse", "--verify", "--quiet",
                    f"{revision}^{{commit}}").decode().strip()
    except GitMissing:
        raise
    except GitProblem:
        raise GitProblem(
            f"revision '{revision}' is not in this repository. In a shallow CI clone, fetch it "
            f"first, e.g. git fetch --depth=1 origin {revision.removeprefix('origin/')}"
        ) from None


@dataclass(frozen=True)
class TreeEntry:
    mode: str  # "100644", "100755", "120000" (link), "160000" (submodule)
    kind: str  # "blob" or "commit"
    object_id: str
    size: int | None
    path: bytes  # relative to the workspace, as stored in the tree


def workspace_at(workspace: Path, revision: str, destination: Path) -> Path:
    """Write the workspace folder as it was at ``revision`` into ``destination`` and return
    the written workspace's path (which may hold no company.yaml if it did not exist)."""
    top = Path(repository_top(workspace))
    commit = resolve_revision(workspace, revision)
    prefix = workspace.resolve().relative_to(top.resolve()).as_posix()
    target = destination if prefix == "." else destination / prefix
    target.mkdir(parents=True, exist_ok=True)
    tree = commit if prefix == "." else f"{commit}:{prefix}"
    try:
        listing = _git(top, "ls-tree", "-r", "-z", "-l", "--full-name", tree)
    except GitMissing:
        raise
    except GitProblem:
        return target  # the workspace folder did not exist (or was a file) at that revision
    entries = list(_entries(listing))
    _write_tree(top, entries, target)
    return target


def _entries(listing: bytes) -> Iterator[TreeEntry]:
    for record in listing.split(b"\0"):
        if not record:
            continue
        info, _, path = record.partition(b"\t")
        mode, kind, object_id, size = info.decode("ascii").split()
        yield TreeEntry(mode, kind, object_id, None if size == "-" else int(size), path)


def _safe_parts(path: bytes) -> list[bytes] | None:
    """The path's parts, or None for one no checkout would write: empty, ``.``, ``..`` or
    ``.git`` parts."""
    parts = path.split(b"/")
    if any(p in (b"", b".", b"..") or p.lower() == b".git" for p in parts):
        return None
    return parts


def _write_tree(top: Path, entries: list[TreeEntry], target: Path) -> None:
    root = os.fsencode(target)
    # What was written at each path: folders may be created below "d" only; a link or a file
    # is never written through.
    written: dict[bytes, str] = {b"": "d"}
    with _BlobReader(top) as reader:
        for entry in entries:
            parts = _safe_parts(entry.path)
            if parts is None:
                continue
            relative = b"/".join(parts)
            if relative in written:
                continue  # a duplicate entry in a crafted tree: the first one wins
            if entry.kind == "blob" and (entry.size or 0) > MAX_BLOB_BYTES:
                raise GitProblem(
                    f"{os.fsdecode(relative)} is {entry.size} bytes at this revision; cfo "
                    f"does not read files over {MAX_BLOB_BYTES} bytes")
            try:
                if not _folders_for(parts, written, root):
                    continue
                kind = _write_entry(reader, entry, os.path.join(root, relative))
            except OSError as exc:
                if exc.errno in _CANNOT_EXIST:
                    continue  # no checkout on this system could hold it either
                raise GitProblem(f"cannot write {os.fsdecode(relative)} of this revision into "
                                 f"a temporary folder: {exc.strerror}") from None
            if kind:
                written[relative] = kind


#: A name or link target this system cannot hold (too long, invalid): skipped, as a checkout
#: would fail on it too.
_CANNOT_EXIST = frozenset({errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ})


def _write_entry(reader: _BlobReader, entry: TreeEntry, full: bytes) -> str:
    """Write one tree entry; what it became: "d", "l", "f", or "" when skipped."""
    if entry.kind == "commit":
        os.mkdir(full)
        return "d"
    if entry.kind != "blob":
        return ""
    if entry.mode == "120000":
        if (entry.size or 0) > _MAX_LINK_BYTES:
            return ""  # longer than any path this system accepts
        link = reader.read(entry.object_id)
        if b"\0" in link or not link:
            return ""
        os.symlink(link, full)
        return "l"
    reader.copy(entry.object_id, full)
    return "f"


def _folders_for(parts: list[bytes], written: dict[bytes, str], root: bytes) -> bool:
    """Create the folders ``parts`` lies in; False when one of them is a file or a link."""
    for depth in range(1, len(parts)):
        folder = b"/".join(parts[:depth])
        kind = written.get(folder)
        if kind is None:
            os.mkdir(os.path.join(root, folder))
            written[folder] = "d"
        elif kind != "d":
            return False
    return True


class _BlobReader:
    """One ``git cat-file --batch`` process, asked for one blob at a time."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _BlobReader:
        try:
            self.process = subprocess.Popen(
                ["git", "-C", str(self.top), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except FileNotFoundError:
            raise GitMissing("git is not installed (not found on PATH)") from None
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.process.wait()

    def _ask(self, object_id: str) -> tuple[IO[bytes], int]:
        assert self.process is not None and self.process.stdin and self.process.stdout
        self.process.stdin.write(object_id.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitProblem(f"git could not read object {object_id}")
        return self.process.stdout, int(header[2])

    def read(self, object_id: str) -> bytes:
        stream, size = self._ask(object_id)
        data = stream.read(size)
        stream.read(1)  # the newline after the content
        return data

    def copy(self, object_id: str, path: bytes) -> None:
        # The file first: once git is asked, its answer must be read whatever happens.
        # O_NOFOLLOW is missing on Windows; O_BINARY exists only there, where it keeps "\n".
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_BINARY", 0), 0o644)
        stream, size = self._ask(object_id)
        with os.fdopen(handle, "wb") as out:
            while size:
                chunk = stream.read(min(size, _CHUNK))
                if not chunk:
                    raise GitProblem(f"git stopped while reading object {object_id}")
                out.write(chunk)
                size -= len(chunk)
        stream.read(1)
