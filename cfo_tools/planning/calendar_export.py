"""Assignments and unavailability as an RFC 5545 calendar (made with ``icalendar``).

All-day events use an exclusive end date, as the standard wants. UIDs are derived from ids
only, so importing a newer file updates events instead of duplicating them; assignments of
cancelled missions are kept with STATUS:CANCELLED so that subscribed calendars drop them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any

from icalendar import Calendar, Event

from cfo_tools.formats.icalendar_text import folded, folds_as_icalendar, ics_text
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
    are made and serialised in chunks (slices of the sorted missions, then of the freelancers)
    on every core, and the VEVENT blocks joined under the calendar's own lines (a calendar's
    serialisation is its lines, each event's, then its END line)."""
    header = _header(workspace, freelancer=freelancer, mission=mission, name=name)
    sources = _EventSources(workspace, _stamp(today), _language(workspace, lang), freelancer)
    missions = [mission_id for mission_id in sorted(workspace.missions)
                if mission is None or mission_id == mission]
    people = sorted(workspace.freelancers) if mission is None else []
    if freelancer is not None:
        people = [person for person in people if person == freelancer]
    events = sum(len(workspace.missions[mission_id].assignments) for mission_id in missions)
    cores = available_cores() if jobs is None else jobs
    chunks: list[tuple[str, Sequence[str]]] = [
        *(("missions", part) for part in split(missions, cores * 4)),
        *(("unavailable", part) for part in split(people, cores))]
    blocks = map_chunks(_serialised_chunk, sources, chunks, jobs=cores,
                        parallel=events >= PARALLEL_EVENTS, start_method=start_method)
    head = _head(header)
    if head is None:  # pragma: no cover - icalendar changed its output
        return _calendar(workspace, today=today, freelancer=freelancer, mission=mission,
                         name=name, lang=lang).to_ical()
    return b"".join([head, *blocks, _END])


def _head(header: Calendar) -> bytes | None:
    """The calendar's serialisation without its END line, under which the VEVENT blocks go
    (None if icalendar no longer ends a calendar with it)."""
    whole = header.to_ical()
    return whole[: -len(_END)] if whole.endswith(_END) else None


def calendar_of_blocks(workspace: Workspace, blocks: Iterable[bytes], *,
                       freelancer: str | None = None, mission_title: str | None = None
                       ) -> bytes:
    """The calendar of ``build_calendar`` from its events' bytes in order (kept per document
    by the cache: ``EventBytes``). ``workspace``: its company and freelancers;
    ``mission_title``: that of the mission chosen, if any could be read."""
    head = _head(_header_titled(workspace, freelancer=freelancer, mission_title=mission_title,
                                name=None))
    if head is None:  # pragma: no cover - icalendar changed its output
        raise RuntimeError("icalendar no longer ends a calendar with END:VCALENDAR")
    return b"".join([head, *blocks, _END])


class EventBytes:
    """Each document's events serialised as ``build_calendar`` joins them, for the views the
    cache keeps per document: a mission's assignments (each with its freelancer, for
    ``--freelancer``) and a freelancer's absences. ``workspace``: the company and the
    freelancers (their names are in the assignments' summaries)."""

    def __init__(self, workspace: Workspace, today: date, lang: str | None = None) -> None:
        self._workspace = workspace
        self._lang = _language(workspace, lang)
        self._writer = _EventWriter(_stamp(today))

    def of_mission(self, mission_id: str, mission: Mission) -> tuple[tuple[str, bytes], ...]:
        return tuple((who, self._writer.event(spec))
                     for who, spec in _assignment_events(self._workspace, mission_id, mission,
                                                         None, self._lang))

    def of_absences(self, freelancer: str) -> bytes:
        return b"".join(self._writer.event(spec)
                        for spec in _unavailable_events(self._workspace, [freelancer]))


def missions_event_bytes(workspace: Workspace, missions: Sequence[tuple[str, Mission]], *,
                         today: date, jobs: int | None = None,
                         start_method: str | None = None
                         ) -> list[tuple[tuple[str, bytes], ...]]:
    """``EventBytes.of_mission`` of each of ``missions`` (id and record), in chunks on every
    core when there are enough events, as ``build_calendar`` serialises them."""
    cores = available_cores() if jobs is None else jobs
    events = sum(len(mission.assignments) for _, mission in missions)
    sources = _EventSources(workspace, _stamp(today), _language(workspace, None), None)
    # The chunks are places in ``missions``: the records reach each worker once, with the
    # shared part, not pickled with every chunk.
    parts = map_chunks(_mission_bytes_chunk, (sources, today, missions),
                       split(range(len(missions)), cores * 4), jobs=cores,
                       parallel=events >= PARALLEL_EVENTS, start_method=start_method)
    return [made for part in parts for made in part]


