"""What each file of a workspace hashed to, remembered by its stat, as Git's index does.

A warm run should cost the stat of every file, not a read and a hash of each. For every
document the index remembers the file's size, modification and change times (in nanoseconds)
and inode, with the hash of the bytes read and the document's key in the cache; when a file's
stat is the same on the next run, its key is taken from the index and the file is not opened.
The key depends on the file's path and bytes and on the cache's context (schemas, versions,
code: ``document_cache.document_key``): the keys of an index written under another context are
made again from the hashes kept.

Racy files are not trusted: a file modified within :data:`RACY_NANOSECONDS` of the moment the
index was made (or dated in the future) may have changed again within the clock's granularity
without its stat showing it, so it is read and hashed again. The one change the index cannot
see is a file rewritten with the same size whose times are then set back by hand (``touch -d``)
to what they were, on the same inode: ``--no-cache`` reads everything.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from cfo_tools.loading.document_cache import DocumentCache, content_hash
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.regular_files import MAX_FILE_BYTES, FileProblem, read_regular_file

#: Files modified this close to when the index was made are hashed again.
RACY_NANOSECONDS = 2_000_000_000
_PART = b"stat-index"

#: (size, mtime_ns, ctime_ns, inode)
Stamp = tuple[int, int, int, int]
#: What the index keeps of one file: its stamp, the hash of its bytes and its document key
#: (under the cache's context when the index was written).
Known = tuple[Stamp, bytes, bytes]


def workspace_identity(root: Path) -> bytes:
    """The workspace's folder: its device, inode and absolute path."""
    real = root.resolve()
    try:
        status = os.stat(real)
        where = f"{status.st_dev}:{status.st_ino}"
    except OSError:
        where = "?"
    return hashlib.blake2b(f"{where}\0{real}".encode(), digest_size=32).digest()


def workspace_place(root: Path) -> bytes:
    """The workspace's absolute path only. What is kept under it (the snapshot, the table of
    positions) is found by content keys, so it is right for any workspace; the same path is
    the likeliest to match, e.g. a CI checkout restored from the last run's cache, whose
    folder has a new inode."""
    return hashlib.blake2b(str(root.resolve()).encode(), digest_size=32).digest()


def stamp_of(path: Path | str) -> Stamp | None:
    """The stat of a regular file small enough to read (links followed), else None (then the
    file is read, and ``read_regular_file`` says what is wrong)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


class StatIndex:
    """The index of one workspace in the cache, read once and written back if it changed."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        self._name = workspace_identity(root)
        # Each document's path is the root's joined with its workspace-relative file: made
        # as text, 22,000 of them cost a third of what pathlib's conversions did.
        self._prefix = os.path.join(root, "")
        self._known: dict[str, Known] = {}
        self._written = 0
        #: Whether the document keys kept are those of this run's context.
        self._same_context = False
        stored = cache.blob(_PART, self._name)
        if (isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[0], int)
                and isinstance(stored[1], bytes) and isinstance(stored[2], dict)):
            self._written, context, self._known = stored
            self._same_context = context == cache.context
        self._started = time.time_ns()
        self._seen: dict[str, Known] = {}
        #: The stamps of the files whose keys were left to be made elsewhere.
        self._pending: dict[str, Stamp | None] = {}

    def document_keys(self, files: Sequence[DocumentFile], *, defer: bool = False
                      ) -> list[bytes | FileProblem | None]:
        """Each file's document key: from the index when its stat is unchanged and not racy,
        else from its bytes read and hashed (or why it could not be read). With ``defer``,
        such a file is not read here: its key is None, to be made by whoever reads the file
        next (the pool's workers, which read it anyway) and given back with :meth:`learn`,
        or here by :meth:`read_keys`."""
        # One loop with everything at hand: it runs for every file of every command, and
        # 22,000 method calls and key hashes were most of its cost.
        known, seen, cache = self._known, self._seen, self._cache
        same_context = self._same_context
        # As in _trusted: the modification time only (a write also moves the change time,
        # but so do a chmod or a rename, which leave the bytes as they were and show in the
        # stamp anyway).
        before, started = self._written - RACY_NANOSECONDS, self._started
        found: list[bytes | FileProblem | None] = []
        prefix = self._prefix
        pending = self._pending
        for spec in files:
            stamp = stamp_of(prefix + spec.file)
            if stamp is not None:
                entry = known.get(spec.file)
                if entry is not None and entry[0] == stamp and stamp[1] < before \
                        and stamp[1] <= started:
                    key = entry[2] if same_context else cache.key_of_content(spec, entry[1])
                    seen[spec.file] = (stamp, entry[1], key)
                    found.append(key)
                    continue
            if defer:
                # The stat taken before the read, wherever the read happens.
                pending[spec.file] = stamp
                found.append(None)
                continue
            found.append(self._read_key(spec, stamp))
        return found

    def _read_key(self, spec: DocumentFile, stamp: Stamp | None) -> bytes | FileProblem:
        raw = read_regular_file(spec.path)
        if isinstance(raw, FileProblem):
            return raw
        content = content_hash(raw)
        key = self._cache.key_of_content(spec, content)
        if stamp is not None:
            # The stat taken before the read: a change made meanwhile shows in the next
            # stat.
            self._seen[spec.file] = (stamp, content, key)
        return key

    def read_keys(self, files: Sequence[DocumentFile]) -> list[bytes | FileProblem]:
        """The keys of files left out by ``document_keys(defer=True)``, read and hashed
        here."""
        return [self._read_key(spec, self._pending.pop(spec.file, None)) for spec in files]

    def learn(self, file: str, content: bytes, key: bytes) -> None:
        """What another process made of a file left out by ``document_keys(defer=True)``:
        the hash of the bytes it read and the document's key."""
        stamp = self._pending.pop(file, None)
        if stamp is not None:
            self._seen[file] = (stamp, content, key)

    def _trusted(self, stamp: Stamp) -> bool:
        modified = stamp[1]
        return modified < self._written - RACY_NANOSECONDS and modified <= self._started

    def save(self) -> None:
        """Write the index of what this run saw, when it differs from what was read."""
        # Also rewritten when racy entries were hashed again: dated by this run, they may
        # be trusted by the next one.
        if not self._same_context or self._seen != self._known or any(
                not self._trusted(stamp) for stamp, _, _ in self._seen.values()):
            self._cache.store_blob(_PART, self._name,
                                   (self._started, self._cache.context, self._seen))


def document_keys_by_stat(cache: DocumentCache, root: Path, files: Sequence[DocumentFile]
                          ) -> list[bytes | FileProblem]:
    """The document key of each file (or why it could not be read), through the stat index
    of the workspace at ``root``, which is then updated."""
    index = StatIndex(cache, root)
    found = index.document_keys(files)
    index.save()
    return cast("list[bytes | FileProblem]", found)  # no None without ``defer``
