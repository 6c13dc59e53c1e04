"""``cfo status`` through the cache: the board's pieces remembered per mission (issue 16).

A mission's row on the board (and its line among those ended without reviews) reads nothing
but the mission and what every row reads: the company's file (owners, drift limit, working
calendar), the invoices and activity reports (invoices to check, approved days), ``--today``
and the form asked, plus the freelancers' names for the Markdown form (see
``steering.status_board.mission_in_flight``). So each mission's pieces, already rendered, are
its view (``checks/workspace_views.py``): after one edit only the edited documents are loaded.
The pieces are in the words of one language: ``--lang`` and the messages files' digest are
inputs of the views, the company's locale one of the fields they read.

Without the cache the board is made by ``status_board`` and rendered whole, as the reference
the tests compare with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import itemgetter
from typing import Any

from cfo_tools.checks.company_key import READ_BY_CALENDAR
from cfo_tools.checks.workspace_views import ViewedWorkspace, ViewMaker, ViewRecipe
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.model.records import Mission, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.reporters.status import StatusParts
from cfo_tools.reporters.words import Words

#: The company's fields a row reads (its owner's name, the drift limit, the calendar's).
READ_BY_ROWS = (*READ_BY_CALENDAR, "team", "requirements")
#: A mission's view: (end, id, owner, in-flight piece or None, unreviewed piece or None).
Row = tuple[date, str, str, Any, Any]
_END, _ID = itemgetter(0), itemgetter(1)


def status_recipe(parts: StatusParts, output_format: str, today: date, lang: str | None,
                  catalogue: str, words_of: Callable[[str | None], Words]) -> ViewRecipe:
    """The views of ``cfo status`` in one form as of ``today``, in ``lang`` (None: the
    company's locale, a field the rows read) with the words of the messages files whose
    digest is ``catalogue`` (``reporters.words.catalogue_key``), which ``words_of`` gives
    for the company's locale. JSON rows have no words: one entry whatever the language."""
    shared = ("company", "invoice", "activity", *(("freelancer",) if parts.uses_names else ()))
    said = () if output_format == "json" else (lang or "", catalogue)
    # An entry per form and --lang, so that reports in two languages do not replace each
    # other's views (a part is at most 16 bytes).
    part = b"-".join([b"status", output_format.encode()[:4],
                      *([lang.encode()] if lang and said else [])])
    return ViewRecipe(part, (output_format, today.isoformat(), *said),
                      shared, lambda workspace, calendar: _maker(parts, workspace, calendar,
                                                                 today, words_of),
                      READ_BY_ROWS)


def status_from_views(viewed: ViewedWorkspace, owner: str | None, parts: StatusParts,
                      today: date, words: Words) -> str:
    """The board, the rows of ``owner``'s missions only when one is given."""
    rows: list[Row] = [view for spec, view in viewed.views
                       if spec.kind == "mission" and view is not None]
    if owner is not None:
        rows = [row for row in rows if row[2] == owner]
    # In the board's order, by end then id: sorted by id (the views come in the files'
    # order, nearly that already), then by end alone, which keeps the ids' order among
    # equal ends. The same order as one sort by (end, id), in half its time on the 100,000
    # rows of a large workspace (0.05 s against 0.11: a date compares faster than a tuple).
    chosen = sorted(sorted(rows, key=_ID), key=_END)
    return parts.whole(today, [row[3] for row in chosen if row[3] is not None],
                       [row[4] for row in chosen if row[4] is not None], words)


def _maker(parts: StatusParts, workspace: Workspace, calendar: WorkingCalendar, today: date,
           words_of: Callable[[str | None], Words]) -> ViewMaker:
    from cfo_tools.steering.status_board import (
        board_inputs,
        mission_in_flight,
        mission_unreviewed,
    )

    inputs = board_inputs(workspace, calendar, today=today)
    names = {i: f.name for i, f in workspace.freelancers.items()}
    words = words_of(workspace.company.locale if workspace.company else None)

    def row(spec: DocumentFile, record: object | None) -> Row | None:
        if not isinstance(record, Mission):
            return None
        in_flight = mission_in_flight(record, inputs)
        unreviewed = mission_unreviewed(record, today)
        return (record.end, record.id, record.owner,
                None if in_flight is None else parts.row(in_flight, names, words),
                None if unreviewed is None else parts.unreviewed(unreviewed, names, words))

    return row
