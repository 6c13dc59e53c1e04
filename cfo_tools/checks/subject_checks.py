"""Conflicts and follow-up subject by subject, each answered from the memo when none of the
records it reads changed (see ``subjects.py`` and ``subject_memo.py``): after one edit, only
the freelancers and missions the edited file touches are checked again."""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import partial
from types import ModuleType
from typing import Any

from cfo_tools.checks.follow_up import (
    FREELANCER_RULES,
    MISSION_RULES,
    WHOLE_RULES,
    FollowUpContext,
)
from cfo_tools.checks.rules.problem import Problem, run_registry
from cfo_tools.checks.subject_memo import SubjectMemo
from cfo_tools.checks.subjects import Subject, SubjectIndex
from cfo_tools.model.records import Workspace
from cfo_tools.planning.bookings import bookings_by_freelancer
from cfo_tools.planning.conflicts import Conflict, find_conflicts, ordered_conflicts
from cfo_tools.planning.working_calendar import WorkingCalendar

RuleProblems = list[tuple[str, Problem]]


def checked_by_subject(workspace: Workspace, calendar: WorkingCalendar, today: date,
                       memo: SubjectMemo) -> tuple[list[Conflict], RuleProblems]:
    """What ``find_conflicts`` and ``run_follow_up`` find on ``workspace``, the same, in the
    same order."""
    index = SubjectIndex(workspace)
    conflicts: list[Conflict] = []
    problems: RuleProblems = []
    follow_up = f"follow-up {today.isoformat()}"
    for subject in index.freelancers():
        found: list[Conflict] = memo.recall(
            memo.key("conflicts", subject), partial(_conflicts, subject, calendar),
            _conflicts_out, _conflicts_in)
        conflicts += found
        problems += _recalled(memo, follow_up, FREELANCER_RULES, subject, calendar, today)
    for subject in index.missions():
        problems += _recalled(memo, follow_up, MISSION_RULES, subject, calendar, today)
    problems += run_registry(WHOLE_RULES, FollowUpContext(workspace, calendar, today))
    memo.save()
    return ordered_conflicts(conflicts), problems


def _recalled(memo: SubjectMemo, purpose: str, rules: tuple[ModuleType, ...],
              subject: Subject, calendar: WorkingCalendar, today: date) -> RuleProblems:
    found: RuleProblems = memo.recall(
        memo.key(purpose, subject), partial(_problems, rules, subject, calendar, today),
        _problems_out, _problems_in)
    return found


def _conflicts(subject: Subject, calendar: WorkingCalendar) -> list[Conflict]:
    # Their bookings only: a mission may name thousands of other people.
    own = bookings_by_freelancer(subject.workspace, freelancer=subject.id)
    return find_conflicts(subject.workspace, calendar, freelancer=subject.id, bookings=own)


def _problems(rules: tuple[ModuleType, ...], subject: Subject, calendar: WorkingCalendar,
              today: date) -> RuleProblems:
    only = subject.id if subject.kind == "freelancer" else None
    return list(run_registry(rules, FollowUpContext(subject.workspace, calendar, today, only)))


# Plain tuples in the memo: what the cache's unpickler loads.

def _conflicts_out(conflicts: list[Conflict]) -> list[tuple[Any, ...]]:
    return [dataclasses.astuple(c) for c in conflicts]


def _conflicts_in(stored: Any) -> list[Conflict]:
    return [Conflict(*fields) for fields in stored]


def _problems_out(problems: RuleProblems) -> list[tuple[Any, ...]]:
    return [(rule, p.file, p.pointer, p.message, p.severity, p.related) for rule, p in problems]


def _problems_in(stored: Any) -> RuleProblems:
    return [(rule, Problem(file, pointer, message, severity, tuple(related)))
            for rule, file, pointer, message, severity, related in stored]
