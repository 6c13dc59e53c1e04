"""``cfo conflicts`` remembered freelancer by freelancer.

A freelancer's conflicts read their own record, the missions assigning them and the company's
calendar, nothing else; their findings carry lines of those files only. Both are kept in the
memo per subject (``checks/subject_memo.py``) under the bytes of those files and the dates
asked, so after an edit only the people whose files it changed are swept and located again.
On 110,000 files sweeping every freelancer cost 4.5 s of CPU on both cores, and locating and
describing their 54,000 conflicts 0.9 s more, after every edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cfo_tools.checks.subjects import Subject
from cfo_tools.checks.validation import PreparedRun, ValidationReport, subject_memo
from cfo_tools.model.findings import Finding
from cfo_tools.model.records import Workspace
from cfo_tools.planning.bookings import bookings_by_freelancer
from cfo_tools.planning.conflicts import (
    Conflict,
    conflict_fields,
    conflict_findings,
    find_conflicts,
    ordered_conflicts,
)
from cfo_tools.planning.working_calendar import WorkingCalendar

#: The memo's part (a blob of its own beside ``cfo check``'s).
PART = "conflicts"
#: The kind of the subjects made here, which read less than ``cfo check``'s freelancers.
KIND = "booked"


def located_conflicts(prepared: PreparedRun, report: ValidationReport,
                      calendar: WorkingCalendar, *, start: date | None = None,
                      end: date | None = None, freelancer: str | None = None
                      ) -> tuple[list[Conflict], list[Finding]]:
    """``find_conflicts(report.workspace, calendar, start=, end=, freelancer=)`` and their
    findings located by ``report`` (``conflict_findings``), each freelancer's from the memo
    when their files did not change since it was kept (``report``: ``prepared``'s)."""
    workspace = report.workspace
    memo = subject_memo(prepared, PART, by_bytes=True)
    if memo is None:
        found = find_conflicts(workspace, calendar, start=start, end=end, freelancer=freelancer)
        return found, _located(report, found)
    purpose = f"conflicts {start} {end}"
    company = [] if workspace.company is None else [workspace.company.file]
    kept: list[tuple[Conflict, Finding]] = []
    missing: list[tuple[str, bytes | None]] = []
    for person, missions in _booked_on(workspace, freelancer).items():
        own = workspace.freelancers[person].file
        key = memo.key(purpose, Subject(KIND, person, [*company, own, *missions],
                                        lambda: workspace))
        theirs = _pairs(memo.stored(key))
        if theirs is None:
            missing.append((person, key))
        else:
            kept += theirs
    if missing:
        bookings = bookings_by_freelancer(workspace, among={person for person, _ in missing})
        swept = find_conflicts(workspace, calendar, start=start, end=end, bookings=bookings)
        found_now = list(zip(swept, _located(report, swept), strict=True))
        by_person: dict[str, list[tuple[Any, ...]]] = {person: [] for person, _ in missing}
        for conflict, finding in found_now:
            by_person[conflict.freelancer].append((conflict_fields(conflict), finding))
        for person, key in missing:
            memo.learn(key, by_person[person])
        kept += found_now
    memo.save()
    finding_of = dict(kept)
    ordered = ordered_conflicts(finding_of)
    return ordered, [finding_of[conflict] for conflict in ordered]


def _located(report: ValidationReport, conflicts: list[Conflict]) -> list[Finding]:
    # All lines at once, like `cfo check`: one look-up in the cache, one scan per file.
    places = report.locate_all([*((c.file, c.pointer) for c in conflicts),
                                *(place for c in conflicts for place in c.involved)])
    return conflict_findings(conflicts, lambda file, pointer: places[file, pointer])


def _booked_on(workspace: Workspace, freelancer: str | None) -> dict[str, Sequence[str]]:
    """The files of the missions assigning each freelancer of the roster (only
    ``freelancer`` when given), sorted: what their bookings come from."""
    files: dict[str, set[str]] = {}
    for mission in workspace.missions.values():
        for assignment in mission.assignments:
            person = assignment.freelancer
            if freelancer is None or person == freelancer:
                files.setdefault(person, set()).add(mission.file)
    return {person: sorted(files[person]) for person in sorted(files)
            if person in workspace.freelancers}


def _pairs(stored: object) -> list[tuple[Conflict, Finding]] | None:
    """The conflicts and findings kept; None for anything else (swept again)."""
    if not isinstance(stored, list):
        return None
    try:
        pairs = [(Conflict(*fields), finding) for fields, finding in stored]
    except (TypeError, ValueError):
        return None
    return pairs if all(type(finding) is Finding for _, finding in pairs) else None