def _mission_bytes_chunk(shared: tuple[_EventSources, date, Sequence[tuple[str, Mission]]],
                         places: Sequence[int]) -> list[tuple[tuple[str, bytes], ...]]:
    sources, today, missions = shared
    collecting = gc.isenabled()
    gc.disable()  # as in _serialised_events: nothing made here is cyclic
    try:
        made = EventBytes(sources.workspace, today, sources.lang)
        return [made.of_mission(*missions[place]) for place in places]
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True)
class _EventSources:
    """What every chunk of events needs: inherited by forked workers, pickled once per spawned
    one."""

    workspace: Workspace
    stamp: datetime
    lang: str
    freelancer: str | None


def _serialised_chunk(sources: _EventSources, chunk: tuple[str, Sequence[str]]) -> bytes:
    kind, ids = chunk
    workspace = sources.workspace
    specs = (_mission_events(workspace, ids, sources.freelancer, sources.lang)
             if kind == "missions" else _unavailable_events(workspace, ids))
    return _serialised_events(sources.stamp, list(specs))


def _serialised_events(stamp: datetime, specs: Sequence[EventSpec]) -> bytes:
    # Nothing these events make is cyclic: the collector would only scan the workspace (most of
    # the time of a 20,000-event calendar went to it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        writer = _EventWriter(stamp)
        return b"".join(writer.event(spec) for spec in specs)
    finally:
        if collecting:
            gc.enable()


#: Properties whose values repeat from event to event (a stamp, days, a status, a role): each
#: distinct value is serialised once per chunk.
_REPEATED = frozenset({"dtstamp", "dtstart", "dtend", "status", "categories", "transp"})
#: RFC 5545 folds content lines of 75 octets or more; icalendar folds below that too.
_FOLD_AT = 75


class _EventWriter:
    """The bytes of ``_built(spec, stamp).to_ical()``, about three times faster.

    icalendar still makes every content line (its property types, escaping and parameters);
    what is saved is its machinery around them, and its folding. A component's serialisation is its
    BEGIN line, the content line of each property in icalendar's own order
    (``sorted_keys``), then its END line, each ending with CRLF. Each property is encoded by
    ``Component.add`` on a scratch event, as in a whole event, and its line made by
    ``Component.content_line``; a line shorter than the fold limit is not passed through
    icalendar's character-by-character folding, which leaves such a line as it is, and a
    longer one is folded from its bytes (``formats.icalendar_text.folded``) when that gives
    what the installed icalendar gives. The lines of repeated values (``_REPEATED``) are
    remembered. ``tests/test_calendar_chunks.py``
    compares the bytes with icalendar's on random events."""

    def __init__(self, stamp: datetime) -> None:
        self._stamp = stamp
        self._scratch = Event()
        self._lines: dict[tuple[str, type, Any], bytes] = {}
        self._orders: dict[tuple[str, ...], tuple[int, ...]] = {}
        begin, end = Event().to_ical().split(b"\r\n")[:2]
        self._begin, self._end = begin, end
        self._fast_fold = folds_as_icalendar()

    def event(self, spec: EventSpec) -> bytes:
        values: list[tuple[str, Any]] = [
            ("uid", ics_text(spec.uid)), ("dtstamp", self._stamp), ("dtstart", spec.start),
            ("dtend", shift(spec.end, 1)), ("summary", ics_text(spec.summary))]
        if spec.description:
            values.append(("description", spec.description))
        values.extend(spec.extra)
        lines = [self._begin]
        for index in self._order(tuple(name for name, _ in values)):
            name, value = values[index]
            lines.append(self._repeated(name, value) if name in _REPEATED
                         else self._line(name, value))
        lines.append(self._end)
        lines.append(b"")
        return b"\r\n".join(lines)

    def _line(self, name: str, value: Any) -> bytes:
        scratch = self._scratch
        scratch.add(name, value)
        encoded = scratch.pop(name)
        line = scratch.content_line(name.upper(), encoded)
        raw: bytes = line.encode("utf-8")
        if len(raw) < _FOLD_AT:
            return raw
        return folded(raw) if self._fast_fold else bytes(line.to_ical())

    def _repeated(self, name: str, value: Any) -> bytes:
        key = (name, type(value), tuple(value) if isinstance(value, list) else value)
        found = self._lines.get(key)
        if found is None:
            found = self._lines[key] = self._line(name, value)
        return found

    def _order(self, names: tuple[str, ...]) -> tuple[int, ...]:
        """Where each property goes: icalendar's order for a component with these names."""
        found = self._orders.get(names)
        if found is None:
            probe = Event()
            for name in names:
                probe[name.upper()] = ""
            rank = {key: place for place, key in enumerate(probe.sorted_keys())}
            found = self._orders[names] = tuple(
                sorted(range(len(names)), key=lambda index: rank[names[index].upper()]))
        return found


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
    calendar = _header(workspace, freelancer=freelancer, mission=mission, name=name)
    missions = [mission_id for mission_id in sorted(workspace.missions)
                if mission is None or mission_id == mission]
    specs = list(_mission_events(workspace, missions, freelancer, _language(workspace, lang)))
    if mission is None:
        specs += _unavailable_events(workspace, [
            person for person in sorted(workspace.freelancers)
            if freelancer is None or person == freelancer])
    return calendar, specs


