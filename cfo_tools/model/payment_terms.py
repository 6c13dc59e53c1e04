"""Payment deadlines: "N days from the invoice" and "N days end of month".

"45 jours fin de mois" is read two ways in French practice, both accepted by the DGCCRF: the
end of the month after adding 45 days, or 45 days after the end of the invoice's month. The
latest of the two is the deadline a due date is judged by, so that no invoice is called late,
or no term unlawful, under either reading; a due date cfo proposes takes the earliest, so that
it holds under both.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _plus_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def deadline(issued: date, days: int, *, end_of_month: bool = False,
             latest: bool = True) -> date:
    """The last day a payment on these terms may fall, for an invoice of ``issued``: under
    the later reading of "end of month" (to judge a due date), or the earlier one when not
    ``latest`` (to set a due date that holds under both)."""
    if not end_of_month:
        return _plus_days(issued, days)
    readings = (month_end(_plus_days(issued, days)), _plus_days(month_end(issued), days))
    return max(readings) if latest else min(readings)
