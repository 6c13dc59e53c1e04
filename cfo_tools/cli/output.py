"""Where a command's document goes: the standard output, or a file written atomically."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cfo_tools.cli.state import UsageProblem
from cfo_tools.formats.terminal import terminal_text


def emit(content: str | bytes, output: Path | None, *, force: bool) -> None:
    """Print ``content``, or write it to ``output`` (never over a file without ``force``)."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=False)
        return
    from cfo_tools.documents.output_files import OutputExists, write_file

    try:
        write_file(output, content, force=force)
    except OutputExists as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"wrote {output}", err=True)


def template_failure(exc: Exception) -> None:
    """Report a template problem as a finding line and exit 1."""
    file, line, message = exc.file, exc.line, exc.message  # type: ignore[attr-defined]
    place = f"{terminal_text(file)}:{line}" if line else terminal_text(file)
    click.echo(f"{place}: error [template] {terminal_text(message)}", err=True)
    raise SystemExit(1)
