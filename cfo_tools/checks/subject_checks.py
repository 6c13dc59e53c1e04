"""Conflicts and follow-up subject by subject, each answered from the memo when none of the
records it reads changed (see ``subjects.py`` and ``subject_memo.py``): after one edit, only
the freelancers and missions the edited file touches are checked again. When many must be
checked (a cold cache), they are checked on every core."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from cfo_tools.checks.follow_up import (
    FREELANCER_RULES,
    MISSION_RULES,
    WHOLE_RULES,
    FollowUpContext,
)
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.checks.subject_memo import (
    SubjectMemo,
    problem_rows,
    rows_findings,
    rows_problems,
)
from cfo_tools.checks.subjects import Subject, SubjectIndex
from cfo_tools.checks.validation import Locator, Places
from cfo_tools.loading.work_pool import (
    available_cores,
    default_start_method,
    split,
    started_chunks,
)
from cfo_tools.model.findings import Finding, FindingRow, findings_of_rows
from cfo_tools.model.records import Workspace
from cfo_tools.planning.bookings import bookings_by_freelancer
from cfo_tools.planning.conflicts import (
    Conflict,
    conflict_fields,
    conflict_rows,
    find_conflicts,
)
from cfo_tools.planning.working_calendar import WorkingCalendar

RuleProblems = list[tuple[str, Problem]]
#: What a chunk of work gives for each of its tasks: plain tuples (``_computed``).
Work = Callable[[Any, Sequence[int]], list[list[tuple[Any, ...]]]]
#: A chunk's tasks' findings, located, as rows (the main process makes each finding once),
#: and the positions looked up for them.
Located = tuple[list[list[FindingRow]], Places]

#: What is computed for a subject: its conflicts, or its follow-up.
CONFLICTS, FOLLOW_UP = "conflicts", "follow-up"
#: From this many subjects to check, the work goes to every core (measured on the synthetic
#: workspace: 22,000 subjects take about 3 s of CPU, a pool about 0.2 s to start and fill).
PARALLEL_FROM = 2_000
#: From this many subjects to check on a workspace holding every record (a cold cache, the
#: company changed), each rule runs once on the whole of it and its results are shared out
#: by subject (``_shared_out``): 22,000 small workspaces cost 1.5 times as much CPU.
SHARED_OUT_FROM = 2_000


#: A source of findings: (what is computed, the subject's kind, its id).
Source = tuple[str, str, str]
#: The follow-up rules that read across subjects: computed on every run, kept nowhere.
WHOLE_FOLLOW_UP: Source = (FOLLOW_UP, "whole", "")
#: Up to this many subjects to check again (one edit), they are checked without the memo,
#: whose loading (every subject's findings) would cost more than the checks.
DIRECT_UP_TO = 200


def checked_by_subject(workspace: Workspace, calendar: WorkingCalendar, today: date,
                       memo: SubjectMemo, locator: Locator, *, jobs: int | None = None
                       ) -> list[Finding]:
    """The findings of ``find_conflicts`` and ``run_follow_up`` on ``workspace``, located by
    ``locator``: each subject's kept located in the memo, so that after one edit only
    the findings of the subjects checked again are looked up."""
    sources, found = subject_sources(workspace, calendar, today, memo, locator, jobs=jobs)
    return [f for source, _ in sources for f in found[source]]


class Recheck:
    """The subjects to make and key again, as (kind, id) (None: every one), and the files
    each one made depends on (filled in as they are made), for the next run's."""

    def __init__(self, subjects: set[tuple[str, str]] | None) -> None:
        self.subjects = subjects
        self.made: dict[tuple[str, str], tuple[str, ...]] = {}
        self._subjects: dict[tuple[str, str], Subject] = {}

    def keeps(self, name: tuple[str, str]) -> bool:
        """Whether the subject ``name`` keeps its known key (is not made again)."""
        return self.subjects is not None and name not in self.subjects

    def subject(self, index: SubjectIndex, name: tuple[str, str]) -> Subject:
        """The subject ``name``, made once for every purpose."""
        subject = self._subjects.get(name)
        if subject is None:
            subject = self._subjects[name] = index.subject(*name)
            self.made[name] = subject.depends_on
        return subject


