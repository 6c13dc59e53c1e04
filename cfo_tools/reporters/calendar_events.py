"""``cfo calendar`` through the cache: each mission's events kept serialised (issue 16).

A mission's VEVENT blocks read nothing but the mission, the names of its freelancers, the
company's language and vocabulary, and ``--today`` (the events' stamp): see
``planning.calendar_export._assignment_events``. So the freelancers are records every view
reads, and each mission's view is its title and its events' bytes, each with its
freelancer's id (``checks/workspace_views.py``): after one edit only the edited documents
are loaded and serialised, and the calendar is the header joined to those bytes. The
absences are serialised from the freelancers' records on each run (a few thousand events
where the assignments are tens of thousands).

Without the cache the calendar is made by ``build_calendar``, as the reference the tests
compare with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from cfo_tools.checks.company_key import READ_BY_CALENDAR
from cfo_tools.checks.workspace_views import ViewedWorkspace, ViewMaker, ViewRecipe
from cfo_tools.loading.kinds import DocumentFile
from cfo_tools.model.records import Mission, Workspace
from cfo_tools.planning.calendar_export import (
    EventBytes,
    calendar_of_blocks,
    missions_event_bytes,
)
from cfo_tools.planning.working_calendar import WorkingCalendar

#: The company's fields the events read, and those of the working calendar every recipe is
#: given (the calendar's own name is made on each run).
READ_BY_EVENTS = (*READ_BY_CALENDAR, "vocabulary")
#: A mission's view: its title, and each event's freelancer and bytes, in order.
MissionEvents = tuple[str, tuple[tuple[str, bytes], ...]]


def calendar_recipe(today: date) -> ViewRecipe:
    """The views of ``cfo calendar`` as of ``today``."""
    return ViewRecipe(b"calendar", (today.isoformat(),), ("company", "freelancer"),
                      partial(_maker, today=today), READ_BY_EVENTS,
                      makes_all=partial(_all_views, today=today))


def calendar_from_views(viewed: ViewedWorkspace, *, today: date, freelancer: str | None,
                        mission: str | None) -> bytes:
    """The bytes ``build_calendar`` gives for the same workspace, of ``freelancer`` or
    ``mission`` only when one is given."""
    shared = viewed.shared
    # As the workspace keeps them: by id, the last document read of an id winning.
    missions: dict[str, MissionEvents] = {spec.id: view for spec, view in viewed.views
                                          if spec.kind == "mission" and view is not None}
    chosen = sorted(missions) if mission is None else [m for m in missions if m == mission]
    blocks = [block for mission_id in chosen for who, block in missions[mission_id][1]
              if freelancer is None or who == freelancer]
    if mission is None:
        absences = EventBytes(shared, today)
        blocks += [absences.of_absences(person) for person in sorted(shared.freelancers)
                   if freelancer is None or person == freelancer]
    title = missions[mission][0] if mission in missions else None
    return calendar_of_blocks(shared, blocks, freelancer=freelancer, mission_title=title)


def _maker(workspace: Workspace, calendar: WorkingCalendar, *, today: date) -> ViewMaker:
    events = EventBytes(workspace, today)

    def view(spec: DocumentFile, record: object | None) -> MissionEvents | None:
        if not isinstance(record, Mission):
            return None
        return record.title, events.of_mission(spec.id, record)

    return view


def _all_views(workspace: Workspace, calendar: WorkingCalendar,
               documents: Sequence[tuple[DocumentFile, object | None]], *, today: date
               ) -> list[Any]:
    """Every mission's view at once, serialised on every core as ``build_calendar`` does."""
    missions = [(spec.id, record) for spec, record in documents if isinstance(record, Mission)]
    made = iter(missions_event_bytes(workspace, missions, today=today))
    return [(record.title, next(made)) if isinstance(record, Mission) else None
            for _, record in documents]
