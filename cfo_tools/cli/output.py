"""Where a command's document goes: the standard output, or files written atomically (through
:mod:`cfo_tools.documents.output_files`, the one module that writes)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from cfo_tools.cli.state import CliState, UsageProblem
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.reporters.words import Words
from cfo_tools.reporters.words import report_words as words_of

if TYPE_CHECKING:
    from cfo_tools.cli.workspace_loading import LoadedWorkspace
    from cfo_tools.model.records import Company


@contextmanager
def writing() -> Iterator[None]:
    """Turn any write problem (exists, link, read-only, bad name) into a usage error, exit 2."""
    from cfo_tools.documents.output_files import OutputProblem

    try:
        yield
    except OutputProblem as exc:
        raise UsageProblem(str(exc)) from None


def current_workspace() -> Path | None:
    """The workspace of the running command, inside which no write may follow a link."""
    context = click.get_current_context(silent=True)
    state = context.find_object(CliState) if context is not None else None
    if state is None:
        return None
    try:
        return state.workspace()
    except UsageProblem:
        return None


def write_file(path: Path, content: str | bytes, *, force: bool) -> None:
    from cfo_tools.documents import output_files

    with writing():
        output_files.write_file(path, content, force=force, workspace=current_workspace())


def write_folder(path: Path, files: dict[str, bytes], *, force: bool) -> None:
    from cfo_tools.documents import output_files

    with writing():
        output_files.write_folder(path, files, force=force, workspace=current_workspace())


def emit(content: str | bytes, output: Path | None, *, force: bool) -> None:
    """Print ``content``, or write it to ``output`` (never over a file without ``force``)."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=False)
        return
    write_file(output, content, force=force)
    click.echo(f"wrote {output}", err=True)


def template_failure(exc: Exception) -> NoReturn:
    """Report a template problem as a finding line and exit 1."""
    file, line, message = exc.file, exc.line, exc.message  # type: ignore[attr-defined]
    place = f"{terminal_text(file)}:{line}" if line else terminal_text(file)
    click.echo(f"{place}: error [template] {terminal_text(message)}", err=True)
    raise SystemExit(1)


def report_words(state: CliState, loaded: LoadedWorkspace, lang: str | None) -> Words:
    """The words of ``lang``, else of the company's locale (French when there is none)."""
    return company_words(state, loaded.report.workspace.company, lang)


def company_words(state: CliState, company: Company | None, lang: str | None) -> Words:
    """The words of ``lang``, else of ``company``'s locale (French when there is none); a
    messages file the workspace may not use is reported as a template problem (exit 1)."""
    with words_refused():
        return words_of(state.workspace(), lang,
                        company.locale if company else None).with_company(company)


@contextmanager
def words_refused() -> Iterator[None]:
    """A messages file the workspace may not use, met while a report is made (``cfo status``
    renders its rows in the views it keeps), reported as a template problem (exit 1)."""
    from cfo_tools.documents.messages import TemplateProblem

    try:
        yield
    except TemplateProblem as exc:
        template_failure(exc)
