"""Warm runs (issue 16): the stat index, the run memo and the workspace snapshot never change a
result. Every test compares with a run without the cache, on real files and the real cache."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from view_runs import outcomes

from cfo_tools.checks.runner import check_results
from cfo_tools.checks.validation import prepare_run, validate_workspace, validation_results
from cfo_tools.loading import checking_pool, document_cache, stat_index, workspace_snapshot
from cfo_tools.loading.document_cache import DATABASE
from conftest import REPO, fetched_line_maps, freelancer_yaml, mission_yaml, write_workspace

TODAY = date(2026, 11, 27)


def copy_example(root: Path) -> Path:
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def age(root: Path, seconds: float = 100) -> None:
    """Date every file back, as files of a checkout made a while ago."""
    then = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (then, then))


#: Commands that load the workspace without the missions' briefs, by the command line.
READERS = (("find", "--role", "web-developer", "--start", "2026-12-01", "--days", "5"),
           ("find", "--mission", "refonte-site-fromagerie-vercors", "--candidates"),
           ("status",), ("status", "--format", "markdown"), ("status", "--format", "json"),
           ("talent",), ("planning",), ("conflicts",), ("calendar",))


def results(root: Path, cache: Path | None, today: date = TODAY) -> tuple[object, ...]:
    checked = check_results(root, today=today, cache_folder=cache)
    validated = validation_results(root, cache_folder=cache)
    report = validate_workspace(root, cache_folder=cache, located=False)
    return (checked, validated, report.workspace,
            report.positioned(f for f in report.findings if f.severity == "error"),
            outcomes(root, cache, today, READERS))


def assert_same(root: Path, cache: Path) -> None:
    expected = results(root, None)
    assert results(root, cache) == expected  # cold, or after the change
    assert results(root, cache) == expected  # warm


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the stat index had to read and hash."""
    seen: list[Path] = []
    original = stat_index.read_regular_file

    def counting(path, **options):  # type: ignore[no-untyped-def]
        seen.append(Path(path))
        return original(path, **options)

    monkeypatch.setattr(stat_index, "read_regular_file", counting)
    return seen


def test_an_unchanged_file_is_neither_read_nor_hashed(tmp_path, reads):
    root = copy_example(tmp_path / "ws")
    age(root)
    cache = tmp_path / "cache"
    first = results(root, cache)  # cold: the checking made the keys (test_cold_keys.py)
    reads.clear()
    assert results(root, cache) == first
    assert reads == []


def test_a_touched_file_is_hashed_again_but_not_checked(tmp_path, reads, monkeypatch):
    root = copy_example(tmp_path / "ws")
    age(root)
    cache = tmp_path / "cache"
    results(root, cache)
    touched = root / "roster" / "alice-martin.yaml"
    os.utime(touched)
    reads.clear()
    checked: list[str] = []
    original = checking_pool.check_content
    monkeypatch.setattr(checking_pool, "check_content",
                        lambda spec, *a, **k: checked.append(spec.file) or original(spec, *a, **k))
    assert results(root, cache) == results(root, None)
    assert touched in reads and checked == []


