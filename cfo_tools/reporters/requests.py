"""``cfo requests``: the planning of requests as text, JSON or Markdown, the text and Markdown
in the words of one language; the pieces of a need other reports say too (``cfo find``,
``cfo pipeline``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.model.records import Need
    from cfo_tools.planning.needs import NeedState
    from cfo_tools.steering.requests import FreePerson, OpenRequest, RequestsReport


def window(start: date, end: date | None, words: Words) -> str:
    """A need's or a request's days, "du 2026-12-04 au 2026-12-10" ("?" for an open end)."""
    return words.say("report_window", start=start.isoformat(),
                     end=end.isoformat() if end else "?")


def working_days(days: int | None, words: Words) -> str:
    return (words.say("report_unknown_days") if days is None
            else words.count("report_working_days", days))


def missing(state: NeedState, words: Words) -> str:
    """"1 sur 2 manquant": how many people the need still misses."""
    return words.count("report_missing", state.missing, needed=words.number(state.need.count))


def asked(need: Need, words: Words) -> str | None:
    """Who asked for the need and when, as far as the mission says."""
    on = need.requested_on.isoformat() if need.requested_on else None
    if need.requested_by and on:
        return words.say("report_asked_by_on", who=words.person(need.requested_by), day=on)
    if need.requested_by:
        return words.say("report_asked_by", who=words.person(need.requested_by))
    return words.say("report_asked_on", day=on) if on else None


def need_from(state: NeedState, people: str, words: Words) -> str:
    """"mission/need (role, from day): people"."""
    return words.say("report_need_from", need=f"{state.mission.id}/{state.need.id}",
                     role=words.role(state.need.role), start=state.start.isoformat(),
                     people=people)


def _person(person: FreePerson, words: Words) -> str:
    who = words.say("requests_candidate", person=person.id) if person.kind == "candidate" \
        else person.id
    return f"{who} {words.count('requests_free_days', person.free_days)}"


def _people(item: OpenRequest, words: Words) -> str:
    return (", ".join(_person(p, words) for p in item.free_people)
            or words.say("requests_nobody_free"))


def render_requests_text(report: RequestsReport, words: Words) -> str:
    lines = [words.say("requests_title", day=report.today.isoformat())]
    if not report.open:
        lines.append(words.say("requests_nothing"))
    for item in report.open:
        state, need = item.state, item.state.need
        line = words.say("requests_line", window=window(state.start, state.end, words),
                         days=working_days(item.working_days, words),
                         need=f"{state.mission.id}/{need.id}", role=words.role(need.role),
                         allocation=words.percent(need.allocation),
                         missing=missing(state, words))
        by = asked(need, words)
        free = words.say("requests_free_people", people=_people(item, words))
        lines.append(f"- {words.semicolons([line, *([by] if by else []), free])}")
    if report.filled_this_week:
        lines.append(words.say("requests_filled"))
        lines += [f"- {_filled(s, words)}" for s in report.filled_this_week]
    return "\n".join(shown(line) for line in lines) + "\n"


def _filled(state: NeedState, words: Words) -> str:
    return need_from(state, ", ".join(a.freelancer for a in state.filled_by), words)


#: The Markdown table's columns, each a key of the messages catalogue.
_COLUMNS = ("requests_when", "requests_days", "requests_mission", "requests_need",
            "requests_role", "requests_missing", "requests_asked_by", "requests_asked_on",
            "requests_free")


def render_requests_markdown(report: RequestsReport, words: Words) -> str:
    lines = [f"## {cell(words.say('requests_title', day=report.today.isoformat()))}", ""]
    if not report.open:
        lines.append(cell(words.say("requests_nothing")))
    else:
        lines += ["| " + " | ".join(cell(words.say(key)) for key in _COLUMNS) + " |",
                  "|" + " --- |" * len(_COLUMNS)]
        for item in report.open:
            state, need = item.state, item.state.need
            days = "?" if item.working_days is None else words.number(item.working_days)
            share = words.say("requests_missing_cell", missing=words.number(state.missing),
                              count=words.number(need.count))
            on = need.requested_on.isoformat() if need.requested_on else "-"
            lines.append(
                f"| {cell(window(state.start, state.end, words))} | {days} | "
                f"{cell(state.mission.id)} | {cell(need.id)} | {cell(words.role(need.role))} | "
                f"{cell(share)} | {cell(words.person(need.requested_by or '-'))} | {on} | "
                f"{cell(_people(item, words))} |")
    if report.filled_this_week:
        lines += ["", f"### {cell(words.say('requests_filled_heading'))}", ""]
        lines += [f"- {cell(_filled(s, words))}" for s in report.filled_this_week]
    return "\n".join(lines) + "\n"


def render_requests_json(report: RequestsReport, words: Words) -> str:
    """The same in every language: ids and ISO dates, for programs."""
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
REQUESTS_FORMATS: dict[str, Callable[[RequestsReport, Words], str]] = {
    "text": render_requests_text,
    "json": render_requests_json,
    "markdown": render_requests_markdown,
}
