"""``cfo diff``: what a change means for people, as text, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.model.findings import Finding
from cfo_tools.reporters.github import markdown_row
from cfo_tools.reporters.text import FileTexts, format_finding

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.history.workspace_diff import WorkspaceDiff


@dataclass(frozen=True)
class DiffView:
    """A comparison and the names of its two sides (``base``, ``head``) as the user gave
    them."""

    result: WorkspaceDiff
    base: str
    head: str


def render_diff_json(view: DiffView) -> str:
    result = view.result
    return json.dumps({
        "base": view.base, "head": view.head,
        "changes": [{"subject": c.subject, "change": c.text, "warning": c.warning}
                    for c in result.changes],
        "introduced": [f.to_dict() for f in result.introduced],
        "resolved": [f.to_dict() for f in result.resolved],
    }, indent=2, ensure_ascii=False) + "\n"


def _count(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def render_diff_text(view: DiffView) -> str:
    result = view.result
    lines = [f"Changes from {shown(view.base)} to {shown(view.head)}:"]
    if not result.changes:
        lines.append("  nothing that matters to people")
    for change in result.changes:
        mark = "! " if change.warning else "  "
        lines.append(f"{mark}{shown(change.subject)}: {shown(change.text)}")
    lines.append("")
    files = FileTexts()
    lines.append(f"This change introduces {_count(result.introduced)}:")
    lines += [f"  {format_finding(f, files=files)}" for f in result.introduced] or ["  none"]
    lines.append(f"It resolves {_count(result.resolved)}:")
    lines += [f"  {format_finding(f, files=files)}" for f in result.resolved] or ["  none"]
    return "\n".join(lines) + "\n"


#: What a reviewer calls the problems a rule finds.
_NOUNS = {
    "overbooked": ("double booking", "double bookings"),
    "unavailable": ("booking during an absence or closure",
                    "bookings during absences or closures"),
    "unknown-freelancer": ("reference to a missing freelancer",
                           "references to missing freelancers"),
    "inactive-assigned": ("assignment of an inactive freelancer",
                          "assignments of inactive freelancers"),
}


def _noun(rule: str, count: int) -> str:
    one, many = _NOUNS.get(rule, (f"{rule} error", f"{rule} errors"))
    return f"{count} {one if count == 1 else many}"


def render_diff_markdown(view: DiffView) -> str:
    result = view.result
    lines = [f"## What this change does ({cell(view.base)} → {cell(view.head)})", ""]
    introduced_errors = [f for f in result.introduced if f.severity == "error"]
    if introduced_errors:
        kinds: dict[str, int] = {}
        for f in introduced_errors:
            kinds[f.rule] = kinds.get(f.rule, 0) + 1
        summary = ", ".join(_noun(rule, n) for rule, n in sorted(kinds.items()))
        lines += [f"> ❌ **This pull request creates {summary}**:", ">"]
        lines += [f"> - {cell(f.message)}" for f in introduced_errors[:10]]
        if len(introduced_errors) > 10:
            lines.append(f"> - … and {len(introduced_errors) - 10} more (below)")
        lines.append("")
    if result.warnings:
        lines += ["> ⚠️ **Worth a second look**:", ""]
        lines += [f"> - {cell(c.subject)}: {cell(c.text)}" for c in result.warnings]
        lines.append("")
    if result.changes:
        lines += [f"- **{cell(c.subject)}**: {cell(c.text)}" for c in result.changes]
    else:
        lines.append("No change that matters to people.")
    for title, findings in (("Findings introduced", result.introduced),
                            ("Findings resolved", result.resolved)):
        lines += ["", f"### {title} ({_count(findings)})", ""]
        if not findings:
            lines.append("None.")
            continue
        lines += ["| | File | Line | Rule | Message |", "|---|---|---|---|---|"]
        lines += [markdown_row(f, with_path=False).rstrip("\n") for f in findings]
    return "\n".join(lines) + "\n"


#: ``cfo diff --format``.
DIFF_FORMATS: dict[str, Callable[[DiffView], str]] = {
    "text": render_diff_text,
    "markdown": render_diff_markdown,
    "json": render_diff_json,
}
