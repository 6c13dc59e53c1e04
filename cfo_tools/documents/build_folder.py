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
from collections.abc import Mapping
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
    try:
        contents = output_files.read_folder(path, [BUILD_MANIFEST], workspace=workspace)
    except OutputProblem as exc:
        raise _manifest_entry_problem(path, exc) from None
    raw = contents.files.get(BUILD_MANIFEST)
    manifest = _manifest(raw)
    if raw is not None and manifest is None and not force:
        raise OutputExists(
            f"{path / BUILD_MANIFEST} cannot be read ({_unreadable(raw)}), so cfo cannot "
            f"tell the files it built in {path} from others: --force replaces the folder's "
            "content (files cfo does not write, such as YAML or notes, are never replaced)")
    if contents.exists and not contents.empty and manifest is None:
        # Not a previous build: today's rule, the whole folder replaced only with --force.
        output_files.write_folder(path, {**files, BUILD_MANIFEST: manifest_bytes(files)},
                                  force=force, workspace=workspace)
        return FolderUpdate(written=sorted(files))
    recorded = manifest or {}
    gone = sorted(name for name in recorded if name not in files and _removable(name))
    on_disk = output_files.read_folder(path, [*files, *gone], workspace=workspace).files
    update = FolderUpdate()
    to_write: dict[str, bytes] = {}
    kept: list[str] = []
    for name, data in files.items():
        current = on_disk.get(name)
        if current == data:
            update.unchanged.append(name)
            continue
        if current is not None and recorded.get(name) != _digest(current):
            kept.append(name)
        to_write[name] = data
        update.written.append(name)
    for name in gone:
        current = on_disk.get(name)
        if current is None:
            continue
        if recorded[name] != _digest(current):
            kept.append(name)
        update.removed.append(name)
    if kept and not force:
        shown = ", ".join(str(path / name) for name in sorted(kept)[:5])
        more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
        raise OutputExists(f"{shown}{more} changed since cfo last built {path} (or "
                           "were not written by it); cfo replaces or removes them only with "
                           "--force")
    if to_write:
        output_files.write_into_folder(path, to_write, workspace=workspace)
    if update.removed:
        output_files.remove_from_folder(path, update.removed, workspace=workspace)
    new_manifest = manifest_bytes(files)
    if contents.files.get(BUILD_MANIFEST) != new_manifest:
        output_files.write_into_folder(path, {BUILD_MANIFEST: new_manifest},
                                       workspace=workspace)
    return update


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    """The manifest of ``files``: the same files give the same bytes."""
    listing = {name: _digest(data) for name, data in sorted(files.items())}
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
