"""Everything ``cfo check`` runs: validation, then the checks that need a sound model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cfo_tools.checks.follow_up import FollowUpContext, run_follow_up
from cfo_tools.checks.subject_checks import checked_by_subject
from cfo_tools.checks.subject_memo import SubjectMemo
from cfo_tools.checks.validation import (
    PreparedRun,
    RunResults,
    ValidationReport,
    memoized,
    prepare_run,
    subject_memo,
    validate_prepared,
)
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.model.findings import Finding, sort_findings
from cfo_tools.planning.conflicts import conflict_findings, find_conflicts
from cfo_tools.planning.working_calendar import UnknownHolidayRegion, WorkingCalendar


@dataclass
class CheckReport:
    validation: ValidationReport
    findings: list[Finding]
    #: Each document's content key (``loading/document_cache.py``) by file, when the run had
    #: a cache: what ``cfo site`` keys its pages by.
    document_keys: dict[str, bytes] | None = None

    @property
    def stats(self) -> dict[str, int]:
        return self.validation.stats


def calendar_of(report: ValidationReport) -> WorkingCalendar | None:
    company = report.workspace.company
    if company is None:
        return None
    try:
        return WorkingCalendar.for_company(company)
    except UnknownHolidayRegion:
        return None  # reported by the holiday-region rule


def run_checks(root: Path, *, today: date, cache_folder: Path | None = None,
               throwaway: bool = False) -> CheckReport:
    """All findings about the workspace at ``root``, as of ``today`` (``cache_folder`` and
    ``throwaway``: see ``validate_workspace``), with the model they were found in. With a
    cache, the conflicts and follow-up of the freelancers and missions no edit touched come
    from the memo per subject, as ``cfo check``'s do (``cfo site`` after one edit)."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder, throwaway=throwaway)
    return _checked_run(prepared, today)


def check_results(root: Path, *, today: date, cache_folder: Path | None = None) -> RunResults:
    """What ``cfo check`` reports, from the run memo when nothing changed (nor ``today``)."""
    with bulk_loading():
        prepared = prepare_run(root, cache_folder=cache_folder)

    def run() -> RunResults:
        checked = _checked_run(prepared, today)
        return RunResults(checked.findings, checked.stats)

    # The holidays of the working calendar come from a library, whose version matters.
    purpose = f"check {today.isoformat()} holidays {_version('holidays')}"
    return memoized(prepared, purpose, run)


def _checked_run(prepared: PreparedRun, today: date) -> CheckReport:
    """The run's documents checked, then its conflicts and follow-up (per subject with a
    cache)."""
    with bulk_loading():
        report = validate_prepared(prepared)
    checked = _checked(report, today, subject_memo(prepared))
    if prepared.keys is not None:
        checked.document_keys = prepared.keys_by_file()
    return checked


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:  # pragma: no cover - not installed as a distribution
        return "?"


def _checked(report: ValidationReport, today: date, memo: SubjectMemo | None = None
             ) -> CheckReport:
    findings = list(report.findings)
    calendar = calendar_of(report)
    if calendar is not None and memo is not None:
        findings += checked_by_subject(report.workspace, calendar, today, memo,
                                       report.locate_all)
    elif calendar is not None:
        context = FollowUpContext(report.workspace, calendar, today)
        conflicts = find_conflicts(report.workspace, calendar, bookings=context.bookings)
        problems = list(run_follow_up(context))
        # All lines at once: thousands of conflicts in one huge mission file are found by a
        # scan of it instead of a full position map.
        places = report.locate_all([*((c.file, c.pointer) for c in conflicts),
                                    *(place for c in conflicts for place in c.involved),
                                    *((p.file, p.pointer) for _, p in problems)])
        findings += conflict_findings(conflicts, lambda file, pointer: places[file, pointer])
        for rule, problem in problems:
            line, column = places[problem.file, problem.pointer]
            findings.append(Finding(problem.file, line, column, problem.pointer, rule,
                                    problem.severity, problem.message))
    return CheckReport(report, sort_findings(findings))


#: Warnings that --strict turns into errors rather than merely failing on.
STRICT_ERRORS = frozenset({"compliance"})


def strict_findings(findings: list[Finding]) -> list[Finding]:
    from dataclasses import replace

    return [replace(f, severity="error") if f.rule in STRICT_ERRORS else f for f in findings]
