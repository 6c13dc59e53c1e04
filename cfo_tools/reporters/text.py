"""Compiler-style lines: ``file:line:col: severity [rule] /pointer: message``."""

from __future__ import annotations

from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome


def place_text(location: Location | Finding, prefix: str = "") -> str:
    """``file:line:col`` of a place, escaped for a terminal."""
    place = terminal_text(prefix + location.file)
    if location.line is not None:
        place += f":{location.line}"
        if location.column is not None:
            place += f":{location.column}"
    return place


def format_finding(finding: Finding, prefix: str = "") -> str:
    """One line; the file, pointer and message are shown with control characters escaped,
    so a hostile key or file name can neither drive the terminal nor start a new line."""
    where = f"{terminal_text(finding.path)}: " if finding.path else ""
    return (f"{place_text(finding, prefix)}: {finding.severity} [{finding.rule}] "
            f"{where}{terminal_text(finding.message)}{_also(finding, prefix)}")


def _also(finding: Finding, prefix: str) -> str:
    others = [place_text(p, prefix) for p in finding.places if p != _own(finding)]
    return f" (also {', '.join(others)})" if others else ""


def _own(finding: Finding) -> Location:
    return Location(finding.file, finding.line, finding.column, finding.path)


def render_text(outcome: Outcome) -> str:
    lines = [format_finding(f) for f in outcome.findings]
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"
