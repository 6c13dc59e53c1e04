"""Monthly activity reports (comptes rendus d'activité, CRA): the days a freelancer worked in a
month, mission by mission, as they reported them and as the company approved them.

Built only from documents that passed ``schemas/activity.schema.json``; a day that does not
exist in the month (``31`` in November) is kept with no date, so that a rule can say so at its
line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cfo_tools.model.months import Month

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
DISPUTED = "disputed"
#: The life of a report: the freelancer fills a draft and submits it; the company approves it
#: (then the invoice may follow) or disputes it with a comment.
ACTIVITY_STATUSES = (DRAFT, SUBMITTED, APPROVED, DISPUTED)

FULL_DAY = Decimal(1)
HALF_DAY = Decimal("0.5")
#: What one date may hold in a report: a day or a half day.
DAY_VALUES = (FULL_DAY, HALF_DAY)


def days_text(days: Decimal) -> str:
    """A number of days as people write it: ``10``, ``2.5``, ``0.5``."""
    return format(days.normalize(), "f") if days.is_finite() else str(days)


@dataclass(frozen=True)
class ReportedDay:
    """One ``day: value`` line of an entry."""

    key: str  # as written: "3", "03"
    number: int
    #: The date, None when the month has no such day (31 in a 30-day month).
    date: date | None
    value: Decimal
    pointer: str  # /entries/0/days/3


@dataclass(frozen=True)
class ActivityEntry:
    mission: str
    days: tuple[ReportedDay, ...]
    note: str | None
    pointer: str  # /entries/0

    @property
    def total(self) -> Decimal:
        return sum((d.value for d in self.days), Decimal(0))


@dataclass
class ActivityReport:
    """``activity/<month>/<freelancer>.yaml``."""

    id: str  # "2026-11/alice-martin"
    file: str
    month: Month
    freelancer: str
    entries: list[ActivityEntry]
    status: str
    submitted_on: date | None
    approved_by: str | None
    approved_on: date | None
    comment: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    def entries_for(self, mission_id: str) -> list[ActivityEntry]:
        return [e for e in self.entries if e.mission == mission_id]

    def days_for(self, mission_id: str) -> Decimal:
        """Days reported on ``mission_id`` this month (every entry naming it)."""
        return sum((e.total for e in self.entries_for(mission_id)), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum((e.total for e in self.entries), Decimal(0))

    @property
    def missions(self) -> list[str]:
        """Missions reported on, in the file's order, once each."""
        return list(dict.fromkeys(e.mission for e in self.entries))
