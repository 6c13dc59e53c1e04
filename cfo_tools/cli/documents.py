"""``cfo brief``, ``cfo onboard`` and ``cfo build``: documents from templates."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from cfo_tools.cli.output import (
    current_workspace,
    emit,
    template_failure,
    write_file,
    write_folder,
    writing,
)
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import LoadedWorkspace, load_for_documents
from cfo_tools.formats.terminal import terminal_text

T = TypeVar("T")

lang_option = click.option("--lang", type=click.Choice(["fr", "en"]),
                           help="Language of the documents (default: company.yaml's locale).")
force_option = click.option("--force", is_flag=True,
                            help="Replace an existing file, or a folder's whole content.")


def single_document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--lang, --format md|html, -o PATH and --force, for commands that write one document."""
    for option in reversed([
        lang_option,
        click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md",
                     show_default=True),
        click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
                     help="Write to this file (default: the standard output)."),
        force_option,
    ]):
        command = option(command)
    return command


class SizeParam(click.ParamType):
    """A size in bytes written ``10MiB``, ``512KiB`` or ``1048576``."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from cfo_tools.documents.render_limits import parse_size

        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not math.isfinite(value):
        raise click.BadParameter("give a number of seconds", ctx, param)
    return value


def render_limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--render-timeout and --max-output-size, given to the command as ``limits``."""

    @functools.wraps(command)
    def with_limits(*args: Any, render_timeout: float, max_output_size: int,
                    **kwargs: Any) -> Any:
        from cfo_tools.documents.render_limits import RenderLimits

        return command(*args, limits=RenderLimits(render_timeout, max_output_size), **kwargs)

    for option in reversed([
        click.option("--render-timeout", type=click.FloatRange(0, 3600, min_open=True),
                     default=10, show_default=True, metavar="SECONDS", callback=_finite,
                     envvar="CFO_RENDER_TIMEOUT",
                     help="Processor time allowed to render each document (a busy machine "
                          "does not count against it); a template that takes longer is an "
                          "error."),
        click.option("--max-output-size", type=SizeParam(), default="10MiB",
                     show_default=True, envvar="CFO_MAX_OUTPUT_SIZE",
                     help="Largest document, and largest value a template may build "
                          "(e.g. 10MiB, 512KiB)."),
    ]):
        with_limits = option(with_limits)
    return with_limits


def _maker(loaded: LoadedWorkspace, lang: str | None, state: CliState,
           limits: Any = None, *, freelancer: str | None = None) -> Any:
    """The document maker; addressed to ``freelancer``, in their language by default (with a
    warning on stderr when they do not list the language of the document)."""
    from cfo_tools.documents.maker import DocumentMaker, language_for

    company = loaded.report.workspace.company
    assert company is not None
    person = (loaded.report.workspace.freelancers.get(freelancer)
              if freelancer is not None else None)
    language, warning = language_for(company, person, lang)
    if warning is not None:
        click.echo(f"cfo: warning: {terminal_text(warning)}", err=True)
    # Holidays are named in the documents' language, which may not be the company's.
    maker = DocumentMaker(loaded.report.workspace, loaded.calendar_in(language), language,
                          state.today, calendars=loaded.calendar_in)
    if limits is not None:
        maker.limits = limits
    return maker


def _examples_left(loaded: LoadedWorkspace, missions: Iterable[str]) -> None:
    """Warn of an example text the documents still show (the pitch, a brief's summary):
    they are sent to freelancers."""
    from cfo_tools.model.placeholders import examples_left

    workspace = loaded.report.workspace
    company = workspace.company
    briefs = {m: (workspace.missions[m].file, workspace.missions[m].brief)
              for m in missions if m in workspace.missions}
    for left in examples_left(company is not None and company.example_pitch, briefs):
        click.echo(f"cfo: warning: {terminal_text(left)}: replace it before sending", err=True)


def _generate(action: Callable[[], T]) -> T:
    """Run ``action``; a template problem or an unknown id ends the command cleanly."""
    from cfo_tools.documents.maker import UnknownName
    from cfo_tools.documents.templating import TemplateProblem

    try:
        return action()
    except TemplateProblem as exc:
        template_failure(exc)
        raise  # template_failure exits
    except UnknownName as exc:
        raise UsageProblem(str(exc)) from None


