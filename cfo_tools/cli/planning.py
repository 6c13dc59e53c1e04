"""``cfo planning``: everyone's load, week by week."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.documents import render_limit_options
from cfo_tools.cli.output import emit, template_failure
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import date_option_value, load_for_planning
from cfo_tools.reporters.planning import PLANNING_FORMATS, PlanningView


@click.command()
@click.option("--from", "start", default="today", show_default=True, metavar="DATE",
              help="A day of the first week shown (YYYY-MM-DD, today, +2w).")
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True)
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(list(PLANNING_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the HTML page (default: company.yaml's locale).")
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
    loaded = load_for_planning(state, briefs=False, rules=False)
    company = loaded.report.workspace.company
    assert company is not None
    grid = build_planning(loaded.report.workspace, loaded.calendar, start=first, weeks=weeks,
                          role=role)
    from cfo_tools.documents.templating import TemplateProblem

    view = PlanningView(grid, company, loaded.report.workspace.root, lang or company.locale,
                        state.today, colour=output is None, limits=limits)
    try:
        text = PLANNING_FORMATS[output_format](view)
    except TemplateProblem as exc:
        template_failure(exc)
    emit(text, output, force=force)