def made_subjects(index: SubjectIndex, names: Sequence[tuple[str, str]],
                  ids: Sequence[Source], known: Mapping[Source, bytes | None] | None,
                  recheck: Recheck | None) -> list[Subject | None]:
    """The subjects named, each made once a run; None for those that keep their known key
    (not in ``recheck``, known under a key)."""
    recheck = recheck or Recheck(None)
    made: list[Subject | None] = []
    for name, source in zip(names, ids, strict=True):
        if known is not None and recheck.keeps(name) and known.get(source) is not None:
            made.append(None)
        else:
            made.append(recheck.subject(index, name))
    return made


def _made(subject: Subject | None) -> Subject:
    assert subject is not None  # only subjects made are checked
    return subject


def subject_sources(workspace: Workspace, calendar: WorkingCalendar, today: date,
                    memo: SubjectMemo, locator: Locator, *,
                    known: Mapping[Source, bytes | None] | None = None,
                    recheck: Recheck | None = None, jobs: int | None = None,
                    index: SubjectIndex | None = None, across: RuleProblems | None = None
                    ) -> tuple[list[tuple[Source, bytes | None]], dict[Source, list[Finding]]]:
    """Every source of conflicts and follow-up findings of ``workspace`` with its key (None:
    computed on every run), and the findings of each source not ``known`` under the same
    key (all of them without ``known``). With ``known`` and few sources to compute, they are
    computed without the memo (nor kept in it: the caller keeps them). With ``recheck``
    too, only its subjects are made and keyed: the others keep their known key. ``index``:
    the workspace's (made when not given); ``across``: the problems of the rules reading
    across subjects (``WHOLE_RULES``), when known (else found on ``workspace``)."""
    with subjects_started(workspace, calendar, today, memo, known=known, recheck=recheck,
                          jobs=jobs, index=index, across=across, locator=locator) as started:
        return started.sources()


