"""A cold run's keys are made by whoever reads the files (issue 16): without a snapshot of the
workspace, the main process does not read and hash every file before the pool starts; the
workers make the keys from the bytes they read, and the run ends with the same keys, stat
index, results and run memo as when the main process made them."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cfo_tools.checks.validation import (
    prepare_run,
    validate_prepared,
    validate_workspace,
    validation_results,
)
from cfo_tools.loading import checking_pool, document_keys, stat_index
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.document_checking import CheckedDocument
from cfo_tools.loading.schemas import load_schemas
from cfo_tools.loading.workspace_files import scan_workspace
from cfo_tools.model.records import Mission
from conftest import REPO


def copy_example(root: Path) -> Path:
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates"):
        shutil.copytree(REPO / folder, root / folder)
    then = time.time() - 100  # older than the stat index's racy window
    for path in root.rglob("*.yaml"):
        os.utime(path, (then, then))
    return root


@pytest.fixture
def main_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read in the main process to make their keys."""
    seen: list[Path] = []
    for module in (stat_index, document_keys):
        original = module.read_regular_file

        def counting(path, _original=original, **options):  # type: ignore[no-untyped-def]
            seen.append(path)
            return _original(path, **options)

        monkeypatch.setattr(module, "read_regular_file", counting)
    return seen


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked (not found in the cache)."""
    seen: list[str] = []
    original = checking_pool.check_content

    def counting(spec, raw, validators, **options):  # type: ignore[no-untyped-def]
        seen.append(spec.file)
        return original(spec, raw, validators, **options)

    monkeypatch.setattr(checking_pool, "check_content", counting)
    return seen


def expected_keys(root: Path, cache: Path) -> list[bytes]:
    opened = DocumentCache.open(cache, load_schemas(root).validators)
    assert opened is not None
    return [opened.key(spec, spec.path.read_bytes()) for spec in scan_workspace(root).documents]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cold_run_leaves_the_keys_to_the_files_readers(tmp_path, main_reads, monkeypatch,
                                                         jobs):
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.keys_pending and main_reads == []
    report = validate_workspace(root, jobs=jobs, cache_folder=cache)
    assert main_reads == []
    assert report.findings == validate_workspace(root, jobs=jobs).findings
    # The next run finds every key in the stat index the workers' hashes made.
    again = prepare_run(root, cache_folder=cache)
    assert not again.keys_pending
    assert again.keys == expected_keys(root, cache)
    assert main_reads == []


def test_keys_asked_before_checking_are_read_here(tmp_path, main_reads):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.keys_pending
    assert prepared.keys == expected_keys(root, cache)
    assert not prepared.keys_pending and len(main_reads) == len(prepared.files.documents)


def test_a_copy_elsewhere_takes_the_entries_by_content(tmp_path, checked):
    """No snapshot at the copy's place: its keys are pending, and the files' own entries,
    found by content, spare checking them again."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validate_workspace(root).findings
    assert validate_workspace(root, cache_folder=cache).findings == expected
    assert checked
    checked.clear()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    assert prepare_run(copy, cache_folder=cache).keys_pending
    report = validate_workspace(copy, cache_folder=cache)
    assert checked == []
    assert [f.file for f in report.findings] == [f.file for f in expected]


def test_the_run_memo_is_kept_after_a_cold_run(tmp_path, checked):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validation_results(root)
    assert validation_results(root, cache_folder=cache) == expected
    checked.clear()
    loads: list[int] = []
    original = checking_pool.check_documents

    def counting(*args, **options):  # type: ignore[no-untyped-def]
        loads.append(1)
        return original(*args, **options)

    import cfo_tools.checks.validation as validation

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(validation, "check_documents", counting)
    try:
        assert validation_results(root, cache_folder=cache) == expected
    finally:
        monkeypatch.undo()
    assert loads == [] and checked == []


