"""The results of ``cfo check``'s conflicts and follow-up, remembered subject by subject.

Each result is kept under a hash of what it was computed from: the document key (content,
kind, id, path, schemas, tool and library versions: see ``loading/document_cache.py``) of
every record its subject's workspace holds (``checks/subjects.py``), what was computed, and
``today`` when it matters. The entries of one workspace are kept together as one signed blob,
found by the workspace's path like the table of positions; the keys are content keys, so an
entry is right whatever the path. Anything that cannot be read back as what this module
stores is a miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from cfo_tools.checks.subjects import Subject
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.stat_index import workspace_place

_PART = b"subjects"

T = TypeVar("T")


class SubjectMemo:
    def __init__(self, cache: DocumentCache, name: bytes, keys: Mapping[str, bytes]) -> None:
        self._cache = cache
        self._name = name
        self._keys = keys
        self._known: dict[bytes, Any] | None = None
        self._used: dict[bytes, Any] = {}
        self._learned = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, cache: DocumentCache, root: Path, keys: Mapping[str, bytes]) -> SubjectMemo:
        """The memo of the workspace at ``root``; ``keys``: each file's document key."""
        return cls(cache, workspace_place(root) + cache.context, keys)

    def key(self, purpose: str, subject: Subject) -> bytes | None:
        """The key of ``purpose`` (what is computed, with ``today`` when it matters) for
        ``subject``; None when a record's file has no document key (then nothing is kept)."""
        parts = [self._cache.context, f"{purpose}\0{subject.kind}\0{subject.id}".encode()]
        for file in subject.files:
            key = self._keys.get(file)
            if key is None:
                return None
            parts += (file.encode(), key)
        return hashlib.blake2b(b"\0".join(parts), digest_size=32).digest()

    def _entries(self) -> dict[bytes, Any]:
        if self._known is None:
            stored = self._cache.blob(_PART, self._name)
            self._known = stored if isinstance(stored, dict) else {}
        return self._known

    def recall(self, key: bytes | None, compute: Callable[[], T],
               encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
        """What ``compute()`` gives, from the memo when ``key`` is known there."""
        if key is None:
            return compute()
        stored = self._entries().get(key)
        if stored is not None:
            try:
                value = decode(stored)
            except (TypeError, ValueError):
                pass  # not what this code stores: computed again
            else:
                self._used[key] = stored
                self.hits += 1
                return value
        self.misses += 1
        value = compute()
        self._used[key] = encode(value)
        self._learned = True
        return value

    def save(self) -> None:
        """Keep the entries this run used, when it learned any or some were left unused
        (those of records no longer there, or of another day)."""
        if self._learned or len(self._used) != len(self._entries()):
            self._cache.store_blob(_PART, self._name, self._used)
