"""`cfo check`'s report assembled file by file (``checks/report_by_file.py``, issue 16): after
any edit, the same bytes as ``--no-cache`` in every format, with and without ``--strict``."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_subject_memo import EDIT, TODAY, apply_edit, copy_example

from cfo_tools.checks import report_by_file, rule_subjects, subject_checks, subject_memo
from cfo_tools.checks.piece_columns import EntryTable
from cfo_tools.cli.main import cli
from conftest import fetched_line_maps

FORMATS = ("text", "json", "github")


def checked(root: Path, cache: Path | None, today: date, output_format: str,
            strict: bool = False, summary: Path | None = None, command: str = "check"
            ) -> tuple[int, str]:
    env = {"CFO_CACHE_DIR": str(cache) if cache else None,
           "CFO_NO_CACHE": None if cache else "1", "CFO_TODAY": today.isoformat(),
           "GITHUB_ACTIONS": None, "GITHUB_WORKSPACE": None,
           "GITHUB_STEP_SUMMARY": str(summary) if summary else None}
    options = ["--strict"] if strict else []
    result = CliRunner().invoke(cli, ["-C", str(root), command, "--format", output_format,
                                      *options], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout


def same_bytes(root: Path, cache: Path, today: date, output_format: str, strict: bool,
               command: str = "check") -> None:
    expected = checked(root, None, today, output_format, strict, command=command)
    # After the change, then unchanged.
    for _ in range(2):
        assert checked(root, cache, today, output_format, strict, command=command) == expected


def edits_give_the_bytes_of_no_cache(
        copy: Callable[[Path], Path],
        steps: list[tuple[tuple[str, int], str, bool]], command: str = "check") -> None:
    """On a workspace made by ``copy`` (in a folder of its own), each step's edit then
    ``cfo check`` (or ``command``) in its format, with and without ``--strict``: the bytes
    of ``--no-cache``."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy(Path(folder) / "ws")
        cache = Path(folder) / "cache"
        originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        today = TODAY
        checked(root, cache, today, "json", command=command)
        for (edit, pick), output_format, strict in steps:
            today = apply_edit(root, edit, pick, today, originals)
            same_bytes(root, cache, today, output_format, strict, command)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(EDIT, st.sampled_from(FORMATS), st.booleans()),
                     min_size=1, max_size=5),
       direct_up_to=st.sampled_from([0, 200]), whole_from=st.sampled_from([1, 10_000]))
def test_random_edits_give_the_bytes_of_no_cache(monkeypatch, steps, direct_up_to, whole_from):
    """With and without the memo for the subjects checked again (a few are checked without
    it), the rules per mission and the subjects' conflicts and follow-up checked per subject
    or on the whole workspace (and shared out)."""
    monkeypatch.setattr(subject_checks, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(subject_checks, "SHARED_OUT_FROM", whole_from)
    monkeypatch.setattr(rule_subjects, "DIRECT_UP_TO", direct_up_to)
    monkeypatch.setattr(rule_subjects, "WHOLE_FROM", whole_from)
    edits_give_the_bytes_of_no_cache(copy_example, steps)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("strict", [False, True])
def test_each_format_cold_warm_and_after_an_edit(tmp_path, output_format, strict):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, output_format, strict)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace("2026-", "2027-", 1),
                       encoding="utf-8")
    same_bytes(root, cache, TODAY, output_format, strict)


def test_facts_and_report_kept_beside_the_command(tmp_path, monkeypatch):
    """The command line makes and keeps the documents' facts, the subjects' memos and the
    report's state from forked children on a cold run: the same bytes, and the next run
    finds every fact and both memos."""
    from cfo_tools.checks import runner
    from cfo_tools.checks.check_facts import CheckFacts
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.checks.validation import subject_memo as subject_memo_of
    from cfo_tools.loading import background_writes

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(runner, "FACTS_BESIDE_FROM", 1)
    monkeypatch.setattr(report_by_file, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(subject_memo, "BASE_BESIDE_FROM", 1)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = checked(root, None, TODAY, "json")
    assert checked(root, cache, TODAY, "json") == expected
    assert background_writes._PENDING
    background_writes.wait_for_writes()
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    known = CheckFacts(prepared.cache, prepared.remembered_as).known
    assert prepared.keys and all(key in known for key in prepared.keys)
    for part in ("", "rules"):
        memo = subject_memo_of(prepared, part)
        assert memo is not None and not memo.empty()
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "text", False)
    background_writes.wait_for_writes()



