"""Compiler-style lines: ``file:line:col: severity [rule] /pointer: message``."""

from __future__ import annotations

from cfo_tools.formats.github import escape_property
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome


class FileTexts:
    """Each file name escaped for a terminal once per report: thousands of findings name the
    same files."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._texts: dict[str, str] = {}
        self._properties: dict[str, str] = {}

    def file(self, name: str) -> str:
        text = self._texts.get(name)
        if text is None:
            text = self._texts[name] = terminal_text(self.prefix + name)
        return text

    def property(self, name: str) -> str:
        """The file name as the ``file=`` property of a workflow command."""
        text = self._properties.get(name)
        if text is None:
            text = self._properties[name] = escape_property(self.file(name))
        return text

    def place(self, location: Location | Finding) -> str:
        """``file:line:col`` of a place."""
        place = self.file(location.file)
        if location.line is not None:
            place += f":{location.line}"
            if location.column is not None:
                place += f":{location.column}"
        return place


def place_text(location: Location | Finding, prefix: str = "") -> str:
    """``file:line:col`` of a place, escaped for a terminal."""
    return FileTexts(prefix).place(location)


def format_finding(finding: Finding, prefix: str = "", files: FileTexts | None = None,
                   message: str | None = None) -> str:
    """One line; the file, pointer and message are shown with control characters escaped,
    so a hostile key or file name can neither drive the terminal nor start a new line.
    ``files``: the file names escaped so far; ``message``: the finding's pointer and message
    already escaped (see :func:`message_text`)."""
    files = files or FileTexts(prefix)
    if message is None:
        message = message_text(finding)
    return (f"{files.place(finding)}: {finding.severity} [{finding.rule}] "
            f"{message}{_also(finding, files)}")


def message_text(finding: Finding) -> str:
    """The pointer (when there is one) and the message, escaped for a terminal."""
    where = f"{terminal_text(finding.path)}: " if finding.path else ""
    return where + terminal_text(finding.message)


def _also(finding: Finding, files: FileTexts) -> str:
    if not finding.related:
        return ""  # the finding's only place is its own
    own = _own(finding)
    others = [files.place(p) for p in finding.places if p != own]
    return f" (also {', '.join(others)})" if others else ""


def _own(finding: Finding) -> Location:
    return Location(finding.file, finding.line, finding.column, finding.path)


def render_text(outcome: Outcome) -> str:
    files = FileTexts()
    lines = [format_finding(f, files=files) for f in outcome.findings]
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"
