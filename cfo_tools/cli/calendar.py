"""``cfo calendar``: assignments as an .ics file to import or subscribe to."""

from __future__ import annotations

from pathlib import Path

import click

from cfo_tools.cli.output import emit
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import freelancer_option_value, load_for_planning


@click.command()
@click.option("--freelancer", metavar="ID", help="Only this freelancer's assignments and absences.")
@click.option("--mission", metavar="ID", help="Only this mission's assignments.")
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write to this file (default: the standard output).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pass_state
def calendar(state: CliState, freelancer: str | None, mission: str | None,
             output: Path | None, force: bool) -> None:
    """Write an RFC 5545 calendar (.ics): one all-day event per assignment, and the
    freelancers' unavailable periods. Stable UIDs: importing again updates the events."""
    from cfo_tools.planning.calendar_export import build_calendar

    if freelancer and mission:
        raise UsageProblem("give --freelancer or --mission, not both")
    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    freelancer_option_value(loaded, freelancer)
    if mission is not None and mission not in workspace.mission_files:
        raise UsageProblem(f"no mission '{mission}' in missions/")
    data = build_calendar(workspace, today=state.today, freelancer=freelancer, mission=mission)
    emit(data, output, force=force)
