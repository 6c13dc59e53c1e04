"""``cfo build``'s folder, updated in place: only the files whose bytes changed are written.

The folder keeps a manifest (:data:`BUILD_MANIFEST`, JSON): every file the last build wrote,
with the SHA-256 of its bytes. With it, a build knows which files are its own:

- a file whose bytes are already the new ones is left alone (its modification time too);
- a file of the last build is replaced by its new bytes, and one the build no longer produces
  is removed (with the folders that leaves empty);
- a file that differs from what the last build wrote (edited by hand since), or that the last
  build did not write (somebody's own file with a name the build now wants), is neither
  replaced nor removed without ``force``: the update stops before writing anything and names it;
- files the manifest does not list are never touched.

A folder that is not empty and has no readable manifest is not a previous build: it is replaced
only with ``force``, as :func:`output_files.write_folder` always did.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cfo_tools.documents import output_files
from cfo_tools.documents._write_rules import (
    BUILD_MANIFEST,
    OutputExists,
    OutputProblem,
    is_document,
    is_link,
)

#: Bumped when the manifest's shape changes; an unknown version is not trusted.
MANIFEST_VERSION = 1


@dataclass
class FolderUpdate:
    """What an update did, by relative file name."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"wrote {len(self.written)} files, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed")


def update_folder(path: Path, files: Mapping[str, bytes], *, force: bool = False,
                  workspace: Path | None = None) -> FolderUpdate:
    """Make ``path`` hold ``files`` (and the manifest), writing only what changed."""
    with updating_folder(path, force=force, workspace=workspace) as updating:
        updating.add(files)
    return updating.update


@contextmanager
def updating_folder(path: Path, *, force: bool = False, workspace: Path | None = None
                    ) -> Iterator[FolderUpdating]:
    """:func:`update_folder` given its files a part at a time (:meth:`FolderUpdating.add`), as
    they are rendered, so that a build of 300,000 documents is not held in memory whole: into
    a new or empty folder (a first build, what CI makes) each part is written as it comes,
    into a hidden folder that takes the place of ``path`` at the end; over an earlier build
    only the files whose bytes changed are kept until the end, then written (or, when one of
    them was edited by hand and ``force`` is not given, nothing is). The manifest is checked
    on entering, before anything is rendered. When the block fails, ``path`` is left as it
    was."""
    updating = FolderUpdating(path, force=force, workspace=workspace)
    if updating.fills_anew:
        with output_files.filling_folder(path, force=force, workspace=workspace) as add:
            updating._write = add
            yield updating
            add({BUILD_MANIFEST: updating.manifest()})
        updating.update.written.sort()
        return
    yield updating
    updating.finish()


