"""What templates see: plain dictionaries built from the model for one reader.

Templates never receive model objects or the workspace, only what the document may show: a
brief addressed to one freelancer carries that freelancer's rate and nobody else's, and a brief
addressed to nobody carries no rate at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cfo_tools.model import statuses
from cfo_tools.model.money import (
    assignment_amount,
    assignment_days,
    assignment_rate,
    contract_amount,
    total,
)
from cfo_tools.model.records import Company, Freelancer, Mission, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.compliance import admin_items

#: A brief lists this many team entries, then "and N more": `cfo build` writes a brief per
#: freelancer, and a mission of 50,000 assignments would otherwise write 16 GB of team lists.
TEAM_LIMIT = 50


def company_context(company: Company, lang: str) -> dict[str, Any]:
    from babel.dates import get_day_names

    names = get_day_names("wide", locale={"fr": "fr_FR", "en": "en_US"}[lang])
    return {
        "name": company.name,
        "pitch": company.pitch,
        "culture": company.culture,
        "values": list(company.values),
        "tools": [{"name": t["name"], "purpose": t.get("purpose"), "access": t.get("access")}
                  for t in company.tools],
        "contacts": [{"name": c["name"], "role": c.get("role"), "email": c.get("email"),
                      "phone": c.get("phone")} for c in company.contacts],
        "working_days": [str(names[d]) for d in company.working_days],
        "closures": [{"start": c.start, "end": c.end, "reason": c.reason}
                     for c in company.closures],
        "currency": company.currency,
    }


def mission_context(mission: Mission, workspace: Workspace, calendar: WorkingCalendar,
                    freelancer: Freelancer | None = None) -> dict[str, Any]:
    company = workspace.company
    assert company is not None
    owner = company.member(mission.owner)
    brief = mission.brief
    team = []
    for a in mission.assignments[:TEAM_LIMIT]:
        person = workspace.freelancers.get(a.freelancer)
        team.append({"name": person.name if person else a.freelancer, "role": a.role,
                     "you": freelancer is not None and a.freelancer == freelancer.id})
    context: dict[str, Any] = {
        "id": mission.id,
        "title": mission.title,
        "client": mission.client,
        "status": mission.status,
        "start": mission.start,
        "end": mission.end,
        "working_days": calendar.working_days(mission.start, mission.end),
        "days_off": [{"date": d.day, "end": d.end, "kind": d.kind, "name": d.name}
                     for d in calendar.days_off(mission.start, mission.end)],
        "skills": list(mission.skills),
        "summary": brief.get("summary"),
        "objectives": list(brief.get("objectives", [])),
        "context": brief.get("context"),
        "constraints": list(brief.get("constraints", [])),
        "stakeholders": [{"name": s["name"], "role": s.get("role"), "email": s.get("email")}
                         for s in brief.get("stakeholders", [])],
        "deliverables": [{"id": d.id, "title": d.title, "due": d.due, "status": d.status}
                         for d in sorted(mission.deliverables, key=lambda d: (d.due, d.id))],
        "owner": {"name": owner.name if owner else mission.owner,
                  "email": owner.email if owner else None,
                  "role": owner.role if owner else None},
        "team": team,
        #: Team entries beyond the first TEAM_LIMIT, counted rather than listed.
        "team_more": max(0, len(mission.assignments) - TEAM_LIMIT),
        "recipient": None,
    }
    if freelancer is not None:
        context["recipient"] = recipient_context(mission, freelancer, calendar)
    return context


def recipient_context(mission: Mission, freelancer: Freelancer,
                      calendar: WorkingCalendar) -> dict[str, Any]:
    assignments = []
    amounts = []
    for a in mission.assignments_of(freelancer.id):
        amounts.append(assignment_amount(a, freelancer, calendar))
        assignments.append({"role": a.role, "allocation": a.allocation, "start": a.start,
                            "end": a.end, "working_days": assignment_days(a, calendar),
                            "daily_rate": assignment_rate(a, freelancer),
                            "amount": amounts[-1]})
    return {
        "name": freelancer.name,
        "assignments": assignments,
        # The total is the sum of the rounded lines shown above it, never a recomputation.
        "amount": total(amounts),
    }


def freelancer_missions(workspace: Workspace, freelancer: Freelancer, today: date,
                        named: tuple[str, ...] = ()) -> list[Mission]:
    """The missions named, or the freelancer's current and upcoming ones."""
    if named:
        return [workspace.missions[m] for m in named]
    found = []
    for mission in workspace.missions.values():
        own = mission.assignments_of(freelancer.id)
        if own and mission.status in statuses.ACTIVE and max(a.end for a in own) >= today:
            found.append(mission)
    return sorted(found, key=lambda m: (m.start, m.id))


def admin_context(freelancer: Freelancer, missions: list[Mission], company: Company,
                  calendar: WorkingCalendar, today: date) -> dict[str, Any]:
    per_mission = []
    for mission in missions:
        items = admin_items(freelancer, mission, company, calendar, today=today)
        per_mission.append({
            "title": mission.title,
            "amount": contract_amount(freelancer, mission, calendar),
            "items": [{"requirement": i.requirement, "kind": i.kind, "status": i.status,
                       "basis": i.basis, "due": i.due,
                       "issued": i.document.issued if i.document else None} for i in items],
        })
    held = [{"kind": d.kind, "issued": d.issued, "expires": d.expires, "verified": d.verified,
             "reference": d.reference} for d in freelancer.documents]
    return {
        "documents": sorted(held, key=lambda d: (d["kind"], d["issued"] or date.min)),
        "missions": per_mission,
        "siret": freelancer.siret,
        "legal_form": freelancer.legal_form,
    }
