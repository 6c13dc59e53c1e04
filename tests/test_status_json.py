"""``cfo status --format json`` writes each row's text with the row (``reporters/status.py``):
byte for byte what ``json.dumps(board, indent=2, ensure_ascii=False)`` writes, for any text
in the files (quotes, backslashes, controls, any script) and any shape of row (lists empty
or not, no check-in, no drift, drift without deliverables)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cfo_tools.checks.validation import validate_workspace
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.records import CheckIn, Deliverable, Mission
from cfo_tools.reporters.status import STATUS_PARTS
from cfo_tools.reporters.words import Words
from cfo_tools.steering.drift import Drift, percent
from cfo_tools.steering.status_board import MissionInFlight, StatusBoard, Unreviewed
from conftest import REPO

TODAY = date(2026, 11, 27)
TEXT = st.text(max_size=12)
DAYS = st.dates(date(2020, 1, 1), date(2030, 12, 31))


def reference(board: StatusBoard) -> str:
    """The board as json.dumps writes the data the rows hold (the form before rows were
    written as text)."""
    return json.dumps({"today": board.today.isoformat(),
                       "missions": [_row(m) for m in board.in_flight],
                       "ended_without_reviews": [
                           {"mission": u.mission.id, "end": u.mission.end.isoformat(),
                            "freelancers": list(u.freelancers)} for u in board.unreviewed]},
                      indent=2, ensure_ascii=False) + "\n"


def _row(m: MissionInFlight) -> dict[str, Any]:
    def items(deliverables: tuple[Deliverable, ...]) -> list[dict[str, str]]:
        return [{"id": d.id, "title": d.title, "due": d.due.isoformat(), "status": d.status}
                for d in deliverables]

    checkin, drift = m.last_checkin, m.drift
    return {
        "mission": m.mission.id, "title": m.mission.title, "status": m.mission.status,
        "owner": m.mission.owner, "freelancers": list(m.freelancers),
        "start": m.mission.start.isoformat(), "end": m.mission.end.isoformat(),
        "elapsed_working_days": m.elapsed_days, "left_working_days": m.left_days,
        "due_soon": items(m.due_soon), "overdue": items(m.overdue),
        "waiting_validation": items(m.waiting_validation), "corrections": items(m.corrections),
        "invoices_to_check": [{"freelancer": i.freelancer, "number": i.number, "file": i.file,
                               "issued": i.issued.isoformat()} for i in m.invoices_to_check],
        "last_checkin": None if checkin is None else {
            "date": checkin.date.isoformat(), "freelancer": checkin.freelancer,
            "by": checkin.by, "mood": checkin.mood},
        "drift": None if drift is None else {
            "days_used_percent": percent(drift.used_share),
            "accepted_percent": (None if drift.accepted_share is None
                                 else percent(drift.accepted_share)),
            "points": None if drift.points is None else percent(drift.points / 100)},
        "drifting": m.drifting,
    }


@pytest.fixture(scope="module")
def records() -> tuple[Mission, Deliverable, CheckIn, Invoice]:
    """A mission, a deliverable, a check-in and an invoice of the example workspace, whose
    fields the rows below change."""
    workspace = validate_workspace(REPO).workspace
    mission = next(m for m in workspace.missions.values() if m.deliverables)
    checkin = next(c for m in workspace.missions.values() for c in m.checkins)
    invoice = next(iter(workspace.invoices.values()), None)
    if invoice is None:
        invoice = Invoice(id="ada/f1", file="invoices/ada/f1.yaml", freelancer="ada",
                          number="F1", issued=TODAY, period=None, order=None, lines=(),
                          amount=Decimal(1), vat_rate=Decimal(0), vat_exemption=None,
                          total=Decimal(1), due=TODAY, status="received", paid_on=None,
                          dispute=None, source=None, seller_siret=None, profile=None)
    return mission, mission.deliverables[0], checkin, invoice


@st.composite
def boards(draw: st.DrawFn, mission: Mission, deliverable: Deliverable, checkin: CheckIn,
           invoice: Invoice) -> StatusBoard:
    def a_mission() -> Mission:
        start = draw(DAYS)
        return replace(mission, id=draw(TEXT), title=draw(TEXT), status=draw(TEXT),
                       owner=draw(TEXT), start=start,
                       end=start + timedelta(days=draw(st.integers(0, 400))))

    def deliverables() -> tuple[Deliverable, ...]:
        return tuple(replace(deliverable, id=draw(TEXT), title=draw(TEXT), due=draw(DAYS),
                             status=draw(TEXT))
                     for _ in range(draw(st.integers(0, 2))))

    def a_drift(of: Mission) -> Drift | None:
        if draw(st.booleans()):
            return None
        planned = Fraction(draw(st.integers(1, 10**5)), 100)
        accepted = draw(st.none() | st.fractions(0, 1))
        return Drift(of, planned, Fraction(draw(st.integers(0, 10**5)), 100), accepted)

    rows = []
    for _ in range(draw(st.integers(0, 3))):
        row_mission = a_mission()
        rows.append(MissionInFlight(
            mission=row_mission, owner=draw(TEXT), freelancers=tuple(draw(st.lists(TEXT,
                                                                                  max_size=3))),
            elapsed_days=draw(st.integers(0, 10**4)), left_days=draw(st.integers(0, 10**4)),
            due_soon=deliverables(), overdue=deliverables(),
            waiting_validation=deliverables(), corrections=deliverables(),
            invoices_to_check=tuple(replace(invoice, freelancer=draw(TEXT), number=draw(TEXT),
                                            file=draw(TEXT), issued=draw(DAYS))
                                    for _ in range(draw(st.integers(0, 2)))),
            last_checkin=draw(st.none() | st.builds(
                lambda day, who, by, mood: replace(checkin, date=day, freelancer=who, by=by,
                                                   mood=mood),
                DAYS, TEXT, TEXT, st.none() | TEXT)),
            drift=a_drift(row_mission), drifting=draw(st.booleans())))
    unreviewed = [Unreviewed(a_mission(), tuple(draw(st.lists(TEXT, max_size=3))))
                  for _ in range(draw(st.integers(0, 2)))]
    return StatusBoard(draw(DAYS), rows, unreviewed)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_json_board_is_what_json_dumps_writes(records, data):
    board = data.draw(boards(*records))
    words = Words({}, "en")
    assert STATUS_PARTS["json"].render(board, words) == reference(board)


def test_an_empty_board_is_what_json_dumps_writes():
    board = StatusBoard(TODAY)
    assert STATUS_PARTS["json"].render(board, Words({}, "fr")) == reference(board)
