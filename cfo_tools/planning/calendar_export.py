"""Assignments and unavailability as an RFC 5545 calendar (made with ``icalendar``).

All-day events use an exclusive end date, as the standard wants. UIDs are derived from ids
only, so importing a newer file updates events instead of duplicating them; assignments of
cancelled missions are kept with STATUS:CANCELLED so that subscribed calendars drop them.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

from icalendar import Calendar, Event

from cfo_tools.formats.icalendar_text import ics_text
from cfo_tools.loading.work_pool import available_cores, map_chunks, split
from cfo_tools.model import statuses
from cfo_tools.model.localized_text import text_in
from cfo_tools.model.records import Assignment, Mission, Workspace
from cfo_tools.model.vocabulary import label
from cfo_tools.planning.working_calendar import shift

PRODID = "-//cfo-tools//cfo calendar//EN"
UID_DOMAIN = "cfo-tools"
_STATUS = {statuses.DRAFT: "TENTATIVE", statuses.OPEN: "TENTATIVE",
           statuses.CANCELLED: "CANCELLED"}


#: Below this many events, serialising them here costs less than starting worker processes.
PARALLEL_EVENTS = 4000

_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class EventSpec:
    """One event as plain data, so that a worker process can build and serialise it."""

    uid: str
    start: date
    end: date
    summary: str
    description: str = ""
    #: Further properties, added in this order: ("status", "CONFIRMED"), ("transp", ...).
    extra: tuple[tuple[str, Any], ...] = ()


def build_calendar(
    workspace: Workspace, *, today: date, freelancer: str | None = None,
    mission: str | None = None, name: str | None = None, lang: str | None = None,
    jobs: int | None = None, start_method: str | None = None,
) -> bytes:
    """The calendar of one freelancer, one mission, or everyone (neither given).

    The same bytes as ``icalendar`` serialising the whole calendar, made faster: the events
    are serialised in chunks on every core, and the VEVENT blocks joined under the calendar's
    own lines (a calendar's serialisation is its lines, each event's, then its END line)."""
    header, specs = _calendar_parts(workspace, today=today, freelancer=freelancer,
                                    mission=mission, name=name, lang=lang)
    stamp = _stamp(today)
    cores = available_cores() if jobs is None else jobs
    blocks = map_chunks(_serialised_events, stamp, split(specs, cores * 4), jobs=cores,
                        parallel=len(specs) >= PARALLEL_EVENTS, start_method=start_method)
    whole = header.to_ical()
    if not whole.endswith(_END):  # pragma: no cover - icalendar changed its output
        return _calendar(workspace, today=today, freelancer=freelancer, mission=mission,
                         name=name, lang=lang).to_ical()
    return b"".join([whole[: -len(_END)], *blocks, _END])


def _serialised_events(stamp: datetime, specs: Sequence[EventSpec]) -> bytes:
    # Nothing these events make is cyclic: the collector would only scan the workspace (most of
    # the time of a 20,000-event calendar went to it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return b"".join(_built(spec, stamp).to_ical() for spec in specs)
    finally:
        if collecting:
            gc.enable()


def _built(spec: EventSpec, stamp: datetime) -> Event:
    event = _event(uid=spec.uid, stamp=stamp, start=spec.start, end=spec.end,
                   summary=spec.summary, description=spec.description)
    for name, value in spec.extra:
        event.add(name, value)
    return event


def _stamp(today: date) -> datetime:
    return datetime.combine(today, time(0, 0), tzinfo=timezone.utc)


def onboarding_calendar(workspace: Workspace, *, today: date, freelancer: str,
                        missions: list[str], words: Mapping[str, str], lang: str) -> bytes:
    """The ``.ics`` of an onboarding pack: the freelancer's assignments on ``missions`` (and
    their unavailability), the due dates of those missions' deliverables and the company's
    closures, each only inside the freelancer's own period on the mission. ``words`` gives
    "ics_deliverable" and "ics_closure" in ``lang``."""
    chosen = {m: workspace.missions[m] for m in missions}
    subset = Workspace(root=workspace.root, company=workspace.company,
                       freelancers=workspace.freelancers, missions=chosen)
    calendar = _calendar(subset, today=today, freelancer=freelancer, lang=lang)
    stamp = _stamp(today)
    periods = []
    for mission_id in sorted(chosen):
        current = chosen[mission_id]
        own = current.assignments_of(freelancer)
        if not own:
            continue
        periods += [(a.start, a.end) for a in own]
        for deliverable in sorted(current.deliverables, key=lambda d: (d.due, d.id)):
            if not any(a.start <= deliverable.due <= a.end for a in own):
                continue
            calendar.add_component(_event(
                uid=f"deliverable-{mission_id}-{deliverable.id}@{UID_DOMAIN}", stamp=stamp,
                start=deliverable.due, end=deliverable.due,
                summary=f"{words['ics_deliverable']} {deliverable.title} — {current.title}",
                description=""))
    company = workspace.company
    for closure in company.closures if company is not None else []:
        if not any(closure.start <= end and start <= closure.end for start, end in periods):
            continue
        reason = text_in(closure.reason, lang)[0] if closure.reason else ""
        event = _event(uid=f"closure-{closure.start.isoformat()}@{UID_DOMAIN}", stamp=stamp,
                       start=closure.start, end=closure.end,
                       summary=f"{words['ics_closure']} {reason}".strip(), description="")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def _calendar(
    workspace: Workspace, *, today: date, freelancer: str | None = None,
    mission: str | None = None, name: str | None = None, lang: str | None = None,
) -> Calendar:
    """The whole calendar as one ``icalendar`` object."""
    calendar, specs = _calendar_parts(workspace, today=today, freelancer=freelancer,
                                      mission=mission, name=name, lang=lang)
    stamp = _stamp(today)
    for spec in specs:
        calendar.add_component(_built(spec, stamp))
    return calendar


def _calendar_parts(
    workspace: Workspace, *, today: date, freelancer: str | None = None,
    mission: str | None = None, name: str | None = None, lang: str | None = None,
) -> tuple[Calendar, list[EventSpec]]:
    """The calendar without its events, and its events in order."""
    company_record = workspace.company
    lang = lang or (company_record.locale if company_record is not None else "fr")
    vocabulary = company_record.vocabulary if company_record is not None else None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    company = workspace.company.name if workspace.company else "cfo"
    calendar.add("x-wr-calname",
                 ics_text(name or _calendar_name(workspace, company, freelancer, mission)))
    specs: list[EventSpec] = []
    for mission_id in sorted(workspace.missions):
        if mission is not None and mission_id != mission:
            continue
        current = workspace.missions[mission_id]
        seen: dict[str, int] = {}
        for assignment in current.assignments:
            if freelancer is not None and assignment.freelancer != freelancer:
                continue
            count = seen.get(assignment.freelancer, 0)
            seen[assignment.freelancer] = count + 1
            suffix = f"-{count + 1}" if count else ""
            person = workspace.freelancers.get(assignment.freelancer)
            who = person.name if person else assignment.freelancer
            specs.append(EventSpec(
                uid=f"assignment-{mission_id}-{assignment.freelancer}{suffix}@{UID_DOMAIN}",
                start=assignment.start, end=assignment.end,
                summary=f"{current.title} — {who} ({assignment.allocation} %)",
                description=_description(current, assignment,
                                         label("roles", assignment.role, lang, vocabulary)),
                extra=(("status", _STATUS.get(current.status, "CONFIRMED")),
                       ("categories", [ics_text(assignment.role)]))))
    if mission is None:
        for freelancer_id in sorted(workspace.freelancers):
            if freelancer is not None and freelancer_id != freelancer:
                continue
            person = workspace.freelancers[freelancer_id]
            for index, period in enumerate(person.unavailable):
                specs.append(EventSpec(
                    uid=f"unavailable-{freelancer_id}-{period.start.isoformat()}-{index}"
                        f"@{UID_DOMAIN}",
                    start=period.start, end=period.end,
                    summary=f"{person.name} — {period.reason or 'indisponible / unavailable'}",
                    extra=(("transp", "OPAQUE"),)))
    return calendar, specs


def _calendar_name(workspace: Workspace, company: str, freelancer: str | None,
                   mission: str | None) -> str:
    if freelancer is not None and freelancer in workspace.freelancers:
        return f"{company} — {workspace.freelancers[freelancer].name}"
    if mission is not None and mission in workspace.missions:
        return f"{company} — {workspace.missions[mission].title}"
    return company


def _event(*, uid: str, stamp: datetime, start: date, end: date, summary: str,
           description: str) -> Event:
    event = Event()
    event.add("uid", ics_text(uid))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", shift(end, 1))
    event.add("summary", ics_text(summary))
    if description:
        event.add("description", description)
    return event


def _description(mission: Mission, assignment: Assignment, role: str) -> str:
    # The assignment's own dates, the same as the event's: not the mission's.
    return (f"{ics_text(mission.client)} — {ics_text(role)}, {assignment.allocation} %\n"
            f"{assignment.start.isoformat()} → {assignment.end.isoformat()} "
            f"({mission.status})")
