"""Payment deadlines: N days, and N days end of month under both readings the DGCCRF
accepts (the latest wins), across month ends, February and leap years."""

from __future__ import annotations

from datetime import date

import pytest

from cfo_tools.model.payment_terms import deadline, month_end


@pytest.mark.parametrize(("issued", "days", "latest"), [
    ("2026-02-02", 60, "2026-04-03"),
    ("2026-12-31", 60, "2027-03-01"),
    ("2027-12-31", 60, "2028-02-29"),  # leap year
    ("2026-01-31", 30, "2026-03-02"),
])
def test_days_from_the_invoice(issued, days, latest):
    assert deadline(date.fromisoformat(issued), days) == date.fromisoformat(latest)


@pytest.mark.parametrize(("issued", "latest"), [
    # +45 days then end of month: 2027-03-01 -> 03-31; end of month then +45: 01-31 -> 03-17
    ("2027-01-15", "2027-03-31"),
    # +45: 2027-02-28 -> 02-28; end of month + 45: 2027-03-17 (the later reading)
    ("2027-01-14", "2027-03-17"),
    # from a 31st across February: +45 = 2027-02-14 -> 02-28; 12-31 + 45 = 2027-02-14
    ("2026-12-31", "2027-02-28"),
    # leap February: 2028-01-15 + 45 = 02-29 -> 02-29; 01-31 + 45 = 03-16
    ("2028-01-15", "2028-03-16"),
    # a 30-day month end: 2026-11-30 + 45 = 2027-01-14 -> 01-31; 11-30 + 45 = 01-14
    ("2026-11-30", "2027-01-31"),
])
def test_45_days_end_of_month(issued, latest):
    assert deadline(date.fromisoformat(issued), 45, end_of_month=True) == \
        date.fromisoformat(latest)


def test_month_end_and_the_end_of_time():
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert deadline(date(9999, 12, 1), 60) == date.max
    assert deadline(date(9999, 12, 1), 45, end_of_month=True) == date.max


@pytest.mark.parametrize(("issued", "earliest"), [
    ("2027-01-15", "2027-03-17"), ("2027-01-14", "2027-02-28"), ("2026-11-01", "2026-12-31")])
def test_a_proposed_due_date_holds_under_both_readings(issued, earliest):
    assert deadline(date.fromisoformat(issued), 45, end_of_month=True, latest=False) == \
        date.fromisoformat(earliest)