@click.command()
@click.argument("mission")
@click.option("--freelancer", metavar="ID",
              help="Address the brief to this freelancer, with their own terms.")
@single_document_options
@render_limit_options
@pass_state
def brief(state: CliState, mission: str, freelancer: str | None, lang: str | None, fmt: str,
          output: Path | None, force: bool, limits: Any) -> None:
    """The brief of MISSION: the company, the mission, deliverables, schedule and contact.

    With --freelancer it is addressed to them and adds their role, allocation, daily rate and
    estimated amount; without, it contains no rate at all.
    """
    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits, freelancer=freelancer)
    text = _generate(lambda: maker.brief(mission, freelancer_id=freelancer, fmt=fmt))
    emit(text, output, force=force)
    _examples_left(loaded, [mission])


@click.command()
@click.argument("freelancer")
@click.option("--mission", "missions", metavar="ID", multiple=True,
              help="Only these missions (default: their current and upcoming ones).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="html",
              show_default=True)
@click.option("-o", "--output", type=SafePath(path_type=Path),
              help="Folder to write (default: out/onboarding/FREELANCER in the workspace), "
                   "or zip file with --zip.")
@click.option("--zip", "as_zip", is_flag=True, help="Write one .zip file instead of a folder.")
@force_option
@render_limit_options
@pass_state
def onboard(state: CliState, freelancer: str, missions: tuple[str, ...], lang: str | None,
            fmt: str, output: Path | None, as_zip: bool, force: bool, limits: Any) -> None:
    """An onboarding pack for FREELANCER: welcome letter, company guide, a brief per mission,
    their assignments as an .ics file, tools and contacts, administrative checklist, index."""
    from cfo_tools.documents.context import freelancer_missions

    loaded = load_for_documents(state)
    maker = _maker(loaded, lang, state, limits, freelancer=freelancer)
    files = _generate(lambda: maker.onboarding_pack(freelancer, missions=missions, fmt=fmt))
    _examples_left(loaded, missions or [m.id for m in freelancer_missions(
        loaded.report.workspace, loaded.report.workspace.freelancers[freelancer], state.today)])
    root = loaded.report.workspace.root
    if as_zip:
        from cfo_tools.documents.maker import zip_bytes

        target = output or root / "out" / "onboarding" / f"{freelancer}.zip"
        write_file(target, zip_bytes(files, f"onboarding-{freelancer}"), force=force)
    else:
        target = output or root / "out" / "onboarding" / freelancer
        write_folder(target, files, force=force)
    click.echo(f"wrote {target} ({len(files)} documents)", err=True)


@click.command()
@click.option("-o", "--output", type=SafePath(file_okay=False, path_type=Path),
              help="Folder to write (default: out/build in the workspace).")
@lang_option
@force_option
@render_limit_options
@pass_state
def build(state: CliState, output: Path | None, lang: str | None, force: bool,
          limits: Any) -> None:
    """Every document at once, for CI to publish: a brief per open, staffed, in-progress and
    in-review mission (general, and one per assigned freelancer), in Markdown and HTML, with
    an index. The same workspace and --today give byte-identical files.

    A brief addressed to a freelancer is in their own language (the first of their languages
    the templates speak) unless --lang is given.

    Run again on its own folder, it writes only the files whose bytes changed and removes those
    it no longer produces; a file edited by hand since is replaced only with --force."""
    from cfo_tools.documents.build_folder import updating_folder
    from cfo_tools.documents.earlier_renders import EarlierRenders
    from cfo_tools.documents.maker import BuildKeys
    from cfo_tools.documents.render_keys import template_sources
    from cfo_tools.documents.rendered_store import document_store
    from cfo_tools.documents.skipped_documents import grouped_notes
    from cfo_tools.documents.templating import WorkspaceTemplateLoader

    loaded = load_for_documents(state)
    root = loaded.report.workspace.root
    maker = _maker(loaded, lang, state, limits)
    maker.asked_lang = lang
    target = output or root / "out" / "build"
    # The documents whose key (a digest of everything each is rendered from) is the one of
    # the last build in this folder, and whose file is still as it wrote it, are not
    # rendered again.
    earlier = EarlierRenders.open(state.cache_folder(), target, BUILD_DOCUMENTS)
    # The documents the cache keeps by key, whatever folder they were written to: a build
    # into a new folder (CI's) takes from there those whose key did not change.
    store = None if earlier is None else document_store(earlier.cache)
    # Each chunk of documents goes to the folder as it is rendered (a new folder) or is
    # compared with the earlier build's file then (only what changed is kept until the end).
    with writing(), updating_folder(target, force=force,
                                    workspace=current_workspace()) as updating:
        still: dict[str, tuple[bytes, str]] = {}
        if earlier is not None:
            if not updating.fills_anew:
                still = {name: (key, digest)
                         for name, (key, digest) in earlier.still_there().items() if digest}
            searchpath = [base for base, _ in WorkspaceTemplateLoader(root).searchpath]
            maker.keys = BuildKeys(template_sources(searchpath),
                                   {name: key for name, (key, _) in still.items()},
                                   store)
        _generate(lambda: maker.build(on_files=updating.add))
        if maker.kept:
            updating.keep({name: still[name][1] for name in maker.kept})
        for note in grouped_notes(maker.skipped):
            click.echo(f"cfo: note: not written: {terminal_text(note)}", err=True)
    if earlier is not None:
        earlier.remember(maker.document_keys, updating.digests)
    if store is not None:
        store.keep(target, None, maker.document_keys)
    kept = (f" ({len(maker.kept)} not rendered again, {maker.fetched} taken from the cache)"
            if earlier is not None else "")
    click.echo(f"{target}: {updating.update.summary()}{kept}", err=True)


