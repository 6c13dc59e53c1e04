"""Global options shared by every command, and the usage error that exits with 2."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from cfo_tools.formats.terminal import terminal_text


class UsageProblem(click.ClickException):
    """A problem with how the command was called, or no workspace: exit code 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        # The message may quote a path or a Git message naming a file from the workspace.
        click.echo(f"cfo: error: {terminal_text(self.format_message())}", err=True)


@dataclass
class CliState:
    workspace_option: Path | None
    today: date
    #: False with --no-cache: every file is read and checked again.
    use_cache: bool = True

    def cache_folder(self) -> Path | None:
        """Where checked documents are cached (docs/cache.md), or None with --no-cache or
        without the sqlite3 module (said once on stderr)."""
        from cfo_tools.loading.document_cache import HAS_SQLITE, default_cache_folder

        if self.use_cache and not HAS_SQLITE:
            click.echo("cfo: note: this Python has no sqlite3 module, so the document cache is "
                       "off (see docs/cache.md)", err=True)
            self.use_cache = False
        return default_cache_folder() if self.use_cache else None

    def workspace(self) -> Path:
        from cfo_tools.loading.workspace_files import NoWorkspace, find_workspace

        try:
            if self.workspace_option is not None:
                return find_workspace(self.workspace_option, explicit=True)
            return find_workspace(Path.cwd(), ceilings=ceiling_folders())
        except NoWorkspace as exc:
            raise UsageProblem(str(exc)) from None


def ceiling_folders() -> list[Path]:
    """The folders the upward search for a workspace never climbs into: the absolute paths
    of ``CFO_CEILING_DIRECTORIES``, separated like PATH (relative ones are ignored, as Git
    ignores them in GIT_CEILING_DIRECTORIES)."""
    value = os.environ.get("CFO_CEILING_DIRECTORIES", "")
    return [Path(part) for part in value.split(os.pathsep) if part and os.path.isabs(part)]


pass_state = click.make_pass_decorator(CliState)
