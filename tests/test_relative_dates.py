from __future__ import annotations

from datetime import date

import pytest

from cfo_tools.planning.relative_dates import parse_date

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-07", date(2026, 12, 7)), ("today", TODAY), ("TODAY", TODAY),
    ("+6d", date(2026, 12, 2)), ("+2w", date(2026, 12, 10)), ("-1w", date(2026, 11, 19)),
    ("+0d", TODAY),
])
def test_dates(text: str, expected: date):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "tomorrow", "+6", "6d", "+1y", ""])
def test_bad_dates(text: str):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text, TODAY)
