"""The JSON API published with the site under ``api/v1/``: one document per file, each with a
``version`` and described by a schema of ``api_schemas/`` (published beside it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cfo_tools.model.money import assignment_rate, money_text
from cfo_tools.model.records import Workspace
from cfo_tools.planning.bookings import BookingIndex, bookings_given_or_walked
from cfo_tools.planning.load import Planning
from cfo_tools.planning.working_calendar import WorkingCalendar, shift
from cfo_tools.site.findings_view import ShownFinding
from cfo_tools.site.json_text import json_text
from cfo_tools.site.record_pages import freelancer_page, mission_page
from cfo_tools.steering.requests import RequestsReport

#: The API's version: bumped when a field changes meaning or goes away (adding one does not).
API_VERSION = 1
API_FOLDER = "api/v1"
SCHEMAS = Path(__file__).resolve().parent / "api_schemas"
#: Every document of the API, by file name.
DOCUMENTS = ("freelancers", "missions", "bookings", "availability", "findings", "requests")


def amount(value: Decimal | None) -> str | None:
    """An amount as a JSON string, exact to the last digit the file wrote."""
    return None if value is None else money_text(value)


def _document(today: date, **content: Any) -> dict[str, Any]:
    return {"version": API_VERSION, "today": today.isoformat(), **content}


def freelancers_document(workspace: Workspace, *, today: date, money: bool) -> dict[str, Any]:
    found = []
    for freelancer in sorted(workspace.freelancers.values(), key=lambda f: f.id):
        entry: dict[str, Any] = {
            "id": freelancer.id, "name": freelancer.name, "status": freelancer.status,
            "roles": freelancer.roles, "skills": freelancer.skills,
            "languages": freelancer.languages, "capacity": freelancer.capacity,
            "location": freelancer.location, "remote": freelancer.remote,
            "page": freelancer_page(freelancer.id),
        }
        if money:
            entry["daily_rate"] = amount(freelancer.daily_rate)
        found.append(entry)
    return _document(today, freelancers=found)


def missions_document(workspace: Workspace, *, today: date, money: bool) -> dict[str, Any]:
    found = []
    for mission in sorted(workspace.missions.values(), key=lambda m: m.id):
        entry: dict[str, Any] = {
            "id": mission.id, "title": mission.title, "client": mission.client,
            "owner": mission.owner, "status": mission.status,
            "start": mission.start.isoformat(), "end": mission.end.isoformat(),
            "skills": mission.skills,
            "team": list(dict.fromkeys(a.freelancer for a in mission.assignments)),
            "deliverables": [{"id": d.id, "title": d.title, "due": d.due.isoformat(),
                              "status": d.status} for d in mission.deliverables],
            "needs": [need.id for need in mission.needs],
            "page": mission_page(mission.id),
        }
        if money:
            entry["budget"] = amount(mission.budget)
        found.append(entry)
    return _document(today, missions=found)


def bookings_document(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                      money: bool, index: BookingIndex | None = None) -> dict[str, Any]:
    index = bookings_given_or_walked(index, workspace)
    found = []
    for freelancer_id, bookings in sorted(index.items()):
        freelancer = workspace.freelancers.get(freelancer_id)
        for booking in bookings:
            a = booking.assignment
            entry: dict[str, Any] = {
                "freelancer": freelancer_id, "mission": booking.mission.id, "role": a.role,
                "allocation": a.allocation, "start": a.start.isoformat(),
                "end": a.end.isoformat(), "tentative": a.tentative,
                "working_days": calendar.working_days(a.start, a.end),
            }
            if money:
                entry["daily_rate"] = amount(assignment_rate(a, freelancer))
            found.append(entry)
    return _document(today, bookings=found)


def availability_document(planning: Planning, *, today: date) -> dict[str, Any]:
    """Free capacity per freelancer and week, from the planning's weekly loads."""
    found = []
    for row in planning.rows:
        capacity = row.freelancer.capacity
        weeks = []
        for cell in row.cells:
            present = cell.state not in ("away", "closed")
            weeks.append({
                "week": cell.start.isoformat(), "end": shift(cell.start, 6).isoformat(),
                "working_days": cell.working_days, "state": cell.state,
                "load": cell.load, "tentative": cell.tentative, "peak": cell.peak,
                "free": max(0, capacity - cell.load) if present else 0,
            })
        found.append({"id": row.freelancer.id, "name": row.freelancer.name,
                      "roles": row.freelancer.roles, "capacity": capacity, "weeks": weeks})
    return _document(today, weeks=[w.isoformat() for w in planning.weeks], freelancers=found)


def findings_document(findings: list[ShownFinding], *, today: date) -> dict[str, Any]:
    counts = {severity: sum(f.severity == severity for f in findings)
              for severity in ("error", "warning")}
    return _document(today, counts=counts, findings=[f.to_dict() for f in findings])


def requests_document(report: RequestsReport, *, money: bool) -> dict[str, Any]:
    found = []
    for request in report.open:
        state, need = request.state, request.state.need
        entry: dict[str, Any] = {
            "mission": state.mission.id, "need": need.id, "role": need.role,
            "skills": list(need.skills), "languages": list(need.languages),
            "allocation": need.allocation, "count": need.count, "missing": state.missing,
            "start": state.start.isoformat(),
            "end": state.end.isoformat() if state.end else None,
            "working_days": request.working_days,
            "requested_by": need.requested_by,
            "requested_on": need.requested_on.isoformat() if need.requested_on else None,
            "free_people": [{"id": p.id, "name": p.name, "kind": p.kind,
                             "free_days": p.free_days} for p in request.free_people],
        }
        if money:
            entry["max_rate"] = amount(need.max_rate)
        found.append(entry)
    return _document(report.today, requests=found)


def json_bytes(document: object) -> bytes:
    """Stable JSON: keys sorted, UTF-8, one trailing newline."""
    return (json_text(document) + "\n").encode()


def schema_files() -> dict[str, bytes]:
    """The API's schemas, by file name."""
    return {path.name: path.read_bytes() for path in sorted(SCHEMAS.glob("*.schema.json"))}
