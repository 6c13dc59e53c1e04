"""The stat index keeps each file's document key (issue 16): an unchanged file's key comes
from there without reading the file, and an index written under another context (schemas,
versions) gives that context's keys, made again from the hashes it keeps."""

from __future__ import annotations

import os
import time
from pathlib import Path

from cfo_tools.loading import stat_index
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.schemas import DocumentValidator
from cfo_tools.loading.workspace_files import scan_workspace
from conftest import freelancer_yaml, mission_yaml, write_workspace


def open_cache(folder: Path, schema: dict[str, object]) -> DocumentCache:
    cache = DocumentCache.open(folder, {"freelancer": DocumentValidator(schema)})
    assert cache is not None
    return cache


def test_keys_come_from_the_index_under_any_context(tmp_path, monkeypatch):
    root = write_workspace(tmp_path / "ws", {
        "roster/ada.yaml": freelancer_yaml(), "roster/bob.yaml": freelancer_yaml(rate=600),
        "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("ada", 100))})
    then = time.time() - 100
    for path in root.rglob("*.yaml"):
        os.utime(path, (then, then))
    files = scan_workspace(root).documents
    first = open_cache(tmp_path / "cache", {"type": "object"})
    keys = stat_index.document_keys_by_stat(first, root, files)
    assert keys == [first.key(spec, spec.path.read_bytes()) for spec in files]

    reads: list[Path] = []
    original = stat_index.read_regular_file

    def counting(path, **options):  # type: ignore[no-untyped-def]
        reads.append(path)
        return original(path, **options)

    monkeypatch.setattr(stat_index, "read_regular_file", counting)
    assert stat_index.document_keys_by_stat(first, root, files) == keys
    other = open_cache(tmp_path / "cache", {"type": "object", "required": ["name"]})
    assert other.context != first.context
    expected = [other.key(spec, spec.path.read_bytes()) for spec in files]
    assert stat_index.document_keys_by_stat(other, root, files) == expected
    assert stat_index.document_keys_by_stat(other, root, files) == expected
    assert reads == []

    edited = root / "roster" / "bob.yaml"
    edited.write_text(freelancer_yaml(rate=700), encoding="utf-8")
    os.utime(edited, (then + 1, then + 1))
    found = stat_index.document_keys_by_stat(other, root, files)
    assert found == [other.key(spec, spec.path.read_bytes()) for spec in files] != expected
    assert reads == [edited]