def test_a_cold_checks_state_is_named_by_its_head_once_the_report_is_written(
        tmp_path, monkeypatch):
    """On a cold run with many files' findings, the child that stores them stores the
    state's tables but its pieces, and the pieces and the head are stored by the command
    once its report is written (at its end): until then the state is not used (a run then
    computes everything, right); a command ended before (killed) leaves it unused; once
    written, the next run answers from it."""
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.loading import background_writes

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(report_by_file, "BACKGROUND_FROM", 1)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = checked(root, None, TODAY, "json")
    assert checked(root, cache, TODAY, "json") == expected
    # Ended before its last writes (as if killed once its output was written).
    background_writes._take_held()
    for child in background_writes._PENDING:
        child.join()
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    state = report_by_file.ReportState.open(prepared.cache, prepared.remembered_as)
    assert state.head is None
    assert prepared.cache.blob(report_by_file._PART,
                               state._name + report_by_file._BASE) is not None
    assert checked(root, cache, TODAY, "json") == expected
    background_writes.wait_for_writes()
    updated: list[int] = []
    update = report_by_file.ReportState.update

    def updating(*args, **kwargs):  # type: ignore[no-untyped-def]
        updated.append(1)
        return update(*args, **kwargs)

    monkeypatch.setattr(report_by_file.ReportState, "update", updating)
    assert checked(root, cache, TODAY, "json") == expected
    assert updated == []
    background_writes.wait_for_writes()
    edited_twice_as_without_cache(root, cache)
    background_writes.wait_for_writes()


def _slowly_written(path: Path) -> None:
    import time

    time.sleep(0.3)
    path.write_text("first", encoding="utf-8")


def _written_after(path: Path, seen: Path, before: object) -> None:
    before.wait()  # type: ignore[attr-defined]
    seen.write_text(path.read_text(encoding="utf-8") if path.exists() else "missing",
                    encoding="utf-8")


def test_a_write_beside_waits_for_the_one_it_follows(tmp_path, monkeypatch):
    """A cold check stores its files' findings from one child while it renders them, and the
    report's state (which names them) from another: the second waits until the first is
    done, so that a run reading the state never finds it before the findings it names."""
    from cfo_tools.loading import background_writes

    monkeypatch.setattr(background_writes, "ENABLED", True)
    first, seen = tmp_path / "first", tmp_path / "seen"
    before = background_writes.write_beside(_slowly_written, first)
    assert before is not None
    background_writes.write_beside(_written_after, first, seen, before)
    before.close()
    background_writes.wait_for_writes()
    assert seen.read_text(encoding="utf-8") == "first"


def test_the_states_blobs_are_pickled_before_waiting_for_the_findings(tmp_path):
    """At a cold check's end the state's blobs (the report's pieces) are pickled and signed
    while the child storing the files' findings is still at work, and stored only once it
    is done: what waiting changes is not in them, and they are stored after it."""
    from cfo_tools.loading.document_cache import DocumentCache

    cache = DocumentCache.open(tmp_path / "cache", {})
    assert cache is not None
    pieces = {"id": b"stamp", "entries": ["first"]}
    stored_when_waiting: list[object] = []

    class Before:
        def wait(self) -> None:
            stored_when_waiting.append(cache.blob(report_by_file._PART, b"pieces"))
            pieces["entries"].append("changed while waiting")

    report_by_file._write(cache, [], [(b"pieces", pieces)], Before())  # type: ignore[arg-type]
    assert stored_when_waiting == [None]
    assert cache.blob(report_by_file._PART, b"pieces") == {"id": b"stamp",
                                                            "entries": ["first"]}


