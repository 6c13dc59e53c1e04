"""What the last build in a folder rendered, so that the next one renders only the files whose
key changed (``render_keys.py``): ``cfo site``'s pages of records, ``cfo build``'s documents.

Kept in the document cache (signed, like every blob there) under the folder's absolute path
and the kind of build: for each file, the key it was rendered from, the digest of its bytes
(SHA-256, hexadecimal, as ``cfo build``'s manifest says it) and its stat once written (size,
modification and change times, inode). A file counts as still there only when it has that
very stat: a file edited, replaced or removed since is rendered again (the change time, which
no one can set, tells an edit of the same size whose modification time was put back, as in
``loading/stat_index.py``). Nothing is kept without a cache
(``--no-cache``), and a folder that the build will replace whole reuses nothing. A store that
cannot be read (corrupt, forged, another version's) is the same as none.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache

#: Changes when what is kept changes.
_FORMAT = 3

#: A file's stat as remembered: size, modification and change times in nanoseconds, inode.
Stat = tuple[int, int, int, int]


def _stat(path: str) -> Stat | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


class EarlierRenders:
    """The files of the last build of kind ``part`` (``b"site-pages"``, ``b"build-docs"``:
    at most 16 bytes) in ``folder``, read from and written to ``cache``."""

    def __init__(self, cache: DocumentCache, folder: Path, part: bytes) -> None:
        #: The cache it is kept in, which the build's other stores share (one opening).
        self.cache = cache
        self._folder = folder
        self._part = part
        self._name = hashlib.blake2b(f"{_FORMAT}\0{folder.resolve()}".encode(),
                                     digest_size=32).digest()

    @classmethod
    def open(cls, cache_folder: Path | None, folder: Path, part: bytes
             ) -> EarlierRenders | None:
        if cache_folder is None:
            return None
        cache = DocumentCache.open(cache_folder, {})
        return None if cache is None else cls(cache, folder, part)

    def still_there(self, whole: str | None = None) -> dict[str, tuple[bytes, str]]:
        """File -> (key, digest), for every file of the last build that is as it was
        written. ``whole``: a file whose entry stands for the build as a whole (``cfo
        site``'s marker), left out unless every file of the last build is still there."""
        kept = self.cache.blob(self._part, self._name)
        if not isinstance(kept, dict):
            return {}
        found: dict[str, tuple[bytes, str]] = {}
        # Joined as text: a Path per file cost more than its stat (59,000 files of a build).
        folder = os.path.join(self._folder, "")
        for name, entry in kept.items():
            try:
                key, digest, size, modified, changed, inode = entry
            except (TypeError, ValueError):
                continue
            if (isinstance(name, str) and isinstance(key, bytes) and isinstance(digest, str)
                    and _stat(folder + name) == (size, modified, changed, inode)):
                found[name] = key, digest
        if whole is not None and len(found) < len(kept):
            found.pop(whole, None)
        return found

    def remember(self, keys: Mapping[str, bytes],
                 digests: Mapping[str, str] | None = None) -> None:
        """Keep ``keys`` (file -> key) with the digest of each file's bytes (``digests``,
        when known) and its stat as it is now."""
        kept: dict[str, Any] = {}
        folder = os.path.join(self._folder, "")
        for name, key in keys.items():
            status = _stat(folder + name)
            if status is not None:
                kept[name] = (key, (digests or {}).get(name, ""), *status)
        self.cache.store_blob(self._part, self._name, kept)
