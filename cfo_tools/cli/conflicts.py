"""``cfo conflicts``."""

from __future__ import annotations

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import (
    date_option_value,
    freelancer_option_value,
    load_for_planning,
)
from cfo_tools.reporters.conflicts import CONFLICTS_FORMATS, ConflictsView


@click.command()
@click.option("--from", "start", metavar="DATE", help="First day checked (YYYY-MM-DD, today, +6d).")
@click.option("--to", "end", metavar="DATE", help="Last day checked.")
@click.option("--freelancer", metavar="ID", help="Only this freelancer.")
@click.option("--format", "output_format", type=click.Choice(list(CONFLICTS_FORMATS)),
              default="text", show_default=True)
@pass_state
def conflicts(state: CliState, start: str | None, end: str | None, freelancer: str | None,
              output_format: str) -> None:
    """Find double bookings and bookings while someone is away.

    overbooked: on some working day, a freelancer's assignments add up to more than their
    capacity. unavailable: an assignment covers a working day of an unavailability, or a day of a
    company closure. Exit 1 when there are conflicts.
    """
    from cfo_tools.cli.validate import report as show
    from cfo_tools.planning.conflicts import conflict_findings, find_conflicts

    first = date_option_value(start, state.today, "--from")
    last = date_option_value(end, state.today, "--to")
    if first and last and last < first:
        raise UsageProblem(f"--to {last} is before --from {first}")
    loaded = load_for_planning(state, briefs=False, rules=False)
    freelancer_option_value(loaded, freelancer)
    report = loaded.report
    found = find_conflicts(report.workspace, loaded.calendar, start=first, end=last,
                           freelancer=freelancer)
    # All lines at once, like `cfo check`: one look-up in the cache, one scan per file.
    places = report.locate_all([*((c.file, c.pointer) for c in found),
                                *(place for c in found for place in c.involved)])
    view = ConflictsView(found, conflict_findings(found, lambda file, pointer:
                                                  places[file, pointer]))
    if output_format == "github":
        # Also the job summary, as `cfo check` writes it.
        show(view.outcome, "github", report.workspace.root, "cfo conflicts")
    else:
        click.echo(CONFLICTS_FORMATS[output_format](view), nl=False)
    raise SystemExit(1 if found else 0)