def test_a_same_size_edit_with_its_time_set_back_is_seen(tmp_path):
    root = copy_example(tmp_path / "ws")
    age(root, 1000)
    cache = tmp_path / "cache"
    results(root, cache)
    edited = root / "roster" / "alice-martin.yaml"
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    changed = text.replace("daily_rate: 550", "daily_rate: 950", 1)
    assert changed != text and len(changed) == len(text)
    edited.write_text(changed, encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    # Same size, same mtime, same inode: the change time (which no one can set) tells.
    assert_same(root, cache)


def test_a_racy_file_is_not_trusted(tmp_path, reads):
    """A file modified within two seconds of when the index was made, or in the future."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    future = root / "roster" / "alice-martin.yaml"
    later = time.time() + 3600
    os.utime(future, (later, later))
    results(root, cache)
    reads.clear()
    results(root, cache)
    assert future in reads
    assert set(reads) <= {*root.rglob("*.yaml")}


def test_a_file_edited_just_after_the_index_is_seen(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    results(root, cache)
    edited = root / "missions" / next(p.name for p in (root / "missions").iterdir())
    stamp = edited.stat()
    text = edited.read_text(encoding="utf-8")
    # Same size, times put back: only the racy rule (or ctime) can tell.
    edited.write_text(text.replace("title:", "titlx:", 1), encoding="utf-8")
    os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert_same(root, cache)


@pytest.mark.parametrize("change", ["edit", "rename", "delete", "add", "touch", "break"])
def test_every_change_gives_what_no_cache_gives(tmp_path, change):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    assert_same(root, cache)
    source = root / "roster" / "alice-martin.yaml"
    if change == "edit":
        source.write_text(source.read_text(encoding="utf-8") + "# x\n", encoding="utf-8")
    elif change == "rename":
        source.rename(root / "roster" / "alice-martin-2.yaml")
    elif change == "delete":
        source.unlink()
    elif change == "add":
        (root / "roster" / "zoe-new.yaml").write_text("name: Zoé\nemail: nope\n")
    elif change == "touch":
        os.utime(source)
    else:
        source.write_text("name: [\n", encoding="utf-8")
    assert_same(root, cache)


def test_the_memo_answers_without_loading_a_record(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    first = (check_results(root, today=TODAY, cache_folder=cache),
             validation_results(root, cache_folder=cache))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was loaded")

    monkeypatch.setattr(workspace_snapshot.WorkspaceSnapshot, "__init__", refuse)
    monkeypatch.setattr(document_cache.DocumentCache, "entries", refuse)
    assert (check_results(root, today=TODAY, cache_folder=cache),
            validation_results(root, cache_folder=cache)) == first


def test_another_day_is_another_check(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    for day in (TODAY, date(2026, 1, 5), TODAY, date(2027, 6, 1)):
        assert results(root, cache, day) == results(root, None, day)


def test_a_new_version_answers_afresh(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    results(root, cache)
    edited = root / "roster" / "alice-martin.yaml"
    edited.write_text("name: [\n", encoding="utf-8")
    monkeypatch.setattr(document_cache, "__version__", "99.0.0")
    assert_same(root, cache)


def test_a_corrupt_snapshot_index_or_memo_is_a_miss(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = results(root, None)
    results(root, cache)
    connection = sqlite3.connect(cache / DATABASE)
    with connection:
        connection.execute("UPDATE blobs SET entry = substr(entry, 1, 100)")
    connection.close()
    assert results(root, cache) == expected
    assert results(root, cache) == expected


def test_the_cache_is_pruned_beyond_its_size(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    results(root, cache)
    connection = sqlite3.connect(cache / DATABASE)
    total = connection.execute("SELECT (SELECT TOTAL(size) FROM documents) + "
                               "(SELECT TOTAL(size) FROM blobs)").fetchone()[0]
    monkeypatch.setattr(document_cache, "MAX_CACHE_BYTES", int(total // 2))
    (root / "roster" / "zoe-new.yaml").write_text("name: Zoé\nemail: nope\n")
    assert_same(root, cache)
    after = connection.execute("SELECT (SELECT TOTAL(size) FROM documents) + "
                               "(SELECT TOTAL(size) FROM blobs)").fetchone()[0]
    connection.close()
    assert after <= total // 2


def test_two_checks_at_once_on_one_cache(tmp_path):
    root = copy_example(tmp_path / "ws")
    env = {**os.environ, "CFO_CACHE_DIR": str(tmp_path / "shared"), "CFO_TODAY": "2026-11-27"}
    command = [sys.executable, "-m", "cfo_tools", "-C", str(root), "check", "--format", "json"]
    subprocess.run(command, env=env, capture_output=True, check=False)
    # After an edit: both write a new stat index, snapshot and run memo at once.
    (root / "roster" / "zoe-new.yaml").write_text("name: Zoé\nemail: nope\n")
    expected = subprocess.run([*command[:3], "--no-cache", *command[3:]], env=env,
                              capture_output=True, text=True).stdout
    running = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]
    assert [p.communicate()[0] for p in running] == [expected] * 2
    assert subprocess.run(command, env=env, capture_output=True, text=True).stdout == expected


def test_without_sqlite3_cfo_runs_without_the_cache(tmp_path):
    root = copy_example(tmp_path / "ws")
    env = {**os.environ, "CFO_CACHE_DIR": str(tmp_path / "cache"), "CFO_TODAY": "2026-11-27"}
    # The import of sqlite3 fails, as in a Python built without it.
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sqlite3.py").write_text("raise ImportError('No module named _sqlite3')\n")
    env["PYTHONPATH"] = os.pathsep.join([str(blocker), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "cfo_tools", "-C", str(root), "check", "--format", "json"]
    without = subprocess.run(command, env=env, capture_output=True, text=True)
    del env["PYTHONPATH"]
    expected = subprocess.run([*command[:3], "--no-cache", *command[3:]], env=env,
                              capture_output=True, text=True)
    assert without.stdout == expected.stdout
    assert "Traceback" not in without.stderr
    assert without.stderr.count("sqlite3") == 1
    assert not (tmp_path / "cache" / DATABASE).exists()


EDITS = st.lists(st.tuples(
    st.sampled_from(["append", "break", "delete", "rename", "copy", "touch", "same-size",
                     "restore"]),
    st.integers(min_value=0, max_value=1000)), min_size=1, max_size=4)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(EDITS)
def test_random_edit_sequences_give_what_no_cache_gives(edits):
    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder) / "ws")
        cache = Path(folder) / "cache"
        originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        age(root)  # so that the stat index trusts what it saw
        results(root, cache)
        for edit, pick in edits:
            files = sorted(root.rglob("*.yaml"))
            path = files[pick % len(files)]
            stamp = path.stat()
            if edit == "append":
                path.write_bytes(path.read_bytes() + b"# x\n")
            elif edit == "break":
                path.write_bytes(path.read_bytes() + b"\n: [\n")
            elif edit == "delete" and path.name != "company.yaml":
                path.unlink()
            elif edit == "rename" and path.name != "company.yaml":
                path.rename(path.with_name(f"z{pick}-{path.name}"))
            elif edit == "copy" and path.name != "company.yaml":
                shutil.copy(path, path.with_name(f"c{pick}-{path.name}"))
            elif edit == "touch":
                os.utime(path)
            elif edit == "same-size":
                raw = bytearray(path.read_bytes())
                where = raw.find(b":")
                if where > 0:
                    raw[where - 1:where] = b"Z"
                path.write_bytes(bytes(raw))
                os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
            elif edit == "restore" and path in originals:
                path.write_bytes(originals[path])
            expected = results(root, None)
            assert results(root, cache) == expected
            assert results(root, cache) == expected


@pytest.mark.parametrize("limit", [0, 1000])
def test_snapshot_base_and_delta(tmp_path, monkeypatch, limit):
    """With a limit of 0 every change writes a new base; with 1000, a delta beside it."""
    monkeypatch.setattr(workspace_snapshot, "_delta_limit", lambda count: limit)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    assert_same(root, cache)
    for number in range(3):
        (root / "roster" / f"zoe-{number}.yaml").write_text("name: Zoé\nemail: nope\n")
        (root / "roster" / "alice-martin.yaml").write_text(f"name: [{number}\n")
        assert_same(root, cache)


def test_after_an_edit_positions_come_without_line_maps(tmp_path, monkeypatch):
    """Only the edited file's line map may be fetched; the others' positions are remembered."""
    root = write_workspace(tmp_path / "ws", {
        "roster/ana.yaml": freelancer_yaml(),
        "missions/m1.yaml": mission_yaml("2026-12-01", "2026-12-11", ("nobody", 50),
                                         ("ana", 80)),
        "missions/m2.yaml": mission_yaml("2026-12-01", "2026-12-11", ("ana", 80)),
    })
    cache = tmp_path / "cache"
    results(root, cache)
    (root / "roster" / "ana.yaml").write_text(freelancer_yaml(rate=600), encoding="utf-8")
    expected = results(root, None)
    assert any(f.file == "missions/m1.yaml" and f.line for f in expected[0].findings)
    fetched = fetched_line_maps(monkeypatch)
    assert results(root, cache) == expected
    assert len(set(fetched)) <= 1


def test_a_throwaway_workspace_leaves_no_index_or_snapshot(tmp_path):
    """cfo diff checks old revisions in temporary folders: nothing later would use them."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = validate_workspace(root).findings
    assert validate_workspace(root, cache_folder=cache, throwaway=True).findings == expected
    connection = sqlite3.connect(cache / DATABASE)
    assert connection.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
    assert connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0] > 20
    connection.close()


