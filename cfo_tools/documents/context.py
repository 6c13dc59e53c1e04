"""What templates see: plain dictionaries built from the model for one reader.

Templates never receive model objects or the workspace, only what the document may show: a
brief addressed to one freelancer carries that freelancer's rate and nobody else's, and a brief
addressed to nobody carries no rate at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cfo_tools.documents.typography import Passage
from cfo_tools.model import statuses
from cfo_tools.model.localized_text import localized, text_in
from cfo_tools.model.money import (
    WorkingDays,
    assignment_amount,
    assignment_days,
    assignment_rate,
    contract_amount,
    round_to_cent,
    total,
)
from cfo_tools.model.records import Assignment, Company, Freelancer, Mission, Workspace
from cfo_tools.model.vocabulary import Vocabulary, label
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.compliance import admin_items

#: A brief lists this many team entries, then "and N more": `cfo build` writes a brief per
#: freelancer, and a mission of 50,000 assignments would otherwise write 16 GB of team lists.
TEAM_LIMIT = 50


def say(value: Any, lang: str, default_lang: str) -> Passage | None:
    """A free text of company.yaml or of a mission's brief in ``lang`` when it was given in
    ``lang``, else as written (plain text is in ``default_lang``, the company's locale)."""
    if value is None:
        return None
    text, text_lang = text_in(localized(value, default_lang), lang)
    return Passage(text, text_lang)


def company_context(company: Company, lang: str) -> dict[str, Any]:
    from babel.dates import get_day_names

    names = get_day_names("wide", locale={"fr": "fr_FR", "en": "en_US"}[lang])

    def text(value: Any) -> Passage | None:
        return say(value, lang, company.locale)

    return {
        "name": company.name,
        "pitch": text(company.pitch),
        "culture": text(company.culture),
        "values": [text(v) for v in company.values],
        "tools": [{"name": t["name"], "purpose": text(t.get("purpose")),
                   "access": text(t.get("access"))} for t in company.tools],
        "contacts": [{"name": c["name"], "role": text(c.get("role")), "email": c.get("email"),
                      "phone": c.get("phone")} for c in company.contacts],
        "working_days": [str(names[d]) for d in company.working_days],
        "closures": [{"start": c.start, "end": c.end, "reason": text(c.reason)}
                     for c in company.closures],
        "address": text(company.address),
        "currency": company.currency,
    }


def company_address(company: Company) -> str | None:
    """Where the company receives people: its ``address``, else its registered office."""
    if company.address:
        return company.address
    return company.legal.address if company.legal is not None else None


def days_off_context(calendar: WorkingCalendar, start: date, end: date, lang: str,
                     company: Company) -> list[dict[str, Any]]:
    """The public holidays and closures within ``[start, end]``, named in ``lang``."""
    return [{"date": d.day, "end": d.end, "kind": d.kind,
             "name": say(d.name, lang, company.locale) if d.name else None}
            for d in calendar.days_off(start, end)]


def mission_context(mission: Mission, workspace: Workspace, calendar: WorkingCalendar,
                    freelancer: Freelancer | None = None, *,
                    lang: str | None = None) -> dict[str, Any]:
    """What a brief shows of ``mission``; addressed to ``freelancer``, its schedule is theirs
    and ``recipient`` holds their part (their terms, theirs only)."""
    company = workspace.company
    assert company is not None
    lang = lang or company.locale
    vocabulary = company.vocabulary

    def text(value: Any) -> Passage | None:
        return say(value, lang, company.locale)

    owner = company.member(mission.owner)
    brief = mission.brief
    team = []
    for a in mission.assignments[:TEAM_LIMIT]:
        person = workspace.freelancers.get(a.freelancer)
        you = freelancer is not None and a.freelancer == freelancer.id
        # Addressed to one freelancer, a brief names nobody else of the roster: the others
        # appear by their role only (issue 14: no name, rate, e-mail or phone of anyone else).
        hidden = freelancer is not None and not you
        team.append({"name": None if hidden else (person.name if person else a.freelancer),
                     "role": label("roles", a.role, lang, vocabulary),
                     "you": you})
    remote = brief.get("remote")
    location = text(brief.get("location"))
    context: dict[str, Any] = {
        "id": mission.id,
        # Titles are written in the company's language: an English document marks them so.
        "title": Passage(mission.title, company.locale),
        "client": Passage(mission.client, company.locale),
        "status": mission.status,
        "start": mission.start,
        "end": mission.end,
        "working_days": calendar.working_days(mission.start, mission.end),
        "days_off": days_off_context(calendar, mission.start, mission.end, lang, company),
        "skills": [label("skills", s, lang, vocabulary) for s in mission.skills],
        "summary": text(brief.get("summary")),
        "objectives": [text(o) for o in brief.get("objectives", [])],
        "context": text(brief.get("context")),
        "constraints": [text(c) for c in brief.get("constraints", [])],
        "stakeholders": [{"name": s["name"], "role": text(s.get("role")),
                          "email": s.get("email")}
                         for s in brief.get("stakeholders", [])],
        "deliverables": [{"id": d.id, "title": Passage(d.title, company.locale), "due": d.due,
                          "status": d.status}
                         for d in sorted(mission.deliverables, key=lambda d: (d.due, d.id))],
        "owner": {"name": owner.name if owner else mission.owner,
                  "email": owner.email if owner else None,
                  "phone": owner.phone if owner else None,
                  "role": text(owner.role) if owner else None},
        #: Where to be on the first day: the mission's place, else the company's address;
        #: ``remote`` when the mission says the work is done remotely and names no place.
        "day_one": {"remote": bool(remote) and location is None,
                    "where": location or (None if remote else text(company_address(company)))},
        "team": team,
        #: Team entries beyond the first TEAM_LIMIT, counted rather than listed.
        "team_more": max(0, len(mission.assignments) - TEAM_LIMIT),
        "recipient": None,
    }
    context["schedule"] = {"start": mission.start, "end": mission.end, "own": False,
                           "working_days": context["working_days"],
                           "days_off": context["days_off"]}
    if freelancer is not None:
        recipient = recipient_context(mission, freelancer, calendar, lang=lang,
                                      vocabulary=vocabulary)
        own = mission.assignments_of(freelancer.id)
        # Only what falls inside one of their assignments, not between two of them.
        recipient["days_off"] = [
            day for day in days_off_context(calendar, recipient["start"], recipient["end"],
                                            lang, company)
            if any(a.start <= (day["end"] or day["date"]) and day["date"] <= a.end
                   for a in own)]
        context["recipient"] = recipient
        # Addressed to one freelancer, the schedule is theirs: the same dates as the
        # welcome letter and the .ics.
        context["schedule"] = {"start": recipient["start"], "end": recipient["end"],
                               "own": True, "working_days": recipient["working_days"],
                               "days_off": recipient["days_off"]}
    return context


def orders_context(mission: Mission, freelancer: Freelancer,
                   calendar: WorkingDays) -> list[dict[str, Any]]:
    """The purchase orders of ``freelancer``'s assignments on ``mission``, each with the
    amount it allows to invoice: the order's own amount, else the assignment's amount."""
    found = []
    for a in mission.assignments_of(freelancer.id):
        if a.order is None:
            continue
        amount = (a.order.amount if a.order.amount is not None
                  else assignment_amount(a, freelancer, calendar))
        found.append({"number": a.order.number, "issued": a.order.issued,
                      "amount": round_to_cent(amount)})
    return found


def own_period(assignments: list[Assignment]) -> tuple[date, date]:
    """From the first day of a freelancer's assignments on a mission to the last."""
    return min(a.start for a in assignments), max(a.end for a in assignments)


def recipient_context(mission: Mission, freelancer: Freelancer, calendar: WorkingDays,
                      *, lang: str = "fr", vocabulary: Vocabulary | None = None
                      ) -> dict[str, Any]:
    """The freelancer's own part of ``mission``: roles, period, days and terms; nothing of
    anyone else."""
    assignments = []
    amounts = []
    own = mission.assignments_of(freelancer.id)
    for a in own:
        amounts.append(assignment_amount(a, freelancer, calendar))
        assignments.append({"role": label("roles", a.role, lang, vocabulary),
                            "allocation": a.allocation, "start": a.start,
                            "end": a.end, "working_days": assignment_days(a, calendar),
                            "daily_rate": assignment_rate(a, freelancer),
                            "amount": amounts[-1], "tentative": a.tentative})
    start, end = own_period(own)
    return {
        "name": freelancer.name,
        "assignments": assignments,
        "roles": list(dict.fromkeys(a["role"] for a in assignments)),
        "start": start,
        "end": end,
        "working_days": sum(a["working_days"] for a in assignments),
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
