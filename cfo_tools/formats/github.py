"""GitHub Actions workflow commands (``::error file=…::message``), escaped as the
``@actions/core`` toolkit does, and plain lines that the runner cannot mistake for one."""

from __future__ import annotations

from cfo_tools.formats.terminal import terminal_text


def escape_data(value: str) -> str:
    """The message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (``file=``, ``title=``) of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def log_lines(text: str) -> str:
    """``text`` made of plain lines none of which the runner would obey: each line as
    :func:`~cfo_tools.formats.terminal.terminal_text` writes it (idempotent on text it
    already wrote)."""
    return "\n".join(terminal_text(line) for line in text.split("\n"))
