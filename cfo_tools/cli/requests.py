"""``cfo requests``: the planning of requests."""

from __future__ import annotations

import click

from cfo_tools.cli.output import report_words
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.reporters.requests import REQUESTS_FORMATS
from cfo_tools.reporters.words import LANGUAGES


@click.command()
@click.option("--format", "output_format", type=click.Choice(list(REQUESTS_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text and Markdown (default: company.yaml's locale).")
@pass_state
def requests(state: CliState, output_format: str, lang: str | None) -> None:
    """Every unfilled or partly filled need, soonest first: who asked, when, for when, how many
    working days, and the three first people free for it (roster, then candidates); then the
    needs filled this week."""
    from cfo_tools.steering.requests import requests as planning_of_requests

    loaded = load_for_planning(state, briefs=False, rules=False)
    report = planning_of_requests(loaded.report.workspace, loaded.calendar, today=state.today)
    words = report_words(state, loaded, lang)
    click.echo(REQUESTS_FORMATS[output_format](report, words), nl=False)
