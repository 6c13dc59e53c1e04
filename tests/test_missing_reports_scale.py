"""activity-missing on a mission of many assignments: each freelancer's subject (one
freelancer, the missions naming them) reads its freelancer's assignments through the
mission's index, not the whole mission (issue 16: one mission of 50,000 assignments over
5,000 freelancers cost 250 million steps), with the same answer as a scan."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cfo_tools.model.months import Month
from cfo_tools.model.records import Assignment, Freelancer, Mission, Workspace
from cfo_tools.planning.activity_days import (
    MissingReport,
    assignment_planned_days,
    has_report_file,
    missing_reports,
)
from cfo_tools.planning.working_calendar import WorkingCalendar

CALENDAR = WorkingCalendar(country="FR")
OCTOBER = Month(2026, 10)
FIRST = date(2026, 9, 1)


class CountedList(list[Assignment]):
    """A mission's assignments that count the items read by iterating over them."""

    read = 0

    def __iter__(self) -> Iterator[Assignment]:
        for item in super().__iter__():
            CountedList.read += 1
            yield item


def freelancer(ident: str) -> Freelancer:
    return Freelancer(ident, f"roster/{ident}.yaml", ident, f"{ident}@example.fr", None, None,
                      None, [], [], [], Decimal(500), 100, "active", None, None, [], [], None,
                      {})


def mission(ident: str, assignments: list[Assignment]) -> Mission:
    return Mission(ident, f"missions/{ident}.yaml", ident, "client", "pm", "in-progress",
                   FIRST, FIRST + timedelta(days=120), [], None, {}, assignments, [], [], {})


def assignments(rng: random.Random, people: list[str], count: int) -> list[Assignment]:
    made = []
    for row in range(count):
        start = FIRST + timedelta(days=rng.randint(0, 90))
        made.append(Assignment(rng.choice(people), "dev", 10, start,
                               start + timedelta(days=rng.randint(0, 20)), None, None, None,
                               f"/assignments/{row}", rng.random() < 0.2))
    return made


def scanned(workspace: Workspace, month: Month) -> list[MissingReport]:
    """What missing_reports answered before the index: every assignment read."""
    found: dict[str, MissingReport] = {}
    for mission_id in sorted(workspace.missions):
        mission = workspace.missions[mission_id]
        if not mission.books_time:
            continue
        for a in mission.assignments:
            if (a.freelancer in found or a.tentative or a.freelancer not in workspace.freelancers
                    or has_report_file(workspace, a.freelancer, month)
                    or assignment_planned_days(a, CALENDAR, month) <= 0):
                continue
            found[a.freelancer] = MissingReport(a.freelancer, month, mission, a)
    return list(found.values())


def test_each_freelancers_subject_reads_only_their_assignments() -> None:
    people = [f"f{i:03d}" for i in range(100)]
    shared = mission("big", CountedList(assignments(random.Random(1), people, 1000)))
    CountedList.read = 0
    for person in people:
        alone = Workspace(root=Path("."), company=None,
                          freelancers={person: freelancer(person)}, missions={"big": shared})
        missing_reports(alone, CALENDAR, OCTOBER)
    # The index is made once (1,000 read); a scan per subject read 100,000.
    assert CountedList.read == 1000


def test_the_same_answer_as_a_scan_whatever_the_freelancers() -> None:
    rng = random.Random(16)
    people = [f"f{i:03d}" for i in range(40)]
    missions = {m: mission(m, assignments(rng, people, rng.randint(0, 80)))
                for m in ("b", "a", "c")}
    missions["c"].status = "draft"  # books no time
    for size in (0, 1, 2, 5, 39, 40):
        chosen = rng.sample(people, size)
        workspace = Workspace(root=Path("."), company=None,
                              freelancers={p: freelancer(p) for p in chosen},
                              missions=missions,
                              activity_files={f"{OCTOBER}/{p}": "x" for p in chosen[:1]})
        for month in (Month(2026, 9), OCTOBER, Month(2026, 11)):
            assert missing_reports(workspace, CALENDAR, month) == scanned(workspace, month)
