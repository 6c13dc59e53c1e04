"""`cfo calendar` serialises its events in chunks on every core and joins the VEVENT blocks
under the calendar's own lines: the bytes are those of icalendar serialising the whole
calendar, with the fork and the spawn start methods alike, and they parse back."""

from __future__ import annotations

import multiprocessing
from datetime import date

import pytest
from icalendar import Calendar

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.planning import calendar_export
from conftest import REPO

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def workspace():
    return validate_workspace(REPO).workspace


def whole(workspace, **only):
    return calendar_export._calendar(workspace, today=TODAY, **only).to_ical()


@pytest.mark.parametrize("only", [{}, {"freelancer": "alice-martin"},
                                  {"mission": "design-system-banque-regionale"},
                                  {"freelancer": "nobody"}])
def test_chunks_here_give_the_whole_calendars_bytes(workspace, only):
    assert calendar_export.build_calendar(workspace, today=TODAY, jobs=1, **only) \
        == whole(workspace, **only)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_chunks_on_every_core_give_the_same_bytes(workspace, monkeypatch, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(calendar_export, "PARALLEL_EVENTS", 1)
    data = calendar_export.build_calendar(workspace, today=TODAY, jobs=2, start_method=method)
    assert data == whole(workspace)
    parsed = Calendar.from_ical(data)
    events = [c for c in parsed.walk("VEVENT")]
    assert len(events) == data.count(b"BEGIN:VEVENT") > 10
    assert len({str(e["uid"]) for e in events}) == len(events)
