"""What a command made of each document of a workspace, remembered by the document's key.

A command that shows one piece per document (a row of ``cfo status`` per mission) need not
load 22,000 records after one edit: the piece of each document depends only on that document
and on a few inputs every piece reads (the company's file, ``--today``...). The *views* of a
workspace are kept as one signed entry in the cache: the key of those common inputs (the
*purpose*) and, per document key, what the command made of it. The next run with the same
purpose takes from there every document whose key is there, and makes the pieces of the
others only; a run with another purpose starts again. The document keys are content keys
(``document_cache.document_key``: bytes, path, schemas, versions, code), so a view found
is always that of the document as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_place


def purpose_key(cache: DocumentCache, parts: Iterable[str | bytes]) -> bytes:
    """A digest of ``parts`` (each one told apart from the next) and the cache's context."""
    digest = hashlib.blake2b(cache.context, digest_size=32)
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.digest()


def _delta_limit(count: int) -> int:
    return max(200, count // 20)


class DocumentViews:
    """The views one command keeps for the workspace at ``root`` (``part``: which command
    and form, at most 16 bytes; one entry per workspace and part, so that two forms asked in
    turn do not replace each other's).

    As the workspace's snapshot, they are kept as a *base* and a small *delta* of the views
    the base lacks: after one edit, writing 22,000 views again would cost more than the run
    saved."""

    def __init__(self, cache: DocumentCache, root: Path, part: bytes, purpose: bytes) -> None:
        self._cache = cache
        self._part = part
        self._purpose = purpose
        self._name = workspace_place(root) + cache.context
        base = self._stored(self._name)
        self._has_base = bool(base)
        self._delta = self._stored(self._name + b"delta") if base else {}
        # The delta applied in place: a copy of the base cost 0.01-0.02 s a run on 110,000
        # documents. A key of the delta is then not the base's, whether the base has it too.
        base.update(self._delta)
        #: Document key -> view, for the purpose of this run.
        self.known: Mapping[bytes, Any] = base

    def _stored(self, name: bytes) -> dict[bytes, Any]:
        stored = self._cache.blob(self._part, name)
        if (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self._purpose
                and isinstance(stored[1], dict)):
            return stored[1]
        return {}

    def save(self, views: Mapping[bytes, Any]) -> None:
        """Keep ``views`` (those of every document of this run) for the next run: nothing
        when the entries hold them all (a view depends on its key only), else those the
        base lacks as the delta, or a new base."""
        if self.new_base(views):
            self._store_base(views)
        else:
            known, delta = self.known, self._delta
            fresh = [key for key in views if key not in known or key in delta]
            if set(fresh) != self._delta.keys():
                self._cache.store_blob(self._part, self._name + b"delta",
                                       (self._purpose, {key: views[key] for key in fresh}))

    def add(self, new: Mapping[bytes, Any], count: int,
            every: Callable[[], Mapping[bytes, Any]]) -> bool:
        """Keep ``new`` views beside those kept, for a run of ``count`` documents whose
        other views are all known: the delta grows by those not kept yet (the views of
        documents edited away stay in it, unused, until the next base), and ``every`` (all
        of the run's views) is asked for only when a new base is written. After one edit,
        no pass over every document. Whether a new base was written."""
        missing = {key: view for key, view in new.items() if key not in self.known}
        if self._has_base and not missing:
            return False
        delta = {**self._delta, **missing}
        if not self._has_base or len(delta) > _delta_limit(count):
            self._store_base(every())
            return True
        self._cache.store_blob(self._part, self._name + b"delta", (self._purpose, delta))
        return False

    def _store_base(self, views: Mapping[bytes, Any]) -> None:
        self._cache.store_blob(self._part, self._name, (self._purpose, dict(views)))
        self._cache.store_blob(self._part, self._name + b"delta", (self._purpose, {}))

    def new_base(self, views: Mapping[bytes, Any]) -> bool:
        """Whether :meth:`save` stores ``views`` whole (a first run's, or a delta grown too
        large): the large write, worth doing beside the command."""
        if not self._has_base:
            return True
        known, delta = self.known, self._delta
        return sum(key not in known or key in delta for key in views) \
            > _delta_limit(len(views))
