"""``cfo schemas sync``: refresh the workspace's copies of the packaged schemas."""

from __future__ import annotations

import click

from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.formats.terminal import terminal_text

_SAID = {
    "written": "written",
    "updated": "updated: the packaged part refreshed, your own keywords kept",
    "up-to-date": "up to date",
    "not-managed": ("left alone: your own schema (no \"x-cfo-extends\" naming this file); see "
                    "docs/schemas.md to "
                    "turn it into an extension, or --force to replace it with the packaged one"),
    "unreadable": "left alone",
}


@click.group()
def schemas() -> None:
    """The workspace's JSON Schemas (schemas/), which editors and cfo check use."""


@schemas.command("sync")
@click.option("--force", is_flag=True,
              help="Also replace schemas that are not extensions of the packaged ones.")
@pass_state
def sync(state: CliState, force: bool) -> None:
    """Write the packaged schemas of this cfo into schemas/, or refresh them after an upgrade,
    keeping each company's own additions. Exit 1 when a schema could not be read."""
    from cfo_tools.cli.output import writing
    from cfo_tools.documents.output_files import write_file
    from cfo_tools.loading.workspace_schemas import sync_schemas

    root = state.workspace()
    results = sync_schemas(root, force=force)
    with writing():
        for result in results:
            if result.text is not None:
                write_file(root / result.file, result.text, force=True, workspace=root)
    for result in results:
        said = _SAID[result.action]
        if result.action == "updated" and result.detail:
            said += f" (was cfo-tools {result.detail})"
        if result.detail and result.action in ("unreadable", "written", "not-managed"):
            said += f" ({result.detail})"
        # The detail comes from the workspace's file (its x-cfo-version, a JSON error): inert.
        click.echo(terminal_text(f"{result.file}: {said}"))
    raise SystemExit(1 if any(r.action == "unreadable" for r in results) else 0)
