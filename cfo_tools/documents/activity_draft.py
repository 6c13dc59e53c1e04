"""The draft of a month's activity report, pre-filled from the planning (``cfo activity new``).

Every planned working day of each booking assignment gets 1 (or 0.5 for a half-time one),
nothing on days off or while the freelancer is away (see
:func:`~cfo_tools.planning.activity_days.prefilled_days`): a draft that ``cfo check`` accepts
as it is, for the freelancer to correct.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cfo_tools.documents.scaffolding import scalar
from cfo_tools.model.activity import DRAFT, days_text
from cfo_tools.model.months import Month
from cfo_tools.model.records import Workspace
from cfo_tools.planning.activity_days import planned_missions, prefilled_days
from cfo_tools.planning.working_calendar import WorkingCalendar

#: Longest line of the days mapping.
WIDTH = 92


def draft_report_text(workspace: Workspace, calendar: WorkingCalendar, freelancer_id: str,
                      month: Month, *, schema_ref: str) -> str:
    """The YAML text of the draft report of ``freelancer_id`` for ``month``."""
    days = prefilled_days(workspace, calendar, freelancer_id, month)
    planned = planned_missions(workspace, calendar, freelancer_id, month)
    freelancer = workspace.freelancers.get(freelancer_id)
    name = freelancer.name if freelancer is not None else freelancer_id
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# Activity report of {_comment(name)} for {month}, pre-filled from the planning.",
        "# Correct the days (day of the month: 1 for a day, 0.5 for a half day), then set",
        "# status: submitted and submitted_on: YYYY-MM-DD. See docs/activity.md.",
    ]
    missions = sorted(set(days) | set(planned))
    if not missions:
        lines.append("entries: []  # nothing planned this month; add an entry per mission")
    else:
        lines.append("entries:")
    for mission_id in missions:
        given = days.get(mission_id, {})
        lines.append(f"  - mission: {scalar(mission_id)}")
        lines += _days_lines(given)
        total = sum(given.values(), Decimal(0))
        lines.append(f"    # {days_text(total)} reported here, "
                     f"{days_text(planned.get(mission_id, Decimal(0)))} planned")
    lines.append(f"status: {DRAFT}")
    return "\n".join(lines) + "\n"


def _days_lines(days: dict[date, Decimal]) -> list[str]:
    """``days: {2: 1, 3: 1, ...}`` wrapped under the opening brace."""
    items = [f"{d.day}: {days_text(v)}" for d, v in sorted(days.items())]
    if not items:
        return ["    days: {}"]
    lines: list[str] = []
    current = "    days: {"
    indent = " " * len(current)
    for index, item in enumerate(items):
        piece = item + ("}" if index == len(items) - 1 else ",")
        separator = "" if current.endswith("{") else " "
        if len(current) + len(separator) + len(piece) > WIDTH and current != "    days: {":
            lines.append(current)
            current = indent + piece
        else:
            current += separator + piece
    lines.append(current)
    return lines


def _comment(text: str) -> str:
    """``text`` on one comment line: line breaks and control characters made visible."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
