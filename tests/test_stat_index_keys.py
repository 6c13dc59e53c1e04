"""The stat index keeps each file's document key (issue 16): an unchanged file's key comes
from there without reading the file, and an index written under another context (schemas,
versions) gives that context's keys, made again from the hashes it keeps."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

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

    reads = _counting_reads(monkeypatch)
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


def _many(tmp_path: Path) -> tuple[Path, list[Path]]:
    root = write_workspace(tmp_path / "ws", {
        **{f"roster/p{n:03d}.yaml": freelancer_yaml(rate=500 + n) for n in range(150)},
        "missions/m.yaml": mission_yaml("2026-11-16", "2026-12-18", ("p001", 100))})
    then = time.time() - 100
    for path in root.rglob("*.yaml"):
        os.utime(path, (then, then))
    return root, sorted(root.rglob("*.yaml"))


def _counting_reads(monkeypatch) -> list[Path]:  # type: ignore[no-untyped-def]
    """The files the stat index reads, by either of its readers (a file read by both, its
    size changing as it was read, counts twice)."""
    reads: list[Path] = []
    for name in ("read_regular_file", "read_with_status"):
        original = getattr(stat_index, name)

        def counting(path, original=original, **options):  # type: ignore[no-untyped-def]
            reads.append(Path(path))
            return original(path, **options)

        monkeypatch.setattr(stat_index, name, counting)
    return reads


def test_files_added_and_removed_among_many_keep_the_others_keys(tmp_path, monkeypatch):
    """The index's rows are compared by blocks of files in the same order: a file added or
    removed in the middle shifts them, and only the new file is read."""
    root, _ = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    stat_index.document_keys_by_stat(cache, root, scan_workspace(root).documents)
    (root / "roster" / "p040.yaml").unlink()
    added = root / "roster" / "p100b.yaml"
    added.write_text(freelancer_yaml(rate=999), encoding="utf-8")
    reads = _counting_reads(monkeypatch)
    files = scan_workspace(root).documents
    expected = [cache.key(spec, spec.path.read_bytes()) for spec in files]
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert reads == [added]
    reads.clear()
    # Written back: the next run reads only the racy new file (just written).
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert set(reads) <= {added}


def test_a_file_edited_as_the_index_is_written_is_read_again_and_only_it(tmp_path,
                                                                         monkeypatch):
    """A file modified within the clock's granularity of the index may change again unseen:
    it is read on every run until the index is older than it, while the other files' keys
    still come from the index (by blocks)."""
    root, _ = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    files = scan_workspace(root).documents
    stat_index.document_keys_by_stat(cache, root, files)
    edited = root / "roster" / "p100.yaml"
    for rate in (901, 902, 903):
        edited.write_text(freelancer_yaml(rate=rate), encoding="utf-8")
        stamp = edited.stat()
        reads = _counting_reads(monkeypatch)
        found = stat_index.document_keys_by_stat(cache, root, files)
        assert found == [cache.key(spec, spec.path.read_bytes()) for spec in files]
        assert reads == [edited]
        # Rewritten with the same size and modification time: seen (a racy file is read
        # whatever its stamp says).
        edited.write_text(freelancer_yaml(rate=rate + 50), encoding="utf-8")
        os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert stat_index.document_keys_by_stat(cache, root, files) == [
            cache.key(spec, spec.path.read_bytes()) for spec in files]
        assert reads == [edited, edited]
        monkeypatch.undo()


def test_a_stale_or_corrupt_index_is_ignored_and_rebuilt(tmp_path, monkeypatch):
    root, paths = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    files = scan_workspace(root).documents
    expected = stat_index.document_keys_by_stat(cache, root, files)
    name = stat_index.workspace_place(root)
    stored = cache.blob(stat_index._PART, name)
    corrupt = [
        (0, cache.context, {}),  # the layout of an older cfo
        (*stored[:5], stored[5][:-8], *stored[6:]),  # a stamp short
        (*stored[:6], stored[6][:-1], stored[7]),  # a hash cut
        (*stored[:3], 7, *stored[4:]),  # no folder's identity
    ]
    for bad in corrupt:
        cache.store_blob(stat_index._PART, name, bad)
        reads = _counting_reads(monkeypatch)
        assert stat_index.document_keys_by_stat(cache, root, files) == expected
        assert sorted(reads) == paths
        monkeypatch.undo()
        # Rebuilt: the next run reads nothing.
        reads = _counting_reads(monkeypatch)
        assert stat_index.document_keys_by_stat(cache, root, files) == expected
        assert reads == []
        monkeypatch.undo()


def test_a_time_beyond_the_index_is_read_each_time(tmp_path, monkeypatch):
    root, _ = _many(tmp_path)
    far = root / "roster" / "p007.yaml"
    os.utime(far, ns=(2 ** 63 + 5, 2 ** 63 + 5))
    if far.stat().st_mtime_ns < 2 ** 63:
        return  # this file system cannot hold such a time
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    files = scan_workspace(root).documents
    expected = [cache.key(spec, spec.path.read_bytes()) for spec in files]
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    reads = _counting_reads(monkeypatch)
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert reads == [far]


def test_a_few_edits_leave_the_index_unwritten_and_are_read_again(tmp_path, monkeypatch):
    """After one edit among the same files, the index is not written again: the edited
    file is read and hashed on each run (its stat differs from the index's), every other
    file still comes from the index."""
    root, _ = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    files = scan_workspace(root).documents
    stat_index.document_keys_by_stat(cache, root, files)
    name = stat_index.workspace_place(root)
    stored = cache.blob(stat_index._PART, name)
    edited = root / "roster" / "p077.yaml"
    edited.write_text(freelancer_yaml(rate=901), encoding="utf-8")
    expected = [cache.key(spec, spec.path.read_bytes()) for spec in files]
    for _ in range(2):
        reads = _counting_reads(monkeypatch)
        assert stat_index.document_keys_by_stat(cache, root, files) == expected
        assert reads == [edited]
        assert cache.blob(stat_index._PART, name) == stored
        monkeypatch.undo()


def test_an_index_patched_after_edits_is_the_one_written_whole(tmp_path, monkeypatch):
    """Beyond a few edits among the same files, the index written is the one read with the
    edited rows replaced (not made again file by file): the same stored value as written
    whole, and the next run reads nothing."""
    monkeypatch.setattr(stat_index, "KEPT_UNWRITTEN", 0)
    root, _ = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    files = scan_workspace(root).documents
    stat_index.document_keys_by_stat(cache, root, files)
    edited = root / "roster" / "p077.yaml"
    edited.write_text(freelancer_yaml(rate=901), encoding="utf-8")
    then = time.time() - 50
    os.utime(edited, (then, then))
    name = stat_index.workspace_place(root)

    index = stat_index.StatIndex(cache, root)
    expected = [cache.key(spec, spec.path.read_bytes()) for spec in files]
    assert index.document_keys(files) == expected
    patched = index._patched()
    whole = stat_index.StatIndex(cache, root)
    whole.document_keys(files)
    monkeypatch.setattr(whole, "_patched", lambda: pytest.fail("not written whole"))
    monkeypatch.setattr(whole, "_same_context", False)  # takes the file-by-file path
    stored: list[object] = []
    monkeypatch.setattr(whole, "_store", lambda *value: stored.append(value))
    whole.save()
    assert len(stored) == 1
    files_text, stamps, hashes, keys = stored[0]  # type: ignore[misc]
    assert (files_text, stamps.tobytes(), hashes, keys) == (
        patched[0], patched[1].tobytes(), patched[2], patched[3])

    index.save()
    assert cache.blob(stat_index._PART, name)[4:] == (
        patched[0], patched[1].tobytes(), patched[2], patched[3])
    reads = _counting_reads(monkeypatch)
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert reads == []


def test_many_files_are_stat_ed_and_read_half_by_a_forked_process(tmp_path, monkeypatch):
    """From :data:`stat_index.STAT_SPLIT_FROM` and :data:`stat_index.READ_SPLIT_FROM` files, a
    forked process takes half of the stats and of the reads: the same keys, the same
    problems, the same index as on one core."""
    root, _ = _many(tmp_path)
    files = scan_workspace(root).documents
    gone = files[-3]
    (root / gone.file).unlink()  # after the scan: a read error, in the forked half
    results = []
    for split_from in (10**9, 10):
        monkeypatch.setattr(stat_index, "STAT_SPLIT_FROM", split_from)
        monkeypatch.setattr(stat_index, "READ_SPLIT_FROM", split_from)
        cache = open_cache(tmp_path / f"cache-{split_from}", {"type": "object"})
        first = stat_index.document_keys_by_stat(cache, root, files)
        index = cache.blob(stat_index._PART, stat_index.workspace_place(root))
        results.append((first, index[2:]))
    assert results[0] == results[1]
    keys = results[0][0]
    problem = keys[files.index(gone)]
    assert getattr(problem, "rule", None) == "read-error"
    assert all(isinstance(key, bytes) for at, key in enumerate(keys) if files[at] != gone)


def test_a_fresh_copy_at_the_same_path_is_read_once_with_the_rows_keys(tmp_path,
                                                                        monkeypatch):
    """Another folder at the index's path (a fresh checkout, CI's, the cache restored):
    no stamp is trusted, every file is read once without a stat beforehand (its stamp taken
    on the open file), the files whose bytes are their row's keep its key, and the next
    run reads only a file that had no stamp."""
    root, paths = _many(tmp_path)
    cache = open_cache(tmp_path / "cache", {"type": "object"})
    stat_index.document_keys_by_stat(cache, root, scan_workspace(root).documents)
    shutil.move(root, tmp_path / "before")
    shutil.copytree(tmp_path / "before", root)  # a new folder, the files' times kept
    edited = root / "roster" / "p077.yaml"
    edited.write_text(freelancer_yaml(rate=901), encoding="utf-8")
    unstamped = root / "roster" / "p003.yaml"
    then = time.time() - 50
    for path in paths:
        os.utime(path, (then, then))

    files = scan_workspace(root).documents
    expected = [cache.key(spec, spec.path.read_bytes()) for spec in files]
    reads = _counting_reads(monkeypatch)
    reading = stat_index.read_with_status

    def without_status(path: str):  # type: ignore[no-untyped-def]
        got = reading(path)
        # As when the file's size changed while it was read.
        return (got[0], None) if Path(path) == unstamped else got

    monkeypatch.setattr(stat_index, "read_with_status", without_status)
    made: list[str] = []
    making = cache.key_of_content
    monkeypatch.setattr(cache, "key_of_content",
                        lambda spec, content: made.append(spec.file) or making(spec, content))
    monkeypatch.setattr(stat_index, "_stamps", lambda *_: pytest.fail("stat-ed first"))
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert sorted(reads) == paths
    assert made == ["roster/p077.yaml"]
    monkeypatch.undo()

    reads = _counting_reads(monkeypatch)
    assert stat_index.document_keys_by_stat(cache, root, files) == expected
    assert reads == [unstamped]
