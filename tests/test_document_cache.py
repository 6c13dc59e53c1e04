"""The document cache never changes a result: whatever happens to the files, the schemas, the
tool or the cache itself, a command says exactly what it says with --no-cache."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.loading import checking_pool, document_cache
from cfo_tools.loading.document_cache import DATABASE, SECRET, DocumentCache
from cfo_tools.loading.source_map import SourceMap
from cfo_tools.loading.yaml_documents import parse_document
from conftest import REPO, pointers_of

TODAY = "2026-11-27"
COMMANDS = [["check", "--format", "json"], ["validate", "--format", "json"],
            ["status"], ["conflicts"], ["talent"]]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CFO_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files each run had to check (not found in the cache)."""
    seen: list[str] = []
    original = checking_pool.check_content

    def counting(spec, raw, validators, **options):  # type: ignore[no-untyped-def]
        seen.append(spec.file)
        return original(spec, raw, validators, **options)

    def counting_uncached(spec, validators, **options):  # type: ignore[no-untyped-def]
        seen.append(spec.file)
        return original_uncached(spec, validators, **options)

    original_uncached = checking_pool.check_document
    monkeypatch.setattr(checking_pool, "check_content", counting)
    monkeypatch.setattr(checking_pool, "check_document", counting_uncached)
    return seen


def outputs(run_cfo, root: Path, *options: str) -> list[tuple[int, str, str]]:
    results = []
    for command in COMMANDS:
        result = run_cfo(*options, "-C", str(root), "--today", TODAY, *command)
        results.append((result.exit_code, result.stdout, result.stderr))
    return results


def assert_same_as_without_cache(run_cfo, root: Path) -> None:
    uncached = outputs(run_cfo, root, "--no-cache")
    assert outputs(run_cfo, root) == uncached  # cold, or after the change
    assert outputs(run_cfo, root) == uncached  # warm


def test_a_second_run_checks_no_file_again(run_cfo, example, cache, parses):
    first = outputs(run_cfo, example)
    assert len(parses) > 20
    parses.clear()
    assert outputs(run_cfo, example) == first
    assert parses == []
    assert (cache / DATABASE).exists()
    if os.name == "posix":
        assert (cache / SECRET).stat().st_mode & 0o777 == 0o600


def test_a_database_of_an_older_layout_is_removed(run_cfo, example, cache):
    cache.mkdir()
    older = [cache / f"documents-{n}.sqlite3{end}" for n in range(1, document_cache.CACHE_FORMAT)
             for end in ("", "-wal")]
    for path in older:
        path.write_bytes(b"an older layout")
    outputs(run_cfo, example)
    assert [path for path in older if path.exists()] == []
    with sqlite3.connect(cache / DATABASE) as connection:
        # A rowid table (see DocumentCache._connect): one row per document, found by its key.
        layout = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        keys, distinct = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT key) FROM documents").fetchone()
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    assert "WITHOUT ROWID" not in layout
    assert page_size == 16384
    assert keys == distinct > 20


def test_an_edited_file_is_checked_again_and_only_it(run_cfo, example, cache, parses):
    outputs(run_cfo, example)
    parses.clear()
    rate = example / "roster" / "alice-martin.yaml"
    rate.write_text(rate.read_text(encoding="utf-8").replace("daily_rate:", "daily_rate: x\n"
                                                             "old_rate:", 1), encoding="utf-8")
    cached = outputs(run_cfo, example)
    assert set(parses) == {"roster/alice-martin.yaml"}
    assert cached == outputs(run_cfo, example, "--no-cache")


@pytest.mark.parametrize("change", ["rename", "delete", "add", "copy"])
def test_files_moved_removed_or_added(run_cfo, example, cache, change):
    outputs(run_cfo, example)
    source = example / "roster" / "alice-martin.yaml"
    if change == "rename":
        # Same bytes, another id: the id is part of the key.
        source.rename(example / "roster" / "alice-martin-2.yaml")
    elif change == "delete":
        source.unlink()
    elif change == "add":
        (example / "roster" / "zoe-new.yaml").write_text("name: Zoé\nemail: nope\n")
    else:
        (example / "candidates" / "alice-martin.yaml").write_bytes(source.read_bytes())
    assert_same_as_without_cache(run_cfo, example)


