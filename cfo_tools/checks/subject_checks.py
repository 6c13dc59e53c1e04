"""Conflicts and follow-up subject by subject, each answered from the memo when none of the
records it reads changed (see ``subjects.py`` and ``subject_memo.py``): after one edit, only
the freelancers and missions the edited file touches are checked again. When many must be
checked (a cold cache), they are checked on every core."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from cfo_tools.checks.follow_up import (
    FREELANCER_RULES,
    MISSION_RULES,
    WHOLE_RULES,
    FollowUpContext,
)
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.checks.subject_memo import SubjectMemo, problem_rows, rows_problems
from cfo_tools.checks.subjects import Subject, SubjectIndex
from cfo_tools.loading.work_pool import available_cores, map_chunks, split
from cfo_tools.model.records import Workspace
from cfo_tools.planning.bookings import bookings_by_freelancer
from cfo_tools.planning.conflicts import Conflict, find_conflicts, ordered_conflicts
from cfo_tools.planning.working_calendar import WorkingCalendar

RuleProblems = list[tuple[str, Problem]]

#: What is computed for a subject: its conflicts, or its follow-up.
CONFLICTS, FOLLOW_UP = "conflicts", "follow-up"
#: From this many subjects to check, the work goes to every core (measured on the synthetic
#: workspace: 22,000 subjects take about 3 s of CPU, a pool about 0.2 s to start and fill).
PARALLEL_FROM = 2_000


def checked_by_subject(workspace: Workspace, calendar: WorkingCalendar, today: date,
                       memo: SubjectMemo, *, jobs: int | None = None
                       ) -> tuple[list[Conflict], RuleProblems]:
    """What ``find_conflicts`` and ``run_follow_up`` find on ``workspace``: the same
    conflicts in the same order, the same problems."""
    index = SubjectIndex.of(workspace)
    purposes = {CONFLICTS: CONFLICTS, FOLLOW_UP: f"{FOLLOW_UP} {today.isoformat()}"}
    tasks = [(what, subject) for subject in index.freelancers()
             for what in (CONFLICTS, FOLLOW_UP)]
    tasks += [(FOLLOW_UP, subject) for subject in index.missions()]
    keys = [memo.key(purposes[what], subject) for what, subject in tasks]
    found: list[list[Any] | None] = [_decoded(what, memo.stored(key))
                                     for (what, _), key in zip(tasks, keys, strict=True)]
    missing = [i for i, value in enumerate(found) if value is None]
    work = [(what, subject.kind, subject.id) for what, subject in (tasks[i] for i in missing)]
    cores = available_cores() if jobs is None else jobs
    chunks = map_chunks(_computed, (index, calendar, today), split(work, cores * 4),
                        parallel=len(work) >= PARALLEL_FROM, jobs=cores)
    for i, value in zip(missing, (value for chunk in chunks for value in chunk), strict=True):
        memo.learn(keys[i], value)
        found[i] = _decoded(tasks[i][0], value)
    memo.save()
    conflicts: list[Conflict] = []
    problems: RuleProblems = []
    for (what, _), results in zip(tasks, found, strict=True):
        assert results is not None
        if what == CONFLICTS:
            conflicts += results
        else:
            problems += results
    problems += run_registry(WHOLE_RULES, FollowUpContext(workspace, calendar, today))
    return ordered_conflicts(conflicts), problems


def _decoded(what: str, stored: Any) -> list[Any] | None:
    """Conflicts or problems from what the memo keeps; None for anything else."""
    if stored is None:
        return None
    try:
        if what == CONFLICTS:
            return [Conflict(*fields) for fields in stored]
        return rows_problems(stored)
    except (TypeError, ValueError):
        return None  # not what this code stores: computed again


def _computed(shared: tuple[SubjectIndex, WorkingCalendar, date],
              chunk: Sequence[tuple[str, str, str]]) -> list[list[tuple[Any, ...]]]:
    """The results of a chunk of ``(what, kind, id)``, as the memo keeps them (the index
    made once, by the caller: workers inherit it, or receive it pickled once each)."""
    index, calendar, today = shared
    return [_result(what, index.subject(kind, ident), calendar, today)
            for what, kind, ident in chunk]


def _result(what: str, subject: Subject, calendar: WorkingCalendar, today: date
            ) -> list[tuple[Any, ...]]:
    """Plain tuples: what the cache's unpickler loads, and cheap to send back from a
    worker."""
    if what == CONFLICTS:
        return [dataclasses.astuple(c) for c in _conflicts(subject, calendar)]
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
