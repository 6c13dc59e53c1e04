"""``cfo status``: the board of missions in flight as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.model.records import CheckIn, Deliverable
    from cfo_tools.steering.drift import Drift
    from cfo_tools.steering.status_board import MissionInFlight, StatusBoard


def _percent(share: Fraction) -> int:
    from cfo_tools.steering.drift import percent

    return percent(share)


def _checkin_json(checkin: CheckIn | None) -> dict[str, str | None] | None:
    if checkin is None:
        return None
    return {"date": checkin.date.isoformat(), "freelancer": checkin.freelancer,
            "by": checkin.by, "mood": checkin.mood}


def _drift_json(drift: Drift | None) -> dict[str, int | None] | None:
    if drift is None:
        return None
    accepted = drift.accepted_share
    return {"days_used_percent": _percent(drift.used_share),
            "accepted_percent": None if accepted is None else _percent(accepted),
            "points": None if drift.points is None else _percent(drift.points / 100)}


def _checkin_text(checkin: CheckIn | None) -> str:
    if checkin is None:
        return "no check-in yet"
    mood = f", {checkin.mood}" if checkin.mood else ""
    return f"last check-in {checkin.date} with {checkin.freelancer}{mood}"


def _drift_text(drift: Drift | None, drifting: bool) -> str:
    if drift is None:
        return "no days planned"
    used = f"{_percent(drift.used_share)} % of the planned days used"
    if drift.accepted_share is None:
        return f"{used}, no deliverables"
    warning = " (DRIFTING)" if drifting else ""
    return f"{used}, {_percent(drift.accepted_share)} % of the deliverables accepted{warning}"


def _deliverables(items: Iterable[Deliverable]) -> list[dict[str, str]]:
    return [{"id": d.id, "title": d.title, "due": d.due.isoformat(), "status": d.status}
            for d in items]


def render_status_json(board: StatusBoard) -> str:
    return json.dumps({
        "today": board.today.isoformat(),
        "missions": [{
            "mission": m.mission.id, "title": m.mission.title, "status": m.mission.status,
            "owner": m.mission.owner, "freelancers": list(m.freelancers),
            "start": m.mission.start.isoformat(), "end": m.mission.end.isoformat(),
            "elapsed_working_days": m.elapsed_days, "left_working_days": m.left_days,
            "due_soon": _deliverables(m.due_soon), "overdue": _deliverables(m.overdue),
            "waiting_validation": _deliverables(m.waiting_validation),
            "corrections": _deliverables(m.corrections),
            "invoices_to_check": [{"freelancer": i.freelancer, "number": i.number,
                                   "file": i.file, "issued": i.issued.isoformat()}
                                  for i in m.invoices_to_check],
            "last_checkin": _checkin_json(m.last_checkin), "drift": _drift_json(m.drift),
            "drifting": m.drifting,
        } for m in board.in_flight],
        "ended_without_reviews": [{"mission": u.mission.id, "end": u.mission.end.isoformat(),
                                   "freelancers": list(u.freelancers)}
                                  for u in board.unreviewed],
    }, indent=2, ensure_ascii=False) + "\n"


def _items(label: str, items: Iterable[Deliverable]) -> list[str]:
    listed = ", ".join(f"{shown(d.title)} ({d.due})" for d in items)
    return [f"{label}: {listed}"] if listed else []


def _names(ids: Iterable[str]) -> str:
    return ", ".join(shown(i) for i in ids)


def render_status_text(board: StatusBoard) -> str:
    lines = [f"Missions in flight on {board.today:%a %Y-%m-%d}", ""]
    if not board.in_flight:
        lines.append("No mission in flight.")
    for m in board.in_flight:
        lines.append(f"{shown(m.mission.id)} [{shown(m.mission.status)}] — "
                     f"{shown(m.mission.title)} ({shown(m.mission.client)})")
        lines.append(f"  owner {shown(m.owner)}; freelancers {_names(m.freelancers) or 'none'}; "
                     f"{m.elapsed_days} working days done, {m.left_days} left "
                     f"(ends {m.mission.end})")
        lines.append(f"  {shown(_checkin_text(m.last_checkin))}; "
                     f"{_drift_text(m.drift, m.drifting)}")
        for line in (_items("due in 7 days", m.due_soon) + _items("OVERDUE", m.overdue)
                     + _items("waiting for validation", m.waiting_validation)
                     + _items("corrections outstanding", m.corrections)):
            lines.append(f"  {line}")
        if m.invoices_to_check:
            listed = ", ".join(f"{shown(i.freelancer)} {shown(i.number)} ({i.issued})"
                               for i in m.invoices_to_check)
            lines.append(f"  invoices to approve: {listed}")
        lines.append("")
    if board.unreviewed:
        lines.append("Ended without reviews:")
        for u in board.unreviewed:
            lines.append(f"  {shown(u.mission.id)} (ended {u.mission.end}): "
                         f"{_names(u.freelancers)}")
    return "\n".join(lines).rstrip() + "\n"


def _invoices_cell(m: MissionInFlight) -> str:
    return "<br>".join(cell(f"{i.freelancer} {i.number}") for i in m.invoices_to_check) or "—"


def render_status_markdown(board: StatusBoard) -> str:
    lines = [f"## Missions in flight — {board.today.isoformat()}", ""]
    if not board.in_flight:
        lines.append("No mission in flight.")
    else:
        lines += ["| Mission | Status | Owner | Freelancers | Done / left (working days) | "
                  "Due in 7 days | Overdue | To validate | Corrections | Invoices to approve | "
                  "Last check-in | Days used / accepted |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for m in board.in_flight:
            def names(items: Iterable[Deliverable]) -> str:
                return "<br>".join(cell(f"{d.title} ({d.due})") for d in items) or "—"

            lines.append(
                f"| {cell(m.mission.title)} | {cell(m.mission.status)} | {cell(m.owner)} | "
                f"{cell(', '.join(board.name_of(f) for f in m.freelancers)) or '—'} | "
                f"{m.elapsed_days} / {m.left_days} | "
                f"{names(m.due_soon)} | {names(m.overdue)} | {names(m.waiting_validation)} | "
                f"{names(m.corrections)} | {_invoices_cell(m)} | {_checkin_cell(m.last_checkin)} | "
                f"{_drift_cell(m.drift)}{' ⚠' if m.drifting else ''} |")
    if board.unreviewed:
        lines += ["", "### Ended without reviews", ""]
        lines += [f"- **{cell(u.mission.title)}** (ended {u.mission.end}): "
                  f"{cell(', '.join(board.name_of(f) for f in u.freelancers))}"
                  for u in board.unreviewed]
    return "\n".join(lines) + "\n"


def _checkin_cell(checkin: CheckIn | None) -> str:
    if checkin is None:
        return "—"
    mood = f" ({cell(checkin.mood)})" if checkin.mood else ""
    return f"{checkin.date} {cell(checkin.freelancer)}{mood}"


def _drift_cell(drift: Drift | None) -> str:
    if drift is None:
        return "—"
    accepted = "—" if drift.accepted_share is None else f"{_percent(drift.accepted_share)} %"
    return f"{_percent(drift.used_share)} % / {accepted}"


#: ``cfo status --format``; adding a format touches this registry only.
STATUS_FORMATS: dict[str, Callable[[StatusBoard], str]] = {
    "text": render_status_text,
    "json": render_status_json,
    "markdown": render_status_markdown,
}