def test_a_workspace_schema_is_part_of_the_key(run_cfo, example, cache):
    outputs(run_cfo, example)
    schema = json.loads((REPO / "schemas" / "freelancer.schema.json").read_text())
    schema["properties"]["daily_rate"]["maximum"] = 10
    (example / "schemas").mkdir()
    (example / "schemas" / "freelancer.schema.json").write_text(json.dumps(schema))
    assert_same_as_without_cache(run_cfo, example)
    with_schema = outputs(run_cfo, example)
    assert "daily_rate" in with_schema[0][1]
    (example / "schemas" / "freelancer.schema.json").unlink()
    assert_same_as_without_cache(run_cfo, example)


def test_a_template_change_is_seen(run_cfo, example, cache):
    def brief() -> str:
        result = run_cfo("-C", str(example), "--today", TODAY, "brief",
                         "refonte-site-fromagerie-vercors")
        assert result.exit_code == 0, result.output
        return result.stdout

    before = brief()
    (example / "templates").mkdir()
    (example / "templates" / "brief.md.j2").write_text("Brief {{ mission.title }}\n")
    after = brief()
    assert after != before and "Brief " in after
    assert_same_as_without_cache(run_cfo, example)


def test_a_new_version_does_not_reuse_entries(run_cfo, example, cache, parses, monkeypatch):
    outputs(run_cfo, example)
    parses.clear()
    monkeypatch.setattr(document_cache, "__version__", "99.0.0")
    cached = outputs(run_cfo, example)
    assert len(parses) > 20
    assert cached == outputs(run_cfo, example, "--no-cache")


def test_changed_code_does_not_reuse_entries(example, cache, parses, monkeypatch):
    validate_workspace(example, cache_folder=cache)
    parses.clear()
    # Other code in the same files: only a test can do that, so the memo of the code's
    # fingerprint (by the stat of its modules, test_installation_memo.py) is left out too.
    monkeypatch.setattr(document_cache, "remembered",
                        lambda folder, secret, package, versions, fingerprint:
                        (versions(), fingerprint()))
    monkeypatch.setattr(document_cache, "_code_fingerprint", lambda: b"other code")
    validate_workspace(example, cache_folder=cache)
    assert len(parses) > 20


def test_a_corrupt_database_is_replaced(run_cfo, example, cache):
    outputs(run_cfo, example)
    for leftover in cache.glob(f"{DATABASE}-*"):
        leftover.unlink()
    (cache / DATABASE).write_bytes(b"this is not a database" * 100)
    assert_same_as_without_cache(run_cfo, example)


def _damage(connection: sqlite3.Connection, table: str, damage: str, cache: Path) -> None:
    rows = connection.execute(f"SELECT key, entry FROM {table}").fetchall()
    changed = []
    for key, entry in rows:
        if damage == "truncate":
            new = entry[:40]
        elif damage == "flip":
            new = entry[:-1] + bytes([entry[-1] ^ 1])
        elif damage == "forge":
            # A valid pickle, signed with another key.
            new = DocumentCache(cache, b"k" * 32, b"")._sign(key, b"entry", entry[32:])
        else:
            new = rows[0][1] if key != rows[0][0] else rows[1][1]  # another file's entry
        changed.append((new, key))
    with connection:
        connection.executemany(f"UPDATE {table} SET entry = ? WHERE key = ?", changed)


@pytest.mark.parametrize("damage", ["truncate", "flip", "forge", "swap"])
def test_damaged_or_forged_entries_are_ignored(run_cfo, example, cache, parses, damage):
    outputs(run_cfo, example)
    connection = sqlite3.connect(cache / DATABASE)
    # The per-file entries, and the stat index, snapshot and run results made of them.
    _damage(connection, "documents", damage, cache)
    _damage(connection, "blobs", damage, cache)
    connection.close()
    parses.clear()
    cached = outputs(run_cfo, example)
    assert len(parses) > 20  # all rebuilt
    parses.clear()
    assert outputs(run_cfo, example) == cached  # then trusted again
    assert parses == []
    assert cached == outputs(run_cfo, example, "--no-cache")


@pytest.mark.parametrize("damage", ["truncate", "flip", "forge", "swap"])
def test_a_damaged_snapshot_or_run_memo_is_ignored(run_cfo, example, cache, parses, damage):
    first = outputs(run_cfo, example)
    connection = sqlite3.connect(cache / DATABASE)
    _damage(connection, "blobs", damage, cache)
    connection.close()
    parses.clear()
    assert outputs(run_cfo, example) == first
    assert parses == []  # the per-file entries were still good
    assert first == outputs(run_cfo, example, "--no-cache")


