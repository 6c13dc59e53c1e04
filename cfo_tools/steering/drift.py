"""Is a mission burning its days faster than it delivers? Decided once: the ``mission-drift``
warning of ``cfo check`` and ``cfo status`` both read it.

The share of the planned days used (approved activity where a report says it, else the
elapsed working days x allocation) is compared with the share of the deliverables' weight
accepted. Shares are exact fractions; they are rounded only to be shown.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from cfo_tools.model import statuses
from cfo_tools.model.activity import APPROVED
from cfo_tools.model.months import add_months
from cfo_tools.model.records import Assignment, Company, Mission, Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar

#: Points by which the share of days used may exceed the share of deliverables accepted.
DEFAULT_DRIFT_POINTS = 25
#: A mission is measured once more than this share of its planned days is used.
MEASURED_FROM = Fraction(30, 100)

#: Approved activity days on one mission: (freelancer id, month ``YYYY-MM``) -> days.
ApprovedDays = Mapping[tuple[str, str], Fraction]


@dataclass(frozen=True)
class Drift:
    mission: Mission
    planned_days: Fraction
    used_days: Fraction
    #: Accepted weight over the whole weight (None: no deliverables to measure against).
    accepted_share: Fraction | None

    # Cached: the board, its text and the rule each read these several times per mission,
    # and each exact division costs a gcd.
    @cached_property
    def used_share(self) -> Fraction:
        return self.used_days / self.planned_days

    @property
    def used_percent(self) -> int:
        """``percent(used_share)``, from the days' numerators and denominators: the board
        writes it for every mission in flight, and the exact division costs a gcd."""
        used, planned = self.used_days, self.planned_days
        if planned.numerator <= 0:
            return percent(self.used_share)
        return percent_of(used.numerator * planned.denominator,
                          used.denominator * planned.numerator)

    @cached_property
    def points(self) -> Fraction | None:
        """Percentage points by which the days used run ahead of the deliverables accepted."""
        if self.accepted_share is None:
            return None
        return (self.used_share - self.accepted_share) * 100

    @property
    def measured(self) -> bool:
        """Past 30 % of its planned days, with deliverables to measure."""
        return self.accepted_share is not None and self.used_share > MEASURED_FROM

    def drifting(self, limit: int) -> bool:
        """Measured, and the days used run more than ``limit`` points ahead."""
        accepted, planned = self.accepted_share, self.planned_days
        if accepted is None or planned.numerator <= 0:
            points = self.points
            return self.measured and points is not None and points > limit
        # Decided on whole numbers, the shares' cross products: the two divisions and the
        # subtraction of fractions per mission in flight were half of the rule's time.
        # The share used is used / planned = share / whole, the whole positive.
        share = self.used_days.numerator * planned.denominator
        whole = self.used_days.denominator * planned.numerator
        if share * MEASURED_FROM.denominator <= MEASURED_FROM.numerator * whole:
            return False
        # 100 x (share / whole - accepted) > limit, times whole x accepted's denominator.
        return (100 * (share * accepted.denominator - accepted.numerator * whole)
                > limit * whole * accepted.denominator)


def drift_points(company: Company | None) -> int:
    """``requirements.drift_points`` (default 25)."""
    value = company.requirements.get("drift_points") if company else None
    return value if isinstance(value, int) else DEFAULT_DRIFT_POINTS


def approved_activity(workspace: Workspace) -> Mapping[str, ApprovedDays]:
    """Mission id -> the days of its approved activity reports, per freelancer and month
    (read once for every mission: the reports are many, the missions too)."""
    found: dict[str, dict[tuple[str, str], Fraction]] = {}
    for report in workspace.activity.values():
        if report.status != APPROVED:
            continue
        for mission_id in report.missions:
            days = found.setdefault(mission_id, {})
            days[report.freelancer, str(report.month)] = Fraction(report.days_for(mission_id))
    return found


def percent(share: Fraction) -> int:
    """A share as a whole percentage, half up."""
    return percent_of(share.numerator, share.denominator)


def percent_of(part: int, whole: int) -> int:
    """``percent(Fraction(part, whole))`` for a positive ``whole``, without the Fraction (and
    its gcd): half up, from whole numbers."""
    # floor(part / whole x 100 + 1/2) in whole numbers.
    return (200 * part + whole) // (2 * whole)


def mission_drift(mission: Mission, calendar: WorkingCalendar, *, today: date,
                  approved: ApprovedDays | None = None) -> Drift | None:
    """How far ``mission`` has used its days and delivered, as of ``today``; None when it is
    not in flight or plans no days. ``approved`` replaces the estimate of a freelancer's
    month by the days of their approved activity report."""
    if mission.status not in statuses.IN_FLIGHT:
        return None
    confirmed = [a for a in mission.assignments if not a.tentative]
    counted = _Counted(calendar)
    hundredths = sum(counted.days(a, a.start, a.end) for a in confirmed)
    if hundredths <= 0:
        return None
    planned = Fraction(hundredths, 100)
    used = _used_days(confirmed, counted, today, approved or {})
    weights = _total_weight(d.weight for d in mission.deliverables)
    accepted = _total_weight(d.weight for d in mission.deliverables
                             if d.status == statuses.ACCEPTED)
    return Drift(mission, planned, used, Fraction(accepted, weights) if weights > 0 else None)


def _total_weight(weights: Iterable[Decimal]) -> int | Fraction:
    """The exact sum of ``weights``: a whole number when they all are (the usual weights,
    summed without making a Fraction), else a fraction."""
    whole = 0
    parts: Fraction | None = None
    for weight in weights:
        numerator, denominator = weight.as_integer_ratio()
        if denominator == 1:
            whole += numerator
        else:
            parts = Fraction(numerator, denominator) + (parts or 0)
    return whole if parts is None else parts + whole


def _used_days(assignments: list[Assignment], counted: _Counted, today: date,
               approved: ApprovedDays) -> Fraction:
    hundredths = 0  # estimated days x 100: whole numbers, summed before one division
    for a in assignments:
        if a.start > today:
            continue
        last = min(a.end, today)
        if not approved:
            hundredths += counted.days(a, a.start, last)
            continue
        month = date(a.start.year, a.start.month, 1)
        while month <= last:
            first_day = month
            last_day = month.replace(day=months.monthrange(month.year, month.month)[1])
            if (a.freelancer, f"{month:%Y-%m}") not in approved:
                hundredths += counted.days(a, max(a.start, first_day), min(last, last_day))
            month = add_months(month, 1)
    used = Fraction(hundredths, 100)
    assigned = {a.freelancer for a in assignments}
    for (freelancer, _), days in approved.items():
        if freelancer in assigned:
            used += days
    return used


class _Counted:
    """Working days of a span, counted once per span: the assignments of a big mission
    mostly share a few periods."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self._calendar = calendar
        self._spans: dict[tuple[date, date], int] = {}

    def days(self, a: Assignment, start: date, end: date) -> int:
        """The span's working days x the assignment's allocation (days x 100, exact as a
        whole number: summing Fractions one by one was most of the rule's time)."""
        span = (start, end)
        if span not in self._spans:
            self._spans[span] = self._calendar.working_days(start, end)
        return self._spans[span] * a.allocation
