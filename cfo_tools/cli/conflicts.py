"""``cfo conflicts``."""

from __future__ import annotations

import click

from cfo_tools.cli.output import report_words
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import (
    date_option_value,
    freelancer_option_value,
    load_for_planning,
)
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.reporters.conflicts import CONFLICTS_FORMATS, ConflictsView
from cfo_tools.reporters.words import LANGUAGES


@click.command()
@click.option("--from", "start", metavar="DATE", help="First day checked (YYYY-MM-DD, today, +6d).")
@click.option("--to", "end", metavar="DATE", help="Last day checked.")
@click.option("--freelancer", metavar="ID", help="Only this freelancer.")
@click.option("--format", "output_format", type=click.Choice(list(CONFLICTS_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text's last line (default: company.yaml's locale); the "
                   "findings are cfo check's.")
@pass_state
def conflicts(state: CliState, start: str | None, end: str | None, freelancer: str | None,
              output_format: str, lang: str | None) -> None:
    """Find double bookings and bookings while someone is away.

    overbooked: on some working day, a freelancer's assignments add up to more than their
    capacity. unavailable: an assignment covers a working day of an unavailability, or a day of a
    company closure. Exit 1 when there are conflicts.
    """
    from cfo_tools.checks.remembered_conflicts import located_conflicts
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.cli.validate import report as show

    first = date_option_value(start, state.today, "--from")
    last = date_option_value(end, state.today, "--to")
    if first and last and last < first:
        raise UsageProblem(f"--to {last} is before --from {first}")
    with bulk_loading():
        prepared = prepare_run(state.workspace(), cache_folder=state.cache_folder())
    loaded = load_for_planning(state, briefs=False, rules=False, prepared=prepared)
    freelancer_option_value(loaded, freelancer)
    report = loaded.report
    # The results are built like the workspace was loaded, without the collector walking the
    # new objects again and again (loading/bulk_loading.py): on 110,000 files it cost a
    # fifth to two fifths of the work after loading.
    with bulk_loading():
        found, findings = located_conflicts(prepared, report, loaded.calendar, start=first,
                                            end=last, freelancer=freelancer)
        view = ConflictsView(found, findings)
    if output_format == "github":
        # Also the job summary, as `cfo check` writes it.
        show(view.outcome, "github", report.workspace.root, "cfo conflicts")
    else:
        words = report_words(state, loaded, lang)
        click.echo(CONFLICTS_FORMATS[output_format](view, words), nl=False)
    raise SystemExit(1 if found else 0)
