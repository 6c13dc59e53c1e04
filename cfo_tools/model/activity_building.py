"""Build an :class:`~cfo_tools.model.activity.ActivityReport` from schema-valid data; its
month and freelancer come from the file's path (``activity/<yyyy-mm>/<freelancer>.yaml``)."""

from __future__ import annotations

from typing import Any

from cfo_tools.model.activity import ActivityEntry, ActivityReport, ReportedDay
from cfo_tools.model.building import _Dates
from cfo_tools.model.findings import json_pointer
from cfo_tools.model.money import exact_decimal
from cfo_tools.model.months import Month


def build_activity(report_id: str, file: str, month: Month, freelancer: str,
                   data: dict[str, Any]) -> ActivityReport:
    dates = _Dates()
    submitted_on = dates.optional(data.get("submitted_on"), "/submitted_on")
    approved_on = dates.optional(data.get("approved_on"), "/approved_on")
    dates.finish()
    entries = []
    for i, entry in enumerate(data["entries"]):
        pointer = f"/entries/{i}"
        days = tuple(
            ReportedDay(key, int(key), month.day(int(key)), exact_decimal(value),
                        json_pointer(("entries", i, "days", key)))
            for key, value in entry["days"].items()
        )
        entries.append(ActivityEntry(entry["mission"], days, entry.get("note"), pointer))
    return ActivityReport(
        id=report_id,
        file=file,
        month=month,
        freelancer=freelancer,
        entries=entries,
        status=data["status"],
        submitted_on=submitted_on,
        approved_by=data.get("approved_by"),
        approved_on=approved_on,
        comment=data.get("comment"),
        extra=dict(data.get("extra", {})),
    )