class FolderUpdating:
    """The state of :func:`updating_folder`: the manifest read, the digest of every file given
    (the next manifest), and, over an earlier build, the changed files and those edited by
    hand since."""

    def __init__(self, path: Path, *, force: bool, workspace: Path | None) -> None:
        self._path, self._force, self._workspace = path, force, workspace
        try:
            contents = output_files.read_folder(path, [BUILD_MANIFEST], workspace=workspace)
        except OutputProblem as exc:
            raise _manifest_entry_problem(path, exc) from None
        self._raw = contents.files.get(BUILD_MANIFEST)
        manifest = _manifest(self._raw)
        if self._raw is not None and manifest is None and not force:
            raise OutputExists(
                f"{path / BUILD_MANIFEST} cannot be read ({_unreadable(self._raw)}), so cfo "
                f"cannot tell the files it built in {path} from others: --force replaces the "
                "folder's content (files cfo does not write, such as YAML or notes, are never "
                "replaced)")
        #: No earlier build to update: every file is new (a folder not empty is then
        #: replaced whole, only with ``force``, as write_folder always did).
        self.fills_anew = not contents.exists or contents.empty or manifest is None
        self._recorded = manifest or {}
        self._digests: dict[str, str] = {}
        self._to_write: dict[str, bytes] = {}
        self._kept: list[str] = []
        self._write: Callable[[Mapping[str, bytes]], None] | None = None
        self.update = FolderUpdate()

    def add(self, files: Mapping[str, bytes]) -> None:
        """Some files of the build (each name given once)."""
        self._digests.update((name, _digest(data)) for name, data in files.items())
        if self._write is not None:
            self._write(files)
            self.update.written.extend(files)
            return
        on_disk = output_files.read_folder(self._path, list(files),
                                           workspace=self._workspace).files
        for name, data in files.items():
            current = on_disk.get(name)
            if current == data:
                self.update.unchanged.append(name)
                continue
            if current is not None and self._recorded.get(name) != _digest(current):
                self._kept.append(name)
            self._to_write[name] = data
            self.update.written.append(name)

    def keep(self, digests: Mapping[str, str]) -> None:
        """Files of the build left as the last build wrote them (not even rendered: their
        inputs did not change, and they are as written), each with the digest of its bytes.
        Only over an earlier build."""
        assert self._write is None, "a folder filled anew has no file to keep"
        self._digests.update(digests)
        self.update.unchanged.extend(digests)

    @property
    def digests(self) -> Mapping[str, str]:
        """The digest of every file of the build given so far (or kept)."""
        return self._digests

    def manifest(self) -> bytes:
        """The manifest of the files given so far."""
        return manifest_text(self._digests)

    def finish(self) -> None:
        """Over an earlier build: remove what the build no longer makes, write what changed,
        unless a file edited by hand since stands in the way without ``force``."""
        path, workspace, update = self._path, self._workspace, self.update
        gone = sorted(name for name in self._recorded
                      if name not in self._digests and _removable(name))
        on_disk = output_files.read_folder(path, gone, workspace=workspace).files
        for name in gone:
            current = on_disk.get(name)
            if current is None:
                continue
            if self._recorded[name] != _digest(current):
                self._kept.append(name)
            update.removed.append(name)
        if self._kept and not self._force:
            kept = sorted(self._kept)
            shown = ", ".join(str(path / name) for name in kept[:5])
            more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
            raise OutputExists(f"{shown}{more} changed since cfo last built {path} (or "
                               "were not written by it); cfo replaces or removes them only "
                               "with --force")
        if self._to_write:
            output_files.write_into_folder(path, self._to_write, workspace=workspace)
        if update.removed:
            output_files.remove_from_folder(path, update.removed, workspace=workspace)
        new_manifest = self.manifest()
        if self._raw != new_manifest:
            output_files.write_into_folder(path, {BUILD_MANIFEST: new_manifest},
                                           workspace=workspace)
        update.written.sort()
        update.unchanged.sort()


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    """The manifest of ``files``: the same files give the same bytes."""
    return manifest_text({name: _digest(data) for name, data in files.items()})


def manifest_text(digests: Mapping[str, str]) -> bytes:
    """The manifest listing each file's digest (SHA-256, hexadecimal)."""
    listing = dict(sorted(digests.items()))
    return (json.dumps({"cfo-build": MANIFEST_VERSION, "files": listing}, indent=1,
                       sort_keys=True) + "\n").encode("utf-8")


def _manifest_entry_problem(path: Path, problem: OutputProblem) -> OutputProblem:
    """``problem`` reading the folder, said about the manifest when the manifest is what is
    wrong (a link, a FIFO): the build keeps it, so removing it is what to do."""
    manifest = path / BUILD_MANIFEST
    if str(manifest) not in str(problem):
        return problem
    try:
        entry = os.lstat(manifest)
    except OSError:
        return problem
    kind = ("a symbolic link" if is_link(entry)
            else "not a regular file" if not stat.S_ISREG(entry.st_mode) else None)
    if kind is None:
        return problem
    return OutputProblem(f"{manifest} is {kind}, not the list of files cfo build keeps: "
                         "remove it, then build again (with --force if the folder is not "
                         "empty: without the list cfo cannot tell its files from others')")


def _manifest_data(raw: bytes) -> object:
    """The manifest's JSON; ValueError (with why, for people) when it is not JSON at all."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError:
        raise ValueError("not JSON") from None


def _unreadable(raw: bytes) -> str:
    """Why :func:`_manifest` found nothing in ``raw``."""
    try:
        _manifest_data(raw)
    except ValueError as exc:
        return str(exc)
    return "not a manifest of this version of cfo"


def _manifest(raw: bytes | None) -> dict[str, str] | None:
    """The files and hashes a manifest lists; None when it is missing or not one of ours."""
    if raw is None:
        return None
    try:
        data = _manifest_data(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("cfo-build") != MANIFEST_VERSION:
        return None
    listing = data.get("files")
    if not isinstance(listing, dict):
        return None
    return {name: digest for name, digest in listing.items()
            if isinstance(digest, str) and _plain(name)}


def _plain(name: object) -> bool:
    return (isinstance(name, str) and name != BUILD_MANIFEST and "\\" not in name
            and "\0" not in name
            and all(part not in ("", ".", "..") for part in name.split("/")))


def _removable(name: str) -> bool:
    """Only documents are ever removed, whatever a (possibly forged) manifest says."""
    return is_document(name.rsplit("/", 1)[-1])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