@pytest.mark.parametrize("damage", ["text", "used"])
def test_columns_of_another_type_are_ignored(run_cfo, example, cache, parses, damage):
    """A database rewritten by hand: entries turned to text that is not UTF-8 (SQLite gives
    it back as text, which would stop a query) or dates of use that are not numbers."""
    outputs(run_cfo, example)
    connection = sqlite3.connect(cache / DATABASE)
    with connection:
        for table in ("documents", "blobs"):
            if damage == "text":
                connection.execute(f"UPDATE {table} SET entry = CAST(x'80ff00' AS TEXT)")
            else:
                connection.execute(f"UPDATE {table} SET used = 'yesterday'")
        if damage == "text":
            connection.execute("UPDATE documents SET line_map = CAST(x'80' AS TEXT)")
    connection.close()
    parses.clear()
    cached = outputs(run_cfo, example)
    assert (len(parses) > 20) == (damage == "text")
    assert cached == outputs(run_cfo, example, "--no-cache")


class _Boom:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("echo pwned > pwned.txt",))


def test_an_entry_naming_anything_but_model_classes_is_not_loaded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pickle.UnpicklingError):
        document_cache._loads(pickle.dumps(_Boom()))
    assert not (tmp_path / "pwned.txt").exists()


def test_a_blob_signed_for_one_part_or_name_is_not_read_as_another(tmp_path):
    """The signature covers the entry's part and key with its bytes: a blob's row copied
    under another part or name is a miss; read in place past its signature, it loads."""
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    opened.store_blob(b"one", b"name", {"some": ["value"] * 3})
    assert opened.blob(b"one", b"name") == {"some": ["value"] * 3}
    connection = sqlite3.connect(tmp_path / "cache" / DATABASE)
    (signed,) = connection.execute(
        "SELECT entry FROM blobs WHERE key = ?",
        (document_cache._blob_key(b"one", b"name"),)).fetchone()
    with connection:
        for part, name in ((b"two", b"name"), (b"one", b"other")):
            connection.execute("INSERT INTO blobs VALUES (?, ?, 0, 0)",
                               (document_cache._blob_key(part, name), signed))
    connection.close()
    assert opened.blob(b"two", b"name") is None
    assert opened.blob(b"one", b"other") is None
    assert opened.blob(b"one", b"name") == {"some": ["value"] * 3}


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX's")
def test_a_key_others_could_write_disables_the_cache(run_cfo, example, cache, parses):
    outputs(run_cfo, example)
    (cache / SECRET).chmod(0o644)
    parses.clear()
    cached = outputs(run_cfo, example)
    assert len(parses) > 20
    assert cached == outputs(run_cfo, example, "--no-cache")
    assert DocumentCache.open(cache, {}) is None


def test_an_unwritable_cache_folder_only_costs_time(run_cfo, example, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CFO_CACHE_DIR", str(blocker / "cache"))
    assert_same_as_without_cache(run_cfo, example)


def test_worker_processes_store_and_the_main_process_reuses(example, cache, parses,
                                                            monkeypatch):
    uncached = validate_workspace(example, jobs=1).findings
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    assert validate_workspace(example, jobs=2, cache_folder=cache).findings == uncached
    parses.clear()
    assert validate_workspace(example, jobs=2, cache_folder=cache).findings == uncached
    assert parses == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_send_back_what_they_stored(example, cache, monkeypatch, method):
    """A worker sends back what it stored, never the file's spec: the main process gets the
    same documents as checking them here, with their keys, a file that could not be read
    included (readable when the keys were taken, not in the worker)."""
    import multiprocessing

    from cfo_tools.loading.regular_files import FileProblem
    from cfo_tools.loading.schemas import load_schemas
    from cfo_tools.loading.workspace_files import scan_workspace

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    files = scan_workspace(example).documents
    validators = load_schemas(example).validators
    here = checking_pool.check_documents(files, validators, jobs=1)
    opened = DocumentCache.open(cache, validators)
    assert opened is not None
    keys = checking_pool.document_keys(files, opened)
    gone = files[3].file
    real_read = checking_pool.read_regular_file

    def read(path, **options):  # type: ignore[no-untyped-def]
        if path == files[3].path:
            return FileProblem("read-error", "cannot read the file: gone")
        return real_read(path, **options)

    monkeypatch.setattr(checking_pool, "read_regular_file", read)
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    if method == "spawn":  # spawned workers import the module afresh: no patched reader
        monkeypatch.setattr(checking_pool, "_VALIDATORS", {})
    pooled = checking_pool.check_documents(files, validators, jobs=2, start_method=method,
                                           cache=opened, keys=keys)
    assert [c.spec for c in pooled] == [c.spec for c in here]
    for checked, expected in zip(pooled, here, strict=True):
        if method == "fork" and checked.spec.file == gone:
            assert checked.key is None and checked.model is None
            assert [f.rule for f in checked.findings] == ["read-error"]
            continue
        assert (checked.findings, checked.model, checked.text) == (
            expected.findings, expected.model, expected.text)
        assert checked.key == keys[files.index(checked.spec)]


def test_two_commands_at_once_on_one_cache(example, tmp_path):
    env = {**os.environ, "CFO_CACHE_DIR": str(tmp_path / "shared"), "CFO_TODAY": TODAY}
    command = [sys.executable, "-m", "cfo_tools", "-C", str(example), "check",
               "--format", "json"]
    expected = subprocess.run([*command[:3], "--no-cache", *command[3:]], env=env,
                              capture_output=True, text=True).stdout
    for _ in range(2):  # both cold, then both warm
        running = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
                   for _ in range(3)]
        assert [p.communicate()[0] for p in running] == [expected] * 3


