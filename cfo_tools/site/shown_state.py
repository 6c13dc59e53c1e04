"""The state of the workspace as the site shows it: every record by its content (its fields,
walked), not by its file's bytes, and the findings. An edit that changes no record and no
finding (a comment, a key quoted or moved, a blank line at the end) leaves it as it was, so
that the whole build is kept (``page_keys.build_key``) where the check's state, made of the
files' bytes, would have had every view, list and page key computed again.

Walking a record costs about 30 µs (0.6 s for 22,000): the digest of each record is kept by
the cache under its document's key (``loading/document_cache.py``: the file's bytes, path,
schemas, the tool's code; a record is made from its file alone), so that only the records
of the files edited are walked again. A record without such a key (no cache) is walked
every time.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cfo_tools.checks.runner import CheckReport
from cfo_tools.documents.render_keys import Reductions, walked
from cfo_tools.loading.background_writes import write_to_cache
from cfo_tools.loading.document_views import DocumentViews, purpose_key
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.candidates import Candidate
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace

#: The digests' part in the cache (at most 16 bytes).
PART = b"site-records"
#: Changes when what a digest is made of changes.
_FORMAT = b"1"
_RECORDS = (Company, Freelancer, Mission, Candidate, ActivityReport, Invoice)
#: The walker's table of plain values (no record stands for a key there).
_PLAIN = Reductions({})


class _Unknown(Exception):
    """The workspace holds something this module does not know how to digest (a field
    added to :class:`Workspace` since): never taken for nothing."""


def shown_state(check: CheckReport) -> bytes | None:
    """The digest of every record of the checked workspace, by content, of its findings and
    of the cache's context (the schemas, the tool, the libraries: the holidays' among them);
    None without a cache, or when the workspace holds something that cannot be digested
    (then the check's own state, made of every file's bytes, stands for it)."""
    if check.cache is None:
        return None
    digests = _RecordDigests.open(check)
    try:
        records = _workspace_digest(check.validation.workspace, digests)
    except Exception:  # a field of a kind not known here, a value pickle refuses
        return None
    digests.save()
    state = hashlib.blake2b(b"shown\0" + check.cache.context + records, digest_size=32)
    state.update(walked(check.findings, _PLAIN))
    return state.digest()


def _workspace_digest(workspace: Workspace, digests: _RecordDigests) -> bytes:
    """Every field of ``workspace`` in order: its records by their digest, their files' names
    as they are."""
    state = hashlib.blake2b(digest_size=32)
    for entry in dataclasses.fields(workspace):
        value = getattr(workspace, entry.name)
        state.update(f"\0{entry.name}\0".encode())
        if isinstance(value, Mapping):
            state.update(f"{len(value)}\0".encode())
            for name, item in value.items():
                state.update(f"{name}\0".encode())
                state.update(_item_digest(item, digests))
        else:
            state.update(_item_digest(value, digests))
    return state.digest()


def _item_digest(item: object, digests: _RecordDigests) -> bytes:
    if isinstance(item, _RECORDS):
        return digests.of(item)
    if item is None:
        return b"\0none"
    if isinstance(item, str | Path):
        return f"\0{item}\0".encode()
    raise _Unknown(type(item).__name__)


class _RecordDigests:
    """Each record's digest, from the cache when its document's key is there."""

    def __init__(self, store: DocumentViews | None, keys: Mapping[str, bytes],
                 cache: Any = None) -> None:
        self._store = store
        self._keys = keys
        self._cache = cache
        self._known: Mapping[bytes, Any] = {} if store is None else store.known
        #: The digest of every record of this run, by its key, for the next run.
        self._used: dict[bytes, bytes] = {}
        self._new = False

    @classmethod
    def open(cls, check: CheckReport) -> _RecordDigests:
        cache, root, keys = check.cache, check.remembered_as, check.document_keys
        if cache is None or root is None or keys is None:
            return cls(None, {})
        return cls(DocumentViews(cache, root, PART, purpose_key(cache, [PART, _FORMAT])),
                   keys, cache)

    def of(self, record: Any) -> bytes:
        document = self._keys.get(record.file)
        if document is None:
            return _digest(record)
        # A file may hold several records (each told by its id; the company has none).
        key = document + getattr(record, "id", "").encode()
        found = self._known.get(key)
        if not isinstance(found, bytes):
            found = _digest(record)
            self._new = True
        self._used[key] = found
        return found

    def save(self) -> None:
        """Keep this run's digests for the next, when some were made (a first run's: a new
        base, written beside the command)."""
        store = self._store
        if store is None or not self._new:
            return
        write_to_cache(self._cache, store.save, self._used, beside=store.new_base(self._used))


def _digest(record: object) -> bytes:
    return hashlib.blake2b(walked(record, _PLAIN), digest_size=16).digest()