def test_a_file_unreadable_when_its_key_is_made(tmp_path, monkeypatch):
    """A file the worker cannot read is reported as without the cache, has no key, and is
    read again by the next run."""
    from cfo_tools.loading.regular_files import FileProblem

    root = copy_example(tmp_path / "ws")
    broken = root / "roster" / "alice-martin.yaml"
    real_read = checking_pool.read_regular_file

    def read(path, **options):  # type: ignore[no-untyped-def]
        if path == broken:
            return FileProblem("read-error", "cannot read the file: gone")
        return real_read(path, **options)

    monkeypatch.setattr(checking_pool, "read_regular_file", read)
    cache = tmp_path / "cache"
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.keys_pending
    findings = validate_prepared(prepared).findings
    assert [f.rule for f in findings if f.file == "roster/alice-martin.yaml"] == ["read-error"]
    keys = prepared.keys
    assert keys is not None and not prepared.keys_pending
    position = [spec.path for spec in prepared.files.documents].index(broken)
    assert isinstance(keys[position], CheckedDocument)
    monkeypatch.setattr(checking_pool, "read_regular_file", real_read)
    assert validate_workspace(root, cache_folder=cache).findings == \
        validate_workspace(root).findings


def test_a_cold_pool_without_briefs_keeps_them_for_the_next_commands(tmp_path, monkeypatch):
    """validate reads no brief: its cold run on every core leaves the workers' pickles of
    them unloaded, and the snapshot written from them still holds every brief."""
    from cfo_tools.loading import workspace_snapshot

    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 2)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validate_workspace(root)
    lean = validate_workspace(root, cache_folder=cache, briefs=False)
    assert lean.findings == expected.findings
    assert lean.workspace.missions and all(
        m.brief is workspace_snapshot.BRIEF_LEFT_OUT for m in lean.workspace.missions.values())
    assert validate_workspace(root, cache_folder=cache).workspace == expected.workspace
    assert validation_results(root, cache_folder=tmp_path / "other") == \
        validation_results(root)


def pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 2)
    monkeypatch.setattr(checking_pool, "SMALLEST_BATCH", 8)  # several parts


def filled_by_a_pool(tmp_path: Path) -> tuple[Path, DocumentCache, list[bytes]]:
    """A copy of the example (``tmp_path / "ws"``) validated cold into ``tmp_path /
    "cache"`` (as ``pooled``), the same findings as without the cache: the copy, its cache
    opened and its documents' keys."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validate_workspace(root)
    assert validate_workspace(root, cache_folder=cache).findings == expected.findings
    opened = DocumentCache.open(cache, load_schemas(root).validators)
    assert opened is not None
    return root, opened, expected_keys(root, cache)


def models_checked_afresh(root: Path) -> list[object]:
    """Every document's record, checked on one core without a cache."""
    return [document.model for document in checking_pool.check_documents(
        scan_workspace(root).documents, load_schemas(root).validators, jobs=1)]


def test_a_pooled_cold_run_keeps_each_record_once(tmp_path, monkeypatch, checked):
    """The per-file entries of a cold run on every core point into the snapshot's parts
    (stored as blobs of their own): a copy of the workspace elsewhere takes its documents
    from there without checking one again, with the same results."""
    from cfo_tools.loading import workspace_snapshot

    pooled(monkeypatch)
    root, opened, keys = filled_by_a_pool(tmp_path)
    stored = opened.entries(keys)
    assert len(stored) == len(keys)
    assert all(workspace_snapshot.in_part(entry) is not None for entry in stored.values())
    assert len({workspace_snapshot.in_part(entry) for entry in stored.values()}) > 1
    entries = workspace_snapshot.stored_entries(opened, keys)
    assert len(entries) == len(keys)
    assert [entries[key][1] for key in keys] == models_checked_afresh(root)
    # On one core from here: what forked workers check is not counted here.
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 1)
    checked.clear()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    report = validate_workspace(copy, cache_folder=tmp_path / "cache")
    assert checked == []
    assert report.workspace.missions == validate_workspace(copy).workspace.missions
    assert report.findings == validate_workspace(copy).findings


