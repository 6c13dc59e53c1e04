"""Loading the workspace for the commands that plan and generate, which work on what could be
read and say so when some files had to be left out."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import click

from cfo_tools.cli.state import CliState, UsageProblem
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.close_names import no_such

if TYPE_CHECKING:
    from cfo_tools.checks.validation import PreparedRun, ValidationReport
    from cfo_tools.loading.document_cache import DocumentCache
    from cfo_tools.loading.document_viewer import DocumentViewer
    from cfo_tools.model.records import Company
    from cfo_tools.planning.remembered_holidays import HolidayMemo
    from cfo_tools.planning.working_calendar import WorkingCalendar


@dataclass
class LoadedWorkspace:
    report: ValidationReport
    calendar: WorkingCalendar
    #: The public holidays kept in the cache (None without one), which the calendars in the
    #: documents' other languages come from too: asking the ``holidays`` package imports
    #: its 250 country modules, most of a document command's time.
    holidays: HolidayMemo | None = None
    _in_languages: dict[str, WorkingCalendar] = field(default_factory=dict, init=False,
                                                      repr=False)

    def calendar_in(self, locale: str) -> WorkingCalendar:
        """The company's working calendar, its public holidays named in ``locale``."""
        from cfo_tools.planning.remembered_holidays import company_calendar as calendar_of

        company = self.report.workspace.company
        assert company is not None
        if locale == company.locale:
            return self.calendar
        calendar = self._in_languages.get(locale)
        if calendar is None:
            # The region was accepted for the company's own calendar (only the language is
            # new), so None cannot come back; were it to, the company's names would do.
            calendar = calendar_of(company, self.holidays, locale) or self.calendar
            self._in_languages[locale] = calendar
        return calendar


def _validated(state: CliState, *, briefs: bool = True, rules: bool = True,
               prepared: PreparedRun | None = None, viewer: DocumentViewer | None = None
               ) -> tuple[ValidationReport, WorkingCalendar | None, HolidayMemo | None,
                          list[Any]]:
    from cfo_tools.checks.validation import validate_prepared, validate_workspace
    from cfo_tools.loading.bulk_loading import bulk_loading

    # Positions are looked up only for the errors printed when the command refuses to go on.
    if prepared is None:
        report = validate_workspace(state.workspace(), cache_folder=state.cache_folder(),
                                    located=False, briefs=briefs, rules=rules)
    else:
        with bulk_loading():
            report = validate_prepared(prepared, located=False, briefs=briefs, rules=rules,
                                       viewer=viewer)
    calendar, memo = _calendar_and_memo(report.workspace.company, report.cache)
    if calendar is None and not rules:
        # Refused: the reasons may come from a cross-file rule (an unknown holiday region).
        return _validated(state, briefs=briefs, rules=True)
    errors = [f for f in report.findings if f.severity == "error"]
    return report, calendar, memo, errors


def company_calendar(company: Company | None, cache: DocumentCache | None
                     ) -> WorkingCalendar | None:
    """``planning.remembered_holidays.company_calendar``: with the cache, the public holidays
    come from there, and the years the command needed are written back when it ends."""
    return _calendar_and_memo(company, cache)[0]


def _calendar_and_memo(company: Company | None, cache: DocumentCache | None
                       ) -> tuple[WorkingCalendar | None, HolidayMemo | None]:
    from cfo_tools.planning.remembered_holidays import HolidayMemo
    from cfo_tools.planning.remembered_holidays import company_calendar as calendar_of

    if company is None:
        return None, None
    if cache is None:
        return calendar_of(company, None), None
    # One memo per cache for the whole command: a first run of ``status`` or ``calendar``
    # asks for the calendar before the load (the views' maker) and after it; a second memo
    # would read the cache again, compute the holidays the first had not saved yet, and
    # write them a second time when the command ends.
    context = click.get_current_context()
    memos: list[tuple[DocumentCache, HolidayMemo]] = context.meta.setdefault(
        "cfo.holiday-memos", [])
    memo = next((kept for owner, kept in memos if owner is cache), None)
    if memo is None:
        memo = HolidayMemo(cache)
        memos.append((cache, memo))
        context.call_on_close(memo.save)
    return calendar_of(company, memo), memo


def _refuse(report: ValidationReport, errors: list[Any], why: str) -> NoReturn:
    from cfo_tools.reporters.text import format_finding

    for finding in report.positioned(errors):
        click.echo(format_finding(finding), err=True)
    click.echo(f"cfo: {why}", err=True)
    raise SystemExit(1)


def load_for_planning(state: CliState, *, briefs: bool = True, rules: bool = True,
                      prepared: PreparedRun | None = None,
                      viewer: DocumentViewer | None = None) -> LoadedWorkspace:
    """The workspace, with a warning naming the files left out. Without ``briefs`` the
    missions' briefs may be left out (reading one then raises): for the commands that read
    none, which then load half the bytes of a warm cache's snapshot. Without ``rules``, the
    cross-file rules are not run (they leave nothing out of the model, and after an edit
    they cost more than the search or board the command shows): the warning then names
    the files whose own content is wrong, as the files actually left out, and 'cfo check'
    tells the rest. ``prepared``: the run already prepared (scan, schemas, keys), if any;
    ``viewer``: what the load's workers make of each document too (``report.views``)."""
    report, calendar, memo, errors = _validated(state, briefs=briefs, rules=rules,
                                                prepared=prepared, viewer=viewer)
    if calendar is None:
        _refuse(report, errors, "company.yaml has errors; fix them first (see above).")
    if errors:
        warn_left_out(report.files_left_out)
    return LoadedWorkspace(report, calendar, memo)


def warn_left_out(files_left_out: list[str]) -> None:
    """The warning naming the files with errors (sorted), which are partly or wholly left
    out of the model."""
    files = [terminal_text(f) for f in files_left_out]
    click.echo(
        f"cfo: warning: {len(files)} file(s) with errors are partly or wholly left out "
        f"({', '.join(files[:5])}{', …' if len(files) > 5 else ''}); run 'cfo check'.",
        err=True,
    )


def load_for_documents(state: CliState) -> LoadedWorkspace:
    """The workspace, refused (findings printed, exit 1) when it has validation errors:
    documents sent to people must not be built from data we know is wrong."""
    report, calendar, memo, errors = _validated(state)
    if errors or calendar is None:
        _refuse(report, errors, f"the workspace has {len(errors)} error(s); fix them before "
                                "generating documents (run 'cfo check').")
    return LoadedWorkspace(report, calendar, memo)


def date_option_value(text: str | None, today: date, option: str) -> date | None:
    from cfo_tools.planning.relative_dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def freelancer_option_value(loaded: LoadedWorkspace, freelancer: str | None) -> None:
    known_freelancer(loaded.report.workspace.freelancer_files, freelancer)


def known_freelancer(files: Collection[str], freelancer: str | None) -> None:
    """Refuse ``--freelancer`` naming none of ``files`` (the ids of roster/'s documents)."""
    if freelancer is not None and freelancer not in files:
        raise UsageProblem(no_such("freelancer", freelancer, "roster/", files))
