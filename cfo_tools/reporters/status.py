"""``cfo status``: the board of missions in flight as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.model.records import CheckIn, Deliverable
    from cfo_tools.steering.drift import Drift
    from cfo_tools.steering.status_board import MissionInFlight, StatusBoard, Unreviewed


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


def _row_json(m: MissionInFlight, names: Mapping[str, str]) -> dict[str, Any]:
    return {
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
    }


def _unreviewed_json(u: Unreviewed, names: Mapping[str, str]) -> dict[str, Any]:
    return {"mission": u.mission.id, "end": u.mission.end.isoformat(),
            "freelancers": list(u.freelancers)}


def _whole_json(today: date, rows: Sequence[Any], unreviewed: Sequence[Any]) -> str:
    return json.dumps({"today": today.isoformat(), "missions": list(rows),
                       "ended_without_reviews": list(unreviewed)},
                      indent=2, ensure_ascii=False) + "\n"


def _items(label: str, items: Iterable[Deliverable]) -> list[str]:
    listed = ", ".join(f"{shown(d.title)} ({d.due})" for d in items)
    return [f"{label}: {listed}"] if listed else []


def _names(ids: Iterable[str]) -> str:
    return ", ".join(shown(i) for i in ids)


def _row_text(m: MissionInFlight, names: Mapping[str, str]) -> str:
    lines = [f"{shown(m.mission.id)} [{shown(m.mission.status)}] — "
             f"{shown(m.mission.title)} ({shown(m.mission.client)})",
             f"  owner {shown(m.owner)}; freelancers {_names(m.freelancers) or 'none'}; "
             f"{m.elapsed_days} working days done, {m.left_days} left "
             f"(ends {m.mission.end})",
             f"  {shown(_checkin_text(m.last_checkin))}; {_drift_text(m.drift, m.drifting)}"]
    for line in (_items("due within 7 days", m.due_soon) + _items("OVERDUE", m.overdue)
                 + _items("waiting for validation", m.waiting_validation)
                 + _items("corrections outstanding", m.corrections)):
        lines.append(f"  {line}")
    if m.invoices_to_check:
        listed = ", ".join(f"{shown(i.freelancer)} {shown(i.number)} ({i.issued})"
                           for i in m.invoices_to_check)
        lines.append(f"  invoices to approve: {listed}")
    lines.append("")
    return "\n".join(lines)


def _unreviewed_text(u: Unreviewed, names: Mapping[str, str]) -> str:
    return f"  {shown(u.mission.id)} (ended {u.mission.end}): {_names(u.freelancers)}"


def _whole_text(today: date, rows: Sequence[Any], unreviewed: Sequence[Any]) -> str:
    lines = [f"Missions in flight on {today:%a %Y-%m-%d}", ""]
    if not rows:
        lines.append("No mission in flight.")
    lines += rows
    if unreviewed:
        lines.append("Ended without reviews:")
        lines += unreviewed
    return "\n".join(lines).rstrip() + "\n"


def _invoices_cell(m: MissionInFlight) -> str:
    return "<br>".join(cell(f"{i.freelancer} {i.number}") for i in m.invoices_to_check) or "—"


def _row_markdown(m: MissionInFlight, names: Mapping[str, str]) -> str:
    def listed(items: Iterable[Deliverable]) -> str:
        return "<br>".join(cell(f"{d.title} ({d.due})") for d in items) or "—"

    return (f"| {cell(m.mission.title)} | {cell(m.mission.status)} | {cell(m.owner)} | "
            f"{cell(', '.join(names.get(f, f) for f in m.freelancers)) or '—'} | "
            f"{m.elapsed_days} / {m.left_days} | "
            f"{listed(m.due_soon)} | {listed(m.overdue)} | {listed(m.waiting_validation)} | "
            f"{listed(m.corrections)} | {_invoices_cell(m)} | {_checkin_cell(m.last_checkin)} | "
            f"{_drift_cell(m.drift)}{' ⚠' if m.drifting else ''} |")


def _unreviewed_markdown(u: Unreviewed, names: Mapping[str, str]) -> str:
    return (f"- **{cell(u.mission.title)}** (ended {u.mission.end}): "
            f"{cell(', '.join(names.get(f, f) for f in u.freelancers))}")


def _whole_markdown(today: date, rows: Sequence[Any], unreviewed: Sequence[Any]) -> str:
    lines = [f"## Missions in flight — {today.isoformat()}", ""]
    if not rows:
        lines.append("No mission in flight.")
    else:
        lines += ["| Mission | Status | Owner | Freelancers | Done / left (working days) | "
                  "Due within 7 days | Overdue | To validate | Corrections | Invoices to approve | "
                  "Last check-in | Days used / accepted |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        lines += rows
    if unreviewed:
        lines += ["", "### Ended without reviews", ""]
        lines += unreviewed
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


@dataclass(frozen=True)
class StatusParts:
    """One format of the board, in pieces: a mission's row and its line among those ended
    without reviews, each made from that mission alone (and the freelancers' ``names`` when
    ``uses_names``), then the whole from the pieces in the board's order. ``cfo status``
    keeps the pieces per mission (``cli/status_rows.py``)."""

    row: Callable[[MissionInFlight, Mapping[str, str]], Any]
    unreviewed: Callable[[Unreviewed, Mapping[str, str]], Any]
    whole: Callable[[date, Sequence[Any], Sequence[Any]], str]
    uses_names: bool = False

    def render(self, board: StatusBoard) -> str:
        return self.whole(board.today, [self.row(m, board.names) for m in board.in_flight],
                          [self.unreviewed(u, board.names) for u in board.unreviewed])


STATUS_PARTS: dict[str, StatusParts] = {
    "text": StatusParts(_row_text, _unreviewed_text, _whole_text),
    "json": StatusParts(_row_json, _unreviewed_json, _whole_json),
    "markdown": StatusParts(_row_markdown, _unreviewed_markdown, _whole_markdown,
                            uses_names=True),
}


def render_status_text(board: StatusBoard) -> str:
    return STATUS_PARTS["text"].render(board)


def render_status_json(board: StatusBoard) -> str:
    return STATUS_PARTS["json"].render(board)


def render_status_markdown(board: StatusBoard) -> str:
    return STATUS_PARTS["markdown"].render(board)


#: ``cfo status --format``; adding a format touches this registry (and :data:`STATUS_PARTS`).
STATUS_FORMATS: dict[str, Callable[[StatusBoard], str]] = {
    "text": render_status_text,
    "json": render_status_json,
    "markdown": render_status_markdown,
}
