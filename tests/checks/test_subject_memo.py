"""`cfo check` after an edit re-checks only the freelancers and missions the edit touches
(issue 16): what each subject's conflicts and follow-up read is keyed, and the results are
always those of ``--no-cache``."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfo_tools.checks import subject_checks, subject_memo
from cfo_tools.checks.follow_up import FollowUpContext
from cfo_tools.checks.runner import check_results
from cfo_tools.loading.document_cache import DATABASE
from conftest import REPO

TODAY = date(2026, 11, 27)
STATUSES = ["draft", "open", "staffed", "in-progress", "in-review", "validated", "cancelled"]


def copy_example(root: Path) -> Path:
    """The example workspace with everything the follow-up reads: activity and invoices too."""
    root.mkdir()
    shutil.copy(REPO / "company.yaml", root)
    for folder in ("roster", "missions", "candidates", "activity", "invoices"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def same_as_without_cache(root: Path, cache: Path, today: date = TODAY) -> None:
    expected = check_results(root, today=today, cache_folder=None)
    assert check_results(root, today=today, cache_folder=cache) == expected
    assert check_results(root, today=today, cache_folder=cache) == expected


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The subjects whose checks ran, as (kind, id)."""
    ran: list[tuple[str, str]] = []
    conflicts, problems = subject_checks._conflicts, subject_checks._problems

    def counting_conflicts(subject, calendar):  # type: ignore[no-untyped-def]
        ran.append(("conflicts", subject.id))
        return conflicts(subject, calendar)

    def counting_problems(subject, calendar, today):  # type: ignore[no-untyped-def]
        ran.append((subject.kind, subject.id))
        return problems(subject, calendar, today)

    monkeypatch.setattr(subject_checks, "_conflicts", counting_conflicts)
    monkeypatch.setattr(subject_checks, "_problems", counting_problems)
    return ran


def test_one_mission_edited_rechecks_it_and_the_people_it_names(tmp_path, counted):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    assert ("mission", "application-mobile-velo-partage") in counted
    counted.clear()
    path = root / "missions" / "application-mobile-velo-partage.yaml"
    path.write_text(path.read_text().replace("start: 2026-12-04", "start: 2026-12-07"))
    same_as_without_cache(root, cache)
    named = {"david-nguyen", "gaelle-moreau", "farid-haddad"}
    assert ("mission", "application-mobile-velo-partage") in counted
    assert {i for k, i in counted if k == "freelancer"} <= named | {"emma-petit", "hugo-lambert",
                                                                   "bruno-lefevre"}
    assert {i for k, i in counted if k == "mission"} == {"application-mobile-velo-partage"}


