"""``cfo diff``: what a change means for people, and which findings it brings or removes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.output import company_words
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.reporters.diff import DIFF_FORMATS, DiffView


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "output_format", type=click.Choice(list(DIFF_FORMATS)),
              default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the changes told (default: company.yaml's locale at HEAD).")
@pass_state
def diff(state: CliState, base: str, head: str | None, output_format: str,
         lang: str | None) -> None:
    """Compare the workspace at Git revision BASE with HEAD (default: the working tree).

    Says what changed in people's terms (freelancers, rates, statuses, assignments,
    deliverables, reviews), flags suspicious changes, and lists the findings the change
    introduces and those it resolves. Exit 1 when it introduces errors.
    """
    from cfo_tools.history.git_revisions import GitProblem, workspace_at
    from cfo_tools.history.touched_files import against_touched, touched_files
    from cfo_tools.history.workspace_diff import diff_workspaces

    root = state.workspace()
    with tempfile.TemporaryDirectory(prefix="cfo-diff-") as temporary:
        try:
            base_root = workspace_at(root, base, Path(temporary) / "base")
            head_root = root if head is None else workspace_at(root, head, Path(temporary) / "head")
        except GitProblem as exc:
            raise UsageProblem(str(exc)) from None
        before = _checked(base_root, state)
        after = _checked(head_root, state)
        if after is None:
            raise UsageProblem(f"there is no company.yaml at {head or 'the working tree'}")
        from cfo_tools.model.records import Workspace

        empty = Workspace(root=base_root, company=None)
        base_workspace = before.validation.workspace if before else empty
        result = diff_workspaces(base_workspace, after.validation.workspace,
                                 before.findings if before else [], after.findings)
        keys = None if before is None or before.document_keys is None \
            or after.document_keys is None else (before.document_keys, after.document_keys)
        touched = touched_files(base_workspace, after.validation.workspace, keys)
        result.introduced = against_touched(result.introduced, touched)
        result.resolved = against_touched(result.resolved, touched)
        words = company_words(state, after.validation.workspace.company, lang)
    view = DiffView(result, base, head, words)
    click.echo(DIFF_FORMATS[output_format](view), nl=False)
    raise SystemExit(1 if any(f.severity == "error" for f in result.introduced) else 0)


def _checked(root: Path, state: CliState) -> Any:
    from cfo_tools.checks.runner import run_checks

    if not (root / "company.yaml").exists():
        return None
    # A revision checked out in a temporary folder leaves no stat index, snapshot nor memo
    # behind; it reads the workspace's memos per subject, right for every subject whose
    # files the change left alone (a pull request's base after the check of its head).
    workspace = state.workspace()
    return run_checks(root, today=state.today, cache_folder=state.cache_folder(),
                      throwaway=root != workspace, memos_from=workspace)
