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

The index is found by the workspace's path and remembers the folder's identity (device,
inode): its stamps are trusted only in that very folder. In another folder at the same path
(a fresh checkout, CI's, with the cache restored) no stamp can match, so every file is read
and hashed at once, its stamp taken on the open file rather than by a stat beforehand, and a
file whose bytes hash as its row's keeps the row's key instead of having it made again.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from cfo_tools.loading.document_cache import DocumentCache, content_hash
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.loading.regular_files import (
    MAX_FILE_BYTES,
    FileProblem,
    read_regular_file,
    read_with_status,
)
from cfo_tools.loading.work_pool import computed_beside

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


#: Up to this many files whose stat differs from the index (the same files in the same
#: order otherwise) leave the index as it was: they are read and hashed on every run.
KEPT_UNWRITTEN = 16
#: The layout of the index kept (see :class:`StatIndex`).
_FORMAT = "packed-2"
#: A stamp that no stored entry has: a file without a stamp is never taken from the index.
_NO_STAMP = (-1, -1, -1, -1)
#: The stamps of this many files are compared with one comparison of their arrays.
_BLOCK = 64
_DIGEST = 32


class StatIndex:
    """The index of one workspace in the cache, read once and written back if it changed.

    It is kept as one row per file in the order of the scan: the files' names joined, their
    stamps as one array of integers, their hashes and keys as one string of bytes each. A
    warm run compares the stamps of a block of files with one comparison of two arrays, and
    takes the keys of the block without making an object per file but its key: 22,000
    tuples unpickled, made and compared were most of the index's cost."""

    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        self._name = workspace_place(root)
        self._identity = workspace_identity(root)
        #: Whether the index was written for this very folder (not another one at the same
        #: path): only then are its stamps compared.
        self._same_folder = False
        # Each document's path is the root's joined with its workspace-relative file: made
        # as text, 22,000 of them cost a third of what pathlib's conversions did.
        self._prefix = os.path.join(root, "")
        self._written = 0
        #: Whether the document keys kept are those of this run's context.
        self._same_context = False
        self._files: list[str] = []
        self._stamps = array("q")
        self._hashes = b""
        self._keys = b""
        #: The newest modification time among the files kept.
        self._newest = 0
        self._read(cache.blob(_PART, self._name))
        self._started = time.time_ns()
        #: What this run saw of each file, in the order asked: the row of the index it
        #: matched, or its stamp, hash and key, or None (unread, pending or no stamp).
        self._seen: list[int | Known | None] = []
        self._seen_files: list[str] = []
        #: The files whose keys were left to be made elsewhere: their place in ``_seen``,
        #: the stamp taken before the read and their row in the index.
        self._pending: dict[str, tuple[int, Stamp | None, int | None]] = {}
        self._changed = False
        #: What a first call of :meth:`document_keys` that read every file afresh saw, in
        #: the order asked (the stamps, hashes and keys of every file, and the places of
        #: those without a stamp): kept whole rather than as 110,000 rows of ``_seen``.
        self._afresh: tuple[array[int], bytes, bytes, list[int]] | None = None

    def _read(self, stored: object) -> None:
        if not (isinstance(stored, tuple) and len(stored) == 8 and stored[0] == _FORMAT):
            return
        _, written, context, identity, joined, stamps, hashes, keys = stored
        if not (isinstance(written, int) and isinstance(context, bytes)
                and isinstance(identity, bytes)
                and isinstance(joined, str) and isinstance(stamps, bytes)
                and isinstance(hashes, bytes) and isinstance(keys, bytes)):
            return
        files = joined.split("\0") if joined else []
        packed = array("q")
        packed.frombytes(stamps[:len(stamps) - len(stamps) % packed.itemsize])
        count = len(files)
        if (len(packed) != 4 * count or len(hashes) != _DIGEST * count
                or len(keys) != _DIGEST * count or len(set(files)) != count):
            return
        self._written, self._files, self._stamps = written, files, packed
        self._hashes, self._keys = hashes, keys
        self._newest = max(packed[1::4], default=0)
        self._same_context = context == self._cache.context
        self._same_folder = identity == self._identity

    def _trusted(self, modified: int) -> bool:
        # The modification time only (a write also moves the change time, but so do a
        # chmod or a rename, which leave the bytes as they were and show in the stamp
        # anyway).
        return modified < self._written - RACY_NANOSECONDS and modified <= self._started

    def document_keys(self, files: Sequence[DocumentFile], *, defer: bool = False
                      ) -> list[bytes | FileProblem | None]:
        """Each file's document key: from the index when its stat is unchanged and not racy,
        else from its bytes read and hashed (or why it could not be read). With ``defer``,
        such a file is not read here: its key is None, to be made by whoever reads the file
        next (the pool's workers, which read it anyway) and given back with :meth:`learn`,
        or here by :meth:`read_keys`."""
        if not defer and not self._same_folder and not self._seen_files:
            return cast("list[bytes | FileProblem | None]", self._read_afresh(files))
        self._spread_afresh()
        names = [spec.file for spec in files]
        current = _stamps(self._prefix, names)
        base = len(self._seen)
        self._seen_files.extend(names)
        if names == self._files:
            rows: list[int | None] = list(range(len(names)))
        else:
            self._changed = True
            where = {file: row for row, file in enumerate(self._files)}
            rows = [where.get(file) for file in names]
        stored = self._stamps
        all_trusted = self._trusted(self._newest)
        found: list[bytes | FileProblem | None] = []
        seen = self._seen
        keys, hashes = self._keys, self._hashes
        same_context, cache = self._same_context, self._cache
        for start in range(0, len(names), _BLOCK):
            stop = min(start + _BLOCK, len(names))
            first = rows[start]
            end = 0 if first is None else first + stop - start
            if (first is not None and same_context and self._same_folder
                    and current[4 * start:4 * stop] == stored[4 * first:4 * end]
                    and names[start:stop] == self._files[first:end]
                    and (all_trusted
                         or self._trusted(max(stored[4 * first + 1:4 * end:4], default=0)))):
                # The same files in the same order with the same stamps, all older than the
                # index: the whole block from the index. (A file edited just before the
                # index was written makes only its own block be looked at file by file.)
                seen.extend(range(first, end))
                found += [keys[at:at + _DIGEST]
                          for at in range(_DIGEST * first, _DIGEST * end, _DIGEST)]
                continue
            for position in range(start, stop):
                spec = files[position]
                stamp = tuple(current[4 * position:4 * position + 4])
                row = rows[position]
                if (row is not None and self._same_folder and stamp != _NO_STAMP
                        and stamp == tuple(stored[4 * row:4 * row + 4])
                        and self._trusted(stamp[1])):
                    if same_context:
                        seen.append(row)
                        found.append(keys[_DIGEST * row:_DIGEST * row + _DIGEST])
                    else:
                        # The key under this run's context, made again from the hash kept.
                        content = hashes[_DIGEST * row:_DIGEST * row + _DIGEST]
                        key = cache.key_of_content(spec, content)
                        seen.append((cast("Stamp", stamp), content, key))
                        found.append(key)
                    continue
                self._changed = True
                known_stamp = None if stamp == _NO_STAMP else cast("Stamp", stamp)
                seen.append(None)
                # The stat taken before the read, wherever the read happens.
                self._pending[spec.file] = (base + position, known_stamp, row)
                found.append(None)
        if defer:
            return found
        unread = [at for at, key in enumerate(found) if key is None]
        for at, read in zip(unread, self.read_keys([files[at] for at in unread]),
                            strict=True):
            found[at] = read
        return found

    def read_keys(self, files: Sequence[DocumentFile]) -> list[bytes | FileProblem]:
        """The keys of files left out by ``document_keys(defer=True)``, read and hashed
        here (many of them half by a forked process: after a fresh checkout, every file of
        the workspace)."""
        contents = _contents(self._prefix, [spec.file for spec in files])
        found: list[bytes | FileProblem] = []
        for spec, content in zip(files, contents, strict=True):
            position, stamp, row = self._pending.pop(spec.file)
            if isinstance(content, FileProblem):
                found.append(content)
                continue
            key = self._row_key(row, content)
            if key is None:
                key = self._cache.key_of_content(spec, content)
            if stamp is not None:
                # The stat taken before the read: a change made meanwhile shows in the next
                # stat.
                self._seen[position] = (stamp, content, key)
            found.append(key)
        return found

    def learn(self, file: str, content: bytes, key: bytes) -> None:
        """What another process made of a file left out by ``document_keys(defer=True)``:
        the hash of the bytes it read and the document's key."""
        pending = self._pending.pop(file, None)
        if pending is not None and pending[1] is not None:
            self._seen[pending[0]] = (pending[1], content, key)

    def _row_key(self, row: int | None, content: bytes) -> bytes | None:
        """The key kept in ``row`` when the file's bytes hash to ``content`` as the row's
        did, in this run's context (the same file's name: the same kind, id and
        parameters), else None."""
        if row is None or not self._same_context:
            return None
        at = _DIGEST * row
        return self._keys[at:at + _DIGEST] if self._hashes[at:at + _DIGEST] == content \
            else None

    def _read_afresh(self, files: Sequence[DocumentFile]) -> list[bytes | FileProblem]:
        """Every file's key from its bytes, read and hashed here (half by a forked process
        from :data:`READ_SPLIT_FROM` files), each stamp taken on the open file before its
        read: in another folder than the index's, or without an index, no stamp can be
        trusted, and a stat of every file before reading it would only add a call per file
        (110,000 on a large workspace). Where the files are the index's in its order, their
        hashes are compared with the rows' a block at a time and each block whose hashes
        are all the same takes the rows' keys."""
        names = [spec.file for spec in files]
        self._seen_files.extend(names)
        self._changed = True
        stamps, hashes, problems, unstamped = _read_stamped(self._prefix, names)
        cache, same_rows = self._cache, self._same_context and names == self._files
        where = None if same_rows else {file: row for row, file in enumerate(self._files)}
        keys: list[bytes] = []
        for start in range(0, len(names), _BLOCK):
            stop = min(start + _BLOCK, len(names))
            low, high = _DIGEST * start, _DIGEST * stop
            if same_rows and hashes[low:high] == self._hashes[low:high]:
                keys.append(self._keys[low:high])
                continue
            for position in range(start, stop):
                content = hashes[_DIGEST * position:_DIGEST * position + _DIGEST]
                row = position if where is None else where.get(names[position])
                key = self._row_key(row, content)
                keys.append(cache.key_of_content(files[position], content) if key is None
                            else key)
        joined = b"".join(keys)
        found: list[bytes | FileProblem] = [joined[at:at + _DIGEST]
                                            for at in range(0, len(joined), _DIGEST)]
        for position, problem in problems.items():
            found[position] = problem
        self._afresh = (stamps, hashes, joined, unstamped)
        return found

    def _spread_afresh(self) -> None:
        """What :meth:`_read_afresh` saw, as rows of ``_seen`` (for a later call)."""
        if self._afresh is None:
            return
        stamps, hashes, keys, unstamped = self._afresh
        self._afresh = None
        missing = set(unstamped)
        for position in range(len(stamps) // 4):
            if position in missing:
                self._seen.append(None)
                continue
            at = _DIGEST * position
            self._seen.append((cast("Stamp", tuple(stamps[4 * position:4 * position + 4])),
                               hashes[at:at + _DIGEST], keys[at:at + _DIGEST]))

    def save(self) -> None:
        """Write the index of what this run saw, when it differs from what was read."""
        if self._afresh is not None:
            if not self._afresh[3]:
                # Every file read afresh, each with its stamp: the index is what was read.
                self._store("\0".join(self._seen_files), *self._afresh[:3])
                return
            self._spread_afresh()
        # Also rewritten when racy entries were hashed again: dated by this run, they may
        # be trusted by the next one.
        if (self._same_context and not self._changed and len(self._seen) == len(self._files)
                and self._trusted(self._newest)):
            return
        if self._same_context and self._seen_files == self._files \
                and all(seen is not None for seen in self._seen):
            again = len(self._seen) - sum(1 for seen in self._seen if type(seen) is int)
            if again <= KEPT_UNWRITTEN and self._trusted(self._newest):
                # A few files edited since the index was written: read and hashed again on
                # each run (a few kilobytes) rather than 22,000 rows written after each
                # edit; every other row stays trusted.
                return
            if 4 * again <= len(self._seen):
                self._store(*self._patched())
                return
            # Most rows seen again (a fresh checkout: every one): made whole, which costs
            # less than replacing them row by row.
        files: list[str] = []
        stamps = array("q")
        hashes: list[bytes] = []
        keys: list[bytes] = []
        old_stamps, old_hashes, old_keys = self._stamps, self._hashes, self._keys
        for file, seen in zip(self._seen_files, self._seen, strict=True):
            if seen is None:
                continue
            files.append(file)
            if isinstance(seen, int):
                stamps.extend(old_stamps[4 * seen:4 * seen + 4])
                hashes.append(old_hashes[_DIGEST * seen:_DIGEST * seen + _DIGEST])
                keys.append(old_keys[_DIGEST * seen:_DIGEST * seen + _DIGEST])
            else:
                stamp, content, key = seen
                stamps.extend(stamp)
                hashes.append(content)
                keys.append(key)
        self._store("\0".join(files), stamps, b"".join(hashes), b"".join(keys))

    def _patched(self) -> tuple[str, array[int], bytes, bytes]:
        """The index read, with the rows this run read again replaced: the same files in
        the same order, in the same context, and every one seen (after an edit, all but a
        few rows are the index's own: copied whole rather than file by file)."""
        stamps = array("q", self._stamps)
        hashes, keys = bytearray(self._hashes), bytearray(self._keys)
        for row, seen in enumerate(self._seen):
            if not isinstance(seen, int):
                assert seen is not None  # checked by the caller
                stamp, content, key = seen
                stamps[4 * row:4 * row + 4] = array("q", stamp)
                hashes[_DIGEST * row:_DIGEST * row + _DIGEST] = content
                keys[_DIGEST * row:_DIGEST * row + _DIGEST] = key
        return "\0".join(self._files), stamps, bytes(hashes), bytes(keys)

    def _store(self, files: str, stamps: array[int], hashes: bytes, keys: bytes) -> None:
        self._cache.store_blob(_PART, self._name, (
            _FORMAT, self._started, self._cache.context, self._identity, files,
            stamps.tobytes(), hashes, keys))


#: From this many files to stat, or to read and hash, a forked process does half of them
#: while this one does the other half. Starting it costs 0.02-0.07 s: 22,000 stats take
#: 0.06 s, 110,000 take 0.3 s; reading and hashing 20,000 files takes about 0.25 s.
STAT_SPLIT_FROM = 60_000
READ_SPLIT_FROM = 20_000


def _stamps(prefix: str, files: Sequence[str]) -> array[int]:
    """The stamps of ``files`` (4 integers each, :data:`_NO_STAMP` for a file without)."""
    if len(files) < STAT_SPLIT_FROM:
        return _packed_stamps(prefix, files)
    half = len(files) // 2
    with computed_beside(_stamps_as_bytes, prefix, files[half:]) as theirs:
        stamps = _packed_stamps(prefix, files[:half])
        stamps.frombytes(theirs())
    return stamps


def _packed_stamps(prefix: str, files: Sequence[str]) -> array[int]:
    stamps = array("q")
    extend, status_of, regular = stamps.extend, os.stat, stat.S_ISREG
    for file in files:
        # ``stamp_of``, written out: a call per file was a sixth of the stats' CPU.
        try:
            status = status_of(prefix + file)
        except OSError:
            extend(_NO_STAMP)
            continue
        if not regular(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            extend(_NO_STAMP)
            continue
        try:
            extend((status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
        except OverflowError:
            # Beyond the array's 64-bit integers (a time set past 2262, an inode number
            # above 2**63): such a file is read and hashed on every run.
            del stamps[4 * (len(stamps) // 4):]
            extend(_NO_STAMP)
    return stamps


def _stamps_as_bytes(prefix: str, files: Sequence[str]) -> bytes:
    return _packed_stamps(prefix, files).tobytes()


def _contents(prefix: str, files: Sequence[str]) -> list[bytes | FileProblem]:
    """The hash of each file's bytes, or why it could not be read."""
    if len(files) < READ_SPLIT_FROM:
        return _hashed(prefix, files)
    half = len(files) // 2
    with computed_beside(_hashed, prefix, files[half:]) as theirs:
        return _hashed(prefix, files[:half]) + theirs()


#: What :func:`_read_stamped` says of files: their stamps (:data:`_NO_STAMP` for a file
#: without), the hashes of their bytes (zeros for a file not read), why each file not read
#: was not (by its place) and the places of the files without a stamp.
Stamped = tuple["array[int]", bytes, dict[int, FileProblem], list[int]]


def _read_stamped(prefix: str, files: Sequence[str]) -> Stamped:
    """Each file's stamp, taken on the open file before it is read, and the hash of its
    bytes; half of them by a forked process from :data:`READ_SPLIT_FROM` files."""
    if len(files) < READ_SPLIT_FROM:
        return _stamped_hashes(prefix, files)
    half = len(files) // 2
    with computed_beside(_stamped_hashes_as_bytes, prefix, files[half:]) as theirs:
        stamps, hashes, problems, unstamped = _stamped_hashes(prefix, files[:half])
        their_stamps, their_hashes, their_problems, their_unstamped = theirs()
    stamps.frombytes(their_stamps)
    problems.update((half + at, problem) for at, problem in their_problems.items())
    unstamped += [half + at for at in their_unstamped]
    return stamps, hashes + their_hashes, problems, unstamped


def _stamped_hashes(prefix: str, files: Sequence[str]) -> Stamped:
    stamps = array("q")
    hashes = bytearray()
    problems: dict[int, FileProblem] = {}
    unstamped: list[int] = []
    extend, read, hashed = stamps.extend, read_with_status, content_hash
    for at, file in enumerate(files):
        got = read(prefix + file)
        if isinstance(got, FileProblem):
            problems[at] = got
            unstamped.append(at)
            extend(_NO_STAMP)
            hashes += bytes(_DIGEST)
            continue
        raw, status = got
        hashes += hashed(raw)
        if status is None:
            unstamped.append(at)
            extend(_NO_STAMP)
            continue
        try:
            extend((status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
        except OverflowError:
            # As in ``_packed_stamps``: beyond the array's integers, read on every run.
            del stamps[4 * (len(stamps) // 4):]
            unstamped.append(at)
            extend(_NO_STAMP)
    return stamps, bytes(hashes), problems, unstamped


def _stamped_hashes_as_bytes(prefix: str, files: Sequence[str]
                             ) -> tuple[bytes, bytes, dict[int, FileProblem], list[int]]:
    stamps, hashes, problems, unstamped = _stamped_hashes(prefix, files)
    return stamps.tobytes(), hashes, problems, unstamped


def _hashed(prefix: str, files: Sequence[str]) -> list[bytes | FileProblem]:
    found: list[bytes | FileProblem] = []
    for file in files:
        raw = read_regular_file(prefix + file)
        found.append(raw if isinstance(raw, FileProblem) else content_hash(raw))
    return found


def document_keys_by_stat(cache: DocumentCache, root: Path, files: Sequence[DocumentFile]
                          ) -> list[bytes | FileProblem]:
    """The document key of each file (or why it could not be read), through the stat index
    of the workspace at ``root``, which is then updated."""
    index = StatIndex(cache, root)
    found = index.document_keys(files)
    index.save()
    return cast("list[bytes | FileProblem]", found)  # no None without ``defer``