def test_a_rate_changed_in_the_roster_reaches_the_missions_it_is_billed_on(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    path = root / "roster" / "david-nguyen.yaml"
    path.write_text(path.read_text().replace("daily_rate: 580", "daily_rate: 5800"))
    same_as_without_cache(root, cache)
    found = check_results(root, today=TODAY, cache_folder=cache).findings
    assert {(f.file, f.rule) for f in found} >= {
        ("missions/application-mobile-velo-partage.yaml", "over-budget")}


@pytest.mark.parametrize("shared_out_from", [1, 10_000])
@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_many_subjects_are_checked_on_every_core_with_the_same_results(tmp_path, monkeypatch,
                                                                       start_method,
                                                                       shared_out_from):
    """Subject by subject, or each rule once on the whole workspace and shared out."""
    from cfo_tools.loading import work_pool

    monkeypatch.setattr(subject_checks, "PARALLEL_FROM", 1)
    monkeypatch.setattr(subject_checks, "SHARED_OUT_FROM", shared_out_from)
    monkeypatch.setattr(subject_checks, "available_cores", lambda: 2)
    monkeypatch.setattr(work_pool, "default_start_method", lambda: start_method)
    root = copy_example(tmp_path / "ws")
    same_as_without_cache(root, tmp_path / "cache")


def test_another_day_keeps_the_conflicts(tmp_path, counted):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    counted.clear()
    same_as_without_cache(root, cache, TODAY + timedelta(days=1))
    assert counted and not [c for c in counted if c[0] == "conflicts"]


def test_a_corrupt_memo_is_a_miss(tmp_path):
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    with sqlite3.connect(cache / DATABASE) as connection:
        connection.execute("UPDATE blobs SET entry = substr(entry, 1, length(entry) - 9) "
                           "|| zeroblob(9)")
    path = root / "roster" / "david-nguyen.yaml"
    path.write_text(path.read_text() + "# edited\n")
    same_as_without_cache(root, cache)


def test_a_memo_of_another_shape_is_a_miss(tmp_path, monkeypatch):
    """Entries signed but not what this code stores (an older layout) are computed again."""
    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    original = subject_memo.SubjectMemo._entries

    def odd(self):  # type: ignore[no-untyped-def]
        return {key: [("x",)] for key in original(self)}

    monkeypatch.setattr(subject_memo.SubjectMemo, "_entries", odd)
    path = root / "company.yaml"
    path.write_text(path.read_text() + "# edited\n")
    same_as_without_cache(root, cache)


def test_the_memo_reads_back_the_findings_it_keeps_as_rows():
    """Kept as the workers' rows (or as the objects, an earlier layout), read back as the
    same findings; rows of another shape are a miss."""
    from cfo_tools.model.findings import Finding, Location

    related = (Location("missions/a.yaml", 3, 5, "/assignments/0"),
               Location("company.yaml", None, None, "/closures/1"))
    findings = [Finding("missions/a.yaml", 3, 5, "/assignments/0", "overbooked", "error",
                        "booked", related),
                Finding("roster/b.yaml", None, None, "", "compliance", "warning", "no NDA")]
    rows = [(f.file, f.line, f.column, f.path, f.rule, f.severity, f.message,
             tuple((p.file, p.line, p.column, p.path) for p in f.related)) for f in findings]
    assert subject_memo.rows_findings(rows) == findings
    assert subject_memo.rows_findings(findings) == findings
    assert subject_memo.rows_findings([]) == []
    for odd in (None, {}, [("x",)], [(*rows[0][:7], ("a",))], [rows[0][:7]]):
        assert subject_memo.rows_findings(odd) is None


def _shift_date(text: str, pick: int) -> str:
    found = list(re.finditer(r"\b(\d{4}-\d{2}-\d{2})\b", text))
    if not found:
        return text
    match = found[pick % len(found)]
    day = date.fromisoformat(match.group(1)) + timedelta(days=(pick % 61) - 30)
    return text[:match.start()] + day.isoformat() + text[match.end():]


def _other_person(text: str, pick: int, people: list[str]) -> str:
    found = list(re.finditer(r"(freelancer|by): ([a-z-]+)", text))
    if not found:
        return text
    match = found[pick % len(found)]
    return text[:match.start(2)] + people[pick % len(people)] + text[match.end(2):]


def _other_number(text: str, pick: int) -> str:
    found = list(re.finditer(r"(allocation|capacity|daily_rate|budget|days): (\d+)", text))
    if not found:
        return text
    match = found[pick % len(found)]
    return text[:match.start(2)] + str(pick % 150 + 1) + text[match.end(2):]


def _other_status(text: str, pick: int) -> str:
    found = list(re.finditer(r"^status: (\S+)", text, re.MULTILINE))
    if not found:
        return text
    match = found[0]
    return text[:match.start(1)] + STATUSES[pick % len(STATUSES)] + text[match.end(1):]


def _other_team_member(text: str, pick: int) -> str:
    """An owner, requester or check-in author replaced by another team member or a typo."""
    found = list(re.finditer(r"(owner|requested_by|by): ([a-z-]+)", text))
    if not found:
        return text
    match = found[pick % len(found)]
    name = ["camille-roux", "julien-morel", "bruno-petit", "nobody"][pick % 4]
    return text[:match.start(2)] + name + text[match.end(2):]


def _other_digit(text: str, pick: int) -> str:
    """One digit of a SIRET, SIREN or VAT number changed (its checksum then fails)."""
    found = list(re.finditer(r"(siret|siren|vat_number): \"?[A-Z]*(\d+)", text))
    if not found:
        return text
    match = found[pick % len(found)]
    at = match.start(2) + pick % len(match.group(2))
    return text[:at] + str((int(text[at]) + 1 + pick % 8) % 10) + text[at + 1:]


def _same_id(text: str, pick: int) -> str:
    """An id of a deliverable, need or team member given to the next one of its list."""
    found = list(re.finditer(r"^  - id: (\S+)$", text, re.MULTILINE))
    if len(found) < 2:
        return text
    i = pick % (len(found) - 1)
    first, second = found[i], found[i + 1]
    return text[:second.start(1)] + first.group(1) + text[second.end(1):]


def _line_dropped(text: str, pick: int) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    del lines[pick % len(lines)]
    return "".join(lines)


EDIT = st.tuples(
    st.sampled_from(["date", "person", "number", "rate", "status", "delete", "rename", "copy",
                     "today", "restore", "team", "digit", "id", "drop", "company-comment",
                     "company-name", "company-closure", "company-currency"]),
    st.integers(min_value=0, max_value=10_000))
EDITS = st.lists(EDIT, min_size=1, max_size=5)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(EDITS, st.sampled_from([1, 10_000]))
def test_random_edits_of_meaning_give_what_no_cache_gives(edits, whole_from):
    """Also the cross-file rules run per mission (``checks/rule_subjects.py``): checked again
    per subject after an edit, or run on the whole workspace and shared out by file."""
    from cfo_tools.checks import rule_subjects

    original_whole_from = rule_subjects.WHOLE_FROM
    rule_subjects.WHOLE_FROM = whole_from
    try:
        _random_edits(edits)
    finally:
        rule_subjects.WHOLE_FROM = original_whole_from


def _random_edits(edits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder) / "ws")
        cache = Path(folder) / "cache"
        originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        today = TODAY
        check_results(root, today=today, cache_folder=cache)
        for edit, pick in edits:
            today = apply_edit(root, edit, pick, today, originals)
            expected = check_results(root, today=today, cache_folder=None)
            assert check_results(root, today=today, cache_folder=cache) == expected


