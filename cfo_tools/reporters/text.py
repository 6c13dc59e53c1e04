"""Compiler-style lines: ``file:line:col: severity [rule] /pointer: message``."""

from __future__ import annotations

from cfo_tools.model.findings import Finding
from cfo_tools.reporters.outcome import Outcome


def format_finding(finding: Finding, prefix: str = "") -> str:
    place = prefix + finding.file
    if finding.line is not None:
        place += f":{finding.line}"
        if finding.column is not None:
            place += f":{finding.column}"
    where = f"{finding.path}: " if finding.path else ""
    return f"{place}: {finding.severity} [{finding.rule}] {where}{finding.message}"


def render_text(outcome: Outcome) -> str:
    lines = [format_finding(f) for f in outcome.findings]
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"