def test_a_record_read_after_an_edit_loads_only_a_small_part(tmp_path, monkeypatch):
    """An entry pointing into a part is read by unpickling the whole part (after an edit,
    check reads the company and the records of the subjects it checks again this way): no
    part holds more than PART_SIZE documents, however large the workers' batches."""
    from collections import Counter

    from cfo_tools.loading import workspace_snapshot

    pooled(monkeypatch)
    monkeypatch.setattr(checking_pool, "PART_SIZE", 3)
    root, opened, keys = filled_by_a_pool(tmp_path)
    sizes = Counter(workspace_snapshot.in_part(entry) for entry in opened.entries(keys).values())
    assert None not in sizes and max(sizes.values()) <= 3 and len(sizes) >= len(keys) / 3
    for ident, count in sizes.items():
        assert ident is not None and len(workspace_snapshot.part_entries(opened, ident)) == count
    entries = workspace_snapshot.stored_entries(opened, keys)
    assert [entries[key][1] for key in keys] == models_checked_afresh(root)


def test_a_part_gone_is_a_miss(tmp_path, monkeypatch, checked):
    """A part removed from the cache (pruned, or the writer never finished) makes the
    entries pointing into it and the snapshot naming it misses: checked again."""
    pooled(monkeypatch)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validate_workspace(root)
    validate_workspace(root, cache_folder=cache)
    import sqlite3

    from cfo_tools.loading import document_cache, workspace_snapshot

    with sqlite3.connect(cache / document_cache.DATABASE) as connection:
        parts = connection.execute("SELECT COUNT(*) FROM blobs").fetchone()[0]
        name = workspace_snapshot._PART_LEAN
        opened = DocumentCache.open(cache, load_schemas(root).validators)
        assert opened is not None
        ident = next(workspace_snapshot.in_part(entry)
                     for entry in opened.entries(expected_keys(root, cache)).values())
        connection.execute("DELETE FROM blobs WHERE key = ?",
                           (document_cache._blob_key(name, ident),))
        assert connection.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == parts - 1
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 1)  # counted here
    checked.clear()
    assert validate_workspace(root, cache_folder=cache).findings == expected.findings
    assert 0 < len(checked) < len(expected_keys(root, cache))  # the part's documents
    checked.clear()
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    assert validate_workspace(copy, cache_folder=cache).findings == \
        validate_workspace(copy).findings
    assert checked == []  # stored again by the run before


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_make_the_pending_keys_with_any_start_method(tmp_path, monkeypatch, method):
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    pooled(monkeypatch)
    if method == "spawn":  # spawned workers compile the schemas themselves
        monkeypatch.setattr(checking_pool, "_VALIDATORS", {})
    root = copy_example(tmp_path / "ws")
    files = scan_workspace(root).documents
    validators = load_schemas(root).validators
    opened = DocumentCache.open(tmp_path / "cache", validators)
    assert opened is not None
    keys = document_keys.DocumentKeys(opened, root, files, defer=True)
    assert keys.pending == len(files)
    found = checking_pool.check_documents(files, validators, jobs=2, start_method=method,
                                          cache=opened, root=root, keys=keys)
    assert not keys.pending
    assert keys.complete() == [document.key for document in found] == \
        expected_keys(root, tmp_path / "cache")
    here = checking_pool.check_documents(files, validators, jobs=1)
    assert [(c.findings, c.model) for c in found] == [(c.findings, c.model) for c in here]
    again = document_keys.DocumentKeys(opened, root, files, defer=True)
    assert not again.pending and again.known == keys.known


