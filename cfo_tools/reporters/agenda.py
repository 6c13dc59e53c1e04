"""``cfo agenda``: everything due, as text, JSON, Markdown (a Monday e-mail) or an iCalendar
file (made with ``icalendar``) that a subscribed calendar updates in place."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.agenda import Agenda, AgendaItem

#: Calendar UIDs end with this domain; the rest is the item's key, which holds no date.
UID_DOMAIN = "cfo-tools"
PRODID = "-//cfo-tools//cfo agenda//EN"


def render_agenda_json(agenda: Agenda) -> str:
    return json.dumps({
        "today": agenda.today.isoformat(), "until": agenda.until.isoformat(),
        "working_days": agenda.days, "owner": agenda.owner,
        "items": [{"day": i.day.isoformat(), "late": i.late(agenda.today), "kind": i.kind,
                   "action": i.action, "mission": i.mission, "owner": i.owner, "file": i.file,
                   "command": i.command, "key": i.key} for i in agenda.items],
    }, indent=2, ensure_ascii=False) + "\n"


def _days(agenda: Agenda) -> Iterator[tuple[str, list[AgendaItem]]]:
    """The items under their heading: what is late first, then day by day."""
    def heading(item: AgendaItem) -> str:
        return "late" if item.late(agenda.today) else item.day.isoformat()

    for key, items in groupby(agenda.items, key=heading):
        yield key, list(items)


def _heading(key: str, agenda: Agenda) -> str:
    if key == "late":
        return "Late"
    day = date.fromisoformat(key)
    return f"{day:%a %Y-%m-%d}" + (" (today)" if day == agenda.today else "")


def _scope(agenda: Agenda) -> str:
    owner = f", missions of {agenda.owner}" if agenda.owner else ""
    return (f"from {agenda.today:%a %Y-%m-%d} to {agenda.until:%a %Y-%m-%d} "
            f"({agenda.days} working days{owner})")


def render_agenda_text(agenda: Agenda) -> str:
    lines = [f"Agenda {_scope(agenda)}", ""]
    if not agenda.items:
        lines.append("Nothing due.")
    for key, items in _days(agenda):
        lines.append(_heading(key, agenda))
        for item in items:
            due = f"due {item.day}: " if key == "late" else ""
            lines.append(f"  - {due}{shown(item.action)}")
            how = f"    {shown(item.file)}"
            if item.command:
                how += f" — {shown(item.command)}"
            lines.append(how)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_agenda_markdown(agenda: Agenda) -> str:
    lines = [f"## Agenda {cell(_scope(agenda))}", ""]
    if not agenda.items:
        lines.append("Nothing due.")
    for key, items in _days(agenda):
        lines += [f"### {_heading(key, agenda)}", ""]
        for item in items:
            due = f"(due {item.day}) " if key == "late" else ""
            command = f" — {cell(item.command, code=True)}" if item.command else ""
            lines.append(f"- {due}**{cell(item.action)}** — {cell(item.file, code=True)}"
                         f"{command}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_agenda_ics(agenda: Agenda) -> bytes:
    """All-day events, one per item; a late item sits on today, saying since when. UIDs come
    from the items' keys, so a subscribed calendar moves an event instead of adding one."""
    from datetime import datetime, time, timezone

    from icalendar import Calendar, Event

    from cfo_tools.formats.icalendar_text import ics_text
    from cfo_tools.planning.working_calendar import shift

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    owner = f" — {agenda.owner}" if agenda.owner else ""
    calendar.add("x-wr-calname", ics_text(f"cfo agenda{owner}"))
    stamp = datetime.combine(agenda.today, time(0, 0), tzinfo=timezone.utc)
    for item in agenda.items:
        late = item.late(agenda.today)
        day = agenda.today if late else item.day
        event = Event()
        event.add("uid", ics_text(f"agenda-{item.key}@{UID_DOMAIN}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", shift(day, 1))
        event.add("summary", ics_text(("LATE: " if late else "") + item.action))
        description = [f"{item.file}"]
        if late:
            description.insert(0, f"due {item.day}")
        if item.command:
            description.append(item.command)
        event.add("description", ics_text(" — ".join(description)))
        event.add("categories", [ics_text(item.kind)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


#: ``cfo agenda --format``; adding a format touches this registry only.
AGENDA_FORMATS: dict[str, Callable[[Agenda], str | bytes]] = {
    "text": render_agenda_text,
    "json": render_agenda_json,
    "markdown": render_agenda_markdown,
    "ics": render_agenda_ics,
}
