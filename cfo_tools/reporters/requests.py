"""``cfo requests``: the planning of requests as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.planning.needs import NeedState
    from cfo_tools.steering.requests import FreePerson, OpenRequest, RequestsReport


def _window(state: NeedState) -> str:
    end = state.end.isoformat() if state.end else "?"
    return f"{state.start} to {end}"


def _asked(state: NeedState) -> tuple[str, str]:
    need = state.need
    return (need.requested_by or "-",
            need.requested_on.isoformat() if need.requested_on else "-")


def _person(person: FreePerson) -> str:
    mark = " (candidate)" if person.kind == "candidate" else ""
    return f"{person.id}{mark} {person.free_days}d"


def render_requests_text(report: RequestsReport) -> str:
    lines = [f"Requests as of {report.today}"]
    if not report.open:
        lines.append("Every request is filled.")
    for item in report.open:
        state, need = item.state, item.state.need
        asked = f"; asked by {shown(need.requested_by)}" if need.requested_by else ""
        asked += f" on {need.requested_on}" if need.requested_on else ""
        days = "?" if item.working_days is None else str(item.working_days)
        people = ", ".join(shown(_person(p)) for p in item.free_people) or "nobody free"
        lines.append(
            f"- {_window(state)} ({days} working days): {shown(state.mission.id)}/"
            f"{shown(need.id)} {shown(need.role)} {need.allocation}%, {state.missing} of "
            f"{need.count} missing{asked}; free: {people}")
    if report.filled_this_week:
        lines.append("Filled this week:")
        lines += [f"- {shown(s.mission.id)}/{shown(s.need.id)} {shown(s.need.role)}, from "
                  f"{s.start}: {', '.join(shown(a.freelancer) for a in s.filled_by)}"
                  for s in report.filled_this_week]
    return "\n".join(lines) + "\n"


def render_requests_markdown(report: RequestsReport) -> str:
    lines = [f"## Requests as of {report.today}", ""]
    if not report.open:
        lines.append("Every request is filled.")
    else:
        lines += ["| when | working days | mission | need | role | missing | asked by "
                  "| asked on | free |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for item in report.open:
            state, need = item.state, item.state.need
            by, on = _asked(state)
            days = "?" if item.working_days is None else str(item.working_days)
            people = ", ".join(cell(_person(p)) for p in item.free_people) or "nobody free"
            lines.append(
                f"| {_window(state)} | {days} | {cell(state.mission.id)} | {cell(need.id)} | "
                f"{cell(need.role)} | {state.missing} of {need.count} | {cell(by)} | {on} | "
                f"{people} |")
    if report.filled_this_week:
        lines += ["", "### Filled this week", ""]
        lines += [f"- {cell(s.mission.id)}/{cell(s.need.id)} ({cell(s.need.role)}, from "
                  f"{s.start}): {', '.join(cell(a.freelancer) for a in s.filled_by)}"
                  for s in report.filled_this_week]
    return "\n".join(lines) + "\n"


def render_requests_json(report: RequestsReport) -> str:
    from cfo_tools.reporters.find import need_json

    def open_item(item: OpenRequest) -> dict[str, object]:
        return {**need_json(item.state), "working_days": item.working_days,
                "note": item.state.need.note,
                "free": [{"kind": p.kind, "id": p.id, "name": p.name, "free_days": p.free_days}
                         for p in item.free_people]}

    return json.dumps({
        "today": report.today.isoformat(),
        "open": [open_item(item) for item in report.open],
        "filled_this_week": [{**need_json(s), "filled_by": [a.freelancer for a in s.filled_by]}
                             for s in report.filled_this_week],
    }, indent=2, ensure_ascii=False) + "\n"


#: ``cfo requests --format``.
REQUESTS_FORMATS: dict[str, Callable[[RequestsReport], str]] = {
    "text": render_requests_text,
    "json": render_requests_json,
    "markdown": render_requests_markdown,
}