def test_a_cold_check_pauses_the_collector_until_its_report_is_made(tmp_path, monkeypatch):
    """The rules' and subjects' results of a cold check live until its end: the collector's
    passes over them (ten full ones on 22,000 files) are kept out of the way while they are
    computed and the report made, and the collector runs again afterwards."""
    import gc

    from cfo_tools.checks import runner

    seen: list[bool] = []
    sources, update = runner._sources, report_by_file.ReportState.update

    def computing(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return sources(*args, **kwargs)

    def updating(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return update(*args, **kwargs)

    monkeypatch.setattr(runner, "_sources", computing)
    monkeypatch.setattr(report_by_file.ReportState, "update", updating)
    root = copy_example(tmp_path / "ws")
    assert gc.isenabled()
    same_bytes(root, tmp_path / "cache", TODAY, "json", False)
    assert seen[:2] == [False, False]
    assert gc.isenabled()


@pytest.mark.parametrize("limit", [None, 3000])
@pytest.mark.parametrize("strict", [False, True])
def test_the_job_summary_is_the_same(tmp_path, monkeypatch, limit, strict):
    from cfo_tools.reporters import github

    if limit is not None:
        monkeypatch.setattr(github, "SUMMARY_LIMIT", limit)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    summaries = []
    for run in (None, cache, cache):
        summary = tmp_path / f"summary-{len(summaries)}.md"
        checked(root, run, TODAY, "github", strict, summary=summary)
        summaries.append(summary.read_text(encoding="utf-8"))
    assert summaries[0] == summaries[1] == summaries[2] and "| File |" in summaries[0]
    assert ("more (see the job log)" in summaries[0]) == (limit is not None)



def test_a_cold_runs_job_summary_waits_for_its_findings_stored_beside(tmp_path, monkeypatch):
    """On a cold run the files' findings are stored by a child while the report is
    printed; the job summary, which reads them from the cache, waits for them: read
    before, it would miss those not stored yet."""
    import time

    from cfo_tools.loading import background_writes

    store = report_by_file._store_findings

    def slowly_stored(cache, made):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        store(cache, made)

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(report_by_file, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(report_by_file, "_store_findings", slowly_stored)
    root = copy_example(tmp_path / "ws")
    summaries = []
    for run in (None, tmp_path / "cache"):
        summary = tmp_path / f"summary-{len(summaries)}.md"
        checked(root, run, TODAY, "github", summary=summary)
        summaries.append(summary.read_text(encoding="utf-8"))
    background_writes.wait_for_writes()
    assert summaries[0] == summaries[1] and "| File |" in summaries[0]


def test_a_cut_job_summary_reads_the_findings_of_the_first_files_only(tmp_path,
                                                                       monkeypatch):
    from cfo_tools.checks import report_by_file
    from cfo_tools.reporters import github

    root = copy_example(tmp_path / "ws")
    for n in range(60):
        (root / "roster" / f"zz-{n:02d}.yaml").write_text("name: Zoé\nemail: nope\n",
                                                           encoding="utf-8")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "github")
    monkeypatch.setattr(github, "SUMMARY_LIMIT", 1500)
    asked: list[int] = []
    real_parts = report_by_file._parts

    def counted(cache_, entries):  # type: ignore[no-untyped-def]
        asked.append(len(entries))
        return real_parts(cache_, entries)

    monkeypatch.setattr(report_by_file, "_parts", counted)
    summary = tmp_path / "summary.md"
    checked(root, cache, TODAY, "github", summary=summary)
    files = {line.split(":")[0]
             for line in checked(root, None, TODAY, "text")[1].splitlines()[:-1]}
    assert "more (see the job log)" in summary.read_text(encoding="utf-8")
    assert asked and sum(asked) < len(files)


def test_after_one_edit_only_its_files_are_rendered_again(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    checked(root, cache, TODAY, "text")
    rendered = rendered_files(monkeypatch)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert checked(root, cache, TODAY, "text") == checked(root, None, TODAY, "text")
    every = {line.split(":")[0]
             for line in checked(root, None, TODAY, "text")[1].splitlines()[:-1]}
    # The edited mission, and the files of what reads across subjects (made every run).
    assert "missions/application-mobile-velo-partage.yaml" in rendered
    assert len(rendered) < len(every) and not any(f.startswith("roster/") for f in rendered)
    rendered.clear()
    checked(root, cache, TODAY, "text")
    assert rendered == []  # unchanged: the last report's pieces


@contextmanager
def _subjects_after(edits) -> Iterator[tuple[Any, list[Any]]]:
    """The subject index of the example after ``edits``, and every subject it makes."""
    from cfo_tools.checks.subjects import SubjectIndex
    from cfo_tools.checks.validation import validate_workspace

    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder) / "ws")
        originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        for edit, pick in edits:
            apply_edit(root, edit, pick, TODAY, originals)
        index = SubjectIndex(validate_workspace(root).workspace)
        yield index, [index.people(), *index.freelancers(), *index.missions()]


@settings(max_examples=20, deadline=None)
@given(edits=st.lists(EDIT, max_size=4))
def test_the_readers_of_a_file_are_every_subject_depending_on_it(edits):
    """``SubjectIndex.readers`` is the inverse of what the subjects are made of, after any
    edits: a subject left out would keep a stale key after an edit of a file it reads."""
    from cfo_tools.checks.subjects import PEOPLE

    with _subjects_after(edits) as (index, subjects):
        assert {(s.kind, s.id) for s in subjects} == {
            (PEOPLE, ""), *(("freelancer", f) for f in index.freelancer_ids()),
            *(("mission", m) for m in index.mission_ids())}
        for subject in subjects:
            assert subject.depends_on
            for file in subject.depends_on:
                assert (subject.kind, subject.id) in index.readers({file}), file


@settings(max_examples=20, deadline=None)
@given(edits=st.lists(EDIT, max_size=4), picks=st.lists(st.integers(0, 10_000), max_size=6))
def test_the_readers_of_files_are_exactly_the_subjects_depending_on_them(edits, picks):
    """``SubjectIndex.readers`` of a few files (picked among the ids of every kind, in C)
    is exactly the set of subjects whose ``depends_on`` holds one of them: none missing
    (a stale key) and none more (a subject checked again for nothing)."""
    with _subjects_after(edits) as (index, subjects):
        every = sorted({file for subject in subjects for file in subject.depends_on}
                       | {"missions/not-a-file.yaml"})
        files = {every[pick % len(every)] for pick in picks}
        assert index.readers(files) == {(s.kind, s.id) for s in subjects
                                        if files.intersection(s.depends_on)}


def test_a_state_whose_findings_are_gone_is_started_again(tmp_path, monkeypatch):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    parts = report_by_file._parts
    emptied = []

    def pruned(cache_, entries):  # type: ignore[no-untyped-def]
        if not emptied:  # the first time only: as if the cache had pruned them
            emptied.append(len(entries))
            return {}
        return parts(cache_, entries)

    monkeypatch.setattr(report_by_file, "_parts", pruned)
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8").replace("2026-", "2027-", 1),
                       encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)
    assert emptied and emptied[0] > 0


