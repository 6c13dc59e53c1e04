"""What every way of writing shares: the problems it reports, their wording, and what counts as
a document or a link, so the two implementations behind :mod:`output_files` say the same
things."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: What cfo writes in a folder of documents. A folder holding any other file is not replaced,
#: even with --force: it is somebody's data (YAML, schemas, a Git repository, notes).
DOCUMENT_SUFFIXES = (".md", ".html", ".ics", ".zip")
#: What ``cfo build`` keeps beside its documents: each file it wrote and the hash of its bytes.
BUILD_MANIFEST = ".cfo-build.json"
HARMLESS_NAMES = frozenset({".DS_Store", "Thumbs.db", BUILD_MANIFEST})
#: A folder holding this file at its top is a site ``cfo site`` built (pages, stylesheet, JSON
#: API): all of it is cfo's to replace.
SITE_MARKER = ".cfo-site"

#: A Windows junction or symbolic link: ``os.lstat`` leaves only these reparse points unresolved.
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)


@dataclass(frozen=True)
class FolderContents:
    """What a folder about to be updated holds: whether it exists, whether it is empty, and
    the bytes of those of the files asked about that are there."""

    exists: bool
    empty: bool
    files: dict[str, bytes]


class OutputProblem(Exception):
    """The destination cannot be written; the message names it and says why."""


class OutputExists(OutputProblem):
    """The target exists (or the folder is not empty) and ``force`` was not given."""


class UnsafeOutput(OutputProblem):
    """The destination goes through a symbolic link where cfo does not follow links."""


def is_link(entry: os.stat_result) -> bool:
    """A symbolic link, or (Windows) a junction, which leads elsewhere just the same."""
    return stat.S_ISLNK(entry.st_mode) or bool(
        getattr(entry, "st_file_attributes", 0) & _REPARSE_POINT)


def is_document(name: str) -> bool:
    """A file name cfo may have written in a folder of documents."""
    return name in HARMLESS_NAMES or name.endswith(DOCUMENT_SUFFIXES)


def is_within(real: str, guard: str) -> bool:
    """Whether the resolved path ``real`` is ``guard`` or below it (case as the system
    compares it)."""
    real, guard = os.path.normcase(real), os.path.normcase(guard)
    return real == guard or real.startswith(guard.rstrip(os.sep) + os.sep)


def link_message(path: Path, shown: str, target: str | None) -> str:
    leads = f" (to {target})" if target is not None else ""
    return (f"cannot write {path}: {shown} is a symbolic link{leads}, and cfo never writes "
            "through a link: make it a real folder, or write somewhere else")


def check_replaceable(path: Path, *, foreign: str | None, workspace: Path | None) -> None:
    """Refuse to replace a non-empty folder that holds somebody's data or the workspace."""
    if foreign is not None:
        raise OutputProblem(f"{path} holds {foreign}, which cfo does not write, and --force "
                            "replaces the whole folder: cfo refuses; move that file away or "
                            "choose another folder with -o")
    if workspace is not None and is_within(os.path.realpath(workspace),
                                           os.path.realpath(path)):
        raise OutputProblem(f"{path} holds the workspace, and --force replaces the whole "
                            "folder: cfo refuses; choose another folder with -o")


def refuse_existing(entry: os.stat_result, *, force: bool, shown: Path) -> None:
    """Refuse to write a file over a folder, or over a file without ``force`` (a link is
    refused before, with its target named)."""
    if stat.S_ISDIR(entry.st_mode):
        raise OutputExists(f"{shown} is a folder")
    if not force:
        raise OutputExists(f"{shown} already exists; use --force to replace it")
