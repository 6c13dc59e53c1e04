"""``cfo site``: the dashboard as a static site with its JSON API."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.documents import render_limit_options
from cfo_tools.cli.output import current_workspace, template_failure, writing
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, pass_state


@click.command()
@click.option("-o", "--output", type=SafePath(file_okay=False, path_type=Path),
              default=Path("out/site"), show_default=True,
              help="The folder to write the site to.")
@click.option("--no-money", is_flag=True,
              help="Leave out every rate, amount, budget and invoice, pages and API alike "
                   "(for a site shared beyond the CFO's team).")
@click.option("--no-reviews", is_flag=True,
              help="Leave out what reviews say of freelancers (scores, comments, rehire "
                   "answers, averages), for a site published beyond the team.")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the pages (default: company.yaml's locale).")
@click.option("--force", is_flag=True,
              help="Replace the output folder even when it is not a site cfo built.")
@render_limit_options
@pass_state
def site(state: CliState, output: Path, no_money: bool, no_reviews: bool, lang: str | None,
         force: bool, limits: Any) -> None:
    """Build the dashboard site as of today: home (missions in flight, open requests, what is
    due this week, the findings of cfo check), planning, a page per mission and per
    freelancer, talent, compliance and pipeline, and the JSON API under api/v1/. The folder
    is replaced whole; a folder that is not an earlier build needs --force."""
    from cfo_tools.checks.runner import run_checks
    from cfo_tools.documents.earlier_renders import EarlierRenders
    from cfo_tools.documents.output_files import filling_folder
    from cfo_tools.documents.templating import TemplateProblem
    from cfo_tools.reporters.text import format_finding
    from cfo_tools.site.building import MARKER, make_site
    from cfo_tools.site.forge_links import git_source_base
    from cfo_tools.site.inputs import SiteInputs
    from cfo_tools.site.page_store import PageStore
    from cfo_tools.site.site_folder import SiteWrite, earlier_build, write_site

    root = state.workspace()
    cache_folder = state.cache_folder()
    report = run_checks(root, today=state.today, cache_folder=cache_folder)
    calendar = report.calendar
    company = report.validation.workspace.company
    if calendar is None or company is None:
        # Without the company's calendar nothing can be planned; its errors say why.
        for finding in report.findings:
            if finding.severity == "error" and finding.file == "company.yaml":
                click.echo(format_finding(finding), err=True)
        click.echo("cfo: company.yaml has errors; fix them first (see above).", err=True)
        raise SystemExit(1)
    # A workspace with errors still gets its site: the home page lists them.
    # (The days off keep the company's names, marked as in its language: like its closures.)
    inputs = SiteInputs(report, calendar, state.today, lang or company.locale,
                        money=not no_money, reviews=not no_reviews,
                        source_base=git_source_base(root), limits=limits)
    # The pages of records whose key did not change since the last build in this folder
    # (as long as their files are as it wrote them) are not rendered again.
    earlier = EarlierRenders.open(cache_folder, output, SITE_PAGES)
    # The files the cache keeps by key, whatever folder they were written to: a build into
    # an empty folder (CI's) takes from there the files whose key did not change.
    store = None if earlier is None else PageStore(earlier.cache)
    known: dict[str, bytes] | None = None
    with writing():
        present = earlier_build(output, workspace=current_workspace())
    try:
        if present is not None:
            known = None if earlier is None else {
                page: key for page, (key, _) in earlier.still_there(whole=MARKER).items()}
            built = make_site(inputs, known, store=store)
            with writing():
                done = write_site(output, built.files, kept=built.kept, present=present,
                                  replaceable=force or _earlier_build(output, MARKER),
                                  workspace=current_workspace())
        else:
            # A new folder (what CI builds): each file is written as soon as it is made,
            # while the workers render the next ones, into a folder that takes the place of
            # ``output`` once complete.
            with writing(), filling_folder(
                    output, force=force or _earlier_build(output, MARKER),
                    workspace=current_workspace()) as add:
                built = make_site(inputs, None if earlier is None else {}, store=store,
                                  on_files=add)
            done = SiteWrite(written=built.made, unchanged=0, removed=0)
    except TemplateProblem as exc:
        template_failure(exc)
    if earlier is not None and not (present is not None and built.keys == known
                                    and done.written == done.removed == 0):
        # (Unless nothing was written and every key is the one kept: the store already
        # holds these keys and stats; 22,000 files need not be stat-ed again.)
        earlier.remember(built.keys)
    if store is not None:
        store.keep(output, built.whole, built.store_keys())
    pages, fetched = built.pages, built.fetched
    kept = sum(name.endswith(".html") for name in built.kept)
    click.echo(f"wrote {output} ({pages} pages: {pages - kept - fetched} rendered, {kept} kept "
               f"from the last build, {fetched} taken from the cache; {done.summary()})",
               err=True)


#: What the site keeps in the document cache: the keys of its pages of records.
SITE_PAGES = b"site-pages"


def _earlier_build(folder: Path, marker: str) -> bool:
    """Whether ``folder`` is a site cfo built (it holds the marker as a plain file), which the
    new build may replace without --force."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(
            os.lstat(folder / marker).st_mode)
    except OSError:
        return False
