"""The planning as a standalone HTML page: a timeline with one row per freelancer, one bar
per assignment, days off, overbooking and unfilled needs (see :mod:`timeline_layout`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cfo_tools.documents.render_limits import RenderLimits
from cfo_tools.documents.templating import load_messages, make_environment, render
from cfo_tools.documents.timeline_html import chart_html
from cfo_tools.documents.timeline_layout import PALETTE_SIZE, build_timeline
from cfo_tools.model.records import Company
from cfo_tools.model.vocabulary import label
from cfo_tools.planning.load import Planning

TEMPLATE = "planning.html.j2"
#: Missions the legend lists by colour; beyond, it says that the bars name their missions (the
#: palette repeats after eight, and 15,000 titles would be a page of their own).
LEGEND_MISSIONS = 3 * PALETTE_SIZE


def render_planning_html(planning: Planning, company: Company, *, workspace: Path, lang: str,
                         today: date, limits: RenderLimits | None = None,
                         navigation: Sequence[tuple[str, str, bool]] = (),
                         pager: object = None) -> str:
    """The page (one file, no external request) from ``templates/planning.html.j2``; a
    template problem raises ``TemplateProblem``. ``navigation`` (href, label, current) links
    the page to the rest of a ``cfo site``; ``pager`` (``documents/list_pages.py``) places it among
    the pages of a planning split by people."""
    env = make_environment(workspace, lang=lang, html=True, limits=limits)
    words = load_messages(workspace, lang)
    timeline = build_timeline(planning, today=today)

    def role(id_: str) -> str:
        return label("roles", id_, lang, company.vocabulary)

    context = {
        "t": words,
        "company": company,
        "timeline": timeline,
        "chart": chart_html(timeline.screen, zoom=timeline.zoom, screen=True, words=words,
                            lang=lang, data_lang=company.locale, role_label=role),
        "role_labels": {r: role(r) for r in timeline.roles},
        "skill_labels": {s: label("skills", s, lang, company.vocabulary)
                         for s in timeline.skills},
        "today": today,
        "navigation": list(navigation),
        "pager": pager,
        "legend_missions": LEGEND_MISSIONS,
    }
    return render(env, TEMPLATE, context, document="the planning page",
                  data_files=(company.file,))
