"""``cfo status``: the board of missions in flight as text, JSON or Markdown, the text and
Markdown in the words of one language (``reporters/words.py``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from cfo_tools.formats.markdown import markdown_cell as cell
from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.model.records import CheckIn, Deliverable
    from cfo_tools.steering.drift import Drift
    from cfo_tools.steering.status_board import MissionInFlight, StatusBoard, Unreviewed


def _due_soon_days(words: Words) -> str:
    """How many days ahead a deliverable is listed as due soon, as the language writes it."""
    from cfo_tools.steering.status_board import DUE_SOON_DAYS

    return words.number(DUE_SOON_DAYS)


def _percent(share: Fraction) -> int:
    from cfo_tools.steering.drift import percent

    return percent(share)


def _checkin_json(checkin: CheckIn | None) -> str:
    if checkin is None:
        return "null"
    return _object((("date", _text(checkin.date.isoformat())),
                    ("freelancer", _text(checkin.freelancer)), ("by", _text(checkin.by)),
                    ("mood", _text(checkin.mood))), _IN_ROW)


def _drift_json(drift: Drift | None) -> str:
    if drift is None:
        return "null"
    accepted = drift.accepted_share
    return _object((("days_used_percent", _text(drift.used_percent)),
                    ("accepted_percent", _text(None if accepted is None else _percent(accepted))),
                    ("points", _text(None if drift.points is None
                                     else _percent(drift.points / 100)))), _IN_ROW)


def _checkin_text(checkin: CheckIn | None, words: Words) -> str:
    if checkin is None:
        return words.say("board_no_checkin")
    values = {"day": checkin.date.isoformat(), "freelancer": checkin.freelancer}
    if checkin.mood:
        return words.say("board_checkin_mood", mood=words.label("mood_", checkin.mood), **values)
    return words.say("board_checkin", **values)


def _drift_text(drift: Drift | None, drifting: bool, words: Words) -> str:
    if drift is None:
        return words.say("board_no_days")
    used = words.say("board_used", percent=words.percent(drift.used_percent))
    if drift.accepted_share is None:
        return words.say("board_no_deliverables", used=used)
    accepted = words.say("board_accepted", used=used,
                         percent=words.percent(_percent(drift.accepted_share)))
    return f"{accepted} {words.say('board_drifting')}" if drifting else accepted


# The JSON board is written as ``json.dumps(board, indent=2, ensure_ascii=False)`` writes it,
# byte for byte (``tests/test_status_json.py``), each row's text made with the row: json's
# indented encoder is pure Python, 0.4 s for the 7,000 rows of a board, and a row kept as
# text is read back from the cache at once, not as a tree of dicts.

#: The indentation of a row (an item of the board's top-level lists) and of its fields.
_ROW = "    "
_IN_ROW = _ROW + "  "


def _text(value: str | int | None) -> str:
    """A scalar as JSON (a string with json's own encoder)."""
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


def _object(fields: Iterable[tuple[str, str]], indent: str) -> str:
    """The object of ``fields`` (a key and its value's JSON text) at ``indent``."""
    inner = indent + "  "
    body = ",\n".join([f"{inner}{encode_basestring(key)}: {value}" for key, value in fields])
    return f"{{\n{body}\n{indent}}}" if body else "{}"


def _array(values: Iterable[str], indent: str) -> str:
    """The array of ``values`` (JSON texts) at ``indent``."""
    inner = indent + "  "
    body = ",\n".join([inner + value for value in values])
    return f"[\n{body}\n{indent}]" if body else "[]"


def _deliverables(items: Iterable[Deliverable]) -> str:
    return _array([_object((("id", _text(d.id)), ("title", _text(d.title)),
                            ("due", _text(d.due.isoformat())), ("status", _text(d.status))),
                           _IN_ROW + "  ")
                   for d in items], _IN_ROW)


def _row_json(m: MissionInFlight, names: Mapping[str, str], words: Words) -> str:
    mission = m.mission
    invoices = [_object((("freelancer", _text(i.freelancer)), ("number", _text(i.number)),
                         ("file", _text(i.file)), ("issued", _text(i.issued.isoformat()))),
                        _IN_ROW + "  ")
                for i in m.invoices_to_check]
    return _ROW + _object((
        ("mission", _text(mission.id)), ("title", _text(mission.title)),
        ("status", _text(mission.status)), ("owner", _text(mission.owner)),
        ("freelancers", _array([_text(f) for f in m.freelancers], _IN_ROW)),
        ("start", _text(mission.start.isoformat())), ("end", _text(mission.end.isoformat())),
        ("elapsed_working_days", _text(m.elapsed_days)),
        ("left_working_days", _text(m.left_days)),
        ("due_soon", _deliverables(m.due_soon)), ("overdue", _deliverables(m.overdue)),
        ("waiting_validation", _deliverables(m.waiting_validation)),
        ("corrections", _deliverables(m.corrections)),
        ("invoices_to_check", _array(invoices, _IN_ROW)),
        ("last_checkin", _checkin_json(m.last_checkin)), ("drift", _drift_json(m.drift)),
        ("drifting", "true" if m.drifting else "false"),
    ), _ROW)


def _unreviewed_json(u: Unreviewed, names: Mapping[str, str], words: Words) -> str:
    return _ROW + _object((("mission", _text(u.mission.id)),
                           ("end", _text(u.mission.end.isoformat())),
                           ("freelancers", _array([_text(f) for f in u.freelancers], _IN_ROW))),
                          _ROW)


def _whole_json(today: date, rows: Sequence[str], unreviewed: Sequence[str],
                words: Words) -> str:
    """The same in every language: ids and ISO dates, for programs."""
    return _object((("today", _text(today.isoformat())), ("missions", _array_of_rows(rows)),
                    ("ended_without_reviews", _array_of_rows(unreviewed))), "") + "\n"


def _array_of_rows(rows: Sequence[str]) -> str:
    """The array of rows (each already indented as an item of a top-level list)."""
    return "[\n" + ",\n".join(rows) + "\n  ]" if rows else "[]"


def _items(label: str, items: Iterable[Deliverable], words: Words) -> list[str]:
    """``label`` (already said) and the deliverables, when there are any."""
    listed = ", ".join(f"{d.title} ({d.due})" for d in items)
    return [words.say("board_list", label=label, items=listed)] if listed else []


def _names(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _row_text(m: MissionInFlight, names: Mapping[str, str], words: Words) -> str:
    people = words.say("board_people", owner=m.owner,
                       freelancers=_names(m.freelancers) or words.say("report_nobody"),
                       done=words.count("board_done", m.elapsed_days),
                       left=words.count("board_left", m.left_days),
                       end=m.mission.end.isoformat())
    progress = words.semicolons([_checkin_text(m.last_checkin, words),
                                 _drift_text(m.drift, m.drifting, words)])
    lines = [f"{m.mission.id} [{words.label('status_', m.mission.status)}] — "
             f"{words.spaced(m.mission.title)} ({words.spaced(m.mission.client)})",
             f"  {people}", f"  {progress}"]
    # Each list's label said only when the list has items (most rows have none).
    for items, key in ((m.due_soon, "board_due_soon"), (m.overdue, "board_overdue"),
                       (m.waiting_validation, "board_to_validate"),
                       (m.corrections, "board_corrections")):
        if items:
            label = (words.say(key, days=_due_soon_days(words)) if key == "board_due_soon"
                     else words.say(key))
            lines += [f"  {line}" for line in _items(label, items, words)]
    if m.invoices_to_check:
        listed = ", ".join(f"{i.freelancer} {i.number} ({i.issued})"
                           for i in m.invoices_to_check)
        lines.append("  " + words.say("board_list", label=words.say("board_invoices"),
                                      items=listed))
    lines.append("")
    return "\n".join(shown(line) for line in lines)


def _unreviewed_text(u: Unreviewed, names: Mapping[str, str], words: Words) -> str:
    return shown("  " + words.say("board_ended_line", mission=u.mission.id,
                                  end=u.mission.end.isoformat(),
                                  freelancers=_names(u.freelancers)))


def _whole_text(today: date, rows: Sequence[Any], unreviewed: Sequence[Any],
                words: Words) -> str:
    lines = [shown(words.say("board_title", day=words.day(today))), ""]
    if not rows:
        lines.append(shown(words.say("board_nothing")))
    lines += rows
    if unreviewed:
        lines.append(shown(words.say("board_ended")))
        lines += unreviewed
    return "\n".join(lines).rstrip() + "\n"


def _invoices_cell(m: MissionInFlight) -> str:
    return "<br>".join(cell(f"{i.freelancer} {i.number}") for i in m.invoices_to_check) or "—"


def _row_markdown(m: MissionInFlight, names: Mapping[str, str], words: Words) -> str:
    def listed(items: Iterable[Deliverable]) -> str:
        return "<br>".join(cell(f"{d.title} ({d.due})") for d in items) or "—"

    return (f"| {cell(m.mission.title)} | {cell(words.label('status_', m.mission.status))} | "
            f"{cell(m.owner)} | "
            f"{cell(', '.join(names.get(f, f) for f in m.freelancers)) or '—'} | "
            f"{words.number(m.elapsed_days)} / {words.number(m.left_days)} | "
            f"{listed(m.due_soon)} | {listed(m.overdue)} | {listed(m.waiting_validation)} | "
            f"{listed(m.corrections)} | {_invoices_cell(m)} | "
            f"{_checkin_cell(m.last_checkin, words)} | "
            f"{_drift_cell(m.drift, words)}{' ⚠' if m.drifting else ''} |")


def _unreviewed_markdown(u: Unreviewed, names: Mapping[str, str], words: Words) -> str:
    line = words.say("board_ended_line", mission="\0", end=u.mission.end.isoformat(),
                     freelancers=", ".join(names.get(f, f) for f in u.freelancers))
    # The title is bold: the sentence is cut where it goes, each side escaped as a cell.
    before, _, after = line.partition("\0")
    return f"- {cell(before)}**{cell(u.mission.title)}**{cell(after)}"


#: The Markdown table's columns, each a key of the messages catalogue; the due-soon one is
#: filled with its number of days.
_COLUMNS = ("board_mission", "board_status", "board_owner", "board_freelancers",
            "board_done_left", "board_due_soon_column", "board_late", "board_validate",
            "board_corrections_column", "board_invoices_column", "board_last_checkin",
            "board_used_accepted")


def _whole_markdown(today: date, rows: Sequence[Any], unreviewed: Sequence[Any],
                    words: Words) -> str:
    lines = [f"## {cell(words.say('board_heading', day=today.isoformat()))}", ""]
    if not rows:
        lines.append(cell(words.say("board_nothing")))
    else:
        days = _due_soon_days(words)
        lines += ["| " + " | ".join(cell(words.say(key, days=days)) for key in _COLUMNS) + " |",
                  "|" + "---|" * len(_COLUMNS)]
        lines += rows
    if unreviewed:
        lines += ["", f"### {cell(words.say('board_ended_heading'))}", ""]
        lines += unreviewed
    return "\n".join(lines) + "\n"


def _checkin_cell(checkin: CheckIn | None, words: Words) -> str:
    if checkin is None:
        return "—"
    mood = f" ({cell(words.label('mood_', checkin.mood))})" if checkin.mood else ""
    return f"{checkin.date} {cell(checkin.freelancer)}{mood}"


def _drift_cell(drift: Drift | None, words: Words) -> str:
    if drift is None:
        return "—"
    accepted = ("—" if drift.accepted_share is None
                else words.percent(_percent(drift.accepted_share)))
    return f"{words.percent(drift.used_percent)} / {accepted}"


@dataclass(frozen=True)
class StatusParts:
    """One format of the board, in pieces: a mission's row and its line among those ended
    without reviews, each made from that mission alone (and the freelancers' ``names`` when
    ``uses_names``) in the words of one language, then the whole from the pieces in the
    board's order. ``cfo status`` keeps the pieces per mission (``cli/status_rows.py``)."""

    row: Callable[[MissionInFlight, Mapping[str, str], Words], Any]
    unreviewed: Callable[[Unreviewed, Mapping[str, str], Words], Any]
    whole: Callable[[date, Sequence[Any], Sequence[Any], Words], str]
    uses_names: bool = False

    def render(self, board: StatusBoard, words: Words) -> str:
        return self.whole(board.today,
                          [self.row(m, board.names, words) for m in board.in_flight],
                          [self.unreviewed(u, board.names, words) for u in board.unreviewed],
                          words)


STATUS_PARTS: dict[str, StatusParts] = {
    "text": StatusParts(_row_text, _unreviewed_text, _whole_text),
    "json": StatusParts(_row_json, _unreviewed_json, _whole_json),
    "markdown": StatusParts(_row_markdown, _unreviewed_markdown, _whole_markdown,
                            uses_names=True),
}


def render_status_text(board: StatusBoard, words: Words) -> str:
    return STATUS_PARTS["text"].render(board, words)


def render_status_json(board: StatusBoard, words: Words) -> str:
    return STATUS_PARTS["json"].render(board, words)


def render_status_markdown(board: StatusBoard, words: Words) -> str:
    return STATUS_PARTS["markdown"].render(board, words)


#: ``cfo status --format``; adding a format touches this registry (and :data:`STATUS_PARTS`).
STATUS_FORMATS: dict[str, Callable[[StatusBoard, Words], str]] = {
    "text": render_status_text,
    "json": render_status_json,
    "markdown": render_status_markdown,
}