def _holding_the_write_lock(folder: Path) -> sqlite3.Connection:
    """Another process's connection in the middle of a write transaction on the cache."""
    holder = sqlite3.connect(folder / DATABASE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_cache_locked_by_another_process_is_given_up_after_one_wait(tmp_path, monkeypatch):
    """One write waits for the lock; once it times out, this process writes nothing more
    (each write would wait as long again), while the next run writes again."""
    monkeypatch.setattr(document_cache, "BUSY_SECONDS", 0.05)
    folder = tmp_path / "cache"
    opened = DocumentCache.open(folder, {})
    assert opened is not None
    holder = _holding_the_write_lock(folder)
    opened.store_blob(b"part", b"first", 1)
    holder.rollback()
    holder.close()
    opened.store_blob(b"part", b"second", 2)
    assert opened.blob(b"part", b"first") is None
    assert opened.blob(b"part", b"second") is None
    again = DocumentCache.open(folder, {})
    assert again is not None
    again.store_blob(b"part", b"second", 2)
    assert again.blob(b"part", b"second") == 2


def test_a_locked_cache_gives_the_results_of_no_cache(run_cfo, example, cache, monkeypatch):
    monkeypatch.setattr(document_cache, "BUSY_SECONDS", 0.05)
    outputs(run_cfo, example)
    with (example / "missions" / "refonte-site-fromagerie-vercors.yaml").open("a") as edited:
        edited.write("# an edit\n")
    holder = _holding_the_write_lock(cache)
    try:
        assert outputs(run_cfo, example) == outputs(run_cfo, example, "--no-cache")
    finally:
        holder.close()
    assert_same_as_without_cache(run_cfo, example)


SCALARS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.integers() \
    | st.booleans() | st.none()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=25)
EXTRA_POINTERS = st.lists(st.text(alphabet="/~01ab", max_size=8).map(lambda t: "/" + t),
                          max_size=6)


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def assert_map_agrees(text: str, pointers: list[str]) -> None:
    document = parse_document(text.encode(), Path("x.yaml"), "x.yaml", line_map=True)
    if document.positions is None:
        return  # left to the source map
    source = SourceMap(text)
    for pointer in pointers:
        found = document.positions.position(pointer)
        if found is not None:
            assert found == source.position(pointer), pointer


@settings(max_examples=200, deadline=None)
@given(DATA, st.booleans(), EXTRA_POINTERS)
def test_the_line_map_says_what_the_source_map_says(data, flow, extra):
    text = yaml.dump({"root": data}, Dumper=NoAliases, default_flow_style=flow,
                     allow_unicode=True)
    pointers = pointers_of(yaml.safe_load(text))
    # Pointers that are not there, or lead through a value: the deepest value on the way.
    missing = [p + suffix for p in pointers for suffix in ("/zz", "/0", "/9/x")]
    assert_map_agrees(text, sorted({*pointers, *missing, *extra, *("/root" + e for e in extra)}))


@pytest.mark.parametrize("text", [
    "base: &b {x: 1}\nother: *b\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "a: 1\na: 2\n",
    "[1, 2]: x\n",
    "1: x\n",
    "a: 0500\n",
])
def test_no_line_map_for_what_only_the_node_tree_resolves(text):
    document = parse_document(text.encode(), Path("x.yaml"), "x.yaml", line_map=True)
    assert document.positions is None


def test_a_pointer_not_written_as_the_map_writes_it_is_left_to_the_source_map():
    document = parse_document(b"a: [x, y]\n", Path("x.yaml"), "x.yaml", line_map=True)
    assert document.positions is not None
    assert document.positions.position("/a/01") is None
    assert document.positions.position("/a/1") == SourceMap("a: [x, y]\n").position("/a/1")


