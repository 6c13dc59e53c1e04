"""The site's files kept in the document cache by their key, so that a build into an empty
folder (CI's: a fresh checkout, the cache restored) writes the files whose key the cache holds
instead of rendering them again (``documents/rendered_store.py``).

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

import functools
import hashlib

from cfo_tools.documents import rendered_store
from cfo_tools.documents.rendered_store import RenderedStore
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.resources import packaged_dir

#: The folders whose last build's files are kept.
FOLDERS = 4

_PAGE = b"site-page"
_INDEX = b"site-page-index"
#: Where the entries of an API file lie in it (``api_entries.py``), by the file's key.
_ENTRIES = b"site-entries"


def file_key(whole: bytes, path: str) -> bytes:
    """The key of the file ``path`` of the build whose key is ``whole``: the file has no key
    of its own (what it shows is not walked), the whole build stands for it."""
    return hashlib.blake2b(whole + path.encode(), digest_size=32, person=b"site-file").digest()


def packed(content: bytes) -> bytes:
    """``content`` as it is kept."""
    return rendered_store.packed(content, _dictionary())


def unpacked(kept: bytes) -> bytes | None:
    """What :func:`packed` made ``kept`` of, or None when it cannot be read (zlib checks the
    dictionary it was made with, and the sum of the bytes)."""
    return rendered_store.unpacked(kept, _dictionary())


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


class PageStore(RenderedStore):
    """The site's files kept in ``cache``, read and written by any process (a worker opens
    its own connection): the files by the processes that render them, the index by the
    command once the build is done."""

    def __init__(self, cache: DocumentCache) -> None:
        super().__init__(cache, _PAGE, _INDEX, _dictionary, FOLDERS)
        #: What the cache's entries depend on besides their own inputs: the code, the
        #: libraries, the schemas.
        self.context = cache.context

    def entries(self, key: bytes) -> object:
        """What :meth:`keep_entries` kept for the file of ``key`` (None: nothing)."""
        return self._reader().blob(_ENTRIES, key)

    def keep_entries(self, key: bytes, index: object, replacing: bytes | None) -> None:
        """Keep ``index`` for the file of ``key``, and forget the one of the file it
        replaces (the last build's, ``replacing``): one index per API file and folder
        built, not one per edit."""
        drop = [] if replacing is None or replacing == key else [(_ENTRIES, replacing)]
        self._reader().store_blobs([(_ENTRIES, key, index)], drop=drop)
