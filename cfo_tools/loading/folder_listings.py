"""What the last scan found in each data folder, trusted by the folder's stamp (issue 16).

Listing, sorting and classifying the 110,000 files of a large workspace is a third of a
second of every command, though an edit rarely adds, removes or renames a file. A folder's
modification time changes whenever an entry is created, removed or renamed in it, so the
documents and findings the scan made of a folder of documents (``missions/``,
``activity/2026-11/``...) are kept with the folder's stamp (size, modification and change
times, inode) and taken again while the stamp is the same: making their ``DocumentFile``s
from the kept rows costs a third of the scan.

What a folder's stamp cannot vouch for is never taken: a folder holding a link is not kept
(where the link leads may change with no change to the folder), and a stamp within
:data:`~cfo_tools.loading.stat_index.RACY_NANOSECONDS` of the folder's listing is not
trusted (an entry added in the same tick of the clock would not show in it), as the stat
index does for files: such a folder is listed again, and kept anew. The
top of the workspace and the folders between it and the documents (a few entries) are
listed on every run. The kept folders are one signed blob per workspace and context: a
damaged or foreign one is a miss, and the folders are listed again.

They are found by the workspace's path, with the folder's identity (device, inode): another
folder at the same path (a fresh checkout, CI's) trusts no stamp, and lists every folder; a
folder whose entries are all regular files (no link, no folder, nothing else) is kept with
their names, and when the listing has exactly those names, what the scan made of them (the
same names, all regular files: the same documents and findings) is taken again instead of
each name being classified anew.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.kinds import DocumentFile, documents_of_kind
from cfo_tools.loading.stat_index import RACY_NANOSECONDS, workspace_identity, workspace_place
from cfo_tools.model.findings import Finding

_PART = b"scan-folders"
#: The layout of what is kept (see :class:`FolderListings`).
_FORMAT = "folders-2"

#: (size, mtime_ns, ctime_ns, inode) of a folder.
FolderStamp = tuple[int, int, int, int]
#: A document kept: its id, workspace-relative file and path placeholders.
_Row = tuple[str, str, tuple[tuple[str, str], ...]]
#: What a folder's scan made: its stamp, when it was listed, its documents, its findings,
#: and the names of its entries when all are regular files (sorted, joined by NULs; else
#: None).
_Kept = tuple[FolderStamp, int, list[_Row], list[Finding], str | None]


class FolderListings:
    """The data folders of the workspace at ``root`` as the last scan found them, read once
    and written back (:meth:`save`) when a folder was listed again."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        self._name = workspace_place(root) + cache.context
        self._identity = workspace_identity(root)
        # Before any folder's stamp is taken: a change after it shows as racy.
        self._started = time.time_ns()
        #: Whether the folders were kept for this very folder (else no stamp is trusted).
        self._same_folder = False
        self._kept = self._read(cache.blob(_PART, self._name))
        #: The folders of this run, as they will be kept.
        self._seen: dict[tuple[str, str], _Kept] = {}
        self._changed = False

    @staticmethod
    def stamp(folder: Path) -> FolderStamp | None:
        """The stamp of ``folder`` (links followed: that of the folder listed), None when
        it cannot be taken."""
        try:
            status = os.stat(folder)
        except OSError:
            return None
        return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)

    def _read(self, stored: Any) -> dict[tuple[str, str], Any]:
        if (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT
                and isinstance(stored[2], dict)):
            self._same_folder = stored[1] == self._identity
            return stored[2]
        return {}

    def reused(self, kind: str, rel: str, stamp: FolderStamp | None, root: Path
               ) -> tuple[list[DocumentFile], list[Finding]] | None:
        """The documents (of ``kind``, under ``root``) and findings of the folder ``rel``
        as last scanned, when its ``stamp`` is the one kept and was not racy then; else
        None (the folder is to be listed)."""
        kept = self._kept.get((kind, rel))
        if stamp is None or not self._same_folder or not _well_formed(kept) \
                or kept[0] != stamp or not kept[0][1] < kept[1] - RACY_NANOSECONDS \
                or kept[0][1] > self._started:
            return None
        documents = _documents(kind, kept, root)
        if documents is None:
            return None
        self._seen[kind, rel] = kept
        return documents, list(kept[3])

    def listed_as_before(self, kind: str, rel: str, stamp: FolderStamp | None, names: str,
                         root: Path) -> tuple[list[DocumentFile], list[Finding]] | None:
        """The documents and findings of the folder ``rel``, just listed, whose entries
        are all regular files named ``names`` (sorted, joined by NULs), when the last scan
        found exactly those: the scan of such a folder reads nothing but the names. Kept
        again under ``stamp``."""
        kept = self._kept.get((kind, rel))
        if not _well_formed(kept) or kept[4] is None or kept[4] != names:
            return None
        documents = _documents(kind, kept, root)
        if documents is None:
            return None
        if stamp is not None:
            self._changed = True
            self._seen[kind, rel] = (stamp, self._started, kept[2], kept[3], names)
        return documents, list(kept[3])

    def remember(self, kind: str, rel: str, stamp: FolderStamp | None,
                 documents: Sequence[DocumentFile], findings: Sequence[Finding],
                 names: str | None = None) -> None:
        """What the scan made of the folder ``rel`` listed after its ``stamp`` was taken
        (None: not kept, the folder is listed on every run), and the ``names`` of its
        entries when all are regular files."""
        if stamp is not None:
            self._changed = True
            self._seen[kind, rel] = (stamp, self._started,
                                     [(spec.id, spec.file, spec.params) for spec in documents],
                                     list(findings), names)

    def save(self) -> None:
        """Keep the folders of this run, when one was listed again or one is gone."""
        if self._changed or self._seen.keys() != self._kept.keys() or not self._same_folder:
            self._cache.store_blob(_PART, self._name, (_FORMAT, self._identity, self._seen))


def _well_formed(kept: Any) -> TypeGuard[_Kept]:
    return (isinstance(kept, tuple) and len(kept) == 5 and isinstance(kept[0], tuple)
            and len(kept[0]) == 4 and all(type(part) is int for part in kept[0])
            and type(kept[1]) is int and isinstance(kept[2], list)
            and isinstance(kept[3], list) and all(isinstance(f, Finding) for f in kept[3])
            and (kept[4] is None or isinstance(kept[4], str)))


def _documents(kind: str, kept: _Kept, root: Path) -> list[DocumentFile] | None:
    """The documents of a folder ``kept`` (of ``kind``, under ``root``), None if damaged."""
    try:
        return documents_of_kind(kind, root, kept[2])
    except (TypeError, ValueError):
        return None