def test_a_damaged_state_is_a_miss(tmp_path):
    import sqlite3

    from cfo_tools.loading.document_cache import DATABASE

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "text", False)
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE blobs SET entry = randomblob(64)")
        connection.execute("UPDATE documents SET entry = randomblob(64)")
    same_bytes(root, cache, TODAY, "text", False)


@pytest.mark.parametrize("filled_first", [False, True])
def test_subjects_on_two_workers_beside_the_rules_give_the_bytes_of_no_cache(
        tmp_path, monkeypatch, filled_first):
    """A cold ``check`` starts the subjects' workers before the cross-file rules, and on an
    empty memo before any key is made (the keys are made while the workers compute); a memo
    another command filled (``check_results``, as ``cfo site`` runs) is read as before."""
    from cfo_tools.checks.runner import check_results

    monkeypatch.setattr(subject_checks, "PARALLEL_FROM", 1)
    monkeypatch.setattr(subject_checks, "available_cores", lambda: 2)
    order: list[str] = []
    started, keyed = subject_checks.started_chunks, subject_checks._keys

    def starting(*args, **kwargs):  # type: ignore[no-untyped-def]
        order.append("started")
        return started(*args, **kwargs)

    def keying(*args, **kwargs):  # type: ignore[no-untyped-def]
        order.append("keyed")
        return keyed(*args, **kwargs)

    monkeypatch.setattr(subject_checks, "started_chunks", starting)
    monkeypatch.setattr(subject_checks, "_keys", keying)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    if filled_first:
        check_results(root, today=TODAY, cache_folder=cache)
    order.clear()
    for output_format in ("json", "text"):
        expected = checked(root, None, TODAY, output_format)
        assert checked(root, cache, TODAY, output_format) == expected
    assert order[:2] == (["keyed", "started"] if filled_first else ["started", "keyed"])


