"""GitHub Actions: workflow commands that annotate lines, and a job summary in Markdown."""

from __future__ import annotations

from cfo_tools.formats.github import escape_data, escape_property, log_lines
from cfo_tools.formats.markdown import markdown_cell
from cfo_tools.formats.terminal import terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import format_finding, place_text

#: GitHub refuses a step summary over 1 MiB; stay well under it.
SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024


def annotation(finding: Finding, prefix: str = "") -> str:
    """The first annotation of ``finding``; see :func:`finding_annotations` for all of them."""
    return finding_annotations(finding, prefix)[0]


def finding_annotations(finding: Finding, prefix: str = "") -> list[str]:
    """One workflow command per place the finding is about (a double booking annotates each
    assignment), each naming the other places."""
    where = f"{finding.path}: " if finding.path else ""
    # An annotation may span lines (%0A); every other control character is shown, and
    # nothing in it looks like a command to a runner that tries the older "##[" syntax.
    message = "\n".join(terminal_text(line) for line in (where + finding.message).split("\n"))
    places = finding.places
    # Each place written once, compared as a tuple: a double booking of k assignments names
    # k - 1 others in each of its k annotations.
    texts = [place_text(p, prefix) for p in places]
    keys = [(p.file, p.line, p.column, p.path) for p in places]
    lines = []
    for place, key in zip(places, keys, strict=True):
        others = [text for other, text in zip(keys, texts, strict=True) if other != key]
        also = f" (also {', '.join(others)})" if others else ""
        lines.append(_command(finding, place, prefix, message + also))
    return lines


def _command(finding: Finding, place: Location, prefix: str, message: str) -> str:
    properties = [f"file={escape_property(terminal_text(prefix + place.file))}"]
    if place.line is not None:
        properties.append(f"line={place.line}")
        if place.column is not None:
            properties.append(f"col={place.column}")
    properties.append(f"title={escape_property(f'cfo [{finding.rule}]')}")
    command = "notice" if finding.severity == "info" else finding.severity
    return f"::{command} {','.join(properties)}::{escape_data(message)}"


def render_github(outcome: Outcome) -> str:
    """Annotations first, then the whole list as plain lines: GitHub shows only the first
    few annotations of a step, the log keeps them all. No plain line can be taken for a
    workflow command (see :func:`cfo_tools.formats.github.log_lines`)."""
    prefix = outcome.file_prefix
    lines = [line for f in outcome.findings for line in finding_annotations(f, prefix)]
    plain = [format_finding(f, prefix) for f in outcome.findings]
    plain.append(outcome.summary())
    return "\n".join([*lines, log_lines("\n".join(plain))]) + "\n"


def render_summary(outcome: Outcome, title: str = "cfo check") -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``, cut with an "N more" line to fit."""
    icon = "✅" if outcome.ok else "❌"
    head = f"## {icon} {markdown_cell(title)}\n\n{outcome.summary()}\n"
    if not outcome.findings:
        return head
    rows = [head, "\n| | File | Line | Rule | Message |\n|---|---|---|---|---|\n"]
    size = sum(len(r.encode()) for r in rows)
    for index, f in enumerate(outcome.findings):
        row = markdown_row(f, outcome.file_prefix)
        if size + len(row.encode()) > SUMMARY_LIMIT:
            rows.append(f"\n… and {len(outcome.findings) - index} more (see the job log).\n")
            break
        rows.append(row)
        size += len(row.encode())
    return "".join(rows)


def markdown_row(finding: Finding, prefix: str = "", *, with_path: bool = True) -> str:
    """A finding as a row of the ``| | File | Line | Rule | Message |`` table (the message
    after the finding's pointer, with ``with_path``)."""
    mark = {"error": "❌", "warning": "⚠️"}.get(finding.severity, "\u2139\ufe0f")
    where = f"{markdown_cell(finding.path, code=True)} " if finding.path and with_path else ""
    return (f"| {mark} | {markdown_cell(prefix + finding.file, code=True)} | "
            f"{finding.line or ''} | {finding.rule} | {where}{markdown_cell(finding.message)} |\n")