def test_a_fresh_checkout_at_the_same_place_reuses_the_snapshot(tmp_path, monkeypatch):
    """As in CI, where the cache is restored beside a new checkout: new inodes, same path."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    results(root, cache)
    shutil.rmtree(root)
    copy_example(root)
    expected = results(root, None)
    read: set[bytes] = set()
    original = document_cache.DocumentCache.entries

    def noted(self, keys):  # type: ignore[no-untyped-def]
        read.update(keys)
        return original(self, keys)

    monkeypatch.setattr(document_cache.DocumentCache, "entries", noted)
    assert results(root, cache) == expected
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.keys is not None
    company = [key for spec, key in zip(prepared.files.documents, prepared.keys, strict=True)
               if spec.kind == "company"]
    # No per-file entry but the company's: `status` and `find` key their views by its data.
    assert read <= set(company)


def test_the_rules_are_not_run_again_on_an_unchanged_workspace(tmp_path, monkeypatch):
    """find, status and the other commands load the workspace without the run memo: the
    cross-file rules' problems are remembered for them, under the same key."""
    from cfo_tools.checks import validation

    root = copy_example(tmp_path / "ws")
    (root / "missions" / "design-system-banque-regionale.yaml").write_text(
        (root / "missions" / "design-system-banque-regionale.yaml").read_text().replace(
            "freelancer: ", "freelancer: x", 1))  # an unknown freelancer: a rule's finding
    age(root)
    cache = tmp_path / "cache"
    first = validate_workspace(root, cache_folder=cache)
    assert any(f.rule == "unknown-freelancer" for f in first.findings)

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the rules ran again")

    for ran_by in ("run_rules", "whole_rule_problems", "split_rule_problems"):
        monkeypatch.setattr(validation, ran_by, refuse)
    again = validate_workspace(root, cache_folder=cache)
    assert again.findings == first.findings
    monkeypatch.undo()
    assert again.findings == validate_workspace(root, cache_folder=None).findings


