"""Needs are filled as before the log-time pool: the first assignments in file order, of the
need's role, covering it, each filling one need at most, needs served by start."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.model.records import Mission
from cfo_tools.planning import needs as needs_module
from cfo_tools.planning.needs import SCAN_LIMIT, _covers, mission_needs
from cfo_tools.planning.working_calendar import WorkingCalendar
from conftest import REPO

DAY = date(2027, 1, 4)


def reference(mission, ends):
    """The pairwise scan the pool replaced."""
    used: set[int] = set()
    filled = {}
    for need in sorted(mission.needs, key=lambda n: n.start):
        end = ends[need.pointer]
        taken = []
        for index, assignment in enumerate(mission.assignments):
            if len(taken) >= need.count:
                break
            if index in used or end is None or not _covers(assignment, need, end):
                continue
            used.add(index)
            taken.append(assignment)
        filled[need.pointer] = tuple(taken)
    return [filled[need.pointer] for need in mission.needs]


def days(offset: int) -> date:
    return DAY + timedelta(days=offset)


spans = st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted)
roles = st.sampled_from(["dev", "ux"])


@functools.cache
def template() -> Mission:
    """A mission of the example workspace with needs and assignments, to vary."""
    workspace = validate_workspace(REPO).workspace
    return next(m for m in workspace.missions.values() if m.needs and m.assignments)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(roles, spans), max_size=12),
       st.lists(st.tuples(roles, spans, st.integers(0, 3)), max_size=8))
def test_the_pool_fills_needs_as_the_scan_did(assigned, wanted):
    needs_module.SCAN_LIMIT = -1  # the pool, whatever the size (restored below)
    try:
        check_pool(assigned, wanted)
    finally:
        needs_module.SCAN_LIMIT = SCAN_LIMIT


def check_pool(assigned, wanted):
    mission = template()
    assignments = [replace(mission.assignments[0], role=role, start=days(a), end=days(b),
                           pointer=f"/assignments/{i}")
                   for i, (role, (a, b)) in enumerate(assigned)]
    needs = [replace(mission.needs[0], role=role, start=days(a), end=days(b), days=None,
                     count=count, pointer=f"/needs/{i}", id=f"n{i}")
             for i, (role, (a, b), count) in enumerate(wanted)]
    copy = replace(mission, assignments=assignments, needs=needs)
    states = mission_needs(copy, WorkingCalendar(country="FR"))
    ends = {s.need.pointer: s.end for s in states}
    assert [s.filled_by for s in states] == reference(copy, ends)