def test_a_cache_pruned_once_does_not_sum_its_entries_on_every_write(tmp_path, monkeypatch):
    """Pruning frees pages but leaves the file as large as it was: the bound that spares
    summing every entry's size on each write counts the pages in use, not the file."""
    folder = tmp_path / "cache"
    opened = DocumentCache.open(folder, {})
    assert opened is not None
    opened.store_blobs([(b"part", b"%d" % n, os.urandom(20_000)) for n in range(50)])
    file_size = (folder / DATABASE).stat().st_size
    monkeypatch.setattr(document_cache, "MAX_CACHE_BYTES", 600_000)
    opened.store_blob(b"part", b"one more", 1)  # over the bound: the oldest are pruned
    connection = sqlite3.connect(folder / DATABASE)
    kept = connection.execute("SELECT TOTAL(size) FROM blobs").fetchone()[0]
    connection.close()
    assert kept <= 600_000 * 3 // 4 + 25_000
    assert (folder / DATABASE).stat().st_size >= file_size * 0.9  # freed, not shrunk
    sums: list[str] = []
    real_prune = document_cache._prune

    def watched(connection, *args):
        connection.set_trace_callback(sums.append)
        try:
            real_prune(connection, *args)
        finally:
            connection.set_trace_callback(None)

    monkeypatch.setattr(document_cache, "_prune", watched)
    opened.store_blob(b"part", b"small", 2)
    assert opened.blob(b"part", b"small") == 2
    assert not [sql for sql in sums if "TOTAL(size)" in sql]


def test_a_blobs_byte_strings_out_of_band_come_back_as_views_of_it(tmp_path):
    """What a blob wraps in ``PickleBuffer`` is kept after its pickle and read back as
    read-only views of the blob read (not copied again); what it does not is as before."""
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    opened.store_blob(b"part", b"name", ("x", pickle.PickleBuffer(b"abc\0"),
                                         [pickle.PickleBuffer(b""), b"kept"]))
    found = opened.blob(b"part", b"name")
    assert found[0] == "x" and found[2][1] == b"kept" and type(found[2][1]) is bytes
    assert isinstance(found[1], memoryview) and found[1].readonly
    assert bytes(found[1]) == b"abc\0" and bytes(found[2][0]) == b""
    opened.store_blob(b"part", b"plain", (b"abc",))
    assert opened.blob(b"part", b"plain") == (b"abc",)


@pytest.mark.parametrize("cut", ["count", "lengths", "short", "long", "negative"])
def test_a_framed_blob_whose_lengths_do_not_hold_is_a_miss(tmp_path, cut):
    """Signed by this cache but framed wrong (as a bug of its own could write it): a miss,
    never a view past the blob or an exception."""
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    framed = document_cache._pickled((pickle.PickleBuffer(b"abc"),))
    start = len(document_cache._WITH_BUFFERS)
    count = document_cache._LENGTH
    damaged = {
        "count": framed[:start] + count.pack(10 ** 6) + framed[start + 8:],
        "lengths": framed[:start + 8] + count.pack(10 ** 6) + framed[start + 16:],
        "short": framed[:-1],
        "long": framed + b"\0",
        "negative": framed[:start + 16] + count.pack(-3) + framed[start + 24:],
    }[cut]
    key = document_cache._blob_key(b"part", b"name")
    connection = sqlite3.connect(tmp_path / "cache" / DATABASE)
    with connection:
        connection.execute("INSERT INTO blobs VALUES (?, ?, 0, 0)",
                           (key, opened._sign(key, b"part", damaged)))
    connection.close()
    assert document_cache._loads(framed)[0] == b"abc"
    assert opened.blob(b"part", b"name") is None


def test_blobs_signed_now_and_stored_later_read_as_stored_at_once(tmp_path):
    """``blobs_to_store`` pickles and signs what ``store_signed`` writes later: a value
    changed in between is stored as it was, and reads back like ``store_blob``'s."""
    opened = DocumentCache.open(tmp_path / "cache", {})
    assert opened is not None
    value = {"pieces": ["a", "b"]}
    signed = opened.blobs_to_store([(b"part", b"name", value), (b"part", b"other", 2)])
    value["pieces"].append("changed after")
    assert opened.blob(b"part", b"name") is None  # nothing stored yet
    opened.store_signed(signed)
    assert opened.blob(b"part", b"name") == {"pieces": ["a", "b"]}
    assert opened.blob(b"part", b"other") == 2
    opened.store_blob(b"part", b"name", {"pieces": ["a", "b"]})
    assert opened.blob(b"part", b"name") == {"pieces": ["a", "b"]}
