"""A planning at the scale the issue names: 104 weeks of 2,000 freelancers, each booked on 16
overlapping assignments (32,000 bars, as many overbooking strips), is a page under the default
10 MiB limit. Not timed (benchmarks/ measures time); the render time limit is raised so that a
busy machine does not fail it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from cfo_tools.checks.runner import calendar_of
from cfo_tools.checks.validation import validate_workspace
from cfo_tools.documents.planning_page import render_planning_html
from cfo_tools.documents.render_limits import DEFAULT_MAX_OUTPUT, RenderLimits
from cfo_tools.planning.load import build_planning
from conftest import COMPANY, freelancer_yaml

FREELANCERS = 2000
#: Freelancers per mission; each freelancer is on one mission of each slot.
TEAM = 40
SLOTS = 16
FIRST = date(2027, 1, 4)
WEEKS = 104


def big_workspace(root: Path) -> Path:
    (root / "roster").mkdir(parents=True)
    (root / "missions").mkdir()
    (root / "company.yaml").write_text(COMPANY, encoding="utf-8")
    roster = freelancer_yaml(capacity=100, roles="web-developer, ux-designer",
                             skills="python, figma, accessibility")
    for number in range(FREELANCERS):
        (root / "roster" / f"f{number:04d}.yaml").write_text(
            roster.replace("name: Test", f"name: Freelance numéro {number}"), encoding="utf-8")
    for slot in range(SLOTS):
        # Six and a half weeks apart, eight weeks long: each overlaps the next (60 + 60 %).
        start = FIRST + timedelta(days=slot * 45 + 1)
        end = start + timedelta(days=55)
        for group in range(FREELANCERS // TEAM):
            team = "".join(f"  - freelancer: f{group * TEAM + member:04d}\n"
                           "    role: web-developer\n    allocation: 60\n"
                           for member in range(TEAM))
            (root / "missions" / f"m{slot:02d}-{group:02d}.yaml").write_text(
                f"title: Refonte du parcours de commande en ligne, lot {slot}-{group}\n"
                f"client: Client\nowner: pm\nstatus: staffed\nstart: {start}\nend: {end}\n"
                f"assignments:\n{team}", encoding="utf-8")
    return root


def test_a_104_week_planning_of_2000_freelancers_fits_the_default_page_limit(tmp_path: Path):
    root = big_workspace(tmp_path / "big")
    validation = validate_workspace(root)
    calendar = calendar_of(validation)
    assert calendar is not None and validation.workspace.company is not None
    planning = build_planning(validation.workspace, calendar, start=FIRST, weeks=WEEKS)
    assert len(planning.rows) == FREELANCERS
    assert sum(len(row.bookings) for row in planning.rows) == FREELANCERS * SLOTS
    assert sum(len(row.over) for row in planning.rows) >= FREELANCERS * (SLOTS - 1)
    page = render_planning_html(planning, validation.workspace.company, workspace=root,
                                lang="fr", today=FIRST,
                                limits=RenderLimits(timeout_seconds=600))
    size = len(page.encode("utf-8"))
    assert size < DEFAULT_MAX_OUTPUT
    assert page.count('class="tl-bar ') == FREELANCERS * SLOTS