def test_a_cold_check_leaves_the_keys_to_the_pool_and_the_next_run_answers(tmp_path,
                                                                            monkeypatch):
    """On a cold cache no document key is read before the documents are checked (the
    pool's workers make them); the run's key taken afterwards is the one the next run
    computes first, so that run answers from the state without computing any source."""
    from cfo_tools.checks import runner
    from cfo_tools.loading import background_writes, document_keys

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    completed: list[int] = []
    complete = document_keys.DocumentKeys.complete

    def completing(self):  # type: ignore[no-untyped-def]
        completed.append(self.pending)
        return complete(self)

    monkeypatch.setattr(document_keys.DocumentKeys, "complete", completing)
    expected = checked(root, None, TODAY, "text")
    completed.clear()
    assert checked(root, cache, TODAY, "text") == expected
    assert completed and completed[0] == 0  # asked for only once the pool made them
    # The state is written beside the command, which a process waits for as it ends: in
    # this process, before the next run (on a busy machine the writer was still at work).
    background_writes.wait_for_writes()
    computed: list[int] = []
    sources = runner._sources

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        computed.append(1)
        return sources(*args, **kwargs)

    monkeypatch.setattr(runner, "_sources", counting)
    assert checked(root, cache, TODAY, "text") == expected
    assert computed == []


def test_a_run_that_answers_reads_the_pieces_only(tmp_path, monkeypatch):
    """With nothing changed, the last report is printed from the head and the files'
    pieces: the state's other tables (sources, dependencies, files) are not read."""
    from cfo_tools.loading.document_cache import DocumentCache

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    read: list[bytes] = []
    original = DocumentCache.blob

    def reading(self, part, name):  # type: ignore[no-untyped-def]
        if part == report_by_file._PART:
            read.append(name[-7:])
        return original(self, part, name)

    monkeypatch.setattr(DocumentCache, "blob", reading)
    expected = checked(root, None, TODAY, "json")
    assert checked(root, cache, TODAY, "json") == expected
    assert read and all(not name.endswith(report_by_file._BASE) for name in read)
    read.clear()
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)
    assert any(name.endswith(report_by_file._BASE) for name in read)


def edited_twice_as_without_cache(root: Path, cache: Path) -> None:
    """A mission edited, then again: each time the bytes of --no-cache, then unchanged."""
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)
    mission.write_text(mission.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)


@pytest.mark.parametrize("damage", ["gone", "another base", "older layout", "a dict",
                                    "columns cut", "not columns"])
def test_a_state_whose_other_tables_cannot_be_used_starts_afresh(tmp_path, damage):
    """The base's tables other than the pieces, read after an edit, missing, of another
    base, the state kept in an older layout (four tables in ``+base``, no ``+pieces``; the
    sources as a dict), a column cut short, or a table that could not be made columns (kept
    as None): the run starts afresh, with the bytes of --no-cache, and the next runs answer
    again."""
    import sqlite3

    from cfo_tools.loading.document_cache import DATABASE, DocumentCache, _blob_key
    from cfo_tools.loading.schemas import load_schemas
    from cfo_tools.loading.stat_index import workspace_place

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    opened = DocumentCache.open(cache, load_schemas(root).validators)
    assert opened is not None
    name = workspace_place(root) + opened.context
    pieces = opened.blob(report_by_file._PART, name + report_by_file._PIECES)
    rest = opened.blob(report_by_file._PART, name + report_by_file._BASE)
    assert isinstance(pieces, dict) and isinstance(rest, dict)
    assert rest["id"] == pieces["id"] and "entries" not in rest
    if damage == "gone":
        with sqlite3.connect(cache / DATABASE) as connection:
            connection.execute("DELETE FROM blobs WHERE key = ?", (
                _blob_key(report_by_file._PART, name + report_by_file._BASE),))
    elif damage == "another base":
        opened.store_blob(report_by_file._PART, name + report_by_file._BASE,
                          {**rest, "id": b"another"})
    elif damage in ("a dict", "columns cut", "not columns"):
        apart, columns = rest["sources"]
        sources = {"a dict": {("rules", "mission", "x"): (None, ())},
                   "columns cut": (apart, columns[:-1]), "not columns": None}[damage]
        opened.store_blob(report_by_file._PART, name + report_by_file._BASE,
                          {**rest, "sources": sources})
    else:
        # The same entries (read as views of the blob: stored again as columns made anew).
        entries = EntryTable.from_stored(pieces["entries"])
        assert entries is not None
        opened.store_blob(report_by_file._PART, name + report_by_file._BASE,
                          {**rest, "entries": entries.stored()})
        with sqlite3.connect(cache / DATABASE) as connection:
            connection.execute("DELETE FROM blobs WHERE key = ?", (
                _blob_key(report_by_file._PART, name + report_by_file._PIECES),))
    opened.close()
    edited_twice_as_without_cache(root, cache)


