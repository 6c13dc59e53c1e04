"""Rendered files kept in the document cache by their key, so that a build into an empty folder
(CI's: a fresh checkout, the cache restored) writes the files whose key the cache holds instead
of rendering them again: ``cfo site``'s pages (``site/page_store.py``) and ``cfo build``'s
documents.

- A file is kept under its key (a digest of everything it is rendered from:
  ``render_keys.py``), its bytes compressed with zlib and a preset dictionary of what the
  files share (the templates they are made from), each file a signed blob of the document
  cache: an entry that cannot be read, verified or decompressed is a miss, and the file is
  rendered again.
- Bound: the cache keeps the files of the last build into each of the last few folders built
  (an index names them with their files' keys); when a build is kept, the files no longer
  named by any of those builds are removed, in the same transaction. Two builds at once may
  each miss what the other kept: their files are rendered again by the next build, never
  wrong.
"""

from __future__ import annotations

import copy
import functools
import os
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache, SignedBlob
from cfo_tools.loading.resources import packaged_dir
from cfo_tools.loading.work_pool import available_cores

#: zlib's fastest level: with a dictionary, a page shrinks about seven times (nine at the
#: default level, for 1.7 times the CPU: a site of 300 MB is compressed on every build that
#: renders it).
LEVEL = 1

#: A build as the index keeps it: its folder, the key of the whole build (or None), and the
#: key of each of its files.
Build = tuple[str, bytes | None, dict[str, bytes]]

_INDEX_NAME = b"builds"
#: Files read at once from which :meth:`RenderedStore.pages` opens them on two threads.
_THREADED_FROM = 64


def packed(content: bytes, dictionary: bytes) -> bytes:
    """``content`` as it is kept."""
    packing = zlib.compressobj(LEVEL, zdict=dictionary)
    return packing.compress(content) + packing.flush()


def unpacked(kept: bytes, dictionary: bytes) -> bytes | None:
    """What :func:`packed` made ``kept`` of, or None when it cannot be read (zlib checks the
    dictionary it was made with, and the sum of the bytes)."""
    try:
        unpacking = zlib.decompressobj(zdict=dictionary)
        content = unpacking.decompress(kept)
    except zlib.error:
        return None
    return content if unpacking.eof and not unpacking.unused_data else None


