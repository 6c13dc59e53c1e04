"""Loading the workspace for the commands that plan and generate, which work on what could be
read and say so when some files had to be left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import click

from cfo_tools.cli.state import CliState, UsageProblem

if TYPE_CHECKING:
    from cfo_tools.validation import ValidationReport
    from cfo_tools.working_calendar import WorkingCalendar


@dataclass
class LoadedWorkspace:
    report: ValidationReport
    calendar: WorkingCalendar


def load_for_planning(state: CliState) -> LoadedWorkspace:
    from cfo_tools.checks import calendar_of
    from cfo_tools.reporters.text import format_finding
    from cfo_tools.validation import validate_workspace

    report = validate_workspace(state.workspace())
    calendar = calendar_of(report)
    errors = [f for f in report.findings if f.severity == "error"]
    if calendar is None:
        for finding in errors:
            click.echo(format_finding(finding), err=True)
        click.echo("cfo: company.yaml has errors; fix them first (see above).", err=True)
        raise SystemExit(1)
    if errors:
        files = report.files_left_out
        click.echo(
            f"cfo: warning: {len(files)} file(s) with errors are partly or wholly left out "
            f"({', '.join(files[:5])}{', …' if len(files) > 5 else ''}); run 'cfo check'.",
            err=True,
        )
    return LoadedWorkspace(report, calendar)


def load_for_documents(state: CliState) -> LoadedWorkspace:
    """The workspace, refused (findings printed, exit 1) when it has validation errors:
    documents sent to people must not be built from data we know is wrong."""
    from cfo_tools.checks import calendar_of
    from cfo_tools.reporters.text import format_finding
    from cfo_tools.validation import validate_workspace

    report = validate_workspace(state.workspace())
    errors = [f for f in report.findings if f.severity == "error"]
    calendar = calendar_of(report)
    if errors or calendar is None:
        for finding in errors:
            click.echo(format_finding(finding), err=True)
        click.echo(f"cfo: the workspace has {len(errors)} error(s); fix them before generating "
                   "documents (run 'cfo check').", err=True)
        raise SystemExit(1)
    return LoadedWorkspace(report, calendar)


def date_option_value(text: str | None, today: date, option: str) -> date | None:
    from cfo_tools.relative_dates import parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def freelancer_option_value(loaded: LoadedWorkspace, freelancer: str | None) -> None:
    files = loaded.report.workspace.freelancer_files
    if freelancer is not None and freelancer not in files:
        raise UsageProblem(f"no freelancer '{freelancer}' in roster/")
