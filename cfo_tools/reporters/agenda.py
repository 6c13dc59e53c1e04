"""``cfo agenda``: everything due, as text, JSON, Markdown (a Monday e-mail) or an iCalendar
file (made with ``icalendar``) that a subscribed calendar updates in place, in the words of
the messages catalogue of one language."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.placeholders import filled
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.words import weekday_date

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.agenda import Agenda, AgendaItem

#: Calendar UIDs end with this domain; the rest is the item's key, which holds no date.
UID_DOMAIN = "cfo-tools"
PRODID = "-//cfo-tools//cfo agenda//EN"


@dataclass(frozen=True)
class AgendaView:
    """An agenda and the words (a loaded messages catalogue) of the language it is said in.
    What people read (text, Markdown, calendar) is in the language's typography, as documents
    and the site are (in French a narrow no-break space before ":" and inside « »); JSON keeps
    the catalogue's words as written, for a program to space its own way."""

    agenda: Agenda
    words: Mapping[str, str]
    lang: str

    def say(self, key: str, **values: str) -> str:
        from cfo_tools.documents.typography import spaced

        return spaced(filled(self.words.get(key, key), values), self.lang)

    def action(self, item: AgendaItem) -> str:
        from cfo_tools.documents.typography import spaced

        return spaced(item.action_in(self.words, lang=self.lang), self.lang)


def render_agenda_json(view: AgendaView) -> str:
    agenda = view.agenda
    return json.dumps({
        "today": agenda.today.isoformat(), "until": agenda.until.isoformat(),
        "working_days": agenda.days, "owner": agenda.owner,
        "owner_name": agenda.owner_name, "lang": view.lang,
        "items": [{"day": i.day.isoformat(), "late": i.late(agenda.today), "kind": i.kind,
                   "action": i.action_in(view.words, lang=view.lang), "mission": i.mission,
                   "owner": i.owner,
                   "file": i.file, "command": i.command, "key": i.key}
                  for i in agenda.items],
    }, indent=2, ensure_ascii=False) + "\n"


def _days(agenda: Agenda) -> Iterator[tuple[str, list[AgendaItem]]]:
    """The items under their heading: what is late first, then day by day."""
    def heading(item: AgendaItem) -> str:
        return "late" if item.late(agenda.today) else item.day.isoformat()

    for key, items in groupby(agenda.items, key=heading):
        yield key, list(items)




def _heading(key: str, view: AgendaView) -> str:
    if key == "late":
        return view.say("agenda_late")
    day = date.fromisoformat(key)
    today = f" ({view.say('agenda_today')})" if day == view.agenda.today else ""
    return weekday_date(day, view.lang) + today


def _title(view: AgendaView) -> str:
    agenda = view.agenda
    values = {"start": weekday_date(agenda.today, view.lang),
              "end": weekday_date(agenda.until, view.lang),
              "days": str(agenda.days)}
    if agenda.owner:
        return view.say("agenda_title_owner", owner=agenda.owner_name or agenda.owner, **values)
    return view.say("agenda_title", **values)


def render_agenda_text(view: AgendaView) -> str:
    agenda = view.agenda
    lines = [shown(_title(view)), ""]
    if not agenda.items:
        lines.append(shown(view.say("agenda_nothing")))
    for key, items in _days(agenda):
        lines.append(shown(_heading(key, view)))
        for item in items:
            action = view.action(item)
            if key == "late":
                action = view.say("agenda_late_item", day=item.day.isoformat(), action=action)
            lines.append(f"  - {shown(action)}")
            how = f"    {shown(item.file)}"
            if item.command:
                how += f" — {shown(item.command)}"
            lines.append(how)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_agenda_markdown(view: AgendaView) -> str:
    agenda = view.agenda
    lines = [f"## {cell(_title(view))}", ""]
    if not agenda.items:
        lines.append(cell(view.say("agenda_nothing")))
    for key, items in _days(agenda):
        lines += [f"### {cell(_heading(key, view))}", ""]
        for item in items:
            due = (f"({cell(view.say('agenda_due', day=item.day.isoformat()))}) "
                   if key == "late" else "")
            command = f" — {cell(item.command, code=True)}" if item.command else ""
            lines.append(f"- {due}**{cell(view.action(item))}** — "
                         f"{cell(item.file, code=True)}{command}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_agenda_ics(view: AgendaView) -> bytes:
    """All-day events, one per item; a late item sits on today, saying since when. UIDs come
    from the items' keys, so a subscribed calendar moves an event instead of adding one."""
    from datetime import datetime, time, timezone

    from icalendar import Calendar, Event

    from cfo_tools.formats.icalendar_text import ics_text
    from cfo_tools.planning.working_calendar import shift

    agenda = view.agenda
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    owner = f" — {agenda.owner_name or agenda.owner}" if agenda.owner else ""
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
        action = view.action(item)
        event.add("summary", ics_text(view.say("agenda_late_event", action=action) if late
                                      else action))
        description = [f"{item.file}"]
        if late:
            description.insert(0, view.say("agenda_due", day=item.day.isoformat()))
        if item.command:
            description.append(item.command)
        event.add("description", ics_text(" — ".join(description)))
        event.add("categories", [ics_text(item.kind)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


#: ``cfo agenda --format``; adding a format touches this registry only.
AGENDA_FORMATS: dict[str, Callable[[AgendaView], str | bytes]] = {
    "text": render_agenda_text,
    "json": render_agenda_json,
    "markdown": render_agenda_markdown,
    "ics": render_agenda_ics,
}
