"""The views a command keeps per document (``loading/document_views.py``): a base and a
small delta; after one edit only the new views are written, and what is known is always
what was kept for this purpose, whatever was damaged or replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cfo_tools.loading.document_cache import DATABASE, DocumentCache, _blob_key
from cfo_tools.loading.document_views import DocumentViews

PART = b"test-views"


def views_of(cache: DocumentCache, root: Path, purpose: bytes = b"p") -> DocumentViews:
    return DocumentViews(cache, root, PART, purpose)


@pytest.fixture
def cache(tmp_path: Path) -> DocumentCache:
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    return opened


def keys(count: int) -> dict[bytes, str]:
    return {bytes([n % 256, n // 256]) * 16: f"view {n}" for n in range(count)}


def test_added_views_are_known_by_the_next_run_without_writing_the_base_again(
        cache, tmp_path, monkeypatch):
    every = keys(300)
    views_of(cache, tmp_path).add(every, len(every), lambda: every)  # a first run: the base
    assert views_of(cache, tmp_path).known == every
    written: list[bytes] = []
    original = DocumentCache.store_blob

    def storing(self, part, name, value):  # type: ignore[no-untyped-def]
        written.append(name)
        original(self, part, name, value)

    monkeypatch.setattr(DocumentCache, "store_blob", storing)
    edited = {b"e" * 32: "edited"}

    def no_base() -> dict[bytes, str]:
        raise AssertionError("every view asked for, with a delta of one")

    views_of(cache, tmp_path).add(edited, len(every), no_base)
    assert [name[-5:] for name in written] == [b"delta"]
    assert views_of(cache, tmp_path).known == {**every, **edited}
    written.clear()
    views_of(cache, tmp_path).add(edited, len(every), no_base)  # known already: no write
    assert written == []


def test_a_delta_grown_past_its_limit_makes_a_new_base_of_every_view(cache, tmp_path):
    every = keys(300)
    views_of(cache, tmp_path).add(every, len(every), lambda: every)
    now = dict(every)
    for n in range(201):  # the limit: 200 views, or a twentieth of the documents
        edited = {n.to_bytes(2, "big") + b"e" * 30: f"edit {n}"}
        now.update(edited)
        views_of(cache, tmp_path).add(edited, len(every), lambda: now)
    kept = views_of(cache, tmp_path)
    assert kept.known == now
    assert kept._delta == {}  # the 201st edit wrote every view as a new base


def test_save_after_add_keeps_what_the_run_has(cache, tmp_path):
    """A run that saves every view (the whole workspace loaded) drops the views of the
    delta no document has any more."""
    every = keys(300)
    views_of(cache, tmp_path).add(every, len(every), lambda: every)
    views_of(cache, tmp_path).add({b"o" * 32: "edited away"}, len(every), lambda: every)
    now = {**every, b"n" * 32: "new"}
    views_of(cache, tmp_path).save(now)
    assert views_of(cache, tmp_path).known == now


@pytest.mark.parametrize("damage", ["delta gone", "delta of another purpose", "base gone"])
def test_views_that_cannot_be_trusted_are_not_known(cache, tmp_path, damage):
    every = keys(300)
    views_of(cache, tmp_path).add(every, len(every), lambda: every)
    edited = {b"e" * 32: "edited"}
    views_of(cache, tmp_path).add(edited, len(every), lambda: {**every, **edited})
    name = views_of(cache, tmp_path)._name
    if damage == "delta of another purpose":
        cache.store_blob(PART, name + b"delta", (b"other", edited))
    else:
        gone = name + b"delta" if damage == "delta gone" else name
        with sqlite3.connect(cache.folder / DATABASE) as connection:
            connection.execute("DELETE FROM blobs WHERE key = ?", (_blob_key(PART, gone),))
    expected = {} if damage == "base gone" else every
    assert views_of(cache, tmp_path).known == expected
    assert views_of(cache, tmp_path, b"another purpose").known == {}
