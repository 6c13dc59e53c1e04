"""``cfo spend``: what the company spends on freelancers over time, actual and forecast.

Actual: the invoices recorded, excl. VAT (disputed ones left out: a corrected invoice will
replace them), by the month they bill. Forecast: for every month an assignment of a mission
that books time plans work and no invoice of that freelancer bills that mission for that
month yet, the planned amount (working days of the month in the assignment x allocation x
rate, see :mod:`money`). Each freelancer's share is of actual plus forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cfo_tools.model import money
from cfo_tools.model.invoice_sums import period_bounds
from cfo_tools.model.invoices import DISPUTED, PAID
from cfo_tools.model.records import Workspace
from cfo_tools.planning.working_calendar import WorkingCalendar
from cfo_tools.steering.invoice_board import billed_month

#: What ``--by`` groups by.
GROUPINGS = ("month", "freelancer", "mission")

#: The mission of an invoice without lines, when spend is grouped by mission.
NO_LINES = "(no lines)"


@dataclass(frozen=True)
class SpendRow:
    key: str
    invoiced: Decimal
    paid: Decimal
    forecast: Decimal
    #: Share of the whole (actual + forecast), in percent to one decimal.
    share: Decimal

    @property
    def total(self) -> Decimal:
        return money.plus(self.invoiced, self.forecast)


@dataclass
class SpendReport:
    today: date
    by: str
    rows: list[SpendRow] = field(default_factory=list)
    invoiced: Decimal = money.ZERO
    paid: Decimal = money.ZERO
    forecast: Decimal = money.ZERO
    #: How amounts are written for people (Babel): the company's currency and locale.
    currency: str = "EUR"
    locale: str = "fr"
    #: Freelancer id -> name, for the freelancers of the report who have a roster file.
    names: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        """Invoiced and forecast, of every row: the sum of the totals printed."""
        return money.total(r.total for r in self.rows)


@dataclass(frozen=True)
class _Amount:
    month: str
    freelancer: str
    mission: str
    invoiced: Decimal = money.ZERO
    paid: Decimal = money.ZERO
    forecast: Decimal = money.ZERO


def spend_report(workspace: Workspace, calendar: WorkingCalendar, *, today: date,
                 by: str = "month") -> SpendReport:
    amounts = _actual(workspace) + _forecast(workspace, calendar)
    groups: dict[str, list[_Amount]] = {}
    for amount in amounts:
        groups.setdefault(getattr(amount, by), []).append(amount)
    whole = money.total(money.plus(a.invoiced, a.forecast) for a in amounts)
    report = SpendReport(today, by)
    if workspace.company is not None:
        report.currency, report.locale = workspace.company.currency, workspace.company.locale
    for key in sorted(groups):
        group = groups[key]
        invoiced = money.total(a.invoiced for a in group)
        forecast = money.total(a.forecast for a in group)
        report.rows.append(SpendRow(key, invoiced, money.total(a.paid for a in group),
                                    forecast, money.share_percent(money.plus(invoiced, forecast),
                                                                  whole)))
    report.names = {a.freelancer: workspace.freelancers[a.freelancer].name for a in amounts
                    if a.freelancer in workspace.freelancers}
    report.invoiced = money.total(r.invoiced for r in report.rows)
    report.paid = money.total(r.paid for r in report.rows)
    report.forecast = money.total(r.forecast for r in report.rows)
    return report


def _actual(workspace: Workspace) -> list[_Amount]:
    """Each invoice line's amount (or the invoice's, when it has no lines), excl. VAT."""
    found = []
    for invoice in workspace.invoices.values():
        if invoice.status == DISPUTED:
            continue
        month = billed_month(invoice)
        paid = invoice.status == PAID
        if not invoice.lines:
            found.append(_Amount(month, invoice.freelancer, NO_LINES, invoice.amount,
                                 invoice.amount if paid else money.ZERO))
            continue
        for line in invoice.lines:
            amount = money.days_amount(line.days, line.daily_rate)
            found.append(_Amount(month, invoice.freelancer, line.mission, amount,
                                 amount if paid else money.ZERO))
    return found


def _invoiced_months(workspace: Workspace) -> set[tuple[str, str, str]]:
    """(freelancer, mission, month) already billed by an invoice not disputed; an invoice
    without lines covers all the freelancer's missions that month."""
    covered: set[tuple[str, str, str]] = set()
    # Made once, when an invoice without lines asks: scanning every mission for each such
    # invoice cost missions x invoices.
    assigned: dict[str, list[str]] | None = None
    for invoice in workspace.invoices.values():
        if invoice.status == DISPUTED:
            continue
        month = billed_month(invoice)
        missions: Sequence[str] = invoice.missions
        if not missions:
            if assigned is None:
                assigned = _missions_by_freelancer(workspace)
            missions = assigned.get(invoice.freelancer, ())
        covered.update((invoice.freelancer, mission, month) for mission in missions)
    return covered


def _missions_by_freelancer(workspace: Workspace) -> dict[str, list[str]]:
    """Each freelancer's missions: those with one of their assignments."""
    found: dict[str, list[str]] = {}
    for mission in workspace.missions.values():
        for freelancer in dict.fromkeys(a.freelancer for a in mission.assignments):
            found.setdefault(freelancer, []).append(mission.id)
    return found


def _forecast(workspace: Workspace, calendar: WorkingCalendar) -> list[_Amount]:
    covered = _invoiced_months(workspace)
    found = []
    for mission in workspace.missions.values():
        if not mission.books_time:
            continue
        for assignment in mission.assignments:
            rate = money.assignment_rate(assignment,
                                         workspace.freelancers.get(assignment.freelancer))
            if rate is None:
                continue
            for month in _months(assignment.start, assignment.end):
                if (assignment.freelancer, mission.id, month) in covered:
                    continue
                bounds = period_bounds(month)
                assert bounds is not None
                days = calendar.working_days(max(bounds[0], assignment.start),
                                             min(bounds[1], assignment.end))
                if days:
                    found.append(_Amount(month, assignment.freelancer, mission.id,
                                         forecast=money.line_amount(days, assignment.allocation,
                                                                    rate)))
    return found


def _months(start: date, end: date) -> list[str]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
