"""`cfo calendar` serialises its events in chunks on every core and joins the VEVENT blocks
under the calendar's own lines: the bytes are those of icalendar serialising the whole
calendar, with the fork and the spawn start methods alike, and they parse back."""

from __future__ import annotations

import multiprocessing
import pickle
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.formats import icalendar_text
from cfo_tools.loading.workspace_snapshot import BRIEF_LEFT_OUT
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



def test_a_workspace_loaded_without_briefs_goes_to_spawned_workers(workspace, tmp_path,
                                                                  monkeypatch):
    """``cfo calendar`` loads the workspace without the missions' briefs when its cache is
    warm; spawned workers (Windows) must receive that workspace, whose missions carry the
    left-out marker: multiprocessing sends the marker as itself, while the cache's pickles
    still refuse it."""
    validate_workspace(REPO, cache_folder=tmp_path)
    lean = validate_workspace(REPO, cache_folder=tmp_path, briefs=False).workspace
    assert any(m.brief is BRIEF_LEFT_OUT for m in lean.missions.values())
    monkeypatch.setattr(calendar_export, "PARALLEL_EVENTS", 1)
    assert calendar_export.build_calendar(lean, today=TODAY, jobs=2, start_method="spawn") \
        == whole(workspace)
    with pytest.raises(RuntimeError, match="without the missions' briefs"):
        pickle.dumps(BRIEF_LEFT_OUT)

# Text that puts escapes (\, ;, ,), newlines and multi-byte characters anywhere, notably at
# icalendar's fold boundary (74 bytes).
_text = st.text(alphabet=st.sampled_from(list("abc XYZ09-—é€😀\\;,:\"\n^%")), max_size=160)
_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30))
_extra = st.one_of(
    st.tuples(st.sampled_from(["CONFIRMED", "TENTATIVE", "CANCELLED"]),
              st.lists(_text, min_size=1, max_size=2)).map(
        lambda pair: (("status", pair[0]), ("categories", pair[1]))),
    st.just((("transp", "OPAQUE"),)),
    st.just(()))


@settings(max_examples=300, deadline=None)
@given(specs=st.lists(st.builds(calendar_export.EventSpec, uid=_text, start=_day, end=_day,
                                summary=_text, description=_text, extra=_extra),
                      min_size=1, max_size=6),
       stamp=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)))
def test_each_event_is_icalendars_own_serialisation(specs, stamp):
    """The writer remembers repeated lines and skips folding short ones: the bytes must stay
    those of icalendar serialising each event (several in a row, so that remembered lines
    are reused)."""
    stamp = stamp.replace(tzinfo=timezone.utc)
    expected = b"".join(calendar_export._built(spec, stamp).to_ical() for spec in specs)
    assert calendar_export._serialised_events(stamp, specs) == expected


@pytest.mark.parametrize("filler", ["a", "é", "€", "😀", "\\", ";"])
def test_lines_around_the_fold_limit_are_icalendars(filler):
    stamp = datetime(2026, 11, 26, tzinfo=timezone.utc)
    specs = [calendar_export.EventSpec(uid="u", start=date(2026, 1, 5), end=date(2026, 1, 9),
                                       summary="s" * size + filler, description=filler * size)
             for size in range(55, 85)]
    expected = b"".join(calendar_export._built(spec, stamp).to_ical() for spec in specs)
    assert calendar_export._serialised_events(stamp, specs) == expected


def test_the_installed_icalendar_folds_as_the_fast_fold():
    # Else the writer falls back to icalendar's folding: right, but three times slower.
    assert icalendar_text.folds_as_icalendar()


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet=st.sampled_from(list("ab Z9—é€😀\\;,:^")), max_size=400))
def test_lines_are_folded_as_icalendar_folds_them(line):
    assert icalendar_text.folded(line.encode()) == bytes(Contentline(line).to_ical())