@contextmanager
def subjects_started(workspace: Workspace, calendar: WorkingCalendar, today: date,
                     memo: SubjectMemo, *, known: Mapping[Source, bytes | None] | None = None,
                     recheck: Recheck | None = None, jobs: int | None = None,
                     index: SubjectIndex | None = None, across: RuleProblems | None = None,
                     whole: bool = True, locator: Locator,
                     only: Collection[tuple[str, str]] | None = None,
                     remember: Callable[[Places], None] | None = None
                     ) -> Iterator[StartedSubjects]:
    """:func:`subject_sources` in two steps: the subjects to check are started on every core
    when they are many, then :meth:`StartedSubjects.sources` gathers them; in between, this
    process is free for other work (``cfo check`` runs its cross-file rules). When the memo
    knows nothing (a cold cache) and nothing is ``known``, every subject is checked: the
    workers start before any subject is made, and the subjects and their keys are made while
    they work. ``whole``: ``workspace`` holds every record (not only those of the subjects to
    check, ``checks/after_edit.py``): many subjects are then checked by running each rule
    once on it, their results shared out by subject (:func:`_shared_out`). The findings are
    located by ``locator``: in the forked workers, which have its line maps, as they
    finish each chunk (:func:`_located`); the positions they looked up are remembered here.
    ``only``: the subjects, as (kind, id), whose sources are listed (those of the index),
    not every one (after a few edits, ``report_by_file.Listed``). ``remember``: what keeps
    the positions looked up (the locator's :meth:`~Locator.remember` when not given)."""
    index = SubjectIndex.of(workspace) if index is None else index
    purposes = {CONFLICTS: CONFLICTS, FOLLOW_UP: f"{FOLLOW_UP} {today.isoformat()}"}
    people, missions = (index.freelancer_ids(), index.mission_ids()) if only is None else (
        sorted(ident for kind, ident in only if kind == "freelancer"),
        sorted(ident for kind, ident in only if kind == "mission"))
    names = [("freelancer", ident) for ident in people for _ in (CONFLICTS, FOLLOW_UP)]
    names += [("mission", ident) for ident in missions]
    whats = [*(what for _ in people for what in (CONFLICTS, FOLLOW_UP)),
             *(FOLLOW_UP for _ in missions)]
    ids: list[Source] = [(what, kind, ident)
                         for what, (kind, ident) in zip(whats, names, strict=True)]
    direct = False
    keys: list[bytes | None] | None = None
    tasks: list[tuple[str, Subject | None]] | None = None
    if known is None and memo.empty():
        # Every subject is checked: none is made before the workers start (they are made
        # for their keys while the workers work).
        pending = missing = list(range(len(ids)))
        found: dict[int, list[Finding] | None] = dict.fromkeys(pending)
    else:
        tasks = list(zip(whats, made_subjects(index, names, ids, known, recheck), strict=True))
        keys = _keys(tasks, ids, memo, purposes, known)
        pending = list(range(len(tasks))) if known is None else [
            i for i, (source, key) in enumerate(zip(ids, keys, strict=True))
            if tasks[i][1] is not None and (key is None or known.get(source) != key)]
        direct = known is not None and len(pending) <= DIRECT_UP_TO
        found = {i: None if direct else rows_findings(memo.stored(keys[i])) for i in pending}
        missing = [i for i in pending if found[i] is None]
    cores = available_cores() if jobs is None else jobs
    parallel = len(missing) >= PARALLEL_FROM
    work: Work
    chunks: list[Sequence[int]]
    if whole and len(missing) >= SHARED_OUT_FROM:
        # Many to check on the whole workspace (a cold cache): each rule runs once on it and
        # its results are shared out by subject. The freelancers' follow-up and the
        # missions' are a chunk each (each rule runs on the whole of it); the conflicts, a
        # sweep per freelancer, are cut in small slices that go last, to whichever worker
        # is free: they even out the two big chunks, whatever their sizes (two halves
        # after them left the worker given the missions' follow-up 18 % more work than the
        # other on the medium workspace).
        # One follow-up context for them all: a worker's chunks share its bookings, walked
        # once per worker, not per chunk (the context is lazy: nothing is computed here).
        shared: Any = ([ids[i] for i in missing], index,
                       FollowUpContext(index.workspace, calendar, today))
        parts: dict[tuple[str, str], list[int]] = {}
        for position, i in enumerate(missing):
            parts.setdefault(ids[i][:2], []).append(position)
        conflicts = parts.pop((CONFLICTS, "freelancer"), [])
        chunks = [*parts.values(), *(split(conflicts, cores * 4) if conflicts else [])]
        work = _shared_out
    else:
        if tasks is None:
            tasks = list(zip(whats, made_subjects(index, names, ids, known, recheck),
                             strict=True))
        # The chunks are positions in the shared list: the subjects made above for their
        # keys reach the workers with it (inherited, or pickled once per worker), not made
        # again in each.
        shared = ([(tasks[i][0], _made(tasks[i][1])) for i in missing], calendar, today)
        chunks = split(range(len(missing)), cores * 4)
        work = _computed
    made = tasks
    whats_missing = [ids[i][0] for i in missing]
    # Located where computed, unless the workers would be sent the locator pickled (not
    # forked): its cache and source maps do not travel; then located here, chunk by chunk.
    # The remembered positions are read first, for the workers to inherit, not each its own.
    in_workers = default_start_method() == "fork"
    locator.positions(())
    chunk_work: Callable[[Any, Sequence[int]], Any] = work
    if in_workers:
        shared, chunk_work = (work, shared, locator, whats_missing), _located

    def keys_later() -> list[bytes | None]:
        if keys is not None:
            return keys
        later = made if made is not None else list(
            zip(whats, made_subjects(index, names, ids, known, recheck), strict=True))
        return _keys(later, ids, memo, purposes, known)

    with started_chunks(chunk_work, shared, chunks, parallel=parallel, jobs=cores) as results:
        yield StartedSubjects(
            workspace, calendar, today, memo, keys_later, ids, pending, found,
            whats_missing, missing, direct, results, chunks, locator, in_workers, across,
            remember)


def _keys(tasks: Sequence[tuple[str, Subject | None]], ids: Sequence[Source],
          memo: SubjectMemo, purposes: Mapping[str, str],
          known: Mapping[Source, bytes | None] | None) -> list[bytes | None]:
    """Each task's key in the memo; a subject not made keeps its ``known`` key."""
    return [memo.key(purposes[what], subject) if subject is not None else (known or {})[source]
            for (what, subject), source in zip(tasks, ids, strict=True)]


