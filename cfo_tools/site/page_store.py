"""The site's files kept in the document cache by their key, so that a build into an empty
folder (CI's: a fresh checkout, the cache restored) writes the files whose key the cache holds
instead of rendering them again.

- A file is kept under its key (``page_keys.py``: a digest of everything it is made from): a
  page of a record, a page of a keyed list and an API file under their own key; any other file
  (home, planning, talent...) under the key of the whole build and its path, which only a
  build of exactly the same state, options and templates has. Its bytes are compressed
  (zlib, what the pages share as a preset dictionary), each file a signed blob of the
  document cache (``site-page``): an entry that cannot be read, verified or decompressed is a
  miss, and the file is rendered again.
- Bound: the cache keeps the files of the last build into each of the last :data:`FOLDERS`
  folders built (an index, ``site-page-index``, names them with their files' keys); when a
  build is kept, the files no longer named by any of those builds are removed, in the same
  transaction. Two builds at once may each miss what the other kept: their files are
  rendered again by the next build, never wrong.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.resources import packaged_dir

#: The folders whose last build's files are kept.
FOLDERS = 4
#: zlib's fastest level: with the dictionary below, a page shrinks about seven times (nine
#: at the default level, for 1.7 times the CPU: a site of 300 MB is compressed on every build
#: that renders it).
LEVEL = 1

_PAGE = b"site-page"
_INDEX = b"site-page-index"
_INDEX_NAME = b"builds"

#: A build as the index keeps it: its folder, the key of the whole build (or None), and the
#: key of each of its files.
_Build = tuple[str, bytes | None, dict[str, bytes]]


def file_key(whole: bytes, path: str) -> bytes:
    """The key of the file ``path`` of the build whose key is ``whole``: the file has no key
    of its own (what it shows is not walked), the whole build stands for it."""
    return hashlib.blake2b(whole + path.encode(), digest_size=32, person=b"site-file").digest()


def packed(content: bytes) -> bytes:
    """``content`` as it is kept."""
    packing = zlib.compressobj(LEVEL, zdict=_dictionary())
    return packing.compress(content) + packing.flush()


def unpacked(kept: bytes) -> bytes | None:
    """What :func:`packed` made ``kept`` of, or None when it cannot be read (zlib checks the
    dictionary it was made with, and the sum of the bytes)."""
    try:
        unpacking = zlib.decompressobj(zdict=_dictionary())
        content = unpacking.decompress(kept)
    except zlib.error:
        return None
    return content if unpacking.eof and not unpacking.unused_data else None


@functools.cache
def _dictionary() -> bytes:
    """What the pages share, given to zlib as the text before each one (a preset dictionary:
    each page is compressed on its own, without the others' repeats): the stylesheet every
    page carries and the packaged templates of the layout and of the pages of records, whose
    markup they repeat. A page alone shrinks about three times, seven with it. The same in
    every process and for every build of a version (the templates are part of each key)."""
    from cfo_tools.site.page_rendering import stylesheet  # which imports this module

    site = packaged_dir("templates") / "site"
    text = b"".join((site / name).read_bytes() for name in (
        "_macros.html.j2", "freelancer.html.j2", "mission.html.j2", "_layout.html.j2"))
    return (text + stylesheet().encode("utf-8"))[-32768:]


class PageStore:
    """The site's files kept in ``cache``, read and written by any process (a worker opens
    its own connection): the files by the processes that render them, the index by the
    command once the build is done."""

    def __init__(self, cache: DocumentCache) -> None:
        self._cache = cache
        self._own = cache
        self._pid = os.getpid()

    @classmethod
    def open(cls, cache_folder: Path | None) -> PageStore | None:
        if cache_folder is None:
            return None
        cache = DocumentCache.open(cache_folder, {})
        return None if cache is None else cls(cache)

    def _reader(self) -> DocumentCache:
        if self._pid != os.getpid():
            # A forked worker: a connection of its own (SQLite's must not cross a fork). The
            # parent's object stays referenced, so that its connection is never closed here.
            self._own = copy.copy(self._cache)
            self._pid = os.getpid()
        return self._own

    def page(self, key: bytes) -> bytes | None:
        """The file kept under ``key``, or None (none, or one that cannot be trusted)."""
        kept = self._reader().blob(_PAGE, key)
        return unpacked(kept) if isinstance(kept, bytes) else None

    def build(self, whole: bytes) -> dict[str, bytes] | None:
        """The key of each file of a kept build whose key is ``whole`` (path -> key), or
        None when none is kept."""
        for _, key, files in self._index():
            if key == whole:
                return files
        return None

    def put(self, made: Mapping[bytes, bytes]) -> None:
        """Keep ``made`` (key -> :func:`packed` bytes), in one transaction. Until the build
        that made them is kept (:meth:`keep`), no index names them: a build that stops
        before leaves them to the cache's own bound (unused for 30 days, or the least
        recently used beyond its size)."""
        if made:
            self._reader().store_blobs([(_PAGE, key, data) for key, data in made.items()])

    def keep(self, folder: Path, whole: bytes | None, files: Mapping[str, bytes]) -> None:
        """Remember the build into ``folder`` (``whole``: its key; ``files``: the key of
        each of its files, kept by :meth:`put` as they were rendered) and remove the files
        that no kept build names any more."""
        index = self._index()
        build: _Build = (str(folder.resolve()), whole, dict(files))
        if index and index[0] == build:
            return
        kept = [build, *[entry for entry in index if entry[0] != build[0]][:FOLDERS - 1]]
        gone = _keys(index) - _keys(kept)
        self._reader().store_blobs([(_INDEX, _INDEX_NAME, kept)],
                                   drop=[(_PAGE, key) for key in gone])

    def _index(self) -> list[_Build]:
        """The builds kept, the last first; an index that cannot be read is none."""
        index = self._reader().blob(_INDEX, _INDEX_NAME)
        if not isinstance(index, list):
            return []
        return [entry for entry in index if _is_build(entry)]


def _is_build(entry: Any) -> bool:
    return (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
            and (entry[1] is None or isinstance(entry[1], bytes))
            and isinstance(entry[2], dict))


def _keys(builds: Iterable[_Build]) -> set[bytes]:
    return {key for _, _, files in builds for key in files.values() if isinstance(key, bytes)}