@pytest.mark.parametrize("limit", [0, 1000])
def test_a_load_without_briefs_keeps_them_for_the_next_commands(tmp_path, monkeypatch, limit):
    """find and status load the snapshot without the missions' briefs: reading one is an
    error, not an empty brief, and a new base they write still holds every brief."""
    monkeypatch.setattr(workspace_snapshot, "_delta_limit", lambda count: limit)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    validate_workspace(root, cache_folder=cache)
    mission = root / "missions" / "refonte-site-fromagerie-vercors.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# x\n", encoding="utf-8")
    lean = validate_workspace(root, cache_folder=cache, briefs=False).workspace
    left_out = [m for m in lean.missions.values()
                if m.brief is workspace_snapshot.BRIEF_LEFT_OUT]
    assert left_out  # the unchanged missions come from the snapshot's base
    assert lean.missions["refonte-site-fromagerie-vercors"].brief  # checked again: whole
    with pytest.raises(RuntimeError, match="without the missions' briefs"):
        left_out[0].brief.get("summary")
    expected = validate_workspace(root).workspace
    assert expected.missions[left_out[0].id].brief
    assert validate_workspace(root, cache_folder=cache).workspace == expected


def test_a_snapshot_without_its_briefs_is_not_used_for_missions(tmp_path, monkeypatch):
    """The base and the briefs are two entries: a mission whose brief is missing (the entry
    lost, or written by another run) comes from its own entry instead."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    validate_workspace(root, cache_folder=cache)
    original = workspace_snapshot._stored

    def no_briefs(cache, part, name):  # type: ignore[no-untyped-def]
        return {} if part == workspace_snapshot._BRIEFS else original(cache, part, name)

    monkeypatch.setattr(workspace_snapshot, "_stored", no_briefs)
    fetched: list[bytes] = []
    entries = document_cache.DocumentCache.entries

    def counting(self, keys):  # type: ignore[no-untyped-def]
        fetched.extend(keys)
        return entries(self, keys)

    monkeypatch.setattr(document_cache.DocumentCache, "entries", counting)
    assert validate_workspace(root, cache_folder=cache).workspace == \
        validate_workspace(root).workspace
    assert len(fetched) == len(list((root / "missions").glob("*.yaml")))


def test_the_run_key_digests_the_files_once_for_every_purpose(tmp_path):
    """check asks for the memo's key, then the rules' key: the 22,000 file keys of a large
    workspace are digested once, and each purpose still has a key of its own."""
    from cfo_tools.checks.validation import prepare_run

    root = copy_example(tmp_path / "ws")
    prepared = prepare_run(root, cache_folder=tmp_path / "cache")
    check_key = prepared.run_key("check")
    prepared.files.documents = []  # digesting the files again would now fail (zip strict)
    rules_key = prepared.run_key("rules")
    assert None not in (check_key, rules_key) and check_key != rules_key
    again = prepare_run(root, cache_folder=tmp_path / "cache")
    assert (again.run_key("rules"), again.run_key("check")) == (rules_key, check_key)


def test_a_snapshot_written_beside_the_command(tmp_path, monkeypatch):
    """The command line writes a new snapshot from a forked child while it goes on: the
    results are the same, and the next run finds the child's snapshot."""
    from cfo_tools.loading import background_writes
    from cfo_tools.loading.schemas import load_schemas

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(checking_pool, "BACKGROUND_SNAPSHOT", 1)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = results(root, None)
    assert results(root, cache) == expected
    assert background_writes._PENDING
    background_writes.wait_for_writes()
    assert not background_writes._PENDING
    opened = document_cache.DocumentCache.open(cache, load_schemas(root).validators)
    assert opened is not None
    snapshot = workspace_snapshot.WorkspaceSnapshot(opened, root)
    assert len(snapshot.entries) == len(list(root.rglob("*.yaml")))
    assert results(root, cache) == expected