@pytest.mark.parametrize("damage", ["gone", "another run", "not columns", "keys cut"])
def test_a_state_whose_files_keys_cannot_be_used_starts_afresh(tmp_path, damage):
    """The files' keys of the last run (``+files``, read after an edit to find what changed)
    missing, of another run, or not two columns of whole keys: the run starts afresh, with
    the bytes of --no-cache, and the next runs answer again."""
    import sqlite3

    from cfo_tools.loading.document_cache import DATABASE, DocumentCache, _blob_key
    from cfo_tools.loading.schemas import load_schemas
    from cfo_tools.loading.stat_index import workspace_place

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    opened = DocumentCache.open(cache, load_schemas(root).validators)
    assert opened is not None
    name = workspace_place(root) + opened.context + report_by_file._FILES
    kept = opened.blob(report_by_file._PART, name)
    assert isinstance(kept, dict) and isinstance(kept["columns"][1], bytes)
    if damage == "gone":
        with sqlite3.connect(cache / DATABASE) as connection:
            connection.execute("DELETE FROM blobs WHERE key = ?",
                               (_blob_key(report_by_file._PART, name),))
    elif damage == "another run":
        opened.store_blob(report_by_file._PART, name, {**kept, "id": b"another"})
    elif damage == "not columns":
        opened.store_blob(report_by_file._PART, name, {**kept, "columns": {"a.yaml": b"k"}})
    else:
        names, keys = kept["columns"]
        opened.store_blob(report_by_file._PART, name, {**kept, "columns": (names, keys[:-1])})
    opened.close()
    edited_twice_as_without_cache(root, cache)


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_comment_in_company_yaml_moves_the_closure_a_conflict_names(tmp_path, monkeypatch,
                                                                       output_format):
    """A booking during a company closure names the closure's line in company.yaml: a
    comment above it (the company's data, its key for the subjects, unchanged) moves it.
    The mission's file is made again for that, not after an edit elsewhere."""
    from cfo_tools.checks.runner import check_results
    from conftest import company_yaml, freelancer_yaml, mission_yaml, write_workspace

    root = write_workspace(tmp_path / "ws", {
        "company.yaml": company_yaml("closures:\n  - {from: 2026-12-24, to: 2027-01-01}\n"),
        "roster/ana.yaml": freelancer_yaml(),
        "roster/bob.yaml": freelancer_yaml(),
        "missions/m1.yaml": mission_yaml("2026-12-01", "2027-01-29", ("ana", 80)),
        "missions/m2.yaml": mission_yaml("2027-03-01", "2027-03-26", ("bob", 80)),
    })
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, output_format, False)
    check_results(root, today=TODAY, cache_folder=cache)
    company = root / "company.yaml"
    company.write_text("# a comment\n" + company.read_text(encoding="utf-8"), encoding="utf-8")
    rendered = rendered_files(monkeypatch)
    same_bytes(root, cache, TODAY, output_format, False)
    assert "missions/m1.yaml" in rendered
    expected = check_results(root, today=TODAY, cache_folder=None)
    assert any(place.file == "company.yaml" for finding in expected.findings
               for place in finding.related)
    assert check_results(root, today=TODAY, cache_folder=cache) == expected
    other = root / "missions" / "m2.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    rendered.clear()
    same_bytes(root, cache, TODAY, output_format, False)
    assert "missions/m1.yaml" not in rendered


