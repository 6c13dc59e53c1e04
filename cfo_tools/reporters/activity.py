"""``cfo activity status``: a month's activity reports as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.model.activity import days_text

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.activity_status import ActivityStatus, ReportState

_ORDER = ("missing", "invalid", "draft", "submitted", "disputed", "approved")


def _summary(status: ActivityStatus) -> str:
    counts = [f"{status.count(s)} {s}" for s in _ORDER if status.count(s)]
    return ", ".join(counts) or "no report expected"


def _missions(state: ReportState, name: Callable[[object], str]) -> str:
    return "; ".join(f"{name(m.mission)} {days_text(m.reported)}/{days_text(m.planned)}"
                     for m in state.missions)


def render_activity_text(status: ActivityStatus) -> str:
    lines = [f"Activity reports of {status.month} (due on {status.due}): {_summary(status)}"]
    for state in status.reports:
        lines.append(f"- {shown(state.freelancer)}: {state.status}, "
                     f"{days_text(state.reported)} reported / {days_text(state.planned)} planned"
                     + (f" ({_missions(state, shown)})" if state.missions else ""))
    return "\n".join(lines) + "\n"


def render_activity_markdown(status: ActivityStatus) -> str:
    lines = [f"## Activity reports of {status.month}", "",
             f"Due on {status.due}: {_summary(status)}.", ""]
    if status.reports:
        lines += ["| freelancer | status | reported | planned | missions (reported/planned) |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {cell(s.name)} | {s.status} | {days_text(s.reported)} | "
                  f"{days_text(s.planned)} | {_missions(s, cell)} |" for s in status.reports]
    return "\n".join(lines) + "\n"


def render_activity_json(status: ActivityStatus) -> str:
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
ACTIVITY_FORMATS: dict[str, Callable[[ActivityStatus], str]] = {
    "text": render_activity_text,
    "json": render_activity_json,
    "markdown": render_activity_markdown,
}
