"""``cfo status`` and ``cfo talent``: following missions and people."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import click

from cfo_tools.cli.output import company_words, words_refused
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.loading.bulk_loading import bulk_loading
from cfo_tools.reporters.status import STATUS_FORMATS
from cfo_tools.reporters.talent import TALENT_FORMATS
from cfo_tools.reporters.words import LANGUAGES

if TYPE_CHECKING:
    from cfo_tools.model.records import Company
    from cfo_tools.steering.talent import TalentReport


@click.command()
@click.option("--owner", metavar="ID", help="Only the missions of this team member.")
@click.option("--format", "output_format", type=click.Choice(list(STATUS_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text and Markdown (default: company.yaml's locale).")
@pass_state
def status(state: CliState, owner: str | None, output_format: str, lang: str | None) -> None:
    """Every mission in flight (staffed, in progress, in review): who, how far along, what is
    due in the next 7 days, late, waiting for validation or for corrections; then the missions
    that ended without reviews. The markdown form suits a weekly e-mail or a job summary."""
    click.echo(_status_output(state, owner, output_format, lang), nl=False)


def _status_output(state: CliState, owner: str | None, output_format: str,
                   lang: str | None) -> str:
    """Through the cache, from the rows kept per mission (``reporters/status_rows.py``);
    without it, the board made whole, as the reference the tests compare with."""
    from cfo_tools.cli.view_loading import load_views
    from cfo_tools.reporters.status import STATUS_PARTS
    from cfo_tools.reporters.status_rows import status_from_views, status_recipe
    from cfo_tools.reporters.words import catalogue_key, report_words

    parts = STATUS_PARTS[output_format]
    # The catalogue read once, for the rows made again and for the whole.
    words_of = functools.cache(functools.partial(report_words, state.workspace(), lang))
    recipe = status_recipe(parts, output_format, state.today, lang,
                           catalogue_key(state.workspace()), words_of)
    # A messages file the workspace may not use is met while the rows are made, or the words
    # of the whole are loaded; either way before the owner is looked up.
    with words_refused():
        viewed = load_views(state, recipe)
        if viewed is not None:
            company = viewed.shared.company
            words = words_of(company.locale if company else None)
    if viewed is not None:
        _check_owner(company, owner)
        return status_from_views(viewed, owner, parts, state.today, words)
    from cfo_tools.steering.status_board import status_board

    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    words = company_words(state, workspace.company, lang)
    _check_owner(workspace.company, owner)
    with bulk_loading():
        board = status_board(workspace, loaded.calendar, today=state.today, owner=owner)
    return parts.render(board, words)


def _check_owner(company: Company | None, owner: str | None) -> None:
    if owner is not None and (company is None or company.member(owner) is None):
        raise UsageProblem(f"no team member '{owner}' in company.yaml")


@click.command()
@click.option("--skill", metavar="SKILL", help="Only freelancers with this skill.")
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(list(TALENT_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of the text (default: company.yaml's locale).")
@pass_state
def talent(state: CliState, skill: str | None, role: str | None, output_format: str,
           lang: str | None) -> None:
    """The roster through past work: missions done, days booked, average scores, share of
    "would rehire", last mission, next free day; then retention alerts."""
    report, company = _talent_report(state, skill, role)
    words = company_words(state, company, lang)
    click.echo(TALENT_FORMATS[output_format](report, words), nl=False)


def _talent_report(state: CliState, skill: str | None, role: str | None
                   ) -> tuple[TalentReport, Company | None]:
    """Through the cache, from the views of ``cfo find`` (``cli/find.py``: a freelancer's
    record, what a search reads of a mission as of ``--today``), which both commands keep
    and use: after one edit only the edited documents are loaded. Without it, the workspace
    is loaded. With the report, the company (whose locale the report is said in)."""
    from cfo_tools.cli.find import find_recipe
    from cfo_tools.cli.view_loading import load_views
    from cfo_tools.steering.talent import talent_report, talent_report_of_times

    today = state.today
    viewed = load_views(state, find_recipe(today))
    if viewed is not None:
        freelancers = {spec.id: view for spec, view in viewed.views
                       if spec.kind == "freelancer" and view is not None}
        missions = [view for spec, view in viewed.views
                    if spec.kind == "mission" and view is not None]
        with bulk_loading():
            return talent_report_of_times(freelancers, missions, viewed.calendar, today=today,
                                          skill=skill, role=role), viewed.shared.company
    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    # The results are built like the workspace was loaded, without the collector walking the
    # rows again and again (loading/bulk_loading.py): on 110,000 files it cost a
    # fifth to two fifths of the work after loading.
    with bulk_loading():
        return talent_report(workspace, loaded.calendar, today=today,
                             skill=skill, role=role), workspace.company
