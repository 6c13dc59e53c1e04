"""The planning timeline: where bars, absences, overbooking and days off are placed, in days
from the first day shown, and how the page carries those positions."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from cfo_tools.checks.runner import calendar_of
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.timeline_html import _dated, _place
from cfo_tools.documents.timeline_layout import Span, build_timeline, place
from cfo_tools.planning.load import build_planning
from conftest import freelancer_yaml, mission_yaml

TODAY = date(2026, 11, 26)


def timeline_of(root, *, start=date(2026, 11, 30), weeks=4, weeks_per_page=8):
    report = validate_workspace(root)
    calendar = calendar_of(report)
    planning = build_planning(report.workspace, calendar, start=start, weeks=weeks)
    return build_timeline(planning, today=TODAY, weeks_per_page=weeks_per_page)


def test_place_clips_to_the_window_and_keeps_the_real_dates():
    first, last = date(2026, 11, 30), date(2026, 12, 27)
    assert place(date(2026, 12, 2), date(2026, 12, 4), first, last) == Span(
        date(2026, 12, 2), date(2026, 12, 4), 2, 3)
    assert place(date(2026, 11, 1), date(2026, 12, 1), first, last) == Span(
        date(2026, 11, 1), date(2026, 12, 1), 0, 2)
    assert place(date(2026, 12, 20), date(2027, 3, 1), first, last).length == 8
    assert place(date(2026, 11, 1), date(2026, 11, 29), first, last) is None


def test_bars_overlapping_in_a_row_take_separate_lanes_and_overbooking_is_marked(workspace):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(capacity=100, unavailable=(("2026-12-21",
                                                                      "2026-12-23"),)),
        "missions/a.yaml": mission_yaml("2026-12-01", "2026-12-11", ("ada", 60)),
        "missions/b.yaml": mission_yaml("2026-12-07", "2026-12-18", ("ada", 50)),
        "missions/c.yaml": mission_yaml("2026-12-14", "2026-12-16", ("ada", 20)),
    })
    screen = timeline_of(root).screen
    (row,) = screen.rows
    placed = [(b.mission.id, b.span.offset, b.span.length, b.lane) for b in row.bars]
    assert placed == [("a", 1, 11, 0), ("b", 7, 12, 1), ("c", 14, 3, 0)]
    assert row.lanes == 2
    # 60 + 50 from the 7th to the 11th; 50 + 20 is within capacity.
    assert [(o.span.start, o.span.end, o.load) for o in row.over] == [
        (date(2026, 12, 7), date(2026, 12, 11), 110)]
    assert [(a.span.offset, a.span.length, a.reason) for a in row.away] == [(21, 3, "Congés")]
    assert row.missions == "a b c"


def test_axis_today_days_off_and_the_zoom_follow_the_dates(workspace):
    root = workspace({"roster/ada.yaml": freelancer_yaml()})
    timeline = timeline_of(root, start=date(2026, 11, 23), weeks=6)
    screen = timeline.screen
    assert (screen.start, screen.end, screen.days) == (date(2026, 11, 23), date(2027, 1, 3), 42)
    assert screen.today == 3
    assert [(m.span.start.month, m.span.offset, m.span.length) for m in screen.months] == [
        (11, 0, 8), (12, 8, 31), (1, 39, 3)]
    assert [w.span.offset for w in screen.weeks] == [0, 7, 14, 21, 28, 35]
    assert [d.span.offset for d in screen.day_ticks if d.weekend][:3] == [5, 6, 12]
    christmas = [d for d in screen.days_off if d.span.start == date(2026, 12, 25)]
    assert christmas and christmas[0].kind == "holiday" and christmas[0].span.offset == 32
    assert timeline.zoom == "month"
    assert timeline_of(root, weeks=12).zoom == "quarter"
    assert timeline_of(root, weeks=52).zoom == "year"


def test_print_cuts_the_period_into_pages_of_whole_weeks(workspace):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml(),
        "missions/a.yaml": mission_yaml("2026-12-01", "2027-01-20", ("ada", 60)),
    })
    timeline = timeline_of(root, weeks=10, weeks_per_page=4)
    pages = [(w.start, w.end, len(w.weeks)) for w in timeline.printed]
    assert pages == [(date(2026, 11, 30), date(2026, 12, 27), 4),
                     (date(2026, 12, 28), date(2027, 1, 24), 4),
                     (date(2027, 1, 25), date(2027, 2, 7), 2)]
    # The page's script copies the screen's rows into each sheet (tests/browser: the PDF).
    assert not any(w.rows or w.needs for w in timeline.printed)


def test_page_carries_the_place_of_every_bar_and_the_dates_of_a_clipped_one(workspace, run_cfo,
                                                                            tmp_path):
    root = workspace({
        "roster/ada.yaml": freelancer_yaml().replace("name: Test", "name: <b>Ada</b>"),
        "missions/a.yaml": mission_yaml("2026-12-01", "2026-12-11", ("ada", 60)),
        "missions/b.yaml": mission_yaml("2026-12-07", "2026-12-18", ("ada", 50)),
        "missions/c.yaml": mission_yaml("2026-11-20", "2026-11-30", ("ada", 10)),
    })
    target = tmp_path / "p.html"
    run_cfo("-C", str(root), "--today", "2026-11-26", "planning", "--from", "2026-11-30",
            "--weeks", "4", "--format", "html", "-o", str(target))
    screen = target.read_text().split('<section class="tl-print')[0]
    bars = re.findall(r'<div class="tl-bar c(\d)" style="--f:(\d+);--l:(\d+)(?:;--i:(\d))?"'
                      r'( data-start="[\d-]+" data-end="[\d-]+")? tabindex="0" '
                      r'data-tip="([^"]*)"><span>[^<]* · (\d+) %</span>', screen)
    clipped = ' data-start="2026-11-20" data-end="2026-11-30"'
    assert bars == [("2", "0", "1", "", clipped, "Web developer", "10"),
                    ("0", "1", "11", "", "", "Web developer", "60"),
                    ("1", "7", "12", "1", "", "Web developer", "50")]
    assert '<div class="tl-over" style="--f:7;--l:5">⚠ 110 %</div>' in screen
    assert "&lt;b&gt;Ada&lt;/b&gt;" in screen


def test_roles_read_as_the_company_s_words_not_ids(run_cfo, tmp_path):
    """Issue 14: the planning shows labels from company.yaml's vocabulary, in the page's
    language; the ids stay only in the filters' values and data attributes."""
    from conftest import REPO

    for lang, word in (("fr", "Développeur web"), ("en", "Web developer")):
        out = tmp_path / f"planning-{lang}.html"
        result = run_cfo("-C", str(REPO), "--today", "2026-11-26", "planning", "--format",
                         "html", "--lang", lang, "-o", str(out))
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert f'<option value="web-developer">{word}</option>' in page
        names = re.findall(r'<div class="tl-name"><strong>[^<]*</strong><small>([^<]*)', page)
        assert names and not any("web-developer" in small for small in names)
        assert any(word in small for small in names)


@given(st.dates(), st.dates(), st.integers(-10**6, 10**6), st.integers(0, 10**6),
       st.integers(0, 40))
def test_a_place_is_written_as_markup_format_writes_it(start, end, offset, length, lane):
    """The chart's places are written with f-strings for speed: the same bytes as
    ``Markup.format``, which escapes every value."""
    span = Span(start, end, offset, length)
    lane_part = f";--i:{lane}" if lane else ""
    place = Markup('style="--f:{};--l:{}{}"').format(offset, length, lane_part)
    assert _place(span, lane) == place
    assert _dated(span, lane) == Markup('{} data-start="{}" data-end="{}"').format(
        place, start.isoformat(), end.isoformat())
