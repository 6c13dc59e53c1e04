"""Parts of the site's views kept by the cache, each under the keys of what it reads, so
that after one edit only the parts of the records whose inputs changed are made again
(issue 16: a mission's deliverables and spend, a freelancer's paperwork on a mission, for
20,000 missions, cost seconds on every build).

A part is named by what it is (``"spend"``), the day when it reads it, and the content key
of every record it reads (``loading/document_cache.py``: a file's bytes, path, schemas,
code); a record looked up but absent counts as such. The company's fields the parts read
(``checks/company_key.READ_BY_CHECKS``, its calendar among them) are the store's purpose:
another company starts a new store. A part reading a record without a content key (no
cache) is made every time. A part is plain data (the cache loads only the model's
classes, dates and decimals): the caller turns it into its view. The parts are kept as
the views of ``loading/document_views.py`` (a base and a small delta), one entry per
workspace.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from cfo_tools.checks.company_key import READ_BY_CHECKS, company_data_key
from cfo_tools.loading.background_writes import write_to_cache
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_views import DocumentViews, purpose_key
from cfo_tools.model.records import Company

T = TypeVar("T")

#: The store's part in the cache (at most 16 bytes).
PART = b"site-view-parts"
#: The part of ``cfo agenda``'s paperwork, kept apart: a store keeps only the parts its last
#: run used, and the agenda uses few of the site's.
AGENDA_PART = b"agenda-parts"


class _Filed(Protocol):
    @property
    def file(self) -> str: ...


class ViewMemo:
    """The parts kept by the last builds, and those of this build, for :meth:`save`."""

    def __init__(self, cache: DocumentCache | None, store: DocumentViews | None,
                 document_keys: Mapping[str, bytes] | None, today: date,
                 purpose: bytes | None = None) -> None:
        self._cache = cache
        #: What every part reads besides its records (the company's data, the cache's
        #: context: the schemas, the code, the holidays' library).
        self._purpose = purpose
        self._store = store
        self._keys = document_keys or {}
        self._today = today.isoformat().encode()
        #: Every part of this build, by key: what the next build finds.
        self._used: dict[bytes, Any] = {}
        self._saving = True

    @classmethod
    def open(cls, cache: DocumentCache | None, root: Path | None,
             document_keys: Mapping[str, bytes] | None, company: Company,
             today: date, part: bytes = PART) -> ViewMemo:
        """The memo of the workspace ``root`` kept in ``cache`` (``part``: which one);
        without a cache (or the documents' keys), one that makes every part."""
        if cache is None or root is None or document_keys is None:
            return cls(None, None, None, today)
        purpose = purpose_key(cache, [part, company_data_key(company, cache.context,
                                                             READ_BY_CHECKS)])
        with bulk_loading():
            # Tens of thousands of parts unpickled: the collector's passes over the loaded
            # workspace would cost ten times the reading.
            store = DocumentViews(cache, root, part, purpose)
        return cls(cache, store, document_keys, today, purpose)

    def part(self, what: str, records: Sequence[_Filed | None], make: Callable[[], T], *,
             dated: bool = False) -> T:
        """The part ``what`` made by ``make()`` from ``records`` (and from today when
        ``dated``): the one kept under the same key when there is one."""
        key = self._key(what, records, dated) if self._store is not None else None
        if key is None:
            return make()
        assert self._store is not None
        found = self._store.known.get(key, _MISSING)
        value = make() if found is _MISSING else found
        if self._saving:
            self._used[key] = value
        return value

    def inputs_key(self, what: str, records: Sequence[_Filed | None]) -> bytes | None:
        """The key of everything a view ``what`` made of ``records`` (with the day, the
        company's data and the cache's context) can show: the same key, the same view.
        None without a cache, or when a record has no content key."""
        if self._purpose is None:
            return None
        key = self._key(what, records, dated=True)
        return None if key is None else hashlib.blake2b(self._purpose + key,
                                                         digest_size=32).digest()

    def _key(self, what: str, records: Sequence[_Filed | None], dated: bool) -> bytes | None:
        digest = hashlib.blake2b(what.encode() + b"\0", digest_size=32)
        if dated:
            digest.update(self._today)
        for record in records:
            if record is None:
                digest.update(b"\0absent")
                continue
            key = self._keys.get(record.file)
            if key is None:
                return None
            digest.update(b"\0" + key)
        return digest.digest()

    def save(self) -> None:
        """Keep this build's parts for the next (a new base beside the command: the large
        write of a first build); the parts asked for afterwards are still found, but no
        longer kept."""
        store, self._saving = self._store, False
        if store is None or self._cache is None or not self._used:
            return
        used, self._used = self._used, {}
        write_to_cache(self._cache, store.save, used, beside=store.new_base(used))


_MISSING = object()
