"""``cfo status`` through the cache: the board's pieces remembered per mission (issue 16).

A mission's row on the board (and its line among those ended without reviews) reads nothing
but the mission and what every row reads: the company's file (owners, drift limit, working
calendar), the invoices and activity reports (invoices to check, approved days), ``--today``
and the form asked, plus the freelancers' names for the Markdown form (see
``steering.status_board.mission_in_flight``). So each mission's pieces, already rendered, are
its view (``cli/view_loading.py``): after one edit only the edited documents are loaded.

Without the cache the board is made by ``status_board`` and rendered whole, as the reference
the tests compare with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cfo_tools.cli.state import CliState, UsageProblem
from cfo_tools.cli.view_loading import ViewMaker, ViewRecipe, load_views
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.model.records import Company, Mission, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.reporters.status import STATUS_PARTS, StatusParts

#: A mission's view: (end, id, owner, in-flight piece or None, unreviewed piece or None).
Row = tuple[date, str, str, Any, Any]


def status_output(state: CliState, owner: str | None, output_format: str) -> str:
    """What ``cfo status`` prints (warnings on stderr, a UsageProblem for an unknown owner)."""
    parts = STATUS_PARTS[output_format]
    shared = ("company", "invoice", "activity", *(("freelancer",) if parts.uses_names else ()))
    recipe = ViewRecipe(b"status-" + output_format.encode(),
                        (output_format, state.today.isoformat()), shared,
                        lambda workspace, calendar: _maker(parts, workspace, calendar,
                                                           state.today))
    viewed = load_views(state, recipe)
    if viewed is None:
        return _whole_board(state, owner, parts)
    _check_owner(viewed.shared.company, owner)
    rows: list[Row] = [view for spec, view in viewed.views
                       if spec.kind == "mission" and view is not None]
    chosen = sorted((row for row in rows if owner is None or row[2] == owner),
                    key=lambda row: (row[0], row[1]))
    return parts.whole(state.today, [row[3] for row in chosen if row[3] is not None],
                       [row[4] for row in chosen if row[4] is not None])


def _whole_board(state: CliState, owner: str | None, parts: StatusParts) -> str:
    from cfo_tools.steering.status_board import status_board

    loaded = load_for_planning(state, briefs=False, rules=False)
    workspace = loaded.report.workspace
    _check_owner(workspace.company, owner)
    return parts.render(status_board(workspace, loaded.calendar, today=state.today,
                                     owner=owner))


def _check_owner(company: Company | None, owner: str | None) -> None:
    if owner is not None and (company is None or company.member(owner) is None):
        raise UsageProblem(f"no team member '{owner}' in company.yaml")


def _maker(parts: StatusParts, workspace: Workspace, calendar: WorkingCalendar, today: date
           ) -> ViewMaker:
    from cfo_tools.steering.status_board import (
        board_inputs,
        mission_in_flight,
        mission_unreviewed,
    )

    inputs = board_inputs(workspace, calendar, today=today)
    names = {i: f.name for i, f in workspace.freelancers.items()}

    def row(spec: DocumentFile, record: object | None) -> Row | None:
        if not isinstance(record, Mission):
            return None
        in_flight = mission_in_flight(record, inputs)
        unreviewed = mission_unreviewed(record, today)
        return (record.end, record.id, record.owner,
                None if in_flight is None else parts.row(in_flight, names),
                None if unreviewed is None else parts.unreviewed(unreviewed, names))

    return row