def apply_edit(root: Path, edit: str, pick: int, today: date, originals: dict[Path, bytes]
               ) -> date:
    """One edit of :data:`EDITS` made to the workspace at ``root``; the day to check as of
    after it (``today`` unless the edit is another day)."""
    people = sorted(p.stem for p in (root / "roster").glob("*.yaml"))
    files = sorted(root.rglob("*.yaml"))
    path = files[pick % len(files)]
    text = path.read_text(encoding="utf-8")
    if edit == "date":
        path.write_text(_shift_date(text, pick), encoding="utf-8")
    elif edit == "person":
        path.write_text(_other_person(text, pick, people), encoding="utf-8")
    elif edit == "number":
        path.write_text(_other_number(text, pick), encoding="utf-8")
    elif edit == "rate":
        rates = sorted((root / "roster").glob("*.yaml"))
        if rates:
            path = rates[pick % len(rates)]
            path.write_text(re.sub(r"daily_rate: \d+", f"daily_rate: {pick % 2000 + 1}",
                                   path.read_text(encoding="utf-8")), encoding="utf-8")
    elif edit == "status":
        path.write_text(_other_status(text, pick), encoding="utf-8")
    elif edit == "delete" and path.name != "company.yaml":
        path.unlink()
    elif edit == "rename" and path.name != "company.yaml":
        path.rename(path.with_name(f"z{pick}-{path.name}"))
    elif edit == "copy" and path.name != "company.yaml":
        shutil.copy(path, path.with_name(f"c{pick}-{path.name}"))
    elif edit == "today":
        today = TODAY + timedelta(days=pick % 200 - 100)
    elif edit == "restore" and path in originals:
        path.write_bytes(originals[path])
    elif edit == "team":
        path.write_text(_other_team_member(text, pick), encoding="utf-8")
    elif edit == "digit":
        path.write_text(_other_digit(text, pick), encoding="utf-8")
    elif edit == "id":
        path.write_text(_same_id(text, pick), encoding="utf-8")
    elif edit == "drop":
        path.write_text(_line_dropped(text, pick), encoding="utf-8")
    elif edit.startswith("company-") and (root / "company.yaml").exists():
        _company_edited(root / "company.yaml", edit, pick)
    return today


