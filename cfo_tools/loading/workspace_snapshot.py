"""The documents of a workspace's last run, as one signed entry of the document cache.

Verifying and unpickling 22,000 separate entries costs about a second; one entry holding
them all costs a fraction of that (one signature, one unpickler, no query per batch). The
snapshot maps each document's key to what checking it gave (findings, record, text), so it is
valid whatever changed since: the next run takes from it every document whose key it holds,
asks the per-file entries for the others, and stores a new snapshot when the set of keys
changed. The workspace is then built from the files in the scan's order, exactly as a run
without the cache builds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_identity

_PART = b"snapshot"

#: What checking one document gave: (findings, record, text).
Entry = tuple[Any, Any, Any]


class WorkspaceSnapshot:
    def __init__(self, cache: DocumentCache, root: Path) -> None:
        self._cache = cache
        # One snapshot per workspace and context (schemas, version): another context's keys
        # would never match.
        self._name = workspace_identity(root) + cache.context
        stored = cache.blob(_PART, self._name)
        self.entries: dict[bytes, Entry] = stored if isinstance(stored, dict) else {}

    def save(self, entries: Mapping[bytes, Entry]) -> None:
        """Store ``entries`` when they are not what the snapshot holds already."""
        if entries.keys() != self.entries.keys():
            self._cache.store_blob(_PART, self._name, dict(entries))
