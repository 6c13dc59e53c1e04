"""GitHub Actions: workflow commands that annotate lines, and a job summary in Markdown."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from cfo_tools.formats.github import escape_data, escape_property, log_lines
from cfo_tools.formats.markdown import markdown_cell
from cfo_tools.formats.terminal import inert_commands, terminal_text
from cfo_tools.model.findings import Finding, Location
from cfo_tools.reporters.outcome import Outcome
from cfo_tools.reporters.text import FileTexts, format_finding, message_text

#: GitHub refuses a step summary over 1 MiB; stay well under it.
SUMMARY_LIMIT = 1024 * 1024 - 16 * 1024


def annotation(finding: Finding, prefix: str = "") -> str:
    """The first annotation of ``finding``; see :func:`finding_annotations` for all of them."""
    return finding_annotations(finding, prefix)[0]


def finding_annotations(finding: Finding, prefix: str = "", files: FileTexts | None = None,
                        plain: str | None = None) -> list[str]:
    """One workflow command per place the finding is about (a double booking annotates each
    assignment), each naming the other places. ``files``: the file names escaped so far;
    ``plain``: the finding's :func:`message_text`, when the caller has it."""
    files = files or FileTexts(prefix)
    message = annotation_text(finding, plain)
    places = finding.places
    # Each place written once, compared as a tuple: a double booking of k assignments names
    # k - 1 others in each of its k annotations.
    texts = [files.place(p) for p in places]
    keys = [(p.file, p.line, p.column, p.path) for p in places]
    lines = []
    for place, key in zip(places, keys, strict=True):
        others = [text for other, text in zip(keys, texts, strict=True) if other != key]
        also = f" (also {', '.join(others)})" if others else ""
        lines.append(_command(finding, place, files, message + also))
    return lines


def annotation_text(finding: Finding, plain: str | None = None) -> str:
    """The pointer and message of an annotation. It may span lines (%0A); every other
    control character is shown, and nothing in it looks like a command to a runner that
    tries the older "##[" syntax. ``plain``: the finding's :func:`message_text`, the same
    text when neither part holds a line break nor a command."""
    text = f"{finding.path}: {finding.message}" if finding.path else finding.message
    if plain is not None and "\n" not in text and "::" not in text and "##[" not in text:
        return plain  # each part escaped alone, or the whole at once: the same
    return "\n".join(terminal_text(line) for line in text.split("\n"))


def _command(finding: Finding, place: Location, files: FileTexts, message: str) -> str:
    properties = [f"file={files.property(place.file)}"]
    if place.line is not None:
        properties.append(f"line={place.line}")
        if place.column is not None:
            properties.append(f"col={place.column}")
    properties.append(f"title={_title(finding.rule)}")
    command = "notice" if finding.severity == "info" else finding.severity
    return f"::{command} {','.join(properties)}::{escape_data(message)}"


@functools.lru_cache(maxsize=512)
def _title(rule: str) -> str:
    return escape_property(f"cfo [{rule}]")


def render_github(outcome: Outcome) -> str:
    """Annotations first, then the whole list as plain lines: GitHub shows only the first
    few annotations of a step, the log keeps them all. No plain line can be taken for a
    workflow command (see :func:`cfo_tools.formats.github.log_lines`)."""
    files = FileTexts(outcome.file_prefix)
    messages = [message_text(f) for f in outcome.findings]
    lines = [line for f, message in zip(outcome.findings, messages, strict=True)
             for line in finding_annotations(f, files=files, plain=message)]
    # Each piece of a plain line is escaped already (by format_finding, sharing the file
    # names and messages with the annotations): only what the runner would obey in the
    # joined line is left to escape; the summary may hold notes, shown as log_lines shows
    # any text.
    plain = [inert_commands(format_finding(f, files=files, message=message))
             for f, message in zip(outcome.findings, messages, strict=True)]
    plain.append(log_lines(outcome.summary()))
    return "\n".join([*lines, *plain]) + "\n"


def render_summary(outcome: Outcome, title: str = "cfo check",
                   findings: Iterable[Finding] | None = None) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``, cut with an "N more" line to fit.
    ``findings``: the outcome's findings in order, when it holds only their counts (read
    only as far as the table goes)."""
    icon = "✅" if outcome.ok else "❌"
    head = f"## {icon} {markdown_cell(title)}\n\n{outcome.summary()}\n"
    total = sum(outcome.counted())
    if not total:
        return head
    rows = [head, "\n| | File | Line | Rule | Message |\n|---|---|---|---|---|\n"]
    size = sum(len(r.encode()) for r in rows)
    for index, f in enumerate(outcome.findings if findings is None else findings):
        row = markdown_row(f, outcome.file_prefix)
        if size + len(row.encode()) > SUMMARY_LIMIT:
            rows.append(f"\n… and {total - index} more (see the job log).\n")
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
