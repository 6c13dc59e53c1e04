"""``cfo planning``: everyone's load week by week, as coloured text or an HTML page."""

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
    grid = view.grid
    width = max([len(shown(r.freelancer.id)) for r in grid.rows] + [10])
    lines = [f"Load per week, % of full time, from {grid.start:%a %Y-%m-%d} to "
             f"{grid.end:%a %Y-%m-%d}", ""]
    head = f"{'':<{width}} {'cap':>4} " + "".join(f"{'W' + str(w.isocalendar()[1]):>6}"
                                                  for w in grid.weeks)
    dates = f"{'':<{width}} {'':>4} " + "".join(f"{w:%d/%m}".rjust(6) for w in grid.weeks)
    lines += [head, dates]
    for row in grid.rows:
        cells = []
        for cell in row.cells:
            text = {"away": "off", "closed": "--"}.get(cell.state, str(cell.load))
            if cell.state == "over":
                text += "!"
            if cell.tentative and cell.state not in ("away", "closed"):
                text += "~"
            text = text.rjust(6)
            cells.append(f"\x1b[{_COLOURS[cell.state]}m{text}\x1b[0m" if view.colour else text)
        lines.append(f"{shown(row.freelancer.id):<{width}} {row.freelancer.capacity:>4} "
                     + "".join(cells))
    if not grid.rows:
        lines.append("Nobody to show.")
    if grid.demand:
        lines += ["", "Demand: unfilled needs, % of full time asked for"]
        for demand in grid.demand:
            need = demand.state.need
            lines.append(f"{shown(demand.state.mission.id)}/{shown(need.id)} "
                         f"({shown(need.role)}, {demand.state.missing} missing)")
            lines.append(f"{'':<{width}} {'':>4} "
                         + "".join((str(c) if c else ".").rjust(6) for c in demand.cells))
    lines += ["", "0 free, under capacity: partly booked, at capacity: full, ! over capacity, "
                  "~ partly tentative, off: away, --: no working day"]
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
