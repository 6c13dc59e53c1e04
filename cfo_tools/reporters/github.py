"""GitHub Actions: workflow commands that annotate lines, and a job summary in Markdown."""

from __future__ import annotations

from cfo_tools.model.findings import Finding
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import format_finding

#: GitHub refuses a step summary over 1 MiB; stay well under it.
SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, prefix: str = "") -> str:
    properties = [f"file={escape_property(prefix + finding.file)}"]
    if finding.line is not None:
        properties.append(f"line={finding.line}")
        if finding.column is not None:
            properties.append(f"col={finding.column}")
    properties.append(f"title={escape_property(f'cfo [{finding.rule}]')}")
    where = f"{finding.path}: " if finding.path else ""
    return f"::{finding.severity} {','.join(properties)}::{escape_data(where + finding.message)}"


def render_github(outcome: Outcome) -> str:
    """Annotations first, then the whole list as plain lines: GitHub shows only the first
    few annotations of a step, the log keeps them all."""
    lines = [annotation(f, outcome.file_prefix) for f in outcome.findings]
    lines += [format_finding(f, outcome.file_prefix) for f in outcome.findings]
    lines.append(outcome.summary())
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_summary(outcome: Outcome, title: str = "cfo check") -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``, cut with an "N more" line to fit."""
    icon = "✅" if outcome.ok else "❌"
    head = f"## {icon} {title}\n\n{outcome.summary()}\n"
    if not outcome.findings:
        return head
    rows = [head, "\n| | File | Line | Rule | Message |\n|---|---|---|---|---|\n"]
    size = sum(len(r.encode()) for r in rows)
    for index, f in enumerate(outcome.findings):
        mark = "❌" if f.severity == "error" else "⚠️"
        where = f"`{f.path}` " if f.path else ""
        row = (f"| {mark} | `{_cell(outcome.file_prefix + f.file)}` | {f.line or ''} | "
               f"{f.rule} | {where}{_cell(f.message)} |\n")
        if size + len(row.encode()) > SUMMARY_LIMIT:
            rows.append(f"\n… and {len(outcome.findings) - index} more (see the job log).\n")
            break
        rows.append(row)
        size += len(row.encode())
    return "".join(rows)
