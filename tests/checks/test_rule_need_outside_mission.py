"""need-outside-mission: a need's own start or end outside its mission's dates, reported at
the date's own line. The mission runs from 2026-01-05 to 2026-01-30 (conftest.MISSION)."""

from __future__ import annotations

import pytest

from conftest import MISSION, places

RULE = "need-outside-mission"


def need(*dates: str) -> dict[str, str]:
    """The mission with one need; ``dates`` are its own lines (``start: ...``, ``days: 3``)."""
    lines = "".join(f"    {d}\n" for d in dates)
    return {"missions/site.yaml":
            MISSION + f"needs:\n  - id: dev\n    role: web-developer\n{lines}"}


# Line 10 holds the need's first date, line 11 its second.
@pytest.mark.parametrize(("dates", "lines"), [
    (("start: 2026-01-04",), [10]),  # the day before the mission starts
    (("start: 2026-01-05",), []),  # the mission's first day
    (("start: 2026-01-30",), []),  # its last day
    (("start: 2026-01-31",), [10]),  # the day after it ends
    (("start: 2026-01-05", "end: 2026-01-04"), [11]),  # (need-dates says it ends too early)
    (("start: 2026-01-05", "end: 2026-01-05"), []),
    (("start: 2026-01-05", "end: 2026-01-30"), []),
    (("start: 2026-01-05", "end: 2026-01-31"), [11]),
    (("start: 2025-12-01", "end: 2026-02-02"), [10, 11]),
    (("end: 2026-02-02",), [10]),  # no start: the mission's
    # A length is counted in working days: from Tuesday 2026-01-20, the 9th is the mission's
    # last day (Friday 2026-01-30), the 10th the Monday after.
    (("start: 2026-01-20", "days: 9"), []),
    (("start: 2026-01-20", "days: 10"), [11]),
    (("start: 2026-01-20", "days: 300"), [11]),
    (("start: 2026-02-02", "days: 3"), [10]),  # starts after: said once, at the start
    ((), []),  # the mission's own dates
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_each_side_of_each_boundary(findings_of, dates, lines):
    found = places(findings_of(need(*dates)), RULE)
    assert found == [("missions/site.yaml", line, RULE) for line in lines]


def test_the_message_names_the_need_and_the_mission_s_dates(findings_of):
    [finding] = [f for f in findings_of(need("start: 2026-01-04")) if f.rule == RULE]
    assert finding.message == ("need 'dev' starts on 2026-01-04, but the mission runs from "
                               "2026-01-05 to 2026-01-30")
    assert finding.severity == "error"


def test_a_mission_whose_dates_are_out_of_order_is_left_to_date_order(findings_of):
    files = need("start: 2026-01-04")
    files["missions/site.yaml"] = files["missions/site.yaml"].replace(
        "end: 2026-01-30", "end: 2026-01-01", 1)
    assert places(findings_of(files), RULE) == []


def test_a_length_past_the_mission_says_where_it_ends(findings_of):
    [finding] = [f for f in findings_of(need("start: 2026-01-20", "days: 10"))
                 if f.rule == RULE]
    assert finding.message == (
        "need 'dev' is 10 working day(s) from 2026-01-20, which runs to 2026-02-02, but the "
        "mission runs from 2026-01-05 to 2026-01-30: shorten it or move its start")
