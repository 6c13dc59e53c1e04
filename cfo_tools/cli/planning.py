"""``cfo planning``: everyone's load, week by week."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cfo_tools.cli.documents import render_limit_options
from cfo_tools.cli.output import emit, template_failure
from cfo_tools.cli.state import CliState, pass_state
from cfo_tools.cli.workspace_loading import date_option_value, load_for_planning

_COLOURS = {"free": "green", "partial": "yellow", "full": "blue", "over": "red",
            "away": "bright_black", "closed": "bright_black"}


@click.command()
@click.option("--from", "start", default="today", show_default=True, metavar="DATE",
              help="A day of the first week shown (YYYY-MM-DD, today, +2w).")
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True)
@click.option("--role", metavar="ROLE", help="Only freelancers with this role.")
@click.option("--format", "output_format", type=click.Choice(["text", "html"]), default="text",
              show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the HTML page (default: company.yaml's locale).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of the standard output.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@render_limit_options
@pass_state
def planning(state: CliState, start: str, weeks: int, role: str | None, output_format: str,
             lang: str | None, output: Path | None, force: bool, limits: Any) -> None:
    """Everyone's load week by week: each cell is the week's average load in percent of a
    full-time week (free, partly booked, full, over capacity; — away or closed)."""
    from cfo_tools.planning.load import build_planning

    first = date_option_value(start, state.today, "--from")
    assert first is not None
    loaded = load_for_planning(state)
    company = loaded.report.workspace.company
    assert company is not None
    grid = build_planning(loaded.report.workspace, loaded.calendar, start=first, weeks=weeks,
                          role=role)
    if output_format == "html":
        from cfo_tools.documents.planning_page import render_planning_html
        from cfo_tools.documents.templating import TemplateProblem

        try:
            text = render_planning_html(grid, company, workspace=loaded.report.workspace.root,
                                        lang=lang or company.locale, today=state.today,
                                        limits=limits)
        except TemplateProblem as exc:
            template_failure(exc)
    else:
        text = _as_text(grid, colour=output is None)
    emit(text, output, force=force)


def _as_text(grid, *, colour: bool) -> str:  # type: ignore[no-untyped-def]
    width = max([len(r.freelancer.id) for r in grid.rows] + [10])
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
            text = text.rjust(6)
            cells.append(click.style(text, fg=_COLOURS[cell.state]) if colour else text)
        lines.append(f"{row.freelancer.id:<{width}} {row.freelancer.capacity:>4} " + "".join(cells))
    if not grid.rows:
        lines.append("Nobody to show.")
    lines += ["", "0 free, under capacity: partly booked, at capacity: full, ! over capacity, "
                  "off: away, --: no working day"]
    return "\n".join(lines) + "\n"
