"""``cfo activity status``: a month's activity reports as text, JSON or Markdown, the text
and Markdown in the words of one language."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.model.activity import days_text

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.reporters.words import Words
    from cfo_tools.steering.activity_status import ActivityStatus, ReportState

_ORDER = ("missing", "invalid", "draft", "submitted", "disputed", "approved")


def _days(days: Decimal, words: Words) -> str:
    """Days as the language writes numbers ("0,5" in French): JSON keeps ``days_text``."""
    return words.number(days.normalize(), "#,##0.###") if days.is_finite() else days_text(days)


def _state(status: str, words: Words) -> str:
    """A report's state in the words the activity report itself uses (``missing`` and
    ``invalid`` besides its statuses)."""
    return words.label("activity_status_", status)


def _summary(status: ActivityStatus, words: Words) -> str:
    counts = [words.count(f"activity_count_{s}", status.count(s)) for s in _ORDER
              if status.count(s)]
    return ", ".join(counts) or words.say("activity_none_expected")


def _missions(state: ReportState, name: Callable[[object], str], words: Words) -> str:
    return "; ".join(f"{name(m.mission)} {_days(m.reported, words)}/{_days(m.planned, words)}"
                     for m in state.missions)


def render_activity_text(status: ActivityStatus, words: Words) -> str:
    lines = [words.say("activity_reports_title", month=str(status.month),
                       due=status.due.isoformat(), summary=_summary(status, words))]
    for state in status.reports:
        missions = (words.say("activity_reports_missions", missions=_missions(state, shown, words))
                    if state.missions else "")
        lines.append("- " + words.say(
            "activity_reports_line", freelancer=shown(state.freelancer),
            status=_state(state.status, words), reported=_days(state.reported, words),
            planned=_days(state.planned, words)) + missions)
    return "\n".join(lines) + "\n"


def render_activity_markdown(status: ActivityStatus, words: Words) -> str:
    lines = ["## " + words.say("activity_reports_heading", month=str(status.month)), "",
             words.say("activity_reports_due", due=status.due.isoformat(),
                       summary=_summary(status, words)) + ".", ""]
    if status.reports:
        headings = [words.say(f"activity_column_{c}") for c in
                    ("freelancer", "status", "reported", "planned", "missions")]
        lines += ["| " + " | ".join(cell(h) for h in headings) + " |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {cell(s.name)} | {cell(_state(s.status, words))} | "
                  f"{_days(s.reported, words)} | {_days(s.planned, words)} | "
                  f"{_missions(s, cell, words)} |" for s in status.reports]
    return "\n".join(lines) + "\n"


def render_activity_json(status: ActivityStatus, words: Words) -> str:
    """Ids and plain numbers, whatever the language: what a program reads."""
    return json.dumps({
        "month": str(status.month),
        "today": status.today.isoformat(),
        "due": status.due.isoformat(),
        "reports": [{
            "freelancer": s.freelancer, "name": s.name, "status": s.status, "file": s.file,
            "reported": days_text(s.reported), "planned": days_text(s.planned),
            "submitted_on": s.submitted_on.isoformat() if s.submitted_on else None,
            "approved_on": s.approved_on.isoformat() if s.approved_on else None,
            "missions": [{"mission": m.mission, "reported": days_text(m.reported),
                          "planned": days_text(m.planned)} for m in s.missions],
        } for s in status.reports],
    }, indent=2, ensure_ascii=False) + "\n"


#: ``cfo activity status --format``.
ACTIVITY_FORMATS: dict[str, Callable[[ActivityStatus, Words], str]] = {
    "text": render_activity_text,
    "json": render_activity_json,
    "markdown": render_activity_markdown,
}
