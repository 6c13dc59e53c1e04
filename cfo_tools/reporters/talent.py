"""``cfo talent``: the roster through past work, as text (in the words of one language) or
JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown
from cfo_tools.reporters.text_table import aligned
from cfo_tools.reporters.words import Words

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.talent import TalentReport, TalentRow


def render_talent_json(report: TalentReport, words: Words) -> str:
    """The same in every language: ids, statuses and numbers, for programs."""
    return json.dumps({
        "freelancers": [{
            "freelancer": r.freelancer.id, "name": r.freelancer.name,
            "status": r.freelancer.status, "missions_done": r.missions_done,
            "booked_days": r.booked_days, "reviews": r.reviews, "quality": r.quality,
            "deadlines": r.deadlines, "communication": r.communication,
            "average": r.average, "rehire_share": r.rehire_share,
            "last_mission_end": r.last_mission_end.isoformat() if r.last_mission_end
            else None,
            "next_free": r.next_free.isoformat() if r.next_free else None,
            "top_performer": r.top_performer,
        } for r in report.rows],
        "alerts": {
            "idle_top_performers": [r.freelancer.id for r in report.idle_top_performers],
            "missing_reviews": [{"freelancer": f, "mission": m}
                                for f, m in report.unreviewed],
        },
    }, indent=2, ensure_ascii=False) + "\n"


def _score(value: float | None, words: Words) -> str:
    return "-" if value is None else words.number(value, "#,##0.0")


#: The table's headings, each a key of the messages catalogue.
_COLUMNS = ("talent_freelancer", "talent_status", "talent_done", "talent_days",
            "talent_quality", "talent_deadlines", "talent_communication", "talent_rehire",
            "talent_last_end", "talent_next_free")
#: The figures' columns, aligned right; two spaces around the last end.
_RIGHT = range(2, 8)
_GAPS = (" ",) * 7 + ("  ", "  ")


def _row(r: TalentRow, words: Words) -> tuple[str, ...]:
    rehire = "-" if r.rehire_share is None else words.percent(round(r.rehire_share * 100))
    return (shown(r.freelancer.id), shown(words.label("freelancer_", r.freelancer.status)),
            words.number(r.missions_done), words.number(r.booked_days, "#,##0.0"),
            _score(r.quality, words), _score(r.deadlines, words),
            _score(r.communication, words), rehire,
            r.last_mission_end.isoformat() if r.last_mission_end else "-",
            r.next_free.isoformat() if r.next_free else "-")


def render_talent_text(report: TalentReport, words: Words) -> str:
    from cfo_tools.steering.talent import IDLE_DAYS

    headings = tuple(shown(words.say(key)) for key in _COLUMNS)
    lines = aligned([headings, *(_row(r, words) for r in report.rows)], right=_RIGHT,
                    gaps=_GAPS)
    lines.append("")
    if report.idle_top_performers:
        lines.append(shown(words.say("talent_idle", days=words.number(IDLE_DAYS))))
        for r in report.idle_top_performers:
            values = {"freelancer": r.freelancer.id, "average": _score(r.average, words)}
            line = (words.say("talent_idle_line", end=r.last_mission_end.isoformat(), **values)
                    if r.last_mission_end else words.say("talent_idle_never", **values))
            lines.append(f"  {shown(line)}")
    if report.unreviewed:
        lines.append(shown(words.say("talent_unreviewed")))
        lines += ["  " + shown(words.say("talent_unreviewed_line", freelancer=f, mission=m))
                  for f, m in report.unreviewed]
    if not report.idle_top_performers and not report.unreviewed:
        lines.append(shown(words.say("talent_no_alert")))
    return "\n".join(lines) + "\n"


#: ``cfo talent --format``.
TALENT_FORMATS: dict[str, Callable[[TalentReport, Words], str]] = {
    "text": render_talent_text,
    "json": render_talent_json,
}
