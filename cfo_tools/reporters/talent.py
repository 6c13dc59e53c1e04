"""``cfo talent``: the roster through past work, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.steering.talent import TalentReport


def render_talent_json(report: TalentReport) -> str:
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


def _score(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def render_talent_text(report: TalentReport) -> str:
    from cfo_tools.steering.talent import IDLE_DAYS

    width = max([len(shown(r.freelancer.id)) for r in report.rows] + [10])
    lines = [f"{'freelancer':<{width}} {'status':<11} {'done':>4} {'days':>6} {'qual':>5} "
             f"{'dead':>5} {'comm':>5} {'rehire':>6}  {'last end':<10}  next free"]
    for r in report.rows:
        rehire = f"{r.rehire_share:.0%}" if r.rehire_share is not None else "-"
        lines.append(
            f"{shown(r.freelancer.id):<{width}} {shown(r.freelancer.status):<11} "
            f"{r.missions_done:>4} "
            f"{r.booked_days:>6.1f} {_score(r.quality):>5} {_score(r.deadlines):>5} "
            f"{_score(r.communication):>5} {rehire:>6}  "
            f"{r.last_mission_end or '-'!s:<10}  {r.next_free or '-'}")
    lines.append("")
    if report.idle_top_performers:
        lines.append(f"Call them before the competition does (top performers with no booking "
                     f"for over {IDLE_DAYS} days and none upcoming):")
        lines += [f"  {shown(r.freelancer.id)} — average {r.average:.1f}, last mission ended "
                  f"{r.last_mission_end or 'never'}" for r in report.idle_top_performers]
    if report.unreviewed:
        lines.append("Finished missions with no review recorded:")
        lines += [f"  {shown(f)} on {shown(m)}" for f, m in report.unreviewed]
    if not report.idle_top_performers and not report.unreviewed:
        lines.append("No retention alert.")
    return "\n".join(lines) + "\n"


#: ``cfo talent --format``.
TALENT_FORMATS: dict[str, Callable[[TalentReport], str]] = {
    "text": render_talent_text,
    "json": render_talent_json,
}
