"""``cfo pipeline``: the recruiting funnel."""

from __future__ import annotations

import click

from cfo_tools.cli.output import report_words
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.reporters.pipeline import PIPELINE_FORMATS
from cfo_tools.reporters.words import LANGUAGES


@click.command()
@click.option("--role", metavar="ROLE", help="Only the candidates with this role.")
@click.option("--format", "output_format", type=click.Choice(list(PIPELINE_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text (default: company.yaml's locale).")
@pass_state
def pipeline(state: CliState, role: str | None, output_format: str, lang: str | None) -> None:
    """Candidates by stage with counts (the funnel), then the follow-ups due: a next step
    whose date passed, or an interested or qualified candidate with no contact for 30 days;
    then the candidates who would fit an open need of a mission."""
    from cfo_tools.steering.pipeline import pipeline as funnel

    loaded = load_for_planning(state, briefs=False, rules=False)
    report = funnel(loaded.report.workspace, today=state.today, role=role,
                    calendar=loaded.calendar)
    words = report_words(state, loaded, lang)
    click.echo(PIPELINE_FORMATS[output_format](report, words), nl=False)
