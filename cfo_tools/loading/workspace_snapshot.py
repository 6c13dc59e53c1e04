"""The documents of a workspace's last runs, as two signed entries of the document cache.

Verifying and unpickling 22,000 separate entries costs about a second; one entry holding
them all costs half of that (one signature, one unpickler, no query per batch). The snapshot
maps each document's key to what checking it gave (findings, record, text), so it is valid
whatever changed since: the next run takes from it every document whose key it holds, asks the
per-file entries for the others, and the workspace is then built from the files in the scan's
order, exactly as a run without the cache builds it.

Writing 22,000 records again after one edit would cost more than reading them (1.4 s of CPU
on the medium benchmark), so a run that changed few documents writes only those, as a small
*delta* beside the *base*; once the delta grows past :func:`_delta_limit`, a new base holding
everything replaces both.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_place

_BASE = b"snapshot"
_DELTA = b"snapshot-delta"

#: What checking one document gave: (findings, record, text).
Entry = tuple[Any, Any, Any]


def _delta_limit(count: int) -> int:
    return max(200, count // 20)


def _stored(cache: DocumentCache, part: bytes, name: bytes) -> dict[bytes, Entry]:
    found = cache.blob(part, name)
    return found if isinstance(found, dict) else {}


class WorkspaceSnapshot:
    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        # One snapshot per workspace and context (schemas, version): another context's keys
        # would never match.
        self._name = workspace_place(root) + cache.context
        self._base = _stored(cache, _BASE, self._name)
        self._delta = _stored(cache, _DELTA, self._name) if self._base else {}
        self.entries: Mapping[bytes, Entry] = ({**self._base, **self._delta} if self._delta
                                               else self._base)

    def save(self, entries: Mapping[bytes, Entry]) -> None:
        """Keep ``entries`` (those of this run) for the next run: nothing when the snapshot
        holds them all, else those the base lacks as the delta, or a new base."""
        fresh = [key for key in entries if key not in self._base]
        if not self._base or len(fresh) > _delta_limit(len(entries)):
            self._cache.store_blob(_BASE, self._name, dict(entries))
            self._cache.store_blob(_DELTA, self._name, {})
        elif set(fresh) != self._delta.keys():
            self._cache.store_blob(_DELTA, self._name, {key: entries[key] for key in fresh})
