"""``cfo validate`` and ``cfo check``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.reporters import REPORTERS

if TYPE_CHECKING:
    from cfo_tools.checks.report_by_file import FileReport
    from cfo_tools.reporters.pieces import PieceView

#: "auto", then the reporters' own registry.
FORMATS = ("auto", *REPORTERS)


def checking_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors."
    )(command)
    return click.option(
        "--format", "output_format", type=click.Choice(FORMATS), default="auto",
        show_default=True,
        help="Output: text lines, a JSON report, or GitHub Actions annotations "
        "(auto: github when $GITHUB_ACTIONS is set, else text).",
    )(command)


def resolve_format(output_format: str) -> str:
    if output_format == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    return output_format


def github_prefix(workspace: Path) -> str:
    """Annotations name files from the repository's top; the workspace may be a sub-folder."""
    top = os.environ.get("GITHUB_WORKSPACE")
    if not top:
        return ""
    try:
        relative = workspace.resolve().relative_to(Path(top).resolve())
    except ValueError:
        return ""
    return "" if str(relative) == "." else relative.as_posix() + "/"


def report(outcome: Any, output_format: str, workspace: Path, title: str) -> None:
    """Print ``outcome`` in ``output_format`` and, on GitHub, append the job summary."""
    from cfo_tools.reporters.github import render_summary

    chosen = resolve_format(output_format)
    if chosen == "github":
        outcome.file_prefix = github_prefix(workspace)
    click.echo(REPORTERS[chosen](outcome), nl=False)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen == "github" and summary_file:
        _write_summary(summary_file, render_summary(outcome, title))


def _write_summary(summary_file: str, text: str) -> None:
    try:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageProblem(f"cannot write the job summary to $GITHUB_STEP_SUMMARY "
                           f"({terminal_text(summary_file)}): {exc.strerror or exc}"
                           ) from None


@click.command()
@checking_options
@pass_state
def validate(state: CliState, output_format: str, strict: bool) -> None:
    """Check every file of the workspace: YAML, schemas and the rules that span files."""
    from cfo_tools.checks.report_by_file import FileReport
    from cfo_tools.checks.validation_by_file import validation_report
    from cfo_tools.reporters import Outcome
    from cfo_tools.reporters.pieces import PieceView

    root = state.workspace()
    chosen = resolve_format(output_format)
    view = PieceView(chosen, strict, github_prefix(root) if chosen == "github" else "")
    result = validation_report(root, today=state.today, cache_folder=state.cache_folder(),
                               view=view.name, render=view.render)
    if isinstance(result, FileReport):
        raise SystemExit(_echo_report(result, view, [], "cfo validate"))
    outcome = Outcome(result.findings, result.stats, strict=strict)
    report(outcome, output_format, root, "cfo validate")
    raise SystemExit(outcome.exit_code)


@click.command()
@checking_options
@pass_state
def check(state: CliState, output_format: str, strict: bool) -> None:
    """Run every check the tool has (what CI runs on each push and pull request):
    validation, calendar conflicts, and the follow-up of missions and paperwork as of today."""
    from cfo_tools.checks.runner import check_results, strict_findings
    from cfo_tools.loading.workspace_schemas import older_schemas_note
    from cfo_tools.reporters import Outcome

    root = state.workspace()
    note = older_schemas_note(root)
    notes = [note] if note else []
    by_file = _check_by_file(state, root, output_format, strict, notes)
    if by_file is not None:
        raise SystemExit(by_file)
    result = check_results(root, today=state.today, cache_folder=state.cache_folder())
    findings = strict_findings(result.findings) if strict else result.findings
    outcome = Outcome(findings, result.stats, strict=strict, notes=notes)
    report(outcome, output_format, root, "cfo check")
    raise SystemExit(outcome.exit_code)


#: The size of the text written at once by :func:`_echo_parts`.
ECHO_CHUNK = 1 << 20


def _echo_parts(parts: Iterable[str | bytes]) -> None:
    """Write ``parts`` in chunks of about :data:`ECHO_CHUNK` characters, each encoded as
    ``click.echo`` encodes: not joined and encoded whole first. Parts in UTF-8 already (a
    report's kept pieces, ``reporters/pieces.py``) are written as they are to an output
    that encodes UTF-8, else decoded."""
    stream = sys.stdout
    raw = (getattr(stream, "buffer", None) is not None
           and (stream.encoding or "").lower().replace("-", "") == "utf8")
    chunk: list[Any] = []
    size = 0
    for part in parts:
        if raw:
            chunk.append(part if isinstance(part, bytes) else part.encode())
        else:
            chunk.append(part if isinstance(part, str) else part.decode())
        size += len(part)
        if size >= ECHO_CHUNK:
            click.echo((b"" if raw else "").join(chunk), nl=False)
            chunk, size = [], 0
    click.echo((b"" if raw else "").join(chunk), nl=False)


def _check_by_file(state: CliState, root: Path, output_format: str, strict: bool,
                   notes: list[str]) -> int | None:
    """``cfo check`` with a cache: the report assembled from each file's pieces, of which
    only the files whose findings may have changed are rendered again
    (``checks/report_by_file.py``); its exit code, or None without a cache."""
    from cfo_tools.checks.runner import STRICT_ERRORS, check_by_file
    from cfo_tools.reporters.pieces import PieceView

    chosen = resolve_format(output_format)
    prefix = github_prefix(root) if chosen == "github" else ""
    view = PieceView(chosen, strict, prefix, STRICT_ERRORS)
    found = check_by_file(root, today=state.today, cache_folder=state.cache_folder(),
                          view=view.name, render=view.render)
    if found is None:
        return None
    return _echo_report(found, view, notes, "cfo check")


def _echo_report(found: FileReport, view: PieceView, notes: list[str], title: str) -> int:
    """Write the report assembled from ``found``'s pieces (and, on GitHub, the job summary
    titled ``title``); its exit code."""
    from cfo_tools.reporters.github import render_summary
    from cfo_tools.reporters.pieces import pieces_outcome

    outcome = pieces_outcome(found.stats, found.counts, view, notes)
    _echo_parts(view.parts(found.pieces, outcome))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if view.format == "github" and summary_file:
        shown = (f for finding in found.each_finding() for f in view.shown([finding]))
        _write_summary(summary_file, render_summary(outcome, title, shown))
    return outcome.exit_code
