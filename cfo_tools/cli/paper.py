"""``cfo contract``, ``cfo order`` and ``cfo budget``: the paper and the money of a mission."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.documents import (
    _generate,
    _maker,
    render_limit_options,
    single_document_options,
)
from cfo_tools.cli.output import emit, report_words
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_documents, load_for_planning
from cfo_tools.model.close_names import no_such
from cfo_tools.reporters.budget import BUDGET_FORMATS


def _refusing(action: Any) -> Any:
    """Run ``action``; a document that cannot be written as the data stands ends the command
    with the reason (exit 2), nothing written."""
    from cfo_tools.documents.paper import PaperRefused

    try:
        return _generate(action)
    except PaperRefused as exc:
        raise UsageProblem(str(exc)) from None


@click.command()
@click.argument("mission")
@click.argument("freelancer")
@click.option("--no-rights", is_flag=True,
              help="Write the contract without a copyright assignment, even though the "
                   "mission has deliverables.")
@single_document_options
@render_limit_options
@pass_state
def contract(state: CliState, mission: str, freelancer: str, no_rights: bool,
             lang: str | None, fmt: str, output: Path | None, force: bool,
             limits: Any) -> None:
    """The draft contract of services between the company and FREELANCER for MISSION: the
    parties, object and deliverables, dates, place, price, payment terms within the legal
    limits, the rights assigned, confidentiality, independence, vigilance documents and
    termination. A draft for the company's counsel to check."""
    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits)
    text = _refusing(lambda: maker.contract(mission, freelancer, fmt=fmt,
                                            with_rights=not no_rights))
    emit(text, output, force=force)


@click.command()
@click.argument("mission")
@click.argument("freelancer")
@click.option("--number", metavar="NUMBER",
              help="The order's number, when the freelancer has several on the mission.")
@single_document_options
@render_limit_options
@pass_state
def order(state: CliState, mission: str, freelancer: str, number: str | None,
          lang: str | None, fmt: str, output: Path | None, force: bool, limits: Any) -> None:
    """The purchase order of FREELANCER's assignment on MISSION (its 'order' in the mission
    file): number, date, parties, period, planned days, rate, amount, payment terms, where to
    send the invoice and what it must carry."""
    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits)
    text = _refusing(lambda: maker.purchase_order(mission, freelancer, fmt=fmt,
                                                  number=number))
    emit(text, output, force=force)


@click.command()
@click.argument("mission", required=False)
@click.option("--format", "output_format", type=click.Choice(list(BUDGET_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the report (default: company.yaml's locale).")
@pass_state
def budget(state: CliState, mission: str | None, output_format: str, lang: str | None) -> None:
    """Per mission (or MISSION alone): budget, committed (the assignments' planned amounts),
    actual (approved activity x contracted rate), still to come, forecast at completion and
    variance, excluding VAT."""
    from cfo_tools.steering.budget import budgets

    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    if mission is not None and mission not in workspace.missions:
        raise UsageProblem(no_such("mission", mission, "missions/", workspace.mission_files))
    company = workspace.company
    assert company is not None
    found = budgets(workspace, loaded.calendar, mission)
    words = report_words(state, loaded, lang)
    click.echo(BUDGET_FORMATS[output_format](found, company.currency, words), nl=False)