def _company_edited(path: Path, edit: str, pick: int) -> None:
    """The company's file with a comment that moves its lines, a field no rule reads (its
    name), or one they read (a closure's dates, the currency) changed."""
    text = path.read_text(encoding="utf-8")
    if edit == "company-comment":
        lines = text.splitlines(keepends=True)
        at = pick % (len(lines) + 1)
        # Between top-level keys only: inside a folded scalar a comment is text.
        while at < len(lines) and lines[at][:1] in (" ", "-"):
            at += 1
        text = "".join([*lines[:at], f"# note {pick}\n", *lines[at:]])
    elif edit == "company-name":
        text = re.sub(r"^name: .*$", f"name: Atelier {pick}", text, count=1, flags=re.M)
    elif edit == "company-closure":
        text = re.sub(r"(- from: )\d{4}-\d{2}-\d{2}",
                      lambda m: f"{m[1]}2026-{pick % 12 + 1:02d}-{pick % 28 + 1:02d}", text,
                      count=1)
    else:
        text = re.sub(r"^currency: .*$", f"currency: {['EUR', 'USD', 'eur'][pick % 3]}",
                      text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_after_an_edit_only_a_delta_is_written(tmp_path, monkeypatch):
    from cfo_tools.loading.document_cache import DocumentCache

    root = copy_example(tmp_path / "ws")
    cache = tmp_path / "cache"
    same_as_without_cache(root, cache)
    written: list[tuple[bytes, int]] = []
    store = DocumentCache.store_blob

    def recording(self, part, name, value):  # type: ignore[no-untyped-def]
        if part == subject_memo._PART:
            written.append((name[-len(subject_memo._DELTA):], len(value)))
        return store(self, part, name, value)

    monkeypatch.setattr(DocumentCache, "store_blob", recording)
    for step in range(3):
        path = root / "missions" / "application-mobile-velo-partage.yaml"
        path.write_text(path.read_text() + f"# edit {step}\n")
        same_as_without_cache(root, cache)
    assert written and all(name == subject_memo._DELTA for name, _ in written)
    assert written[-1][1] <= 10  # the mission and the people it names, not every subject


def _every_task(root: Path, today: date) -> tuple[list[tuple[str, str, str]], Any, Any]:
    """Every task of a cold run's conflicts and follow-up of the workspace at ``root``, its
    subjects' index and its working calendar."""
    from cfo_tools.checks.subjects import SubjectIndex
    from cfo_tools.checks.validation import validate_workspace
    from cfo_tools.planning.working_calendar import WorkingCalendar

    workspace = validate_workspace(root).workspace
    assert workspace.company is not None
    calendar = WorkingCalendar.for_company(workspace.company)
    index = SubjectIndex(workspace)
    tasks = [(what, "freelancer", ident) for ident in index.freelancer_ids()
             for what in (subject_checks.CONFLICTS, subject_checks.FOLLOW_UP)]
    tasks += [(subject_checks.FOLLOW_UP, "mission", ident) for ident in index.mission_ids()]
    return tasks, index, calendar


def _each_own(tasks: list[tuple[str, str, str]], index: Any, calendar: Any, today: date
              ) -> list[list[tuple[Any, ...]]]:
    """The results of each task checked on its subject's own workspace."""
    work = [(what, index.subject(kind, ident)) for what, kind, ident in tasks]
    return subject_checks._computed((work, calendar, today), range(len(tasks)))


def _decoded(tasks: list[tuple[str, str, str]], results: list[list[Any]]) -> list[Any]:
    """Each task's conflicts or problems, from the memo's rows or as found on the whole
    workspace: the results compared, whatever their form."""
    return [subject_checks._decoded(what, result)
            for (what, _, _), result in zip(tasks, results, strict=True)]


@pytest.mark.parametrize("days", [0, 45, 120, 400])
def test_shared_out_results_are_each_subjects_own(tmp_path, days):
    """A cold run keeps in the memo each subject's share of one run of each rule on the whole
    workspace; after an edit, the subjects checked again are checked on their own workspace,
    next to the shares kept: each share must be exactly what its subject's own check gives,
    in any chunk of the tasks (several days, so that most follow-up rules report; a copy of
    each mission, so that its people are booked twice)."""
    today = TODAY + timedelta(days=days)
    root = copy_example(tmp_path / "ws")
    for mission in sorted((root / "missions").glob("*.yaml"))[::2]:
        shutil.copy(mission, mission.with_name(f"copy-{mission.name}"))
    tasks, index, calendar = _every_task(root, today)
    own = _each_own(tasks, index, calendar, today)
    assert any(own[i] for i, task in enumerate(tasks) if task[0] == subject_checks.CONFLICTS)
    assert any(own[i] for i, task in enumerate(tasks) if task[0] == subject_checks.FOLLOW_UP)
    # One context for every chunk, as a worker has: what a chunk computed in it (the
    # bookings, the contracts' amounts and paperwork) serves the next chunk unchanged.
    shared = (tasks, index, FollowUpContext(index.workspace, calendar, today))
    own = _decoded(tasks, own)
    assert _decoded(tasks, subject_checks._shared_out(shared, range(len(tasks)))) == own
    odd = range(1, len(tasks), 2)
    assert _decoded([tasks[i] for i in odd],
                    subject_checks._shared_out(shared, odd)) == [own[i] for i in odd]


def test_a_result_no_subject_owns_is_checked_subject_by_subject(tmp_path, monkeypatch):
    """A rule of the missions' follow-up reporting on a file no mission holds (the company's):
    the share of no subject can be trusted, so the missions are checked one by one."""
    from types import SimpleNamespace

    from cfo_tools.checks.rules.problem import Problem

    def check(context: Any) -> Iterator[Problem]:
        for mission in context.workspace.missions.values():
            yield Problem(context.workspace.company.file, "/name", f"about {mission.id}")

    rule = SimpleNamespace(NAME="about-company", check=check)
    monkeypatch.setattr(subject_checks, "MISSION_RULES", (*subject_checks.MISSION_RULES, rule))
    root = copy_example(tmp_path / "ws")
    tasks, index, calendar = _every_task(root, TODAY)
    own = _each_own(tasks, index, calendar, TODAY)
    assert any(row[0] == "about-company" for rows in own for row in rows)
    shared = (tasks, index, FollowUpContext(index.workspace, calendar, TODAY))
    found = subject_checks._shared_out(shared, range(len(tasks)))
    assert _decoded(tasks, found) == _decoded(tasks, own)
    # The missions' rows, made subject by subject; the other parts' as found.
    assert [result for (what, kind, _), result in zip(tasks, found, strict=True)
            if kind == "mission"] == [own[i] for i, task in enumerate(tasks)
                                      if task[1] == "mission"]