class StartedSubjects:
    """The subjects of :func:`subjects_started`, those to check being computed."""

    def __init__(self, workspace: Workspace, calendar: WorkingCalendar, today: date,
                 memo: SubjectMemo, keys: Callable[[], list[bytes | None]], ids: list[Source],
                 pending: list[int], found: dict[int, list[Finding] | None],
                 work: list[str], missing: list[int], direct: bool,
                 results: Iterator[tuple[int, Any]], chunks: Sequence[Sequence[int]],
                 locator: Locator, located: bool, across: RuleProblems | None = None,
                 remember: Callable[[Places], None] | None = None) -> None:
        self._workspace, self._calendar, self._today = workspace, calendar, today
        self._memo, self._keys, self._ids = memo, keys, ids
        self._pending, self._found, self._work = pending, found, work
        self._missing, self._direct = missing, direct
        self._results, self._chunks = results, chunks
        self._locator, self._located = locator, located
        self._across = across
        self._remember = locator.remember if remember is None else remember

    def sources(self) -> tuple[list[tuple[Source, bytes | None]], dict[Source, list[Finding]]]:
        """What :func:`subject_sources` returns, once the workers are done."""
        workspace, calendar, today = self._workspace, self._calendar, self._today
        memo, found, missing, work = self._memo, self._found, self._missing, self._work
        # Here while the workers go on: the keys, the rules that read across subjects.
        keys = self._keys()
        whole = list(run_registry(WHOLE_RULES, FollowUpContext(workspace, calendar, today))
                     if self._across is None else self._across)
        located: list[list[Finding]] = [[] for _ in work]
        # The rows as they came: what the memo keeps (``subject_memo.rows_findings``).
        kept: list[list[FindingRow]] = [[] for _ in work]
        looked_up: Places = {}
        for position, chunk in self._results:
            positions = self._chunks[position]
            rows_of, looked = chunk if self._located else _located_here(
                self._locator, [work[at] for at in positions], chunk)
            for at, rows in zip(positions, rows_of, strict=True):
                located[at] = findings_of_rows(rows)
                kept[at] = rows
            looked_up.update(looked)
        places, looked = self._locator.positions((p.file, p.pointer) for _, p in whole)
        self._remember({**looked_up, **looked})
        for i, findings, rows in zip(missing, located, kept, strict=True):
            if not self._direct:
                memo.learn(keys[i], rows)
            found[i] = findings
        if not self._direct:
            memo.save()
        results_by_source = {self._ids[i]: found[i] or [] for i in self._pending}
        results_by_source[WHOLE_FOLLOW_UP] = findings_of_rows(
            _finding_rows(FOLLOW_UP, whole, places))
        return ([*zip(self._ids, keys, strict=True), (WHOLE_FOLLOW_UP, None)],
                results_by_source)


def _located(shared: tuple[Work, Any, Locator, Sequence[str]], chunk: Sequence[int]
             ) -> Located:
    """The work of ``chunk`` done, its findings located (in a forked worker, which has the
    locator's line maps): a cold check's 30,000 findings are no longer located and made one
    after the other in the main process once the workers are done."""
    work, inner, locator, whats = shared
    return _located_here(locator, [whats[at] for at in chunk], work(inner, chunk))


def _located_here(locator: Locator, whats: Sequence[str], values: list[Any]) -> Located:
    """The findings of the tasks ``whats`` (computed or conflicts) from their ``values`` (as
    :func:`_computed` gives them), as rows, and the positions looked up for them (to
    remember)."""
    computed = [_decoded(what, value) or [] for what, value in zip(whats, values, strict=True)]
    # All lines at once: thousands of conflicts in one huge mission file are found by a
    # scan of it instead of a full position map.
    places, looked = locator.positions(
        place for what, results in zip(whats, computed, strict=True)
        for place in _places(what, results))
    return ([_finding_rows(what, results, places)
             for what, results in zip(whats, computed, strict=True)], looked)


def _places(what: str, results: list[Any]) -> Iterator[tuple[str, str]]:
    if what == CONFLICTS:
        for conflict in results:
            yield conflict.file, conflict.pointer
            yield from conflict.involved
    else:
        for _, problem in results:
            yield problem.file, problem.pointer


def _finding_rows(what: str, results: list[Any], places: Places) -> list[FindingRow]:
    if what == CONFLICTS:
        return conflict_rows(results, lambda file, pointer: places[file, pointer])
    return [(p.file, *places[p.file, p.pointer], p.pointer, rule, p.severity, p.message, ())
            for rule, p in results]


class _Found(list[Any]):
    """A subject's conflicts, or its ``(rule, problem)`` pairs, as found by this run: the
    objects themselves. Results shared out on the whole workspace are located where they
    are found, and turning 30,000 of them into the memo's rows, then back, cost more than
    locating them."""


def _decoded(what: str, stored: Any) -> list[Any] | None:
    """Conflicts or problems from what the memo keeps (or found by this run); None for
    anything else."""
    if stored is None:
        return None
    if isinstance(stored, _Found):
        return stored
    try:
        if what == CONFLICTS:
            return [Conflict(*fields) for fields in stored]
        return rows_problems(stored)
    except (TypeError, ValueError):
        return None  # not what this code stores: computed again