#: What ``cfo build`` keeps in the document cache: the keys of its documents.
BUILD_DOCUMENTS = b"build-documents"


def _letter_command(kind: str, summary: str) -> click.Command:
    @click.command(name=kind, help=summary)
    @click.argument("mission")
    @click.argument("deliverable")
    @click.option("--freelancer", metavar="ID",
                  help="Address it to this freelancer only (default: everyone assigned).")
    @single_document_options
    @render_limit_options
    @pass_state
    def command(state: CliState, mission: str, deliverable: str, freelancer: str | None,
                lang: str | None, fmt: str, output: Path | None, force: bool, limits: Any,
                **options: Any) -> None:
        new_due = None
        if kind == "request-changes":
            from cfo_tools.cli.workspace_loading import date_option_value

            new_due = date_option_value(options["due"], state.today, "--due")
        loaded = load_for_documents(state)
        maker = _maker(loaded, lang, state, limits, freelancer=freelancer)
        if kind == "request-changes" and new_due is None:
            from cfo_tools.planning.working_calendar import NoWorkingDay

            try:
                new_due = maker.calendar.nth_working_day(state.today,
                                                         DEFAULT_CORRECTION_DAYS + 1)
            except NoWorkingDay:
                raise UsageProblem("no working day ahead in the company's calendar; give the "
                                   "new due date with --due") from None
            # The default never shortens the time the deliverable already had.
            original = _original_due(loaded, mission, deliverable)
            if original is not None and original > new_due:
                new_due = original
        allow_earlier = bool(options.get("allow_earlier"))
        text = _generate(lambda: maker.deliverable_letter(
            kind, mission, deliverable, fmt=fmt, new_due=new_due, freelancer_id=freelancer,
            allow_earlier=allow_earlier))
        emit(text, output, force=force)

    if kind == "request-changes":
        command = click.option(
            "--allow-earlier", is_flag=True,
            help="Accept a new due date before the original one or before today.",
        )(command)
        command = click.option(
            "--due", metavar="DATE",
            help=f"New due date (default: {DEFAULT_CORRECTION_DAYS} working days from today, "
                 "or the original due date when that is later).",
        )(command)
    return command


def _original_due(loaded: LoadedWorkspace, mission: str, deliverable: str) -> Any:
    found = loaded.report.workspace.missions.get(mission)
    return next((d.due for d in found.deliverables if d.id == deliverable), None) \
        if found is not None else None


#: Working days given for corrections when no --due is given.
DEFAULT_CORRECTION_DAYS = 5

request_changes = _letter_command(
    "request-changes",
    "The letter asking for corrections on DELIVERABLE of MISSION: it quotes the deliverable's "
    "feedback and gives a new due date. The deliverable must be changes-requested, with "
    "feedback, in the mission file.")
acceptance = _letter_command(
    "acceptance",
    "The note that accepts DELIVERABLE of MISSION, dated today. The deliverable must be "
    "accepted in the mission file.")
