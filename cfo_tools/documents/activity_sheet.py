"""What the activity report to sign shows (``cfo activity show``): the month as a calendar
grid with the days off named, the days per mission, their amount at the contracted rate and
the purchase order, and the two signatures. Plain dictionaries for the templates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cfo_tools.documents.typography import BABEL_LOCALES
from cfo_tools.model.activity import ActivityReport
from cfo_tools.model.close_names import no_such
from cfo_tools.model.money import assignment_rate, days_amount, total
from cfo_tools.model.months import Month
from cfo_tools.model.records import Assignment, Workspace
from cfo_tools.planning.activity_days import day_off, planned_days, report_of
from cfo_tools.planning.working_calendar import WorkingCalendar

if TYPE_CHECKING:
    from cfo_tools.documents.maker import DocumentMaker


def activity_sheet_context(workspace: Workspace, calendar: WorkingCalendar,
                           report: ActivityReport) -> dict[str, Any]:
    company = workspace.company
    assert company is not None
    freelancer = workspace.freelancers.get(report.freelancer)
    month = report.month
    worked: dict[date, Decimal] = {}
    for entry in report.entries:
        for day in entry.days:
            if day.date is not None:
                worked[day.date] = worked.get(day.date, Decimal(0)) + day.value
    lines = []
    for mission_id in report.missions:
        lines += _mission_lines(workspace, calendar, report, mission_id)
    approver = company.member(report.approved_by) if report.approved_by else None
    return {
        "month": month.first,
        "month_id": str(month),
        "freelancer": {
            "id": report.freelancer,
            "name": freelancer.name if freelancer else report.freelancer,
            "legal_form": getattr(freelancer, "legal_form", None),
            "siret": getattr(freelancer, "siret", None),
        },
        "weeks": _weeks(calendar, month.first, month.last, worked),
        "days_off": [{"date": d.day, "end": d.end, "kind": d.kind, "name": d.name}
                     for d in calendar.days_off(month.first, month.last)],
        "lines": lines,
        "total_days": sum((line["days"] for line in lines), Decimal(0)),
        "total_amount": total(line["amount"] for line in lines if line["amount"] is not None),
        "priced": all(line["amount"] is not None for line in lines),
        "status": report.status,
        "submitted_on": report.submitted_on,
        "approved_on": report.approved_on,
        "approver": approver.name if approver else report.approved_by,
        "comment": report.comment,
        "notes": [{"mission": e.mission, "note": e.note} for e in report.entries if e.note],
    }


def _mission_lines(workspace: Workspace, calendar: WorkingCalendar, report: ActivityReport,
                   mission_id: str) -> list[dict[str, Any]]:
    """One line per mission and daily rate (an assignment's own rate may differ)."""
    mission = workspace.missions.get(mission_id)
    freelancer = workspace.freelancers.get(report.freelancer)
    own = [a for a in mission.assignments_of(report.freelancer) if not a.tentative] \
        if mission is not None else []
    groups: dict[Decimal | None, dict[str, Any]] = {}
    for entry in report.entries_for(mission_id):
        for day in entry.days:
            if day.date is None:
                continue
            covering = _covering(own, day.date)
            rate = assignment_rate(covering, freelancer) if covering is not None else None
            group = groups.setdefault(rate, {"days": Decimal(0), "orders": {}})
            group["days"] += day.value
            order = getattr(covering, "order", None)
            if order is not None:
                group["orders"][order.number] = order.issued
    planned = planned_days(workspace, calendar, report.freelancer, mission_id, report.month)
    lines = []
    for rate, group in groups.items():
        lines.append({
            "mission": mission_id,
            "title": mission.title if mission is not None else mission_id,
            "client": mission.client if mission is not None else "",
            "days": group["days"],
            "planned": planned,
            "rate": rate,
            "amount": days_amount(group["days"], rate) if rate is not None else None,
            "orders": _orders(group["orders"]),
        })
    return lines


def _covering(assignments: list[Assignment], day: date) -> Assignment | None:
    return next((a for a in assignments if a.start <= day <= a.end), None)


def _orders(orders: Mapping[str, date]) -> list[dict[str, Any]]:
    return [{"number": number, "issued": issued} for number, issued in sorted(orders.items())]


def _weeks(calendar: WorkingCalendar, first: date, last: date,
           worked: Mapping[date, Decimal]) -> list[list[dict[str, Any] | None]]:
    """The month as weeks from Monday to Sunday; None outside the month."""
    weeks: list[list[dict[str, Any] | None]] = []
    # Counted in ordinals: the Sunday that ends December 9999 is past date.max.
    number = first.toordinal() - first.weekday()
    while number <= last.toordinal():
        week: list[dict[str, Any] | None] = []
        for _ in range(7):
            if first.toordinal() <= number <= last.toordinal():
                day = date.fromordinal(number)
                reason = day_off(calendar, day)
                week.append({"date": day, "day": day.day, "days": worked.get(day),
                             "off": reason.kind if reason else None,
                             "off_name": reason.name if reason else None})
            else:
                week.append(None)
            number += 1
        weeks.append(week)
    return weeks


def render_activity_report(maker: DocumentMaker, freelancer_id: str, month: Month,
                           fmt: str) -> str:
    """The report of ``freelancer_id`` for ``month`` as a document to sign, in ``fmt``."""
    from babel.dates import get_day_names

    from cfo_tools.documents.maker import UnknownName

    workspace = maker.workspace
    if freelancer_id not in workspace.freelancers:
        raise UnknownName(
            no_such("freelancer", freelancer_id, "roster/", workspace.freelancer_files))
    report = report_of(workspace, freelancer_id, month)
    if report is None:
        file = f"activity/{month}/{freelancer_id}.yaml"
        raise UnknownName(f"no activity report {file}; write it first with "
                          f"'cfo activity new {freelancer_id} --month {month}'")
    names = get_day_names("abbreviated", locale=BABEL_LOCALES[maker.lang])
    return maker.render(
        "activity", fmt, document_name=f"the activity report of {freelancer_id} for {month}",
        data_files=(report.file, workspace.freelancers[freelancer_id].file),
        report=activity_sheet_context(workspace, maker.calendar, report),
        weekdays=[str(names[d]) for d in range(7)])
