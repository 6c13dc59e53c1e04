"""``cfo calendar``: assignments as an .ics file to import or subscribe to."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import click

from cfo_tools.cli.output import emit
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import known_freelancer, load_for_planning
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.model.close_names import no_such


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
    if freelancer and mission:
        raise UsageProblem("give --freelancer or --mission, not both")
    emit(_calendar_bytes(state, freelancer, mission), output, force=force)


def _calendar_bytes(state: CliState, freelancer: str | None, mission: str | None) -> bytes:
    """Through the cache, from each mission's events kept serialised
    (``reporters/calendar_events.py``); without it, the calendar made whole, as the
    reference the tests compare with."""
    from cfo_tools.cli.view_loading import load_views
    from cfo_tools.planning.calendar_export import build_calendar
    from cfo_tools.reporters.calendar_events import calendar_from_views, calendar_recipe

    viewed = load_views(state, calendar_recipe(state.today))
    if viewed is not None:
        _check_choice(viewed.shared.freelancer_files,
                      {spec.id for spec, _ in viewed.views if spec.kind == "mission"},
                      freelancer, mission)
        with bulk_loading():
            return calendar_from_views(viewed, today=state.today, freelancer=freelancer,
                                       mission=mission)
    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    _check_choice(workspace.freelancer_files, workspace.mission_files, freelancer, mission)
    # The results are built like the workspace was loaded, without the collector walking the
    # events again and again (loading/bulk_loading.py): on 110,000 files it cost a
    # fifth to two fifths of the work after loading.
    with bulk_loading():
        return build_calendar(workspace, today=state.today, freelancer=freelancer,
                              mission=mission)


def _check_choice(freelancers: Collection[str], missions: Collection[str],
                  freelancer: str | None, mission: str | None) -> None:
    known_freelancer(freelancers, freelancer)
    if mission is not None and mission not in missions:
        raise UsageProblem(no_such("mission", mission, "missions/", missions))
