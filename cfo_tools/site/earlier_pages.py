"""What the last build in a folder rendered, so that the next one renders only the pages whose
key changed (``page_keys.py``).

Kept in the document cache (signed, like every blob there) under the folder's absolute path:
for each page of a record, its key and the stat of the file written for it (size, modification
time, inode). A page counts as still there only when its file has that very stat: a file edited,
replaced or removed since is rendered again. Nothing is kept without a cache (``--no-cache``),
and a folder that the build will replace whole reuses nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache

_PART = b"site-pages"
#: Changes when what is kept changes.
_FORMAT = 1

#: A file's stat as remembered: size, modification time in nanoseconds, inode.
Stat = tuple[int, int, int]


def _stat(path: Path) -> Stat | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


class EarlierPages:
    """The pages of the last build in ``folder``, read from and written to ``cache``."""

    def __init__(self, cache: DocumentCache, folder: Path) -> None:
        self._cache = cache
        self._folder = folder
        self._name = hashlib.blake2b(f"{_FORMAT}\0{folder.resolve()}".encode(),
                                     digest_size=32).digest()

    @classmethod
    def open(cls, cache_folder: Path | None, folder: Path) -> EarlierPages | None:
        if cache_folder is None:
            return None
        cache = DocumentCache.open(cache_folder, {})
        return None if cache is None else cls(cache, folder)

    def still_there(self) -> dict[str, bytes]:
        """Page -> key, for every page of the last build whose file is as it was written."""
        kept = self._cache.blob(_PART, self._name)
        if not isinstance(kept, dict):
            return {}
        found: dict[str, bytes] = {}
        for page, entry in kept.items():
            try:
                key, size, modified, inode = entry
            except (TypeError, ValueError):
                continue
            if (isinstance(page, str) and isinstance(key, bytes)
                    and _stat(self._folder / page) == (size, modified, inode)):
                found[page] = key
        return found

    def remember(self, keys: Mapping[str, bytes]) -> None:
        """Keep ``keys`` (page -> key) with the stat of each page's file as it is now."""
        kept: dict[str, Any] = {}
        for page, key in keys.items():
            status = _stat(self._folder / page)
            if status is not None:
                kept[page] = (key, *status)
        self._cache.store_blob(_PART, self._name, kept)