def test_a_snapshot_made_of_the_workers_parts(tmp_path, monkeypatch):
    """A cold run on every core stores the snapshot as the parts its workers pickled: the runs
    after it, with and without the missions' briefs, give what no cache gives, and the
    snapshot holds what a run on one core keeps."""
    from cfo_tools.loading.schemas import load_schemas

    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 2)
    root = copy_example(tmp_path / "ws")
    expected = results(root, None)
    assert results(root, tmp_path / "pooled") == expected
    monkeypatch.setattr(checking_pool, "available_cores", lambda: 1)
    assert results(root, tmp_path / "serial") == expected
    snapshots = []
    for folder in ("pooled", "serial"):
        opened = document_cache.DocumentCache.open(tmp_path / folder,
                                                   load_schemas(root).validators)
        assert opened is not None
        snapshot = workspace_snapshot.WorkspaceSnapshot(opened, root)
        stored = opened.blob(workspace_snapshot._BASE, snapshot._name)
        made_of_parts = isinstance(stored, tuple) and stored[0] == workspace_snapshot._IN_PARTS
        assert made_of_parts == (folder == "pooled")
        snapshots.append(dict(snapshot.entries))
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0]) == len(list(root.rglob("*.yaml")))


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_pickle_the_snapshot_parts_with_any_start_method(tmp_path, monkeypatch,
                                                                   method):
    """The documents a pool sends back as snapshot parts are those a run on one core makes,
    and the snapshot written from the parts holds them, briefs included."""
    import multiprocessing

    from cfo_tools.loading.schemas import load_schemas
    from cfo_tools.loading.workspace_files import scan_workspace

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    root = copy_example(tmp_path / "ws")
    files = scan_workspace(root).documents
    validators = load_schemas(root).validators
    here = checking_pool.check_documents(files, validators, jobs=1)
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    opened = document_cache.DocumentCache.open(tmp_path / "cache", validators)
    assert opened is not None
    pooled = checking_pool.check_documents(files, validators, jobs=2, start_method=method,
                                           cache=opened, root=root)
    assert [(c.spec, c.findings, c.model, c.text) for c in pooled] == [
        (c.spec, c.findings, c.model, c.text) for c in here]
    assert all(c.positions is not None for c in pooled if not c.findings)
    snapshot = workspace_snapshot.WorkspaceSnapshot(opened, root)
    stored = opened.blob(workspace_snapshot._BASE, snapshot._name)
    assert isinstance(stored, tuple) and stored[0] == workspace_snapshot._IN_PARTS
    assert snapshot.entries == {c.key: (c.findings, c.model, c.text) for c in pooled}


def test_a_pool_filling_the_cache_leaves_one_checkpoint_to_the_snapshot(tmp_path, monkeypatch):
    """The workers writing a cold cache's entries do not copy the write-ahead log into the
    database as they go; the snapshot's writer does it once, after the snapshot."""
    from cfo_tools.loading.schemas import load_schemas
    from cfo_tools.loading.workspace_files import scan_workspace

    root = copy_example(tmp_path / "ws")
    files = scan_workspace(root).documents
    validators = load_schemas(root).validators
    calls: list[str] = []
    original = document_cache.DocumentCache.checkpoint

    def counted(self):  # type: ignore[no-untyped-def]
        calls.append("checkpoint")
        original(self)

    monkeypatch.setattr(document_cache.DocumentCache, "checkpoint", counted)
    serial = document_cache.DocumentCache.open(tmp_path / "serial", validators)
    assert serial is not None
    checking_pool.check_documents(files, validators, jobs=1, cache=serial, root=root)
    assert calls == []
    monkeypatch.setattr(checking_pool, "PARALLEL_THRESHOLD", 1)
    pooled = document_cache.DocumentCache.open(tmp_path / "pooled", validators)
    assert pooled is not None
    checking_pool.check_documents(files, validators, jobs=2, cache=pooled, root=root)
    assert calls == ["checkpoint"]
    deferring = document_cache.DocumentCache.open(tmp_path / "deferring", validators)
    assert deferring is not None
    deferring.defer_checkpoints()
    assert deferring._database().execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    deferring.close()
    assert deferring._database().execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