def test_placed_again_looks_up_only_the_places_on_the_files_given():
    """Findings on the moved file, or naming a place on it, are placed again; the others
    are kept as they are, and a group with none of them is the same list."""
    from cfo_tools.model.findings import Finding, Location

    apart = Finding("missions/m2.yaml", 3, 5, "/a", "r", "error", "m")
    on_it = Finding("company.yaml", 9, 3, "/closures/0", "r", "error", "m")
    naming = Finding("missions/m1.yaml", 4, 5, "/assignments/0", "r", "error", "m",
                     (Location("missions/m1.yaml", 4, 5, "/assignments/0"),
                      Location("company.yaml", 9, 3, "/closures/0")))
    asked: list[set[tuple[str, str]]] = []

    def locate_all(places):  # type: ignore[no-untyped-def]
        asked.append(set(places))
        return {place: (10, 3) for place in places}

    untouched = [apart]
    groups = report_by_file.placed_again([untouched, [apart, on_it, naming]],
                                         frozenset({"company.yaml"}), locate_all)
    assert asked == [{("company.yaml", "/closures/0")}]
    assert groups[0] is untouched
    assert groups[1][0] is apart
    assert (groups[1][1].line, groups[1][1].column) == (10, 3)
    assert (groups[1][2].line, groups[1][2].related[0]) == (4, naming.related[0])
    assert groups[1][2].related[1] == Location("company.yaml", 10, 3, "/closures/0")
    assert report_by_file.placed_again([untouched], frozenset({"x.yaml"}), locate_all)[0] \
        is untouched
    assert len(asked) == 1


def rendered_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose findings ``cfo check`` renders from now on, run after run."""
    rendered: list[str] = []
    update = report_by_file.ReportState.update

    def recording(self, run, view, computed, render):  # type: ignore[no-untyped-def]
        def counting(findings):  # type: ignore[no-untyped-def]
            rendered.append(findings[0].file)
            return render(findings)

        return update(self, run, view, computed, counting)

    monkeypatch.setattr(report_by_file.ReportState, "update", recording)
    return rendered


@pytest.mark.parametrize("new_base", [False, True])
def test_edits_over_the_columns_give_the_bytes_of_no_cache(tmp_path, monkeypatch, new_base):
    """The sources and dependencies kept as columns (``checks/row_columns.py``), each run's
    changes kept as a delta laid over them, or a new base made into columns on every run:
    after each edit the bytes of --no-cache, and the base's tables read are columns."""
    from cfo_tools.checks.row_columns import ColumnTable

    if new_base:
        monkeypatch.setattr(report_by_file, "_DELTA_MIN", 0)
        monkeypatch.setattr(report_by_file, "_DELTA_SHARE", 10**9)
    else:
        monkeypatch.setattr(report_by_file, "_DELTA_MIN", 10**9)
    bases = []
    blobs = report_by_file.ReportState._blobs

    def recording(self, *args):  # type: ignore[no-untyped-def]
        made = blobs(self, *args)
        bases.append(any(name.endswith(report_by_file._BASE) for name, _ in made))
        tables = [self.tables[table] for table in report_by_file._OTHER_TABLES]
        assert all(isinstance(table, ColumnTable) for table in tables)
        return made

    monkeypatch.setattr(report_by_file.ReportState, "_blobs", recording)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_bytes(root, cache, TODAY, "json", False)
    edited_twice_as_without_cache(root, cache)
    roster = root / "roster" / "alice-martin.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("2026-", "2027-", 1),
                      encoding="utf-8")
    same_bytes(root, cache, TODAY, "json", False)
    renamed = root / "missions" / "renamed.yaml"
    (root / "missions" / "application-mobile-velo-partage.yaml").rename(renamed)
    same_bytes(root, cache, TODAY, "json", False)
    renamed.unlink()
    same_bytes(root, cache, TODAY, "json", False)
    assert bases[0]  # the cold run
    assert all(bases[1:]) if new_base else not any(bases[1:])


