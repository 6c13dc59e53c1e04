"""``cfo status`` and ``cfo talent``: following missions and people."""

from __future__ import annotations

import click

from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.reporters.status import STATUS_FORMATS
from cfo_tools.reporters.talent import TALENT_FORMATS


@click.command()
@click.option("--owner", metavar="ID", help="Only the missions of this team member.")
@click.option("--format", "output_format", type=click.Choice(list(STATUS_FORMATS)),
              default="text", show_default=True)
@pass_state
def status(state: CliState, owner: str | None, output_format: str) -> None:
    """Every mission in flight (staffed, in progress, in review): who, how far along, what is
    due in the next 7 days, late, waiting for validation or for corrections; then the missions
    that ended without reviews. The markdown form suits a weekly e-mail or a job summary."""
    from cfo_tools.cli.status_rows import status_output

    click.echo(status_output(state, owner, output_format), nl=False)


@click.command()
@click.option("--skill", metavar="SKILL", help="Only freelancers with this skill.")
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(list(TALENT_FORMATS)),
              default="text", show_default=True)
@pass_state
def talent(state: CliState, skill: str | None, role: str | None, output_format: str) -> None:
    """The roster through past work: missions done, days booked, average scores, share of
    "would rehire", last mission, next free day; then retention alerts."""
    from cfo_tools.steering.talent import talent_report

    loaded = load_for_planning(state, briefs=False, rules=False)
    report = talent_report(loaded.report.workspace, loaded.calendar, today=state.today,
                           skill=skill, role=role)
    click.echo(TALENT_FORMATS[output_format](report), nl=False)