def _language(workspace: Workspace, lang: str | None) -> str:
    company = workspace.company
    return lang or (company.locale if company is not None else "fr")


def _header(workspace: Workspace, *, freelancer: str | None, mission: str | None,
            name: str | None) -> Calendar:
    """The calendar's own properties, without events."""
    chosen = workspace.missions.get(mission) if mission is not None else None
    return _header_titled(workspace, freelancer=freelancer,
                          mission_title=None if chosen is None else chosen.title, name=name)


def _header_titled(workspace: Workspace, *, freelancer: str | None,
                   mission_title: str | None, name: str | None) -> Calendar:
    """``_header`` with the chosen mission's title (None: no mission, or not read)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    company = workspace.company.name if workspace.company else "cfo"
    calendar.add("x-wr-calname",
                 ics_text(name or _calendar_name(workspace, company, freelancer, mission_title)))
    return calendar


def _mission_events(workspace: Workspace, missions: Iterable[str], freelancer: str | None,
                    lang: str) -> Iterator[EventSpec]:
    """The assignments of ``missions`` (ids, in order), of ``freelancer`` only if given."""
    for mission_id in missions:
        for _, spec in _assignment_events(workspace, mission_id, workspace.missions[mission_id],
                                          freelancer, lang):
            yield spec


def _assignment_events(workspace: Workspace, mission_id: str, current: Mission,
                       freelancer: str | None, lang: str) -> Iterator[tuple[str, EventSpec]]:
    """The assignments of ``current`` (mission ``mission_id``), each with its freelancer's
    id; of ``freelancer`` only if given (a UID's suffix counts that freelancer's assignments
    alone, so the events of one freelancer are those of everyone's, filtered)."""
    company_record = workspace.company
    vocabulary = company_record.vocabulary if company_record is not None else None
    seen: dict[str, int] = {}
    for assignment in current.assignments:
        if freelancer is not None and assignment.freelancer != freelancer:
            continue
        count = seen.get(assignment.freelancer, 0)
        seen[assignment.freelancer] = count + 1
        suffix = f"-{count + 1}" if count else ""
        person = workspace.freelancers.get(assignment.freelancer)
        who = person.name if person else assignment.freelancer
        yield assignment.freelancer, EventSpec(
            uid=f"assignment-{mission_id}-{assignment.freelancer}{suffix}@{UID_DOMAIN}",
            start=assignment.start, end=assignment.end,
            summary=f"{current.title} — {who} ({assignment.allocation} %)",
            description=_description(current, assignment,
                                     label("roles", assignment.role, lang, vocabulary)),
            extra=(("status", _STATUS.get(current.status, "CONFIRMED")),
                   ("categories", [ics_text(assignment.role)])))


def _unavailable_events(workspace: Workspace, freelancers: Iterable[str]
                        ) -> Iterator[EventSpec]:
    """The unavailable periods of ``freelancers`` (ids, in order)."""
    for freelancer_id in freelancers:
        person = workspace.freelancers[freelancer_id]
        for index, period in enumerate(person.unavailable):
            yield EventSpec(
                uid=f"unavailable-{freelancer_id}-{period.start.isoformat()}-{index}"
                    f"@{UID_DOMAIN}",
                start=period.start, end=period.end,
                summary=f"{person.name} — {period.reason or 'indisponible / unavailable'}",
                extra=(("transp", "OPAQUE"),))


def _calendar_name(workspace: Workspace, company: str, freelancer: str | None,
                   mission_title: str | None) -> str:
    if freelancer is not None and freelancer in workspace.freelancers:
        return f"{company} — {workspace.freelancers[freelancer].name}"
    if mission_title is not None:
        return f"{company} — {mission_title}"
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
