"""``cfo promote``: a candidate joins the roster."""

from __future__ import annotations

import stat
from pathlib import Path

import click

from cfo_tools.cli.output import writing
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.formats.terminal import terminal_text


@click.command()
@click.argument("candidate")
@click.option("--keep", is_flag=True,
              help="Keep the candidate file, its stage set to joined (default: remove it).")
@pass_state
def promote(state: CliState, candidate: str, keep: bool) -> None:
    """Move CANDIDATE into roster/CANDIDATE.yaml: every field that carries over, status
    active, and what was learned (source, contacts, availability) in notes. Then remove the
    candidate file (or, with --keep, set its stage to joined) and print the paperwork still
    missing before they can be staffed. Never replaces an existing roster file."""
    from cfo_tools.documents import output_files
    from cfo_tools.documents.promotion import CannotPromote, promotion, roster_record
    from cfo_tools.reporters.promotion import render_missing_paperwork
    from cfo_tools.steering.compliance_profile import profile_for
    from cfo_tools.steering.staffing_paperwork import missing_paperwork

    loaded = load_for_planning(state)
    workspace = loaded.report.workspace
    company = workspace.company
    assert company is not None  # load_for_planning refuses a broken company.yaml
    try:
        promoted = promotion(workspace, candidate, keep=keep, lang=company.locale)
    except CannotPromote as exc:
        raise UsageProblem(str(exc)) from None
    root = workspace.root
    candidate_path = root / promoted.candidate.file
    _refuse_unless_plain_file(candidate_path, promoted.candidate.file)
    with writing():
        # The roster file first: if it cannot be written, the candidate file is untouched.
        output_files.write_file(root / promoted.roster_file, promoted.roster_text,
                                workspace=root)
        click.echo(f"wrote {promoted.roster_file}", err=True)
        if promoted.kept_candidate_text is not None:
            output_files.write_file(candidate_path, promoted.kept_candidate_text, force=True,
                                    workspace=root)
            click.echo(f"set the stage of {promoted.candidate.file} to joined", err=True)
        else:
            output_files.remove_file(candidate_path, workspace=root)
            click.echo(f"removed {promoted.candidate.file}", err=True)
    profile = profile_for(company.country)
    threshold = (f"{profile.vigilance_threshold:,.0f} {profile.currency}" if profile else "")
    missing = missing_paperwork(roster_record(promoted), company)
    click.echo(render_missing_paperwork(candidate, missing, threshold=threshold), nl=False)


def _refuse_unless_plain_file(path: Path, shown: object) -> None:
    """Refuse before writing anything: the candidate file is then removed or rewritten, which
    the writes refuse through a link, so finding out after the roster file was written would
    leave the candidate in both places."""
    try:
        plain = (stat.S_ISREG(path.lstat().st_mode)
                 and path.resolve() == path.parent.resolve(strict=True) / path.name
                 and path.parent.resolve() == path.parent.parent.resolve() / path.parent.name)
    except (OSError, RuntimeError):
        plain = False
    if not plain:
        raise UsageProblem(f"{terminal_text(shown)} is a link or not a regular file (or lies in a "
                           "linked folder); promote only moves a plain file: replace it with the "
                           "file itself")
