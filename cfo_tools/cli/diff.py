"""``cfo diff``: what a change means for people, and which findings it brings or removes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.state import CliState, UsageProblem, pass_state


@click.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
@pass_state
def diff(state: CliState, base: str, head: str | None, output_format: str) -> None:
    """Compare the workspace at Git revision BASE with HEAD (default: the working tree).

    Says what changed in people's terms (freelancers, rates, statuses, assignments,
    deliverables, reviews), flags suspicious changes, and lists the findings the change
    introduces and those it resolves. Exit 1 when it introduces errors.
    """
    from cfo_tools.history.git_revisions import GitProblem, workspace_at
    from cfo_tools.history.workspace_diff import diff_workspaces

    root = state.workspace()
    with tempfile.TemporaryDirectory(prefix="cfo-diff-") as temporary:
        try:
            base_root = workspace_at(root, base, Path(temporary) / "base")
            head_root = root if head is None else workspace_at(root, head, Path(temporary) / "head")
        except GitProblem as exc:
            raise UsageProblem(str(exc)) from None
        before = _checked(base_root, state)
        after = _checked(head_root, state)
        if after is None:
            raise UsageProblem(f"there is no company.yaml at {head or 'the working tree'}")
        from cfo_tools.model.records import Workspace

        empty = Workspace(root=base_root, company=None)
        result = diff_workspaces(before.validation.workspace if before else empty,
                                 after.validation.workspace,
                                 before.findings if before else [], after.findings)
    labels = (base, head or "working tree")
    if output_format == "json":
        click.echo(json.dumps(_as_json(result, labels), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(_as_markdown(result, labels), nl=False)
    else:
        click.echo(_as_text(result, labels), nl=False)
    raise SystemExit(1 if any(f.severity == "error" for f in result.introduced) else 0)


def _checked(root: Path, state: CliState) -> Any:
    from cfo_tools.checks.runner import run_checks

    if not (root / "company.yaml").exists():
        return None
    return run_checks(root, today=state.today)


def _finding_json(f: Any) -> dict[str, Any]:
    return f.to_dict()


def _as_json(result: Any, labels: tuple[str, str]) -> dict[str, Any]:
    return {
        "base": labels[0], "head": labels[1],
        "changes": [{"subject": c.subject, "change": c.text, "warning": c.warning}
                    for c in result.changes],
        "introduced": [_finding_json(f) for f in result.introduced],
        "resolved": [_finding_json(f) for f in result.resolved],
    }


def _count(findings: list[Any]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _as_text(result: Any, labels: tuple[str, str]) -> str:
    from cfo_tools.reporters.text import format_finding

    lines = [f"Changes from {labels[0]} to {labels[1]}:"]
    if not result.changes:
        lines.append("  nothing that matters to people")
    for change in result.changes:
        mark = "! " if change.warning else "  "
        lines.append(f"{mark}{change.subject}: {change.text}")
    lines.append("")
    lines.append(f"This change introduces {_count(result.introduced)}:")
    lines += [f"  {format_finding(f)}" for f in result.introduced] or ["  none"]
    lines.append(f"It resolves {_count(result.resolved)}:")
    lines += [f"  {format_finding(f)}" for f in result.resolved] or ["  none"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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


def _as_markdown(result: Any, labels: tuple[str, str]) -> str:
    lines = [f"## What this change does ({labels[0]} → {labels[1]})", ""]
    introduced_errors = [f for f in result.introduced if f.severity == "error"]
    if introduced_errors:
        kinds: dict[str, int] = {}
        for f in introduced_errors:
            kinds[f.rule] = kinds.get(f.rule, 0) + 1
        summary = ", ".join(_noun(rule, n) for rule, n in sorted(kinds.items()))
        lines += [f"> ❌ **This pull request creates {summary}**:", ">"]
        lines += [f"> - {_cell(f.message)}" for f in introduced_errors[:10]]
        if len(introduced_errors) > 10:
            lines.append(f"> - … and {len(introduced_errors) - 10} more (below)")
        lines.append("")
    if result.warnings:
        lines += ["> ⚠️ **Worth a second look**:", ""]
        lines += [f"> - {c.subject}: {_cell(c.text)}" for c in result.warnings]
        lines.append("")
    if result.changes:
        lines += [f"- **{c.subject}**: {_cell(c.text)}" for c in result.changes]
    else:
        lines.append("No change that matters to people.")
    for title, findings in (("Findings introduced", result.introduced),
                            ("Findings resolved", result.resolved)):
        lines += ["", f"### {title} ({_count(findings)})", ""]
        if not findings:
            lines.append("None.")
            continue
        lines += ["| | File | Line | Rule | Message |", "|---|---|---|---|---|"]
        for f in findings:
            mark = "❌" if f.severity == "error" else "⚠️"
            lines.append(f"| {mark} | `{f.file}` | {f.line or ''} | {f.rule} | "
                         f"{_cell(f.message)} |")
    return "\n".join(lines) + "\n"