class RenderedStore:
    """The files of one kind of build kept in ``cache`` (blobs of ``part``, the index of
    builds in ``index``), read and written by any process (a worker opens its own
    connection): the files by the processes that render them, the index by the command
    once the build is done. ``dictionary`` gives zlib's preset dictionary: the same in every
    process and for every build of a version."""

    def __init__(self, cache: DocumentCache, part: bytes, index: bytes,
                 dictionary: Callable[[], bytes], folders: int = 4) -> None:
        self._cache = cache
        self._own = cache
        self._pid = os.getpid()
        self._part, self._index_part = part, index
        self._dictionary = dictionary
        self._folders = folders

    def _reader(self) -> DocumentCache:
        if self._pid != os.getpid():
            # A forked worker: a connection of its own (SQLite's must not cross a fork). The
            # parent's object stays referenced, so that its connection is never closed here.
            self._own = copy.copy(self._cache)
            self._pid = os.getpid()
        return self._own

    def pack(self, content: bytes) -> bytes:
        """``content`` as :meth:`put` takes it."""
        return packed(content, self._dictionary())

    def page(self, key: bytes) -> bytes | None:
        """The file kept under ``key``, or None (none, or one that cannot be trusted)."""
        kept = self._reader().blob(self._part, key)
        return unpacked(kept, self._dictionary()) if isinstance(kept, bytes) else None

    def pages(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The files kept under ``keys`` (key -> bytes), those that can be trusted (the
        others are left out): :meth:`opening`, waited for."""
        with ThreadPoolExecutor(2) as threads:
            return self.opening(keys, threads)()

    def opening(self, keys: Sequence[bytes],
                threads: ThreadPoolExecutor) -> Callable[[], dict[bytes, bytes]]:
        """What :meth:`pages` gives for ``keys``, read now in a few queries (SQLite's
        connection stays in its thread), each file verified and decompressed on ``threads``
        (two) while the caller goes on: zlib, OpenSSL's HMAC and SQLite run outside the
        interpreter's lock, and a whole site taken from the cache is mostly decompression
        and writing. Call the result for the files."""
        reader = self._reader()
        found = list(reader.signed_blobs(self._part, keys).items())
        dictionary = self._dictionary()

        def opened(blobs: list[tuple[bytes, SignedBlob]]) -> dict[bytes, bytes]:
            contents = {}
            for key, blob in blobs:
                kept = reader.opened(blob)
                content = unpacked(kept, dictionary) if isinstance(kept, bytes) else None
                if content is not None:
                    contents[key] = content
            return contents

        if len(found) < _THREADED_FROM or available_cores() < 2:
            contents = opened(found)
            return lambda: contents
        half = len(found) // 2
        parts = [threads.submit(opened, found[:half]), threads.submit(opened, found[half:])]
        return lambda: {key: content for part in parts for key, content in part.result().items()}

    def build(self, whole: bytes) -> dict[str, bytes] | None:
        """The key of each file of a kept build whose key is ``whole`` (path -> key), or
        None when none is kept."""
        for _, key, files in self._index():
            if key == whole:
                return files
        return None

    def put(self, made: Mapping[bytes, bytes]) -> None:
        """Keep ``made`` (key -> :meth:`pack`'s bytes), in one transaction. Until the build
        that made them is kept (:meth:`keep`), no index names them: a build that stops
        before leaves them to the cache's own bound (unused for 30 days, or the least
        recently used beyond its size)."""
        if made:
            self._reader().store_blobs([(self._part, key, data) for key, data in made.items()])

    def keep(self, folder: Path, whole: bytes | None, files: Mapping[str, bytes]) -> None:
        """Remember the build into ``folder`` (``whole``: its key; ``files``: the key of
        each of its files, kept by :meth:`put` as they were rendered) and remove the files
        that no kept build names any more."""
        index = self._index()
        build: Build = (str(folder.resolve()), whole, dict(files))
        if index and index[0] == build:
            return
        kept = [build, *[entry for entry in index if entry[0] != build[0]][:self._folders - 1]]
        gone = _keys(index) - _keys(kept)
        self._reader().store_blobs([(self._index_part, _INDEX_NAME, kept)],
                                   drop=[(self._part, key) for key in gone])

    def _index(self) -> list[Build]:
        """The builds kept, the last first; an index that cannot be read is none."""
        index = self._reader().blob(self._index_part, _INDEX_NAME)
        if not isinstance(index, list):
            return []
        return [entry for entry in index if _is_build(entry)]


#: ``cfo build``'s documents: each under its key (``render_keys.py``), the last build into
#: each of the last four folders named by the index.
_DOCUMENT = b"build-document"
_DOCUMENT_INDEX = b"build-doc-index"


def document_store(cache: DocumentCache) -> RenderedStore:
    """The store of ``cfo build``'s documents in ``cache``."""
    return RenderedStore(cache, _DOCUMENT, _DOCUMENT_INDEX, _document_dictionary)


@functools.cache
def _document_dictionary() -> bytes:
    """What the documents share: the packaged templates of the briefs, contracts and purchase
    orders, whose words and markup they repeat (the last 32 KiB, zlib's window)."""
    templates = packaged_dir("templates")
    names = ("_layout.html.j2", "_sections.md.j2", "_sections.html.j2", "_paper.md.j2",
             "_paper.html.j2", "brief.md.j2", "brief.html.j2")
    return b"".join((templates / name).read_bytes() for name in names)[-32768:]


def _is_build(entry: Any) -> bool:
    return (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
            and (entry[1] is None or isinstance(entry[1], bytes))
            and isinstance(entry[2], dict))


def _keys(builds: Iterable[Build]) -> set[bytes]:
    return {key for _, _, files in builds for key in files.values() if isinstance(key, bytes)}