def _computed(shared: tuple[Sequence[tuple[str, Subject]], WorkingCalendar, date],
              chunk: Sequence[int]) -> list[list[tuple[Any, ...]]]:
    """The results of the tasks at positions ``chunk`` of the shared ``(what, subject)``
    list, as the memo keeps them."""
    work, calendar, today = shared
    return [_result(what, subject, calendar, today)
            for what, subject in (work[position] for position in chunk)]


def _shared_out(shared: tuple[Sequence[Source], SubjectIndex, FollowUpContext],
                chunk: Sequence[int]) -> list[list[Any]]:
    """The results of the tasks at positions ``chunk`` of the shared ``(what, kind, id)``
    list, as :func:`_computed` gives them or as found (:class:`_Found`), from one run of
    each part (the conflicts, the freelancers' follow-up, the missions') on the index's
    whole workspace, shared out by subject: checking 22,000 small workspaces cost twice as
    much. A part whose results cannot all be given to their subject is checked subject by
    subject."""
    tasks, index, context = shared
    calendar, today = context.calendar, context.today
    chosen = [tasks[position] for position in chunk]
    wanted: dict[tuple[str, str], set[str]] = {}
    for what, kind, ident in chosen:
        wanted.setdefault((what, kind), set()).add(ident)
    shares = {part: _whole_part(part, idents, context) for part, idents in wanted.items()}
    return [_result(what, index.subject(kind, ident), calendar, today)
            if (share := shares[what, kind]) is None else share.get(ident, _Found())
            for what, kind, ident in chosen]


def _whole_part(part: tuple[str, str], idents: set[str], context: FollowUpContext
                ) -> dict[str, list[Any]] | None:
    """The results of ``part`` (what, the subjects' kind) on the context's whole workspace,
    by subject, as found (:class:`_Found`; those of subjects not in ``idents`` left out:
    they are not checked, as subject by subject); None when one cannot be given to a
    subject."""
    what, kind = part
    workspace = context.workspace
    by: dict[str, list[Any]] = {}
    if what == CONFLICTS:
        # Their bookings only (a freelancer's conflicts read nothing else), in one process:
        # this runs in a worker of the subjects' pool, which starts none.
        own = {ident: booked for ident, booked in context.bookings.items() if ident in idents}
        for conflict in find_conflicts(workspace, context.calendar, bookings=own, jobs=1):
            by.setdefault(conflict.freelancer, _Found()).append(conflict)
        return by
    owner: dict[str, str] = {}
    assigned: dict[tuple[str, str], str] = {}
    if kind == "freelancer":
        rules = FREELANCER_RULES
        owner = {person.file: ident for ident, person in workspace.freelancers.items()}
        # activity-missing reports on the assignment of the freelancer without a report.
        assigned = {(mission.file, assignment.pointer): assignment.freelancer
                    for mission in workspace.missions.values()
                    for assignment in mission.assignments}
    else:
        rules = MISSION_RULES
        owner = {mission.file: ident for ident, mission in workspace.missions.items()}
    for rule, problem in run_registry(rules, context):
        ident = owner.get(problem.file) or assigned.get((problem.file, problem.pointer))
        if ident is None:
            return None
        if ident in idents:
            by.setdefault(ident, _Found()).append((rule, problem))
    return by


def _result(what: str, subject: Subject, calendar: WorkingCalendar, today: date
            ) -> list[tuple[Any, ...]]:
    """Plain tuples: what the cache's unpickler loads, and cheap to send back from a
    worker."""
    if what == CONFLICTS:
        return [conflict_fields(c) for c in _conflicts(subject, calendar)]
    return problem_rows(_problems(subject, calendar, today))


def _conflicts(subject: Subject, calendar: WorkingCalendar) -> list[Conflict]:
    # Their bookings only: a mission may name thousands of other people.
    own = bookings_by_freelancer(subject.workspace, freelancer=subject.id)
    return find_conflicts(subject.workspace, calendar, freelancer=subject.id, bookings=own)


def _problems(subject: Subject, calendar: WorkingCalendar, today: date) -> RuleProblems:
    if subject.kind == "freelancer":
        context = FollowUpContext(subject.workspace, calendar, today, subject.id)
        return list(run_registry(FREELANCER_RULES, context))
    return list(run_registry(MISSION_RULES, FollowUpContext(subject.workspace, calendar, today)))
