"""Dates as people type them on the command line: 2026-12-07, today, +6d, +2w, -1w."""

from __future__ import annotations

import re
from datetime import date

from cfo_tools.planning.working_calendar import shift

_OFFSET = re.compile(r"^([+-])(\d{1,4})([dw])$")


def parse_date(text: str, today: date) -> date:
    """``YYYY-MM-DD``, ``today``, or an offset in days or weeks from ``today``."""
    value = text.strip().lower()
    if value == "today":
        return today
    match = _OFFSET.fullmatch(value)
    if match:
        sign, amount, unit = match.groups()
        days = int(amount) * (7 if unit == "w" else 1)
        return shift(today, days if sign == "+" else -days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date: write YYYY-MM-DD, 'today', or an offset such as +6d or +2w"
        ) from None
