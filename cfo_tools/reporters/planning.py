"""``cfo planning``: everyone's load week by week, as coloured text or an HTML page, both in
the words of one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cfo_tools.formats.terminal import terminal_text as shown

if TYPE_CHECKING:  # the CLI imports this registry when it starts: stay light
    from cfo_tools.documents.render_limits import RenderLimits
    from cfo_tools.model.records import Company
    from cfo_tools.planning.load import Planning

#: SGR colour of each cell state (what click.style writes for green, yellow, … bright_black).
_COLOURS = {"free": 32, "partial": 33, "full": 34, "over": 31, "away": 90, "closed": 90}


@dataclass(frozen=True)
class PlanningView:
    grid: Planning
    company: Company
    workspace: Path
    lang: str
    today: date
    #: Colour the cells (for a terminal; not for a file).
    colour: bool
    #: Time and size limits of the HTML page's rendering (``RenderLimits``; None: defaults).
    limits: RenderLimits | None = None


def render_planning_text(view: PlanningView) -> str:
    """The grid in the words of the view's language (a messages file the workspace may not
    use raises ``TemplateProblem``)."""
    from cfo_tools.reporters.words import report_words

    words = report_words(view.workspace, view.lang, None).with_company(view.company)
    grid = view.grid
    width = max([len(shown(r.freelancer.id)) for r in grid.rows] + [10])
    capacity = shown(words.say("planning_text_capacity"))
    pad = max(len(capacity), 4)
    away = shown(words.say("planning_text_away"))
    lines = [shown(words.say("planning_text_title", start=words.day(grid.start),
                             end=words.day(grid.end))), ""]
    weeks = [shown(words.say("planning_text_week", week=words.number(w.isocalendar()[1])))
             for w in grid.weeks]
    # Each week as wide as its widest heading or cell, six at least (a cell is "100~").
    column = max([6, *(len(w) + 1 for w in weeks), len(away) + 2])
    head = f"{'':<{width}} {capacity:>{pad}} " + "".join(w.rjust(column) for w in weeks)
    dates = f"{'':<{width}} {'':>{pad}} " + "".join(words.day_and_month(w).rjust(column)
                                                    for w in grid.weeks)
    lines += [head.rstrip(), dates]
    for row in grid.rows:
        cells = []
        for cell in row.cells:
            text = {"away": away, "closed": "--"}.get(cell.state, words.number(cell.load))
            if cell.state == "over":
                text += "!"
            if cell.tentative and cell.state not in ("away", "closed"):
                text += "~"
            text = text.rjust(column)
            cells.append(f"\x1b[{_COLOURS[cell.state]}m{text}\x1b[0m" if view.colour else text)
        lines.append(f"{shown(row.freelancer.id):<{width}} "
                     f"{words.number(row.freelancer.capacity):>{pad}} " + "".join(cells))
    if not grid.rows:
        lines.append(shown(words.say("timeline_nobody")))
    if grid.demand:
        lines += ["", shown(words.say("planning_demand"))]
        for demand in grid.demand:
            need = demand.state.need
            lines.append(shown(words.count(
                "planning_demand_line", demand.state.missing,
                need=f"{demand.state.mission.id}/{need.id}", role=words.role(need.role))))
            lines.append(f"{'':<{width}} {'':>{pad}} "
                         + "".join((words.number(c) if c else ".").rjust(column)
                                   for c in demand.cells))
    lines += ["", shown(words.say("planning_text_legend")),
              shown(words.say("planning_text_legend_marks"))]
    return "\n".join(lines) + "\n"


def render_planning_page(view: PlanningView) -> str:
    """The HTML page (Jinja, autoescaped); a template problem raises ``TemplateProblem``."""
    from cfo_tools.documents.planning_page import render_planning_html

    return render_planning_html(view.grid, view.company, workspace=view.workspace,
                                lang=view.lang, today=view.today, limits=view.limits)


#: ``cfo planning --format``.
PLANNING_FORMATS: dict[str, Callable[[PlanningView], str]] = {
    "text": render_planning_text,
    "html": render_planning_page,
}
