"""``cfo planning``: everyone's load, week by week."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cfo_tools.cli.documents import render_limit_options
from cfo_tools.cli.output import emit, template_failure
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import date_option_value, load_for_planning
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.reporters.planning import PLANNING_FORMATS, PlanningView
from cfo_tools.reporters.words import LANGUAGES

if TYPE_CHECKING:
    from cfo_tools.checks.workspace_views import ViewRecipe
    from cfo_tools.loading.kinds import DocumentFile
    from cfo_tools.model.records import Freelancer, Mission, Workspace
    from cfo_tools.planning.working_calendar import WorkingCalendar


@click.command()
@click.option("--from", "start", default="today", show_default=True, metavar="DATE",
              help="A day of the first week shown (YYYY-MM-DD, today, +2w).")
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True)
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(list(PLANNING_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text or HTML page (default: company.yaml's locale).")
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write to this file instead of the standard output.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@render_limit_options
@pass_state
def planning(state: CliState, start: str, weeks: int, role: str | None, output_format: str,
             lang: str | None, output: Path | None, force: bool, limits: Any) -> None:
    """Everyone's load week by week: each cell is the week's average load in percent of a
    full-time week (free, partly booked, full, over capacity; — away or closed)."""
    from cfo_tools.planning.load import build_planning

    first = date_option_value(start, state.today, "--from")
    assert first is not None
    workspace, calendar = _planned(state, first, weeks)
    company = workspace.company
    assert company is not None
    # The results are built like the workspace was loaded, without the collector walking the
    # rows and cells again and again (loading/bulk_loading.py): on 110,000 files it cost a
    # fifth to two fifths of the work after loading.
    with bulk_loading():
        grid = build_planning(workspace, calendar, start=first, weeks=weeks, role=role)
    from cfo_tools.documents.templating import TemplateProblem

    view = PlanningView(grid, company, workspace.root, lang or company.locale,
                        state.today, colour=output is None, limits=limits)
    try:
        text = PLANNING_FORMATS[output_format](view)
    except TemplateProblem as exc:
        template_failure(exc)
    emit(text, output, force=force)


def _planned(state: CliState, first: date, weeks: int) -> tuple[Workspace, WorkingCalendar]:
    """What the planning reads: through the cache, the freelancers and only the missions it
    reads of (``planning.load.read_by_planning``), kept by content key for these weeks
    (``checks/workspace_views.py``): after one edit only the edited documents are loaded.
    Without it, the workspace is loaded."""
    from cfo_tools.cli.view_loading import load_views
    from cfo_tools.model.records import Workspace

    viewed = load_views(state, planning_recipe(first, weeks))
    if viewed is None:
        loaded = load_for_planning(state, briefs=False, rules=False)
        return loaded.report.workspace, loaded.calendar
    from cfo_tools.loading.workspace_snapshot import BRIEF_LEFT_OUT

    shared = viewed.shared
    # By id as the workspace keeps them: the last document read of an id wins.
    missions = {spec.id: view for spec, view in viewed.views
                if spec.kind == "mission" and view is not None}
    freelancers = {spec.id: view for spec, view in viewed.views
                   if spec.kind == "freelancer" and view is not None}
    for mission in missions.values():
        mission.brief = BRIEF_LEFT_OUT  # as loaded without briefs: the planning reads none
    return Workspace(root=shared.root, company=shared.company, freelancers=freelancers,
                     missions=missions), viewed.calendar


def planning_recipe(first: date, weeks: int) -> ViewRecipe:
    """The views of a planning of ``weeks`` weeks from the week of ``first``: a mission's
    record when the planning reads it, else nothing; a freelancer's record."""
    from cfo_tools.checks.company_key import READ_BY_CALENDAR
    from cfo_tools.checks.workspace_views import ViewRecipe
    from cfo_tools.planning.load import planning_weeks
    from cfo_tools.planning.working_calendar import shift

    mondays = planning_weeks(first, weeks)
    monday, end = mondays[0], shift(mondays[-1], 6)
    return ViewRecipe(b"planning", (monday.isoformat(), end.isoformat()), ("company",),
                      lambda workspace, calendar: partial(_read_view, calendar=calendar,
                                                          monday=monday, end=end),
                      READ_BY_CALENDAR)


def _read_view(spec: DocumentFile, record: object | None, *, calendar: WorkingCalendar,
               monday: date, end: date) -> Mission | Freelancer | None:
    from cfo_tools.loading.workspace_snapshot import without_brief
    from cfo_tools.model.records import Freelancer, Mission
    from cfo_tools.planning.load import read_by_planning

    if isinstance(record, Freelancer):
        return record
    if isinstance(record, Mission) and read_by_planning(record, calendar, monday, end):
        return without_brief(record)
    return None