def test_records_read_without_briefs_skip_the_parts_briefs(tmp_path, monkeypatch):
    """After an edit, check reads records from the parts without their missions' briefs
    (no check reads one): the part's briefs are not even fetched, each mission's brief is
    the marker that refuses to be read, and the rest of the record is the same."""
    from cfo_tools.loading import workspace_snapshot

    pooled(monkeypatch)
    _, opened, keys = filled_by_a_pool(tmp_path)
    whole = workspace_snapshot.stored_entries(opened, keys)
    fetched = _parts_fetched(opened, monkeypatch)
    lean = workspace_snapshot.stored_entries(opened, keys, briefs=False)
    assert fetched and workspace_snapshot._PART_BRIEFS not in fetched
    assert lean.keys() == whole.keys()
    missions = 0
    for key, (findings, model, text) in lean.items():
        assert (findings, text) == (whole[key][0], whole[key][2])
        if isinstance(model, Mission):
            missions += 1
            assert model.brief is workspace_snapshot.BRIEF_LEFT_OUT
            assert replace_brief(model, whole[key][1].brief) == whole[key][1]
        else:
            assert model == whole[key][1]
    assert missions


def _parts_fetched(opened, monkeypatch):  # type: ignore[no-untyped-def]
    """The parts of the blobs ``opened`` is asked for from now on, in order."""
    fetched: list[bytes] = []
    original = opened.blob

    def fetching(part, name):  # type: ignore[no-untyped-def]
        fetched.append(part)
        return original(part, name)

    monkeypatch.setattr(opened, "blob", fetching)
    return fetched


def test_records_read_without_briefs_again_come_alone(tmp_path, monkeypatch):
    """A record read from its part without briefs is kept alone, lean: the next read of it
    (check after another edit reads the same subjects' records) fetches no part, and gives
    the same entry, each mission's brief the marker; a lean copy that cannot be trusted is
    a miss, read from the part again; too many records read at once are not copied."""
    import sqlite3

    from cfo_tools.loading import document_cache, workspace_snapshot

    pooled(monkeypatch)
    _, opened, keys = filled_by_a_pool(tmp_path)
    whole = workspace_snapshot.stored_entries(opened, keys, briefs=False)
    fetched = _parts_fetched(opened, monkeypatch)
    some = keys[::3]
    again = workspace_snapshot.stored_entries(opened, some, briefs=False)
    assert set(fetched) == {workspace_snapshot._LEAN_ALONE}
    assert again.keys() == set(some)
    for key, (findings, model, text) in again.items():
        assert (findings, text) == (whole[key][0], whole[key][2])
        if isinstance(model, Mission):
            assert model.brief is workspace_snapshot.BRIEF_LEFT_OUT
            assert replace_brief(model, {}) == replace_brief(whole[key][1], {})
        else:
            assert model == whole[key][1]
    # With briefs, the parts as before.
    fetched.clear()
    assert workspace_snapshot.stored_entries(opened, some).keys() == set(some)
    assert workspace_snapshot._LEAN_ALONE not in fetched
    # A damaged copy: its part read again.
    damaged = some[0]
    with sqlite3.connect(opened.folder / document_cache.DATABASE) as connection:
        connection.execute(
            "UPDATE blobs SET entry = X'00' WHERE key = ?",
            (document_cache._blob_key(workspace_snapshot._LEAN_ALONE, damaged),))
    fetched.clear()
    found = workspace_snapshot.stored_entries(opened, [damaged], briefs=False)
    assert workspace_snapshot._PART_LEAN in fetched
    assert found[damaged][0] == whole[damaged][0]
    # Past the bound, nothing copied.
    monkeypatch.setattr(workspace_snapshot, "LEAN_ALONE_UP_TO", 2)
    (tmp_path / "other").mkdir()
    _, fresh, keys = filled_by_a_pool(tmp_path / "other")
    assert len(keys) > 2

    def copied() -> set[bytes]:
        return {key for key in keys if fresh.has_blob(workspace_snapshot._LEAN_ALONE, key)}

    before = copied()
    workspace_snapshot.stored_entries(fresh, keys, briefs=False)
    assert copied() == before != set(keys)


def replace_brief(mission: Mission, brief: object) -> Mission:
    copy = object.__new__(Mission)
    copy.__dict__.update(mission.__dict__)
    copy.brief = brief  # type: ignore[assignment]
    return copy