def test_a_checks_positions_are_kept_once_by_its_reports_child(tmp_path, monkeypatch):
    """The positions a check looked up (the rules' and the subjects') are kept for the next
    runs once, by the child forked to store the report's files' findings (every position is
    known by then), after them: never by the command itself, whose end they held up; the
    command's own last writes lost (killed once its output was written), the next run gives
    the same bytes; kept, an edit locates the findings of the files it did not touch
    without their line maps."""
    from cfo_tools.checks import validation
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.loading import background_writes

    monkeypatch.setattr(background_writes, "ENABLED", True)
    # The files' findings stored by a child (as on a cold check of a large workspace).
    monkeypatch.setattr(report_by_file, "BACKGROUND_FROM", 1)
    remembered: list[int] = []
    remember = validation.SourceMaps.remember

    def counted(self, found):  # type: ignore[no-untyped-def]
        remembered.append(len(found))  # in this process only: not the child's
        remember(self, found)

    monkeypatch.setattr(validation.SourceMaps, "remember", counted)
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    expected = checked(root, None, TODAY, "json")
    remembered.clear()
    assert checked(root, cache, TODAY, "json") == expected
    # Ended before its own last writes (as if killed once its output was written).
    background_writes._take_held()
    for child in background_writes._PENDING:
        child.join()
    assert not [size for size in remembered if size]
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    maps = validation.SourceMaps({}, prepared.cache, prepared.keys_by_file(),
                                 prepared.remembered_as)
    kept = len(dict(maps._known().items()))
    assert kept
    assert checked(root, cache, TODAY, "json") == expected
    background_writes.wait_for_writes()
    assert not [size for size in remembered if size]
    maps = validation.SourceMaps({}, prepared.cache, prepared.keys_by_file(),
                                 prepared.remembered_as)
    assert len(dict(maps._known().items())) == kept
    mission = root / "missions" / "application-mobile-velo-partage.yaml"
    mission.write_text(mission.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    expected = checked(root, None, TODAY, "json")
    fetched = fetched_line_maps(monkeypatch)
    assert checked(root, cache, TODAY, "json") == expected
    background_writes.wait_for_writes()
    assert len(set(fetched)) <= 1


_FILES = st.sampled_from(["a.yaml", "b.yaml", "c.yaml", "d.yaml"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_FILES, st.lists(_FILES, max_size=3)), max_size=6))
def test_the_files_a_source_reports_on_are_its_findings_then_their_places(found):
    """Each file once: first those of the findings, in order, then the other files of
    the places they name, in order."""
    from cfo_tools.model.findings import Finding, Location

    findings = [Finding(file, 1, 1, "", "rule", "error", "message",
                        tuple(Location(other, 1, 1, "") for other in places))
                for file, places in found]
    expected: list[str] = []
    for file in [f.file for f in findings] + [p.file for f in findings for p in f.related]:
        if file not in expected:
            expected.append(file)
    assert report_by_file._reported_on(findings) == tuple(expected)


def test_a_cold_checks_places_on_company_yaml_are_kept_with_the_others(tmp_path,
                                                                        monkeypatch):
    """The places on company.yaml that the report looks up again (a booking during a
    closure names the closure's line) are kept in the one table written with the report's
    files' findings, not in a table of their own before it; the bytes are those of
    ``--no-cache``."""
    from cfo_tools.checks import validation
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.loading import background_writes
    from conftest import company_yaml, freelancer_yaml, mission_yaml, write_workspace

    monkeypatch.setattr(background_writes, "ENABLED", True)
    monkeypatch.setattr(report_by_file, "BACKGROUND_FROM", 1)
    # Each table kept, in whichever process keeps it (the report's child): one line each.
    log = tmp_path / "remembered"
    remember = validation.SourceMaps.remember

    def counted(self, found):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as lines:
            lines.write(f"{len(found)} {('company.yaml', '/closures/0') in found}\n")
        remember(self, found)

    monkeypatch.setattr(validation.SourceMaps, "remember", counted)
    root = write_workspace(tmp_path / "ws", {
        "company.yaml": company_yaml("closures:\n  - {from: 2026-12-24, to: 2027-01-01}\n"),
        "roster/ana.yaml": freelancer_yaml(),
        "missions/m1.yaml": mission_yaml("2026-12-01", "2027-01-29", ("ana", 80)),
    })
    cache = tmp_path / "cache"
    expected = checked(root, None, TODAY, "json")
    log.unlink(missing_ok=True)
    assert checked(root, cache, TODAY, "json") == expected
    background_writes.wait_for_writes()
    kept = [line for line in log.read_text(encoding="utf-8").splitlines()
            if not line.startswith("0 ")]
    assert len(kept) == 1
    assert kept[0].endswith(" True")
    prepared = prepare_run(root, cache_folder=cache)
    assert prepared.cache is not None and prepared.remembered_as is not None
    keys = prepared.keys_by_file()
    maps = validation.SourceMaps({}, prepared.cache, keys, prepared.remembered_as)
    assert maps._known().get((keys["company.yaml"], "/closures/0")) is not None
    assert checked(root, cache, TODAY, "json") == expected
