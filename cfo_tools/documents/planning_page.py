"""The planning as a standalone HTML page (grid of weeks, missions on a timeline)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import load_messages, make_environment, render
from cfo_tools.model.records import Company
from cfo_tools.planning.load import STATES, Planning

TEMPLATE = "planning.html.j2"


def render_planning_html(planning: Planning, company: Company, *, workspace: Path, lang: str,
                         today: date, limits: RenderLimits | None = None) -> str:
    total = (planning.end - planning.start).days + 1
    bars = [{
        "mission": bar.mission,
        "freelancers": bar.freelancers,
        "left": round(100 * (bar.start - planning.start).days / total, 3),
        "width": round(100 * ((bar.end - bar.start).days + 1) / total, 3),
    } for bar in planning.bars]
    env = make_environment(workspace, lang=lang, html=True, limits=limits)
    context = {
        "t": load_messages(workspace, lang),
        "company": company,
        "planning": {"start": planning.start, "end": planning.end, "weeks": planning.weeks,
                     "rows": planning.rows, "bars": bars, "demand": planning.demand},
        "states": STATES,
        "today": today,
    }
    return render(env, TEMPLATE, context, document="the planning page",
                  data_files=(company.file,))
