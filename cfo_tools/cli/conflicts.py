"""``cfo conflicts``."""

from __future__ import annotations

import json

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import (
    date_option_value,
    freelancer_option_value,
    load_for_planning,
)


@click.command()
@click.option("--from", "start", metavar="DATE", help="First day checked (YYYY-MM-DD, today, +6d).")
@click.option("--to", "end", metavar="DATE", help="Last day checked.")
@click.option("--freelancer", metavar="ID", help="Only this freelancer.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
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
    from cfo_tools.reporters import Outcome
    from cfo_tools.reporters.text import format_finding

    first = date_option_value(start, state.today, "--from")
    last = date_option_value(end, state.today, "--to")
    if first and last and last < first:
        raise UsageProblem(f"--to {last} is before --from {first}")
    loaded = load_for_planning(state)
    freelancer_option_value(loaded, freelancer)
    report = loaded.report
    found = find_conflicts(report.workspace, loaded.calendar, start=first, end=last,
                           freelancer=freelancer)
    if output_format == "json":
        payload = {"ok": not found, "conflicts": [
            {"kind": c.kind, "freelancer": c.freelancer, "start": c.start.isoformat(),
             "end": c.end.isoformat(), "working_days": c.working_days, "peak": c.peak,
             "capacity": c.capacity, "missions": list(c.missions), "file": c.file,
             "line": report.locate(c.file, c.pointer)[0], "reason": c.reason}
            for c in found]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif output_format == "github":
        outcome = Outcome(conflict_findings(found, report.locate))
        show(outcome, "github", report.workspace.root, "cfo conflicts")
    else:
        for finding in conflict_findings(found, report.locate):
            click.echo(format_finding(finding))
        click.echo(_summary(len(found)))
    raise SystemExit(1 if found else 0)


def _summary(count: int) -> str:
    if count == 0:
        return "No conflicts."
    return f"{count} conflict" + ("" if count == 1 else "s") + "."
