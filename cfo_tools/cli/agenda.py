"""``cfo agenda``: everything due over the next working days."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from cfo_tools.cli.output import emit, template_failure
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.reporters.agenda import AGENDA_FORMATS, AgendaView


@click.command()
@click.option("--days", type=click.IntRange(0, 260), default=5, show_default=True,
              help="Working days ahead, after today.")
@click.option("--owner", metavar="ID", help="Only the missions of this team member.")
@click.option("--format", "output_format", type=click.Choice(list(AGENDA_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the agenda (default: company.yaml's locale).")
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write to this file (default: the standard output).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pass_state
def agenda(state: CliState, days: int, owner: str | None, output_format: str,
           lang: str | None, output: Path | None, force: bool) -> None:
    """Everything due from today over the next working days, soonest first, what is late
    first of all: check-ins, deliverables due or to review, paperwork to chase, candidates to
    follow up, needs to staff, reviews to write; each with its file and the command that does
    it. The markdown form suits a Monday e-mail; ics is a calendar to subscribe to."""
    from cfo_tools.checks.follow_up.context import FollowUpContext
    from cfo_tools.checks.validation import prepare_run
    from cfo_tools.documents.templating import TemplateProblem, load_messages
    from cfo_tools.loading.bulk_loading import bulk_loading
    from cfo_tools.site.compliance_board import not_in_order
    from cfo_tools.site.view_memo import AGENDA_PART, ViewMemo
    from cfo_tools.steering.agenda import build_agenda

    with bulk_loading():
        prepared = prepare_run(state.workspace(), cache_folder=state.cache_folder())
    loaded = load_for_planning(state, briefs=False, rules=False, prepared=prepared)
    workspace = loaded.report.workspace
    if owner is not None and (workspace.company is None or workspace.company.member(owner) is None):
        raise UsageProblem(f"no team member '{owner}' in company.yaml")
    memo = paperwork = None
    if workspace.company is not None:
        # Each contract's paperwork kept under its freelancer's and mission's content keys
        # and the day, as the site keeps it: after an edit, only theirs is resolved again.
        memo = ViewMemo.open(prepared.cache, prepared.remembered_as,
                             prepared.keys_by_file() if prepared.keys is not None else None,
                             workspace.company, state.today, AGENDA_PART)
        context = FollowUpContext(workspace, loaded.calendar, state.today)
        paperwork = functools.partial(not_in_order, context, memo)
    with bulk_loading():
        result = build_agenda(workspace, loaded.calendar, today=state.today, days=days,
                              owner=owner, paperwork=paperwork)
    if memo is not None:
        memo.save()
    language = lang or (workspace.company.locale if workspace.company else "fr")
    try:
        words = load_messages(workspace.root, language)
    except TemplateProblem as exc:
        template_failure(exc)
    emit(AGENDA_FORMATS[output_format](AgendaView(result, words, language)), output,
         force=force)
