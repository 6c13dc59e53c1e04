"""``cfo activity``: monthly activity reports: write the draft, show it to sign, follow them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cfo_tools.cli.documents import render_limit_options, single_document_options
from cfo_tools.cli.output import report_words
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.model.close_names import no_such
from cfo_tools.reporters.activity import ACTIVITY_FORMATS

if TYPE_CHECKING:
    from cfo_tools.model.months import Month


class MonthParam(click.ParamType):
    """A month written YYYY-MM."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Month:
        from cfo_tools.model.months import Month

        if isinstance(value, Month):
            return value
        try:
            return Month.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


month_option = click.option("--month", type=MonthParam(), metavar="YYYY-MM",
                            help="The month of the report.")


@click.group()
def activity() -> None:
    """Monthly activity reports (CRA): activity/<yyyy-mm>/<freelancer>.yaml."""


@activity.command("new")
@click.argument("freelancer")
@click.option("--month", type=MonthParam(), metavar="YYYY-MM", required=True,
              help="The month of the report.")
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write here (default: activity/<month>/<freelancer>.yaml in the workspace).")
@click.option("--force", is_flag=True, help="Replace an existing report.")
@pass_state
def new_report(state: CliState, freelancer: str, month: Month, output: Path | None,
               force: bool) -> None:
    """Write FREELANCER's report of the month, pre-filled from the planning: every planned
    working day of their assignments (0.5 a day at half time), nothing on days off, status
    draft. Never replaces a report without --force."""
    from cfo_tools.cli.output import writing
    from cfo_tools.cli.workspace_loading import load_for_planning
    from cfo_tools.documents.activity_draft import draft_report_text
    from cfo_tools.documents.output_files import OutputExists, write_file
    from cfo_tools.documents.scaffolding import schema_reference
    from cfo_tools.loading.kinds import record_kind

    loaded = load_for_planning(state)
    workspace = loaded.report.workspace
    if freelancer not in workspace.freelancers:
        raise UsageProblem(
            no_such("freelancer", freelancer, "roster/", workspace.freelancer_files)
            + " (or their file has errors: run 'cfo check')")
    root = workspace.root
    relative = record_kind("activity").file_for(yyyy_mm=str(month), freelancer=freelancer)
    target = output if output is not None else root / relative
    text = draft_report_text(workspace, loaded.calendar, freelancer, month,
                             schema_ref=schema_reference(root, "activity",
                                                         target.resolve().parent))
    with writing():
        try:
            write_file(target, text, force=force, workspace=root)
        except OutputExists:
            raise UsageProblem(f"{target if output else relative} already exists; it is left "
                               "as it is (--force replaces it)") from None
    click.echo(f"wrote {output if output else relative}; correct the days, then set status: "
               "submitted and submitted_on", err=True)


@activity.command("show")
@click.argument("freelancer")
@click.option("--month", type=MonthParam(), metavar="YYYY-MM", required=True,
              help="The month of the report.")
@single_document_options
@render_limit_options
@pass_state
def show(state: CliState, freelancer: str, month: Month, lang: str | None, fmt: str,
         output: Path | None, force: bool, limits: Any) -> None:
    """FREELANCER's report of the month as a document to sign: the month's calendar with the
    days off named, the days per mission, the purchase order, the amount at the contracted
    rate, and two signature blocks."""
    from cfo_tools.cli.documents import _generate, _maker
    from cfo_tools.cli.output import emit
    from cfo_tools.cli.workspace_loading import load_for_documents
    from cfo_tools.documents.activity_sheet import render_activity_report

    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits)
    text = _generate(lambda: render_activity_report(maker, freelancer, month, fmt))
    emit(text, output, force=force)


@activity.command("status")
@month_option
@click.option("--format", "output_format", type=click.Choice(list(ACTIVITY_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the text and Markdown (default: company.yaml's locale).")
@pass_state
def status(state: CliState, month: Month | None, output_format: str, lang: str | None) -> None:
    """The month's reports per freelancer (missing, draft, submitted, approved, disputed),
    with the days reported against the days planned. Default month: the previous one, whose
    reports are being collected."""
    from cfo_tools.cli.workspace_loading import load_for_planning
    from cfo_tools.steering.activity_status import activity_status, default_month

    loaded = load_for_planning(state, briefs=False, rules=False)
    chosen = month or default_month(state.today)
    report = activity_status(loaded.report.workspace, loaded.calendar, chosen,
                             today=state.today)
    words = report_words(state, loaded, lang)
    click.echo(ACTIVITY_FORMATS[output_format](report, words), nl=False)
